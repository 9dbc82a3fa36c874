"""Fine-tuning: the encoder learns at `encoder_lr` times the head's rate, the caller's encoder is never changed, and
the protocol shares its loop, label draws and schedule with the supervised baseline."""
import pytest
import torch

from sslcourse import data
from sslcourse.baselines import supervised_baseline
from sslcourse.finetune import fine_tune, fine_tuned
from sslcourse.methods import Supervised
from sslcourse.models import ConvEncoder
from sslcourse.train import fit

from _tiny import NoiseAugment, tiny_images

FAST = dict(steps=4, batch_size=16)


def test_the_encoder_moves_at_encoder_lr_times_the_heads_rate():
    torch.manual_seed(0)
    model = Supervised(ConvEncoder(1, width=4), NoiseAugment(), num_classes=2, encoder_lr=0.1)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    fit(model, tiny_images(), torch.arange(64) % 2, steps=1, batch_size=16, weight_decay=0.0, warmup=0.0,
        cache=False, progress=False)
    step = {k: (v - before[k]).abs().max().item() for k, v in model.state_dict().items() if v.is_floating_point()}
    encoder = max(v for k, v in step.items() if k.startswith("encoder.") and "running" not in k)
    head = max(v for k, v in step.items() if k.startswith("classifier."))
    assert 0.05 < encoder / head < 0.15, (encoder, head)   # Adam's first step moves each weight by about lr


def test_fine_tune_copies_the_encoder_and_starts_from_it():
    digits = data.load("digits")
    torch.manual_seed(1)
    pretrained = ConvEncoder(1, width=8)
    before = [p.clone() for p in pretrained.parameters()]
    tuned = fine_tune(pretrained, digits, budgets=(1, 5), draws=2, cache=False, **FAST)
    assert all(torch.equal(a, b) for a, b in zip(before, pretrained.parameters()))   # the caller's encoder
    assert set(tuned.accs) == {1, 5} and len(tuned.accs[5]) == 2 and tuned.name == "fine-tuned"
    scratch = supervised_baseline(digits, budgets=(1, 5), draws=2, cache=False, width=8, **FAST)
    assert tuned.accs != scratch.accs                        # another start, the same draws and schedule
    again = fine_tune(pretrained, digits, budgets=(1, 5), draws=2, cache=False, **FAST)
    assert again.accs == tuned.accs                          # seeded: the same numbers every run


def test_bad_input_names_the_argument():
    digits = data.load("digits")
    with pytest.raises(TypeError, match="encoder"):
        fine_tune("conv", digits)
    with pytest.raises(ValueError, match="encoder_lr"):
        fine_tune(ConvEncoder(1, 4), digits, encoder_lr=float("inf"))
    with pytest.raises(ValueError, match="budgets"):
        fine_tune(ConvEncoder(1, 4), digits, budgets=(0,))
    with pytest.raises(ValueError, match="encoder_lr"):
        Supervised(ConvEncoder(1, 4), num_classes=2, encoder_lr=0)


def test_fine_tuned_returns_the_network_fine_tune_scored():
    digits = data.load("digits")
    torch.manual_seed(1)
    pretrained = ConvEncoder(1, width=8)
    curve = fine_tune(pretrained, digits, budgets=(5,), draws=2, cache=False, **FAST)
    from sslcourse.evaluate import accuracy
    model = fine_tuned(pretrained, digits, 5, draw=1, cache=False, **FAST)
    assert isinstance(model, Supervised)
    assert accuracy(model, digits.test.images, digits.test.labels) == curve.accs[5][1]
    with pytest.raises(ValueError, match="draw"):
        fine_tuned(pretrained, digits, 5, draw=-1)
