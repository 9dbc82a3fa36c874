"""sslcourse.distributed: gather across 2 CPU processes (gloo) gives the single-process loss AND gradients.

The two processes are started once per module (a few seconds, most of it importing torch and, for DDP,
torch._dynamo), each writes its results to a file, and the tests compare them with one process that sees
the concatenated batch. The model has no BatchNorm, so the comparison can be exact.
"""
from __future__ import annotations

import datetime
import os
import time
import traceback

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn

from sslcourse import distributed
from sslcourse.distributed import _GatherSliceOnly, gather
from sslcourse.losses import barlow_twins, nt_xent, vicreg

WORLD, B, D_IN, D_OUT = 2, 4, 6, 5
LOSSES = {"nt_xent": nt_xent, "barlow_twins": barlow_twins, "vicreg": vicreg}


def _data() -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(1)
    return (torch.randn(WORLD * B, D_IN, generator=g, dtype=torch.float64),
            torch.randn(WORLD * B, D_IN, generator=g, dtype=torch.float64))  # 2 x (W*B, D_IN)


class _Contrast(nn.Module):
    """A projection without BatchNorm; forward returns an SSL loss on the gathered batch."""

    def __init__(self, loss: str, gather_fn=lambda z: z):
        super().__init__()
        torch.manual_seed(0)
        self.net = nn.Sequential(nn.Linear(D_IN, 8), nn.Tanh(), nn.Linear(8, D_OUT)).double()
        self.loss, self.gather_fn = LOSSES[loss], gather_fn

    def forward(self, x1, x2):
        return self.loss(self.gather_fn(self.net(x1)), self.gather_fn(self.net(x2)))


def _ddp_loss_and_grads(loss: str, gather_fn, x1, x2) -> dict:
    model = nn.parallel.DistributedDataParallel(_Contrast(loss, gather_fn))
    loss = model(x1, x2)
    loss.backward()                                            # DDP averages the grads over processes
    return {"loss": loss.detach(), "grads": [p.grad.clone() for p in model.parameters()]}


def _method_losses(r: int) -> dict:
    """Each process feeds different images to SimCLR / Barlow / VICReg; with the gather inside the
    methods, every process computes the same global loss."""
    from sslcourse.zoo import build

    x = torch.randint(0, 256, (B, 1, 28, 28), dtype=torch.uint8, generator=torch.Generator().manual_seed(r))
    out = {}
    for name in ("simclr", "barlow", "vicreg"):                # a broken method fails its own test only
        try:
            out[name] = build(name, channels=1, image_size=28, width=4, seed=0)(x).item()
        except Exception:
            out[name] = traceback.format_exc()
    return out


def _fit_under_ddp(folder: str) -> dict:
    """train.fit under DDP: 3 steps of a tiny SimCLR and MoCo on global batches of 16 (8 per process)."""
    from sslcourse.zoo import build
    from sslcourse.train import fit

    os.environ["SSLCOURSE_CACHE"] = f"{folder}/cache"
    images = torch.randint(0, 256, (64, 1, 8, 8), dtype=torch.uint8, generator=torch.Generator().manual_seed(0))
    out = {}
    for name, kw in (("simclr", {}), ("moco", {"queue_size": 32})):
        m = build(name, channels=1, image_size=8, augment="digits", width=4, seed=0, **kw)
        before = [p.detach().clone() for p in m.parameters()]
        h = fit(m, images, steps=3, batch_size=16, progress=False)
        out[name] = {"steps": h.steps, "images_seen": h.images_seen, "losses": h.losses,
                     "moved": any(not torch.equal(a, b) for a, b in zip(before, m.parameters())),
                     "state": {k: v.detach().clone() for k, v in m.state_dict().items()}}
    try:
        fit(build("simclr", channels=1, image_size=8, augment="digits", width=4), images, steps=1,
            batch_size=15, cache=False, progress=False)
        out["odd_batch"] = "no error"
    except ValueError as e:
        out["odd_batch"] = str(e)
    return out


def _worker(r: int, store: str, out: str) -> None:
    try:
        torch.set_num_threads(1)
        dist.init_process_group("gloo", init_method=f"file://{store}", rank=r, world_size=WORLD,
                                timeout=datetime.timedelta(seconds=20))
        x1, x2 = (x[r * B:(r + 1) * B] for x in _data())       # this rank's slice, (B, D_IN)
        res = {"rank": distributed.rank(), "world": distributed.world_size(),
               "is_distributed": distributed.is_distributed(),
               "gathered": gather(x1),
               "correct": {k: _ddp_loss_and_grads(k, gather, x1, x2) for k in LOSSES},
               "slice_only": _ddp_loss_and_grads("nt_xent", _GatherSliceOnly.apply, x1, x2),
               "method_loss": _method_losses(r),
               "fit": _fit_under_ddp(out)}
        try:                                                   # rank 1 has one row fewer
            gather(x1[: B - r])
            res["unequal"] = "no error"
        except ValueError as e:
            res["unequal"] = str(e)
        dist.destroy_process_group()
    except Exception:                                          # report, never hang the parent
        res = {"error": traceback.format_exc()}
    torch.save(res, f"{out}/rank{r}.pt")


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> list[dict]:
    folder = tmp_path_factory.mktemp("ddp")
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_worker, args=(r, str(folder / "store"), str(folder))) for r in range(WORLD)]
    for p in procs:
        p.start()
    deadline = time.monotonic() + 90                           # never hang the test suite
    for p in procs:
        p.join(timeout=max(0.0, deadline - time.monotonic()))
    hung = [p for p in procs if p.is_alive()]
    for p in hung:
        p.kill()
        p.join()
    assert not hung, "a distributed worker hung"
    files = [folder / f"rank{r}.pt" for r in range(WORLD)]
    assert all(f.exists() for f in files), f"a worker died: exit codes {[p.exitcode for p in procs]}"
    res = [torch.load(f, weights_only=False) for f in files]
    for r in res:
        assert "error" not in r, r.get("error")
    return res


