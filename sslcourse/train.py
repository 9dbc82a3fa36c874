"""`fit`: the only training loop of the course.

Seeded, by wall-clock seconds, epochs or steps; warmup + cosine learning rate; a progress bar in notebooks and
terminals; a history of losses; CUDA when present; and a cache of trained methods (`sslcourse.runcache`), so a
later notebook reuses a pretraining instead of repeating it.

Under `torchrun` (after `sslcourse.distributed.setup()`) the same call trains with DistributedDataParallel:
see `fit`.
"""
from __future__ import annotations

import hashlib
import itertools
import math
import sys
import time
from dataclasses import asdict, dataclass, field, fields

import torch
from tqdm.auto import tqdm

from . import distributed, runcache
from ._checks import (check_count, check_flag, check_fraction, check_images, check_positive, check_seed,
                      check_tensor)


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


@dataclass(frozen=True)
class Plan:
    """The budget and the optimizer settings of one `fit`: `seconds` of wall clock or `steps` steps."""
    seconds: float | None
    steps: int | None
    batch_size: int
    lr: float
    weight_decay: float
    warmup: float
    seed: int

    def done(self, step: int, elapsed: float) -> float:
        """The fraction of the budget used after `step` steps and `elapsed` seconds (1 or more: stop)."""
        return elapsed / self.seconds if self.seconds is not None else step / self.steps


