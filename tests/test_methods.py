"""MoCo, BYOL, SimSiam, Barlow Twins, VICReg: momentum updates, the queue, stop-gradient, the interface."""
import pytest
import torch
from torch import nn

from sslcourse.methods import BYOL, BarlowTwins, MoCo, SimCLR, VICReg, ema_update, frozen_copy
from sslcourse.zoo import METHODS, build
from sslcourse.models import ConvEncoder
from sslcourse.train import fit

from _tiny import NoiseAugment
from _tiny import tiny_images as images

SMALL = {"moco": dict(queue_size=32, hidden_dim=16, proj_dim=8),
         "byol": dict(hidden_dim=16, proj_dim=8),
         "simsiam": dict(hidden_dim=16, proj_dim=8, pred_hidden_dim=4),
         "barlow": dict(hidden_dim=16, proj_dim=16),
         "vicreg": dict(hidden_dim=16, proj_dim=16)}


def make(name, seed=0, **kw):
    torch.manual_seed(seed)
    return METHODS[name](ConvEncoder(1, width=4), NoiseAugment(), seed=seed, **{**SMALL[name], **kw})


def params(module):
    return [p.detach().clone() for p in module.parameters()]


# -- momentum / EMA --------------------------------------------------------------------------------
def test_ema_update_momentum_zero_copies_one_freezes_half_averages():
    torch.manual_seed(0)
    online, target = nn.Linear(3, 2), nn.Linear(3, 2)
    before = params(target)
    ema_update(target, online, 1.0)
    assert all(torch.equal(a, b) for a, b in zip(params(target), before))
    ema_update(target, online, 0.5)
    assert all(torch.allclose(t, (b + o) / 2) for t, b, o in zip(params(target), before, params(online)))
    ema_update(target, online, 0.0)
    assert all(torch.equal(t, o) for t, o in zip(params(target), params(online)))


def test_ema_update_bad_momentum():
    with pytest.raises(ValueError, match="momentum"):
        ema_update(nn.Linear(2, 2), nn.Linear(2, 2), 1.5)


def test_frozen_copy_is_independent_and_gets_no_gradient():
    online = nn.Linear(3, 2)
    target = frozen_copy(online)
    assert all(not p.requires_grad for p in target.parameters())
    with torch.no_grad():
        online.weight.add_(1.0)
    assert not torch.equal(online.weight, target.weight)


@pytest.mark.parametrize("name, target_attr", [("moco", "key_encoder"), ("byol", "target")])
def test_momentum_zero_tracks_and_one_freezes_during_training(name, target_attr):
    x = images()
    frozen = make(name, momentum=1.0)
    start = params(getattr(frozen, target_attr))
    fit(frozen, x, steps=3, batch_size=16, cache=False, progress=False)
    assert all(torch.equal(a, b) for a, b in zip(params(getattr(frozen, target_attr)), start))

    copying = make(name, momentum=0.0)
    fit(copying, x, steps=3, batch_size=16, cache=False, progress=False)
    online = nn.Sequential(copying.encoder, copying.projector)
    assert all(torch.equal(a, b) for a, b in zip(params(getattr(copying, target_attr)), params(online)))
    assert not any(torch.equal(a, b) for a, b in zip(params(online), start))


# -- MoCo's queue ------------------------------------------------------------------------------------
def test_queue_is_first_in_first_out_and_wraps_around():
    m = make("moco", queue_size=6, proj_dim=2)
    a = torch.arange(8.0).view(4, 2)                           # 4 keys
    b = 100 + torch.arange(8.0).view(4, 2)                     # 4 newer keys
    m.enqueue(a)
    assert torch.equal(m.queue[:4], a) and int(m.queue_ptr) == 4
    m.enqueue(b)                                                # overwrites the 2 oldest keys, a[0], a[1]
    assert torch.equal(m.queue, torch.stack([b[2], b[3], a[2], a[3], b[0], b[1]]))
    assert int(m.queue_ptr) == 2


def test_queue_never_holds_the_current_batch_keys():
    m = make("moco", queue_size=32)
    x = images(16)
    for step in range(3):
        before = m.queue.clone()
        loss = m(x)
        keys = m._pending                                       # (B, P) keys of this batch
        assert torch.equal(m.queue, before)                     # the loss saw only older keys
        assert not any(torch.allclose(k, row) for k in keys for row in m.queue)
        loss.backward()
        m.on_step_end()
        idx = (torch.arange(16) + 16 * step) % 32
        assert torch.equal(m.queue[idx], keys)                  # ... and they enter afterwards
    assert all(p.grad is None for p in m.key_encoder.parameters())