def _single(loss: str) -> dict:
    """One process, the whole batch, no gather: the reference."""
    model = _Contrast(loss)
    value = model(*_data())
    value.backward()
    return {"loss": value.detach(), "grads": [p.grad.clone() for p in model.parameters()]}


@pytest.mark.slow
def test_helpers_in_each_process(results):
    assert [r["rank"] for r in results] == list(range(WORLD))
    assert all(r["world"] == WORLD and r["is_distributed"] for r in results)


def test_gather_concatenates_in_rank_order(results):
    x1, _ = _data()
    for r in results:
        torch.testing.assert_close(r["gathered"], x1, rtol=0, atol=0)


@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_loss_matches_single_process(results, loss):
    single = _single(loss)
    for r in results:
        torch.testing.assert_close(r["correct"][loss]["loss"], single["loss"], rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_ddp_gradients_match_single_process(results, loss):
    single = _single(loss)
    for r in results:
        assert len(r["correct"][loss]["grads"]) == len(single["grads"])
        for got, want in zip(r["correct"][loss]["grads"], single["grads"]):
            torch.testing.assert_close(got, want, rtol=1e-8, atol=1e-10)


def test_slice_only_backward_is_caught(results):
    """The known bug: backward = slice without the all_reduce gives gradients W times too small."""
    single = _single("nt_xent")
    for r in results:
        torch.testing.assert_close(r["slice_only"]["loss"], single["loss"])  # the forward is fine
        for got, want in zip(r["slice_only"]["grads"], single["grads"]):
            assert not torch.allclose(got, want, rtol=1e-3, atol=1e-6)
            torch.testing.assert_close(got * WORLD, want, rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("name", ["simclr", "barlow", "vicreg"])
def test_methods_gather_so_every_process_has_the_global_loss(results, name):
    losses = [r["method_loss"][name] for r in results]
    assert all(isinstance(v, float) for v in losses), losses  # else: the traceback
    assert losses[0] == pytest.approx(losses[1], rel=1e-6), losses


def test_unequal_batches_raise_on_every_process(results):
    for r in results:
        assert "same shape on every process" in r["unequal"], r["unequal"]


@pytest.mark.parametrize("name", ["simclr", "moco"])
def test_fit_under_ddp_keeps_every_process_in_step(results, name):
    runs = [r["fit"][name] for r in results]
    assert all(run["steps"] == 3 and run["images_seen"] == 3 * 16 and run["moved"] for run in runs)
    first, second = (run["state"] for run in runs)
    for key in first:           # DDP synced the gradients, so the weights (and MoCo's queue) are the same
        torch.testing.assert_close(first[key], second[key], rtol=1e-5, atol=1e-6, msg=key)
    if name == "simclr":        # the gathered global loss: the same number on every process
        assert runs[0]["losses"] == pytest.approx(runs[1]["losses"], rel=1e-5)


def test_fit_under_ddp_needs_a_batch_divisible_by_the_processes(results):
    assert all("divisible by the 2 processes" in r["fit"]["odd_batch"] for r in results)


# -- a single process: gather is the identity ---------------------------------------------------------
def test_identity_without_process_group():
    assert not distributed.is_distributed()
    assert distributed.rank() == 0 and distributed.world_size() == 1
    x = torch.randn(3, 4, requires_grad=True)
    y = gather(x)
    assert torch.equal(y, x)
    (y ** 2).sum().backward()
    torch.testing.assert_close(x.grad, 2 * x.detach())


def test_bad_input_names_argument():
    with pytest.raises(TypeError, match="^x "):
        gather([[1.0, 2.0]])
    with pytest.raises(TypeError, match="^x "):
        gather(torch.ones(2, 3, dtype=torch.int64))
    with pytest.raises(ValueError, match="^x "):
        gather(torch.ones(6))
    with pytest.raises(ValueError, match="^x "):
        gather(torch.ones(0, 3))
    with pytest.raises(ValueError, match="backend"):
        distributed.setup("tcp")


def test_setup_without_torchrun_is_single_process(monkeypatch):
    monkeypatch.delenv("RANK", raising=False)
    assert distributed.setup("gloo") == torch.device("cpu")
    assert not distributed.is_distributed()
    distributed.cleanup()                                     # a no-op
