"""`fit`: the only training loop of the course.

Seeded, by wall-clock seconds, epochs or steps; warmup + cosine learning rate; a tqdm progress bar;
a history of losses; CUDA when present; and a cache of trained methods keyed by everything that
determines the result, so a later notebook reuses a pretraining instead of repeating it.

Under `torchrun` (after `sslcourse.distributed.setup()`) the same call trains with
DistributedDataParallel: see `fit`.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch
from tqdm.auto import tqdm

from . import __version__, distributed
from ._checks import check_images, check_positive, check_tensor


@dataclass
class History:
    """What happened during training: one entry per step, plus the records `method.record()` made."""
    losses: list[float] = field(default_factory=list)
    times: list[float] = field(default_factory=list)       # seconds since start, per step
    lrs: list[float] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)      # {"step": s, **method.record()}
    images_seen: int = 0
    seconds: float = 0.0
    cached: bool = False

    @property
    def steps(self) -> int:
        return len(self.losses)

    @property
    def images_per_second(self) -> float:
        return self.images_seen / self.seconds if self.seconds else float("nan")


def default_device() -> torch.device:
    """CUDA when present, else the CPU."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def cache_dir() -> Path:
    """Where trained methods are cached: $SSLCOURSE_CACHE, default ~/.cache/sslcourse/runs."""
    root = os.environ.get("SSLCOURSE_CACHE")
    if root:
        return Path(root)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sslcourse" / "runs"


def lr_factor(progress: float, warmup: float) -> float:
    """Linear warmup for the first `warmup` fraction of training, then cosine decay to 0."""
    if progress < warmup:
        return (progress + 1e-3) / warmup
    return 0.5 * (1 + math.cos(math.pi * min(1.0, (progress - warmup) / max(1e-8, 1 - warmup))))


def fingerprint(images: torch.Tensor) -> str:
    """A short hash of a tensor's shape and bytes: data enter the cache key by content."""
    h = hashlib.sha1(str(tuple(images.shape)).encode())
    h.update(images.contiguous().cpu().numpy().tobytes())
    return h.hexdigest()[:16]


def _check_budget(seconds, epochs, steps) -> None:
    given = [n for n, v in (("seconds", seconds), ("epochs", epochs), ("steps", steps)) if v is not None]
    if len(given) != 1:
        raise ValueError(f"give exactly one of seconds, epochs, steps; got {given or 'none'}")
    check_positive(given[0], {"seconds": seconds, "epochs": epochs, "steps": steps}[given[0]])


def fit(method, images: torch.Tensor, labels: torch.Tensor | None = None, *,
        seconds: float | None = None, epochs: int | None = None, steps: int | None = None,
        batch_size: int = 256, lr: float = 2e-3, weight_decay: float = 1e-5, warmup: float = 0.05,
        seed: int = 0, device=None, cache: bool = True, progress: bool = True,
        record_every: int = 10, desc: str | None = None) -> History:
    """Train `method` in place on uint8 `images` (N, C, H, W) and return its History.

    Exactly one of `seconds` (wall clock), `epochs` or `steps` sets the budget. AdamW with linear
    warmup then cosine decay, over the budget. Labels, when given, are passed as `method(x, y)`.
    With `cache=True` the trained state is saved under `cache_dir()` keyed by (method config, data,
    labels, budget, optimizer, seed, package version) and loaded instead of training the next time.

    Distributed (a process group is initialised, e.g. by `distributed.setup()` under torchrun):
    `batch_size` is the global batch; every process draws the same global batch and trains on its
    own contiguous share, with its own augmentation seed (seed + rank); DDP averages the gradients
    and the methods gather embeddings across processes (`distributed.gather`), so the loss is that
    of the global batch. Rank 0's clock sets a `seconds` budget for everyone; only rank 0 writes the
    cache. On GPUs BatchNorm becomes SyncBatchNorm; on CPUs each process normalises its own share.
    """
    check_images("images", images)
    if labels is not None:
        check_tensor("labels", labels, ndim=1, dtype=torch.int64)
        if len(labels) != len(images):
            raise ValueError(f"labels has {len(labels)} entries but images has {len(images)}")
    _check_budget(seconds, epochs, steps)
    check_positive("batch_size", batch_size)
    check_positive("lr", lr)
    batch_size = min(batch_size, len(images))
    world = distributed.world_size()
    if batch_size % world:
        raise ValueError(f"batch_size ({batch_size}) must be divisible by the {world} processes")
    device = torch.device(device) if device is not None else default_device()
    method.to(device)

    settings = dict(seconds=seconds, epochs=epochs, steps=steps, batch_size=batch_size, lr=lr,
                    weight_decay=weight_decay, warmup=warmup, seed=seed)
    if world > 1:   # the result depends on how the batch is split (per-process BatchNorm, seeds)
        settings["world_size"] = world
    key = _cache_key(method, images, labels, settings)
    if cache and _load(method, key, device):
        method.eval()
        return _load_history(key)

    history = _train(method, images, labels, seconds, epochs, steps, batch_size, lr, weight_decay,
                     warmup, seed, device, progress, record_every, desc or method.name)
    method.eval()
    if cache and distributed.rank() == 0:
        _save(method, key, history)
    return history


