"""Bad input gets one clear error naming the argument, where it enters: budgets, non-finite numbers, float images
outside [0, 1], images a method's networks were not built for, labels where none belong, sizes of 0.
(benchmarks/probe_bad_input.py probes the whole public API the same way and counts the outcomes.)"""
import math

import pytest
import torch

from sslcourse import losses, transforms
from sslcourse.augment import Augment
from sslcourse.data import load
from sslcourse.evaluate import features, knn
from sslcourse.methods import Supervised
from sslcourse.models import ConvEncoder
from sslcourse.pretext import corrupt
from sslcourse.train import fit
from sslcourse.zoo import METHODS, build

from _tiny import tiny_images, tiny_simclr

NAN, INF = float("nan"), float("inf")
G = torch.Generator().manual_seed(0)


def grey(n=4, size=8):
    return torch.randint(0, 256, (n, 1, size, size), dtype=torch.uint8)


@pytest.mark.parametrize("kwargs, error, name", [
    ({"steps": INF}, TypeError, "steps"), ({"steps": 2.5}, TypeError, "steps"),
    ({"steps": 0.001}, TypeError, "steps"), ({"epochs": 0.01}, TypeError, "epochs"),
    ({"seconds": INF}, ValueError, "seconds"), ({"seconds": NAN}, ValueError, "seconds"),
    ({"steps": 1, "warmup": NAN}, ValueError, "warmup"), ({"steps": 1, "warmup": 2}, ValueError, "warmup"),
    ({"steps": 1, "lr": INF}, ValueError, "lr"), ({"steps": 1, "lr": NAN}, ValueError, "lr"),
    ({"steps": 1, "weight_decay": -1}, ValueError, "weight_decay"),
    ({"steps": 1, "record_every": 0}, ValueError, "record_every"),
    ({"steps": 1, "batch_size": 0}, ValueError, "batch_size"),
])
def test_fit_budgets_and_optimizer_settings(kwargs, error, name):
    with pytest.raises(error, match=name):
        fit(tiny_simclr(), tiny_images(), cache=False, progress=False, **kwargs)


def test_labels_must_suit_the_method():
    x = tiny_images()
    with pytest.raises(ValueError, match="labels: simclr learns without labels"):
        fit(tiny_simclr(), x, torch.zeros(64, dtype=torch.long), steps=1, cache=False, progress=False)
    supervised = Supervised(ConvEncoder(1, width=4), num_classes=3)
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 2\]"):
        fit(supervised, x, torch.arange(64) % 4, steps=1, cache=False, progress=False)
    with pytest.raises(ValueError, match="labels are required"):
        fit(supervised, x, steps=1, cache=False, progress=False)
    with pytest.raises(ValueError, match="labels must lie"):
        supervised(x[:4], torch.tensor([0, 1, 2, -1]))


@pytest.mark.parametrize("name", sorted(METHODS))
def test_images_a_method_was_not_built_for_are_named(name):
    extra = {"num_classes": 2} if name == "supervised" else {}
    channels = 3 if name == "colorization" else 1
    method = build(name, channels=channels, image_size=16, width=4, augment=None, **extra)
    labels = (torch.zeros(4, dtype=torch.long),) if name == "supervised" else ()
    wrong_channels = torch.randint(0, 256, (4, 2, 16, 16), dtype=torch.uint8)
    with pytest.raises(ValueError, match=r"x must be images \(B, C, H, W\) with .* channel"):
        method(wrong_channels, *labels)
    if method.needs_image_size:
        with pytest.raises(ValueError, match="x must be 16x16 images"):
            method(torch.randint(0, 256, (4, channels, 20, 20), dtype=torch.uint8), *labels)


def test_features_and_knn_check_what_they_are_given():
    encoder = ConvEncoder(3, width=4)
    with pytest.raises(ValueError, match=r"images must be images .* 3 channel"):
        features(encoder, grey())
    with pytest.raises(ValueError, match="batch_size"):
        features(encoder, grey().expand(-1, 3, -1, -1), batch_size=0)
    f, y = torch.randn(10, 4), torch.arange(10) % 2
    with pytest.raises(ValueError, match="chunk"):
        knn(f, y, f, y, chunk=0)
    with pytest.raises(TypeError, match="x must be float images"):
        ConvEncoder(1, width=4)(grey())


def test_float_images_must_lie_in_0_1():
    forgot_to_divide = grey().float()
    with pytest.raises(ValueError, match=r"x must hold values in \[0, 1\].*/ 255"):
        transforms.color_jitter(forgot_to_divide, G, brightness=0.4)
    with pytest.raises(ValueError, match=r"x must hold values in \[0, 1\]"):
        transforms.gaussian_noise(torch.full((2, 1, 4, 4), NAN), G, 0.1)
    with pytest.raises(TypeError, match="x must be a floating-point tensor"):
        corrupt(grey(), G)
    with pytest.raises(ValueError, match=r"x must hold values in \[0, 1\]"):
        corrupt(forgot_to_divide, G)


@pytest.mark.parametrize("call, name", [
    (lambda: transforms.random_resized_affine(torch.rand(2, 1, 8, 8), G, translate=INF), "translate"),
    (lambda: transforms.gaussian_blur(torch.rand(2, 1, 8, 8), G, (0.1, INF)), "sigma"),
    (lambda: Augment(translate=INF), "translate"),
    (lambda: Augment(noise=INF), "noise"),
    (lambda: losses.nt_xent(torch.randn(4, 3), torch.randn(4, 3), temperature=INF), "temperature"),
    (lambda: losses.info_nce(torch.randn(4, 3), torch.randn(4, 3), torch.randn(5, 3), temperature=NAN),
     "temperature"),
    (lambda: losses.vicreg_terms(torch.randn(4, 3), torch.randn(4, 3), gamma=-1), "gamma"),
    (lambda: losses.vicreg_terms(torch.randn(4, 3), torch.randn(4, 3), eps=-1), "eps"),
    (lambda: losses.vicreg(torch.randn(4, 3), torch.randn(4, 3), sim_weight=INF), "sim_weight"),
    (lambda: losses.negative_cosine(torch.randn(4, 3), torch.randn(4, 3), stop_gradient="no"), "stop_gradient"),
    (lambda: load("photos", n_train=12, n_test=6, photos=["china", "china"]), "photos must name each photo once"),
])
def test_non_finite_or_ill_typed_settings_are_refused(call, name):
    with pytest.raises((ValueError, TypeError), match=name):
        call()


def test_finite_checks_keep_legal_values():
    assert math.isfinite(float(losses.nt_xent(torch.randn(4, 3), torch.randn(4, 3), temperature=1e-3)))
    assert Augment(translate=0.0, noise=0.0)(grey(), G).shape == (4, 1, 8, 8)
