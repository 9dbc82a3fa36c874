"""Semi-supervised methods: FixMatch's loss against a direct computation, no gradient through pseudo-labels, the
mask at τ = 1, the EMA teacher exactly, the labelled set kept apart from the unlabelled batches, and clear errors."""
import pytest
import torch
import torch.nn.functional as F

from sslcourse.methods import FixMatch, MeanTeacher, PiModel
from sslcourse.methods.consistency import rampup
from sslcourse.methods.fixmatch import fixmatch_loss
from sslcourse.models import ConvEncoder
from sslcourse.train import fit

from _tiny import NoiseAugment, tiny_images

LABELLED = dict(labelled_images=tiny_images(6, seed=1), labelled_labels=torch.tensor([0, 1, 2, 0, 1, 2]),
                num_classes=3)


def build(cls=FixMatch, **kw):
    torch.manual_seed(0)
    extra = {"strong": NoiseAugment()} if cls is FixMatch else {}
    return cls(ConvEncoder(1, width=4), NoiseAugment(), **{**LABELLED, **extra, **kw})


def test_fixmatch_loss_equals_a_direct_computation():
    weak = torch.tensor([[4.0, 0.0, 0.0], [0.1, 0.0, 0.0], [0.0, 0.0, 9.0], [0.0, 5.0, 0.0]])
    strong = torch.tensor([[1.0, 2.0, 0.0], [0.0, 1.0, 0.0], [3.0, 0.0, 1.0], [0.0, 1.0, 1.0]])
    loss, mask, pseudo = fixmatch_loss(weak, strong, threshold=0.9)
    probs = torch.softmax(weak, 1)
    expected = 0.0
    for i in range(4):
        if probs[i].max() > 0.9:
            c = int(probs[i].argmax())
            expected += -torch.log_softmax(strong[i], 0)[c]
    assert torch.allclose(loss, expected / 4)                   # masked images count 0 in the mean over all 4
    assert mask.tolist() == [True, False, True, True] and pseudo.tolist() == [0, 0, 2, 1]


def test_no_gradient_flows_through_the_pseudo_labels():
    weak = torch.randn(8, 3, requires_grad=True)
    strong = torch.randn(8, 3, requires_grad=True)
    loss, _, _ = fixmatch_loss(weak * 5, strong, threshold=0.0)
    loss.backward()
    assert weak.grad is None or not weak.grad.any()
    assert strong.grad.abs().sum() > 0


def test_the_mask_is_empty_at_threshold_one_and_full_at_zero():
    huge = torch.tensor([[100.0, 0.0, 0.0]] * 4)                 # softmax rounds to exactly 1.0 in float32
    assert not fixmatch_loss(huge, torch.randn(4, 3), 1.0)[1].any()
    assert fixmatch_loss(torch.randn(4, 3), torch.randn(4, 3), 0.0)[1].all()
    method = build(threshold=1.0)
    fit(method, tiny_images(32), steps=2, batch_size=16, cache=False, progress=False)
    assert method._stats["mask_rate"] == 0.0 and method._stats["unlabelled_loss"] == 0.0


def test_the_ema_teacher_is_exact_and_keeps_its_own_statistics():
    method = build(ema=0.9)
    teacher0 = [p.clone() for p in method.teacher.parameters()]
    fit(method, tiny_images(32), steps=1, batch_size=16, warmup=0.0, cache=False, progress=False)
    student = list(method.encoder.parameters()) + list(method.classifier.parameters())
    for t0, t, s in zip(teacher0, method.teacher.parameters(), student):
        assert torch.allclose(t, 0.9 * t0 + 0.1 * s, atol=1e-6)
        assert not t.requires_grad
    bn_teacher = method.teacher[0].net[0][1].running_mean
    bn_student = method.encoder.net[0][1].running_mean
    assert not torch.allclose(bn_teacher, 0.9 * 0 + 0.1 * bn_student)   # statistics: its own forward, not averaged


def test_labels_never_reach_the_method_through_fit_and_the_labelled_batch_comes_from_the_constructor():
    method = build(mu=2)
    with pytest.raises(ValueError, match="labels"):
        fit(method, tiny_images(32), torch.zeros(32, dtype=torch.int64), steps=1, batch_size=16, cache=False,
            progress=False)
    xl, yl = method.labelled_batch(16)
    assert len(xl) == 8 and set(yl.tolist()) <= {0, 1, 2}
    own = {bytes(img.numpy()) for img in LABELLED["labelled_images"]}
    assert all(bytes(img.numpy()) in own for img in xl)        # every labelled image is one of the six given


def test_fixmatch_trains_and_logs_its_diagnostics():
    monitor = dict(monitor_images=tiny_images(12, seed=3), monitor_labels=torch.arange(12) % 3)
    method = build(threshold=0.0, **monitor)
    hist = fit(method, tiny_images(32), steps=4, batch_size=16, record_every=2, cache=False, progress=False)
    rec = hist.records[-1]
    assert rec["mask_rate"] == 1.0 and 0 <= rec["coverage"] <= 1 and len(rec["counts"]) == 3
    assert sum(rec["counts"]) == round(rec["coverage"] * 12)
    swapped = build(swap_views=True)
    fit(swapped, tiny_images(32), steps=2, batch_size=16, cache=False, progress=False)
    assert swapped.hparams["swap_views"] is True


@pytest.mark.parametrize("cls", [MeanTeacher, PiModel])
def test_consistency_methods_train_and_ramp_up(cls):
    method = build(cls, rampup=4)
    fit(method, tiny_images(32), steps=3, batch_size=16, cache=False, progress=False)
    assert int(method.step) == 3 and method._stats["weight"] == pytest.approx(10 * rampup(2, 4))
    assert rampup(0, 4) == pytest.approx(torch.exp(torch.tensor(-5.0)).item()) and rampup(9, 4) == 1.0


def test_the_consistency_loss_is_the_squared_distance_of_the_probabilities():
    method = build(MeanTeacher, rampup=1)
    method.train()
    x = tiny_images(8)
    loss = method(x)
    assert torch.isfinite(loss) and method._stats["consistency_loss"] >= 0
    p, q = torch.softmax(torch.randn(4, 3), 1), torch.softmax(torch.randn(4, 3), 1)
    assert F.mse_loss(p, q, reduction="none").sum(1).mean() == pytest.approx(((p - q) ** 2).sum() / 4)


def test_bad_input_gets_one_clear_error():
    with pytest.raises(ValueError, match="threshold"):
        build(threshold=1.5)
    with pytest.raises(ValueError, match="mu"):
        build(mu=0)
    with pytest.raises(ValueError, match=r"missing class\(es\) \[2\]"):
        build(labelled_labels=torch.tensor([0, 1, 0, 1, 0, 1]))
    with pytest.raises(ValueError, match="labelled_labels has 2"):
        build(labelled_labels=torch.tensor([0, 1]))
    with pytest.raises(TypeError, match="labelled_images"):
        build(labelled_images=torch.zeros(6, 1, 8, 8))
    with pytest.raises(ValueError, match="monitor_images and monitor_labels"):
        build(monitor_images=tiny_images(4))
    with pytest.raises(ValueError, match="ema"):
        build(ema=2.0)
    with pytest.raises(ValueError, match="consistency"):
        build(MeanTeacher, consistency=-1.0)
