"""Speech and sensor SSL (notebook 11): loaders, span masking, distractors, augmentations, the encoder and methods."""
import pytest
import torch

from sslcourse import signals as sig
from sslcourse.data import signals as data
from sslcourse.train import fit


def test_loaders_return_the_documented_shapes_offline():
    digits = data.spoken_digits(frames=16)
    assert digits.x.shape == (3000, 16, 13) and digits.x.dtype == torch.float32
    assert digits.labels.bincount().tolist() == [300] * 10 and not digits.split.any()
    assert int(digits.lengths.min()) >= 6 and int(digits.lengths.max()) <= 92
    vowels = data.ucr("JapaneseVowels")
    assert vowels.x.shape == (640, 29, 12) and len(vowels.classes) == 9 and int(vowels.split.sum()) == 370
    motions = data.ucr("BasicMotions")
    assert motions.x.shape == (80, 100, 6) and motions.classes[0] == "Standing"
    assert motions.labels.bincount().tolist() == [20] * 4
    assert torch.isfinite(digits.x).all() and torch.isfinite(vowels.x).all()
    with pytest.raises(ValueError, match="name"):
        data.ucr("GunPointX")
    with pytest.raises(ValueError, match="frames"):
        data.spoken_digits(frames=1)


def test_resampling_keeps_the_ends_and_interpolates_between():
    a = torch.tensor([[0.0], [2.0], [4.0]]).numpy()                       # (3, 1)
    out = data.resample([a], 5)
    assert out.shape == (1, 5, 1) and out[0, :, 0].tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]


def test_span_mask_rate_and_at_least_one_frame():
    g = torch.Generator().manual_seed(0)
    mask = sig.span_mask(2000, 32, 0.15, 3, g)
    expected = 1 - 0.85 ** 3                                              # ~0.386, ignoring the edges
    assert abs(mask[:, 2:-2].float().mean() - expected) < 0.02
    assert sig.span_mask(500, 8, 0.5, 3, g)[:, :].sum(1).min() >= 3               # whole spans only
    assert sig.span_mask(50, 10, 0.0, 2, g).sum(1).min() >= 1             # one frame even at p = 0


def test_distractors_never_include_the_positive_and_stay_in_their_sequence():
    g = torch.Generator().manual_seed(1)
    mask = sig.span_mask(64, 20, 0.2, 3, g)
    mask[:, :2] = True                                                    # at least 2 masked frames per row
    pos, neg = sig.distractors(mask, 10, g)
    assert pos.shape == (int(mask.sum()),) and neg.shape == (len(pos), 10)
    assert not (neg == pos.unsqueeze(1)).any()                            # never the positive itself
    assert (neg // 20 == (pos // 20).unsqueeze(1)).all()                  # same sequence
    assert mask.flatten()[neg].all()                                      # only masked frames
    two = torch.zeros(1, 5, dtype=torch.bool)
    two[0, [1, 3]] = True
    p2, n2 = sig.distractors(two, 4, g)
    assert n2[0].tolist() == [3] * 4 and n2[1].tolist() == [1] * 4        # the only other masked frame
    with pytest.raises(ValueError, match="mask"):
        sig.distractors(torch.eye(3, dtype=torch.bool), 2, g)            # one masked frame per row


def test_augmentations_keep_shape_and_are_seeded():
    x = torch.randn(8, 30, 4)
    for f, strength in ((sig.jitter, 0.1), (sig.scaling, 0.1), (sig.time_warp, 0.3), (sig.crop, 0.6)):
        a = f(x, strength, torch.Generator().manual_seed(2))
        assert a.shape == x.shape and torch.equal(a, f(x, strength, torch.Generator().manual_seed(2)))
        assert not torch.equal(a, x)
    assert torch.allclose(sig.crop(x, 1.0, torch.Generator()), x, atol=1e-5)            # the whole window
    assert torch.allclose(sig.time_warp(x, 0.0, torch.Generator()), x, atol=1e-5)       # a steady clock
    assert sig.SignalAugment()(x, torch.Generator().manual_seed(0)).shape == x.shape
    with pytest.raises(ValueError, match="x"):
        sig.jitter(torch.randn(8, 30), 0.1, torch.Generator())
    with pytest.raises(ValueError, match="crop"):
        sig.SignalAugment(crop=1.5)


def test_methods_train_through_fit_and_features_have_the_encoder_width():
    torch.manual_seed(0)
    x = torch.randn(64, 16, 5)
    labels = torch.arange(64) % 2
    x[labels == 1, :, 0] += 2.0                                           # class 1: channel 0 raised
    for make in (lambda e: sig.MaskedFrames(e), lambda e: sig.MaskedContrastive(e, k=4),
                 lambda e: sig.SignalContrastive(e)):
        method = make(sig.SequenceEncoder(5, dim=16, heads=2, max_len=16))
        hist = fit(method, x, steps=4, batch_size=16, record_every=2, progress=False, cache=False)
        assert hist.steps == 4 and all(torch.isfinite(torch.tensor(hist.losses)))
        assert sig.features(method.encoder, x).shape == (64, 32)               # mean and std of 16
    clf = sig.SequenceClassifier(sig.SequenceEncoder(5, dim=16, heads=2, max_len=16), 2)
    fit(clf, x, labels, steps=60, batch_size=32, lr=3e-3, progress=False, cache=False)
    assert clf.accuracy(x, labels) > 0.9
    assert sig.statistics(x).shape == (64, 10)
    with pytest.raises(ValueError, match="x"):
        fit(clf, torch.randn(64, 16, 3), labels, steps=1, progress=False, cache=False)   # 3 channels, not 5
    with pytest.raises(ValueError, match="labels"):
        fit(clf, x, steps=1, progress=False, cache=False)
    with pytest.raises(TypeError, match="encoder"):
        sig.MaskedFrames(torch.nn.Linear(2, 2))


def test_the_contrastive_target_is_the_masked_frames_own_latent():
    # A perfect predictor (its projection copies the latent, the context is the latent) scores 100 %.
    torch.manual_seed(0)
    enc = sig.SequenceEncoder(4, dim=8, heads=2, max_len=12)
    method = sig.MaskedContrastive(enc, k=5, p=0.3)
    enc.context = lambda z, mask=None: z                                   # identity "context network"
    with torch.no_grad():
        method.predict.weight.copy_(torch.eye(8))
        method.predict.bias.zero_()
    method.loss(torch.randn(32, 12, 4))
    assert method.record()["accuracy"] > 0.95
