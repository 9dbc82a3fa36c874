import math

import pytest
import torch

from sslcourse.methods import Supervised
from sslcourse.models import ConvEncoder
from sslcourse.runcache import fingerprint
from sslcourse.train import History, fit, lr_factor

from _tiny import NoiseAugment, tiny_images, tiny_simclr


make_simclr = tiny_simclr


def test_lr_schedule_warms_up_then_decays_to_zero():
    assert lr_factor(0.0, 0.1) < 0.05
    assert lr_factor(0.1, 0.1) == pytest.approx(1.0)
    assert lr_factor(0.55, 0.1) == pytest.approx(0.5, abs=1e-6)
    assert lr_factor(1.0, 0.1) == pytest.approx(0.0, abs=1e-9)


def test_fit_by_steps_is_reproducible_under_a_seed(tmp_path, monkeypatch):
    monkeypatch.setenv("SSLCOURSE_CACHE", str(tmp_path))
    x = tiny_images()
    h1 = fit(make_simclr(), x, steps=6, batch_size=16, seed=3, cache=False, progress=False)
    h2 = fit(make_simclr(), x, steps=6, batch_size=16, seed=3, cache=False, progress=False)
    h3 = fit(make_simclr(), x, steps=6, batch_size=16, seed=4, cache=False, progress=False)
    assert h1.steps == 6 and h1.images_seen == 96
    assert h1.losses == h2.losses
    assert h1.losses != h3.losses


def test_fit_by_epochs_counts_steps():
    h = fit(make_simclr(), tiny_images(64), epochs=2, batch_size=16, cache=False, progress=False)
    assert h.steps == 8


def test_fit_by_seconds_stops_at_the_first_step_past_the_budget():
    # The stopping rule, exactly, with no bound that a loaded machine could break: a step starts only while
    # the budget lasts, so every step but the last ended within it, and training ends past it.
    h = fit(make_simclr(), tiny_images(64), seconds=0.5, batch_size=16, cache=False, progress=False)
    assert h.steps >= 1 and h.seconds >= 0.5
    assert all(t < 0.5 for t in h.times[:-1])


def test_training_lowers_the_loss():
    h = fit(make_simclr(), tiny_images(64), steps=60, batch_size=32, lr=5e-3, cache=False,
            progress=False)
    first, last = sum(h.losses[:5]) / 5, sum(h.losses[-5:]) / 5
    assert last < first, (first, last)


def test_supervised_method_uses_labels():
    x = tiny_images(40)
    y = torch.arange(40) % 2
    torch.manual_seed(0)
    m = Supervised(ConvEncoder(1, width=4), NoiseAugment(), num_classes=2)
    h = fit(m, x, y, steps=3, batch_size=8, cache=False, progress=False)
    assert h.steps == 3 and all(math.isfinite(v) for v in h.losses)
    with pytest.raises(ValueError, match="labels"):
        m(x[:4])


def test_fingerprint_depends_on_content():
    x = tiny_images()
    y = x.clone()
    y[0, 0, 0, 0] ^= 1
    assert fingerprint(x) == fingerprint(x.clone()) != fingerprint(y)


@pytest.mark.parametrize("kwargs, match", [
    ({}, "exactly one"),
    ({"steps": 2, "epochs": 1}, "exactly one"),
    ({"steps": 0}, "steps"),
    ({"steps": 2, "batch_size": 0}, "batch_size"),
    ({"steps": 2, "lr": -1.0}, "lr"),
])
def test_fit_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        fit(make_simclr(), tiny_images(), cache=False, progress=False, **kwargs)


def test_fit_rejects_float_images_and_mismatched_labels():
    with pytest.raises(TypeError, match="images"):
        fit(make_simclr(), torch.rand(8, 1, 8, 8), steps=1, cache=False)
    with pytest.raises(ValueError, match="labels"):
        fit(make_simclr(), tiny_images(8), torch.zeros(7, dtype=torch.int64), steps=1, cache=False)


def test_history_throughput():
    h = History(images_seen=100, seconds=2.0)
    assert h.images_per_second == 50


def test_no_progress_bar_when_the_output_is_not_a_terminal(capfd):
    # Under pytest (and in a log or a CI job) stderr is not a terminal: a bar would write a line per redraw.
    fit(make_simclr(), tiny_images(64), steps=5, batch_size=16, cache=False, progress=True)
    assert capfd.readouterr().err == ""


def test_budgets_must_be_whole_positive_and_finite():
    for kw, error in [({"steps": 2.5}, TypeError), ({"epochs": 0}, ValueError), ({"steps": float("inf")}, TypeError),
                      ({"seconds": float("inf")}, ValueError), ({"seconds": -1.0}, ValueError)]:
        with pytest.raises(error, match=next(iter(kw))):
            fit(make_simclr(), tiny_images(64), cache=False, progress=False, **kw)
    with pytest.raises(TypeError, match="record_every"):
        fit(make_simclr(), tiny_images(64), steps=1, record_every=0.5, cache=False, progress=False)