def default_device() -> torch.device:
    """CUDA when present, else the CPU."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def lr_factor(progress: float, warmup: float) -> float:
    """Linear warmup for the first `warmup` fraction of training, then cosine decay to 0."""
    check_fraction("progress", progress, high=math.inf)
    check_fraction("warmup", warmup)
    if progress < warmup:
        return (progress + 1e-3) / warmup
    return 0.5 * (1 + math.cos(math.pi * min(1.0, (progress - warmup) / max(1e-8, 1 - warmup))))


def interactive() -> bool:
    """Is a progress bar worth drawing? Yes in a Jupyter kernel and on a terminal; no when the output goes
    to a log file or a CI job, where every redraw of the bar would become a line."""
    shell = sys.modules.get("IPython") and sys.modules["IPython"].get_ipython()
    if shell is not None and "IPKernelApp" in getattr(shell, "config", {}):
        return True
    return sys.stderr.isatty()


def _check_budget(seconds, epochs, steps) -> None:
    given = [n for n, v in (("seconds", seconds), ("epochs", epochs), ("steps", steps)) if v is not None]
    if len(given) != 1:
        raise ValueError(f"give exactly one of seconds, epochs, steps; got {given or 'none'}")
    if seconds is not None:
        check_positive("seconds", seconds)
        if not math.isfinite(seconds):
            raise ValueError(f"seconds must be a finite number, got {seconds!r}")
    for name, value in (("epochs", epochs), ("steps", steps)):
        if value is not None:
            check_count(name, value)


def fit(method, images: torch.Tensor, labels: torch.Tensor | None = None, *,
        seconds: float | None = None, epochs: int | None = None, steps: int | None = None,
        batch_size: int = 256, lr: float = 2e-3, weight_decay: float = 1e-5, warmup: float = 0.05,
        seed: int = 0, device=None, cache: bool = True, progress: bool = True,
        record_every: int = 10, desc: str | None = None, curriculum: Curriculum | None = None,
        monitor=None) -> History:
    """Train `method` in place on uint8 `images` (N, C, H, W) — or, for a text method (`input_kind = "tokens"`, e.g.
    `nlp.MaskedLM`), token ids (N, L) int64, or for a signal method (`input_kind = "sequences"`, e.g.
    `signals.MaskedContrastive`), float frames (N, T, C) — and return its History.

    Exactly one of `seconds` (wall clock), `epochs` or `steps` sets the budget. AdamW with linear
    warmup then cosine decay, over the budget. Labels, when given, are passed as `method(x, y)`.
    With `cache=True` the trained state is saved under `runcache.cache_dir()` keyed by (method config,
    data, labels, budget, optimizer, seed, package version) and loaded instead of training the next time.
    The progress bar (`progress=True`) shows in notebooks and terminals, not in logs.

    `monitor` (optional): a callable `monitor(method) -> dict` of numbers (e.g. `monitor.AccuracyMonitor`), called
    every `record_every` steps with the method in eval mode; its numbers join the records (a learning curve). Its
    `key` attribute (else its name) enters the cache key.

    `curriculum` (a `Curriculum`, optional) orders the data by difficulty: each batch is drawn from the easiest
    (or hardest) share of the images, a share that grows to all of them as training goes (see `Curriculum`). An
    augmentation with a `set_progress(fraction)` method (e.g. `augment.Ramp`) is told how far training is, every step.

    Distributed (a process group is initialised, e.g. by `distributed.setup()` under torchrun):
    `batch_size` is the global batch; every process draws the same global batch and trains on its
    own contiguous share, with its own augmentation seed (seed + rank); DDP averages the gradients
    and the methods gather embeddings across processes (`distributed.gather`), so the loss is that
    of the global batch. Rank 0's clock sets a `seconds` budget for everyone; only rank 0 writes the
    cache. On GPUs BatchNorm becomes SyncBatchNorm; on CPUs each process normalises its own share.
    """
    if not isinstance(method, torch.nn.Module) or not callable(getattr(method, "on_step_end", None)):
        raise TypeError(f"method must be a method object such as zoo.build('simclr', ...) or "
                        f"methods.SimCLR(encoder), got {type(method).__name__} {method!r:.40}")
    images_in = getattr(method, "input_kind", "images") == "images"   # else token ids or frames: the method checks them
    if images_in:
        check_images("images", images)
    else:
        check_tensor("images", images)
    if labels is not None:
        check_tensor("labels", labels, ndim=1, dtype=torch.int64)
        if len(labels) != len(images):
            raise ValueError(f"labels has {len(labels)} entries but images has {len(images)}")
    if hasattr(method, "check_input"):   # the whole data set, once: no error after minutes of training
        if images_in:
            method.check_input(images[:2], None if labels is None else labels[:2])
        else:                             # token ids or frames: cheap to check in full (every id in the vocabulary)
            try:
                method.check_input(images, labels)
            except (TypeError, ValueError) as e:   # the method names its own argument, x: say which of fit's it is
                raise type(e)(f"images (the method's x) or labels: {e}") from None
        if labels is not None:
            method.check_labels(labels, len(labels))
    _check_budget(seconds, epochs, steps)
    check_count("batch_size", batch_size, minimum=2)    # BatchNorm and in-batch negatives need two images
    check_seed("seed", seed)
    check_flag("cache", cache)
    check_flag("progress", progress)
    check_positive("lr", lr)
    check_positive("weight_decay", weight_decay, allow_zero=True)
    check_fraction("warmup", warmup)
    check_count("record_every", record_every)
    if monitor is not None and not callable(monitor):
        raise TypeError(f"monitor must be a callable(method) -> dict such as monitor.AccuracyMonitor, got "
                        f"{type(monitor).__name__}")
    if curriculum is not None:
        if not isinstance(curriculum, Curriculum):
            raise TypeError(f"curriculum must be a train.Curriculum or None, got {type(curriculum).__name__}")
        curriculum.check(len(images))
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
    if curriculum is not None:                  # (absent otherwise: earlier cache entries stay valid)
        settings["curriculum"] = curriculum.describe()
    if monitor is not None:                     # (absent otherwise: a cached run has the records it was run with)
        settings["monitor"] = getattr(monitor, "key", getattr(monitor, "__qualname__", type(monitor).__name__))
    settings["device"] = device.type   # a GPU's arithmetic differs from a CPU's (threads do not count)
    name = runcache.key(method, images, labels, settings)
    if cache and (saved := _load_cached(method, name, device)) is not None:
        method.eval()
        return History(**saved, cached=True)

    total = steps if epochs is None else epochs * (len(images) // batch_size)
    plan = Plan(seconds, total, batch_size, lr, weight_decay, warmup, seed)
    bar = tqdm(total=seconds if seconds is not None else total, desc=desc or method.name, leave=False,
               disable=not (progress and interactive()) or distributed.rank() > 0,
               unit="s" if seconds is not None else "step",   # whole seconds, not float residue like 49.29999:
               bar_format=("{desc}: {percentage:3.0f}%|{bar}| {n:.0f}/{total:.0f} s [{elapsed}<{remaining}"
                           "{postfix}]") if seconds is not None else None)
    history = _train(method, images, labels, plan, device, bar, record_every, curriculum, monitor)
    bar.close()
    method.eval()
    if cache and distributed.rank() == 0:
        runcache.save(method, name, {k: v for k, v in asdict(history).items() if k in _FIELDS})
    return history


_FIELDS = {f.name for f in fields(History)} - {"cached"}   # what a cache entry stores


def _load_cached(method, name: str, device) -> dict | None:
    """The cached History fields of run `name`, its state loaded into `method`; None (after a warning when the
    entry was broken) if training is needed."""
    try:
        return runcache.load(method, name, device, _FIELDS)
    except runcache.Unusable as why:
        runcache.warn_unusable(name, str(why))
        return None


def _param_groups(method, lr: float) -> list[dict]:
    """The method's parameter groups (`param_groups()`, else one group), trainable parameters only, each at its
    `lr_scale` times `lr`; groups left empty are dropped."""
    groups = method.param_groups() if hasattr(method, "param_groups") else [{"params": list(method.parameters())}]
    out = []
    for g in groups:
        params = [p for p in g["params"] if p.requires_grad]
        if params:
            scale = g.get("lr_scale", 1.0)
            out.append({"params": params, "lr_scale": scale, "lr": lr * scale})
    grouped = [id(p) for g in out for p in g["params"]]
    trainable = {id(p) for p in method.parameters() if p.requires_grad}
    if len(grouped) != len(set(grouped)) or set(grouped) != trainable:
        raise ValueError(f"method: param_groups() of {type(method).__name__} must hold every trainable parameter "
                         "exactly once")
    return out


@dataclass(frozen=True)
class Curriculum:
    """Easy-to-hard (or hard-to-easy) training order (Bengio et al. 2009; Wu et al. 2021, "When do curricula work?").

    `difficulty` (N,) scores every training image (higher = harder). At training progress p (0 to 1), each batch is
    drawn uniformly from the `share(p)` easiest images — hardest first with `order="hard_first"`, a random subset
    with `order="random"` (the control) — where share(p) = min(1, start + (1 − start) p / ramp): from `start` of the
    data to all of it after the first `ramp` of training.
    """
    difficulty: torch.Tensor
    order: str = "easy_first"
    start: float = 0.2
    ramp: float = 0.8

    ORDERS = ("easy_first", "hard_first", "random")

    def check(self, n: int) -> None:
        check_tensor("difficulty", self.difficulty, ndim=1, floating=True, finite=True)
        if len(self.difficulty) != n:
            raise ValueError(f"difficulty has {len(self.difficulty)} scores but there are {n} images")
        if self.order not in self.ORDERS:
            raise ValueError(f"order must be one of {self.ORDERS}, got {self.order!r}")
        check_fraction("start", self.start)
        check_fraction("ramp", self.ramp)
        if self.start <= 0 or self.ramp <= 0:
            raise ValueError(f"start and ramp must be above 0, got start={self.start}, ramp={self.ramp}")

    def share(self, progress: float) -> float:
        """The share of the data in play at `progress`: non-decreasing, `start` at 0, 1 from `ramp` on."""
        return min(1.0, self.start + (1 - self.start) * progress / self.ramp)

    def ranking(self, seed: int) -> torch.Tensor:
        """Indices from first-used to last-used (N,)."""
        if self.order == "random":
            return torch.randperm(len(self.difficulty), generator=torch.Generator().manual_seed(seed))
        return self.difficulty.argsort(descending=self.order == "hard_first", stable=True)

    def batch(self, progress: float, batch_size: int, step: int, seed: int) -> torch.Tensor:
        """The indices (batch_size,) of step `step`: drawn without replacement from the share in play."""
        ranked = self.ranking(seed)
        pool = ranked[:max(batch_size, math.ceil(self.share(progress) * len(ranked)))]
        pick = torch.randperm(len(pool), generator=torch.Generator().manual_seed(seed * 1_000_003 + step))
        return pool[pick[:batch_size]]

    def describe(self) -> dict:
        digest = hashlib.sha256(self.difficulty.double().numpy().tobytes()).hexdigest()[:16]
        return {"order": self.order, "start": self.start, "ramp": self.ramp, "difficulty": digest}


def _batches(n: int, batch_size: int, seed: int):
    """Endless global batches of indices (batch_size,): a fresh permutation of range(n) per epoch, the last
    incomplete batch of each epoch dropped. The same on every process."""
    order_gen = torch.Generator().manual_seed(seed)
    while True:
        order = torch.randperm(n, generator=order_gen)
        yield from order[:n - n % batch_size].split(batch_size)


def _train(method, images, labels, plan: Plan, device, bar, record_every: int,
           curriculum: Curriculum | None = None, monitor=None) -> History:
    """The step loop: pick the learning rate, take a batch, loss, backward, step, log; until the budget is spent."""
    torch.manual_seed(plan.seed)
    rank, world = distributed.rank(), distributed.world_size()
    method.seed(plan.seed + rank)                                # each process its own augmentations...
    model = distributed.wrap(method, device) if world > 1 else method
    opt = torch.optim.AdamW(_param_groups(method, plan.lr), lr=plan.lr, weight_decay=plan.weight_decay)
    batches = _batches(len(images), plan.batch_size, plan.seed)  # ...but the same global batches everywhere
    ramp = getattr(method.augment, "set_progress", None)         # an augmentation whose strength follows training
    local = plan.batch_size // world                             # this process's share of the global batch
    hist = History()
    method.train()
    start = time.perf_counter()
    for step in itertools.count():
        elapsed = distributed.elapsed_on_rank0(time.perf_counter() - start) if plan.seconds else 0.0
        done = plan.done(step, elapsed)
        if done >= 1:
            break
        lr = plan.lr * lr_factor(done, plan.warmup)
        for g in opt.param_groups:
            g["lr"] = lr * g["lr_scale"]
        if ramp is not None:
            ramp(done)
        batch = next(batches) if curriculum is None else curriculum.batch(done, plan.batch_size, step, plan.seed)
        idx = batch[rank * local:(rank + 1) * local]             # (local,)
        x = images[idx].to(device, non_blocking=True)
        loss = model(x) if labels is None else model(x, labels[idx].to(device))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        value = loss.item()                                      # one sync per step
        if not math.isfinite(value):
            raise FloatingPointError(f"loss became {value} at step {step}; lower lr")
        opt.step()
        method.on_step_end()
        hist.losses.append(value)
        hist.times.append(time.perf_counter() - start)
        hist.lrs.append(lr)                                      # the base rate (groups scale it)
        hist.images_seen += len(idx) * world
        if (step + 1) % record_every == 0:
            rec = method.record()
            if monitor is not None:
                method.eval()
                rec = {**rec, **monitor(method)}
                method.train()
            if rec:
                hist.records.append({"step": step + 1, **rec})
            bar.set_postfix(loss=f"{value:.3f}", refresh=False)
        bar.update(min(hist.times[-1], plan.seconds) - bar.n if plan.seconds else 1)
    distributed.broadcast_buffers(method)    # the last forward updated each process's BatchNorm statistics
    hist.seconds = time.perf_counter() - start
    return hist