def test_moco_batch_larger_than_queue_is_an_error():
    with pytest.raises(ValueError, match="queue_size"):
        make("moco", queue_size=8)(images(16))
    with pytest.raises(ValueError, match="queue_size"):
        make("moco", queue_size=0)


# -- SimSiam's stop-gradient ---------------------------------------------------------------------------
def test_simsiam_stop_gradient_changes_the_gradient_not_the_loss():
    x = images(16)
    grads, losses = [], []
    for sg in (True, False):
        m = make("simsiam", stop_gradient=sg)
        loss = m(x)
        loss.backward()
        losses.append(loss.item())
        grads.append(torch.cat([p.grad.flatten() for p in m.encoder.parameters()]))
    assert losses[0] == pytest.approx(losses[1], rel=1e-6)
    assert not torch.allclose(grads[0], grads[1])
    assert isinstance(make("simsiam", predictor=False).predictor, nn.Identity)


# -- Barlow Twins and VICReg gather the embeddings first -------------------------------------------------
@pytest.mark.parametrize("name, module", [("barlow", "barlow"), ("vicreg", "vicreg")])
def test_batch_statistics_losses_gather_the_embeddings(name, module, monkeypatch):
    import importlib

    calls = []

    def spy(z):
        calls.append(tuple(z.shape))
        return z

    monkeypatch.setattr(importlib.import_module(f"sslcourse.methods.{module}"), "gather", spy)
    make(name)(images(8))
    assert calls == [(8, 16), (8, 16)]


# -- the shared interface ----------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(SMALL))
def test_each_method_trains_records_and_reproduces(name):
    x = images()
    h1 = fit(make(name), x, steps=4, batch_size=16, seed=1, cache=False, progress=False, record_every=2)
    h2 = fit(make(name), x, steps=4, batch_size=16, seed=1, cache=False, progress=False, record_every=2)
    assert h1.losses == h2.losses and all(map(torch.isfinite, torch.tensor(h1.losses)))
    assert len(h1.records) == 2 and {"std_ratio", "alignment", "effective_rank"} <= set(h1.records[0])


@pytest.mark.parametrize("name", sorted(SMALL))
def test_each_method_is_registered_and_round_trips_through_the_cache(name, tmp_path, monkeypatch):
    monkeypatch.setenv("SSLCOURSE_CACHE", str(tmp_path))
    m = build(name, channels=1, image_size=8, augment=NoiseAugment(), **SMALL[name])
    assert type(m) is METHODS[name] and m.name == name
    fit(m, images(), steps=2, batch_size=16, progress=False)
    again = build(name, channels=1, image_size=8, augment=NoiseAugment(), **SMALL[name])
    hist = fit(again, images(), steps=2, batch_size=16, progress=False)
    assert hist.cached
    assert all(torch.equal(a, b) for a, b in zip(m.state_dict().values(), again.state_dict().values()))


def test_knobs_enter_the_cache_key():
    assert make("simsiam").config() != make("simsiam", stop_gradient=False).config()
    assert make("vicreg").config() != make("vicreg", var_weight=0.0).config()


@pytest.mark.parametrize("cls, kw, match", [
    (MoCo, {"momentum": -0.1}, "momentum"),
    (MoCo, {"temperature": 0.0}, "temperature"),
    (SimCLR, {"temperature": 0.0}, "temperature"),
    (BYOL, {"momentum": 2.0}, "momentum"),
    (BarlowTwins, {"lambda_offdiag": -1.0}, "lambda_offdiag"),
    (VICReg, {"var_weight": -1.0}, "var_weight"),
])
def test_bad_hyper_parameters(cls, kw, match):
    with pytest.raises(ValueError, match=match):
        cls(ConvEncoder(1, width=4), NoiseAugment(), **kw)


@pytest.mark.parametrize("name", sorted(SMALL))
def test_batch_of_one_is_an_error_naming_x(name):
    with pytest.raises(ValueError, match="x must hold at least 2 images"):
        make(name)(images(1))