def _train(method, images, labels, seconds, epochs, steps, batch_size, lr, weight_decay, warmup,
           seed, device, progress, record_every, desc) -> History:
    torch.manual_seed(seed)
    rank, world = distributed.rank(), distributed.world_size()
    method.seed(seed + rank)                         # each process its own augmentations
    order_gen = torch.Generator().manual_seed(seed)  # ...but the same global batches everywhere
    model = _data_parallel(method, device) if world > 1 else method
    local = batch_size // world                      # this process's share of the global batch
    params = [p for p in method.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=weight_decay)
    per_epoch = len(images) // batch_size
    total_steps = steps if steps is not None else (epochs * per_epoch if epochs is not None else None)
    hist = History()
    method.train()
    clock = ("{desc}: {percentage:3.0f}%|{bar}| {n:.0f}/{total:.0f} s [{elapsed}<{remaining}{postfix}]"
             if seconds is not None else None)   # whole seconds, not float residue like 49.29999
    bar = tqdm(total=seconds if seconds is not None else total_steps, disable=not progress or rank > 0,
               desc=desc, unit="s" if seconds is not None else "step", leave=False, bar_format=clock)
    start, step = time.perf_counter(), 0
    while True:
        order = torch.randperm(len(images), generator=order_gen)
        for i in range(per_epoch):
            progress_frac = (_elapsed_on_rank0(start) / seconds if seconds is not None  # a step budget
                             else step / total_steps)                               # needs no clock
            if progress_frac >= 1:
                break
            for g in opt.param_groups:
                g["lr"] = lr * lr_factor(progress_frac, warmup)
            idx = order[i * batch_size:(i + 1) * batch_size][rank * local:(rank + 1) * local]  # (local,)
            x = images[idx].to(device, non_blocking=True)
            args = () if labels is None else (labels[idx].to(device),)
            loss = model(x, *args)
            if not torch.isfinite(loss):
                raise FloatingPointError(f"loss became {loss.item()} at step {step}; lower lr")
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            method.on_step_end()
            step += 1
            hist.losses.append(loss.item())
            hist.times.append(time.perf_counter() - start)
            hist.lrs.append(opt.param_groups[0]["lr"])
            hist.images_seen += len(idx) * world
            if step % record_every == 0:
                rec = method.record()
                if rec:
                    hist.records.append({"step": step, **rec})
                bar.set_postfix(loss=f"{hist.losses[-1]:.3f}", refresh=False)
            bar.update(min(hist.times[-1], seconds) - bar.n if seconds is not None else 1)
        else:
            continue
        break
    bar.close()
    if world > 1:   # the last forward updated each process's BatchNorm statistics: keep rank 0's
        for buffer in method.buffers():
            torch.distributed.broadcast(buffer, src=0)
    hist.seconds = time.perf_counter() - start
    return hist


def _data_parallel(method, device):
    """DistributedDataParallel around `method`; on GPUs with global-batch BatchNorm (SyncBatchNorm)."""
    from torch.nn.parallel import DistributedDataParallel

    if device.type == "cuda":
        method = torch.nn.SyncBatchNorm.convert_sync_batchnorm(method)  # same object, layers swapped
        return DistributedDataParallel(method, device_ids=[device])
    return DistributedDataParallel(method)


def _elapsed_on_rank0(start: float) -> float:
    """Seconds since `start`; under DDP rank 0's, broadcast, so every process stops at the same step
    with the same learning rate (clocks that disagree would hang a collective or drift the weights)."""
    t = time.perf_counter() - start
    if distributed.world_size() == 1:
        return t
    t = torch.tensor([t], dtype=torch.float64)
    torch.distributed.broadcast(t, src=0)
    return t.item()


# -- the cache of trained methods ----------------------------------------------------------------
def _cache_key(method, images, labels, settings: dict) -> str:
    blob = json.dumps({"config": method.config(), "data": fingerprint(images),
                       "labels": None if labels is None else fingerprint(labels),
                       "settings": settings, "version": __version__}, sort_keys=True, default=str)
    return f"{method.name}-{hashlib.sha1(blob.encode()).hexdigest()[:20]}"


def _load(method, key: str, device) -> bool:
    path = cache_dir() / f"{key}.pt"
    if not path.exists() or not path.with_suffix(".json").exists():
        return False
    try:
        state = torch.load(path, map_location=device, weights_only=True)
        method.load_state_dict(state)
    except (RuntimeError, OSError, EOFError, KeyError):  # a stale or broken file: train again
        return False
    return True


def _load_history(key: str) -> History:
    data = json.loads((cache_dir() / f"{key}.json").read_text())
    return History(**{**data, "cached": True})


def _save(method, key: str, history: History) -> None:
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"{key}.tmp"
    torch.save(method.state_dict(), tmp)
    os.replace(tmp, folder / f"{key}.pt")
    (folder / f"{key}.json").write_text(json.dumps(asdict(history)))
