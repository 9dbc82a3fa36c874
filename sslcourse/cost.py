"""What a representation costs: FLOPs, memory, throughput, and time to reach an accuracy.

Accuracy is half of an evaluation; the other half is what it took to get there. Three measurements:

- `flops_per_image(encoder)`: the arithmetic of one forward pass, what inference costs per image;
- `training_step_cost(method, images)`: FLOPs, memory, parameters and images per second of one training step,
  measured on a copy of the method (the caller's is never touched);
- `time_to_accuracy(history, accuracies)`: probe accuracies placed on the wall clock of the training run, the
  time-to-accuracy curve (Coleman et al. 2017, "DAWNBench: An End-to-End Deep Learning Benchmark").

FLOPs follow torch's convention (`torch.utils.flop_counter.FlopCounterMode`): one multiply-add counts as 2 FLOPs
(nn.Linear(10, 5) on one input: 2 * 10 * 5 = 100), and only matrix products and convolutions are counted;
normalisation, activations, pooling and the optimizer's element-wise update are not.
"""
from __future__ import annotations

import copy
import itertools
import math
import time

import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from ._checks import check_count, check_fraction, check_images, check_seed, check_tensor, is_number


def _device(module: nn.Module) -> torch.device:
    """The device of `module`'s first parameter or buffer (the CPU for a module with neither)."""
    first = next(itertools.chain(module.parameters(), module.buffers()), None)
    return first.device if first is not None else torch.device("cpu")


def _check_image_shape(image_shape) -> tuple[int, int, int]:
    if not (isinstance(image_shape, (tuple, list)) and len(image_shape) == 3):
        raise TypeError(f"image_shape must be a triple (C, H, W) such as (1, 28, 28), got {image_shape!r}")
    for size in image_shape:
        check_count("image_shape", size)
    return tuple(image_shape)


def flops_per_image(module: nn.Module, image_shape=(1, 28, 28)) -> int:
    """Forward FLOPs of `module` on one float image of shape `image_shape` (C, H, W).

    Counted by `torch.utils.flop_counter.FlopCounterMode`: 2 FLOPs per multiply-add, matrix products and
    convolutions only (a 3x3 convolution from C to C' channels on an H x W output: 2 * 9 * C * C' * H * W).
    The module runs in eval mode without gradients, on its own device, and its mode is restored afterwards.
    """
    if not isinstance(module, nn.Module):
        raise TypeError(f"module must be an nn.Module such as models.ConvEncoder(1), got {type(module).__name__}")
    shape = _check_image_shape(image_shape)
    x = torch.full((1, *shape), 0.5, device=_device(module))         # (1, C, H, W); the values do not matter
    was_training = module.training
    module.eval()
    try:
        with torch.no_grad(), FlopCounterMode(display=False) as counter:
            module(x)
    finally:
        module.train(was_training)
    return int(counter.get_total_flops())


def _check_method(method) -> None:
    """TypeError unless `method` is a method object (what `train.fit` trains)."""
    if not isinstance(method, nn.Module) or not callable(getattr(method, "on_step_end", None)):
        raise TypeError(f"method must be a method object such as methods.SimCLR(encoder) or zoo.build('simclr', ...), "
                        f"got {type(method).__name__}")


def _nbytes(tensors) -> int:
    return sum(t.numel() * t.element_size() for t in tensors)


class _SavedActivations:
    """Counts the bytes autograd saves for the backward pass (each storage once, parameters excluded):
    the activations a training step must keep alive between its forward and its backward."""

    def __init__(self, params):
        self.skip = {p.untyped_storage().data_ptr() for p in params}
        self.sizes: dict[int, int] = {}                          # storage address -> bytes

    def pack(self, t: torch.Tensor) -> torch.Tensor:
        storage = t.untyped_storage()
        if storage.data_ptr() not in self.skip:
            self.sizes[storage.data_ptr()] = storage.nbytes()
        return t

    @property
    def bytes(self) -> int:
        return sum(self.sizes.values())


def _step(method, opt, x, labels) -> None:
    """One training step in `train.fit`'s order: loss, zero_grad, backward, optimizer step, on_step_end."""
    loss = method(x) if labels is None else method(x, labels)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    method.on_step_end()


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def _check_cost_input(method, images, labels, batch_size, steps, seed) -> None:
    _check_method(method)
    check_images("images", images)
    if labels is not None:
        check_tensor("labels", labels, ndim=1, dtype=torch.int64)
        if len(labels) != len(images):
            raise ValueError(f"labels has {len(labels)} entries but images has {len(images)}")
    check_count("batch_size", batch_size, minimum=2)    # BatchNorm and in-batch negatives need two images
    if len(images) < 2:
        raise ValueError(f"images must hold at least 2 images for one training batch, got {len(images)}")
    check_count("steps", steps)
    check_seed("seed", seed)
    if hasattr(method, "check_input"):                  # the method's own check: channels, labels, image size
        method.check_input(images[:2], None if labels is None else labels[:2])


def training_step_cost(method, images: torch.Tensor, *, labels: torch.Tensor | None = None,
                       batch_size: int = 128, steps: int = 3, seed: int = 0) -> dict:
    """What one training step of `method` costs on batches of `batch_size` uint8 `images` (N, C, H, W).

    Measured on `copy.deepcopy(method)` on the method's own device, with `train.fit`'s optimizer (AdamW), so the
    caller's method, its generator and the global random state are left as they were. The first step is a
    warm-up; it is also the one whose FLOPs and saved activations are counted. `steps` more are timed.
    `labels` (N,) are for methods that take them (`methods.Supervised`). Returns a dict:

    - `flops_per_step`: forward + backward FLOPs of one step (see the module docstring for the convention);
    - `images_per_second`: images (not views: a two-view method sees each image twice) over the timed steps;
    - `seconds_per_step`, `batch_size` (at most len(images)), `device`;
    - `parameters`, `trainable_parameters`: every parameter of the method (encoder, heads, EMA copies);
    - `parameter_bytes`, `gradient_bytes`, `optimizer_bytes` (AdamW's two moments), `buffer_bytes` (BatchNorm
      statistics, MoCo's queue), `activation_bytes` (what autograd saved for the backward pass);
    - `memory_bytes`: their sum, all alive together at the end of a forward pass: a lower bound of the peak
      (transient buffers inside an operation are not seen);
    - `peak_memory_bytes`: on a GPU, `torch.cuda.max_memory_allocated` during the timed steps less what was
      allocated before the copy was made (the copy, its batches, gradients, optimizer state and activations);
      None on a CPU, where torch's allocations are invisible to `tracemalloc` and no reliable peak is measured.
    """
    _check_cost_input(method, images, labels, batch_size, steps, seed)
    batch_size = min(batch_size, len(images))
    device = _device(method)
    before = torch.cuda.memory_allocated(device) if device.type == "cuda" else 0
    with torch.random.fork_rng(devices=[device] if device.type == "cuda" else []):
        torch.manual_seed(seed)
        cost = _measure(copy.deepcopy(method), images, labels, batch_size, steps, seed, device)
    if device.type == "cuda":
        cost["peak_memory_bytes"] -= before
    return cost


def _measure(method, images, labels, batch_size: int, steps: int, seed: int, device: torch.device) -> dict:
    method.train()
    if hasattr(method, "seed"):
        method.seed(seed)
    order = torch.Generator().manual_seed(seed)
    batches = [torch.randperm(len(images), generator=order)[:batch_size] for _ in range(steps + 1)]  # (b,) each
    xs = [images[i].to(device) for i in batches]                         # each (b, C, H, W) uint8
    ys = [None if labels is None else labels[i].to(device) for i in batches]
    params = [p for p in method.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=2e-3, weight_decay=1e-5)

    saved = _SavedActivations(method.parameters())
    with FlopCounterMode(display=False) as counter, torch.autograd.graph.saved_tensors_hooks(saved.pack, lambda t: t):
        _step(method, opt, xs[0], ys[0])                                 # warm-up, counted
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)
    _sync(device)
    start = time.perf_counter()
    for x, y in zip(xs[1:], ys[1:]):
        _step(method, opt, x, y)
    _sync(device)
    seconds = time.perf_counter() - start
    return _report(method, opt, counter.get_total_flops(), saved.bytes, seconds, batch_size, steps, device)


def _report(method, opt, flops: int, activation_bytes: int, seconds: float, batch_size: int, steps: int,
            device: torch.device) -> dict:
    params = list(method.parameters())
    memory = {"parameter_bytes": _nbytes(params),
              "gradient_bytes": _nbytes(p.grad for p in params if p.grad is not None),
              "optimizer_bytes": _nbytes(v for state in opt.state.values() for v in state.values()
                                         if isinstance(v, torch.Tensor)),
              "buffer_bytes": _nbytes(method.buffers()),
              "activation_bytes": activation_bytes}
    return {"flops_per_step": int(flops),
            "images_per_second": batch_size * steps / seconds,
            "seconds_per_step": seconds / steps,
            "batch_size": batch_size,
            "device": device.type,
            "parameters": sum(p.numel() for p in params),
            "trainable_parameters": sum(p.numel() for p in params if p.requires_grad),
            **memory,
            "memory_bytes": sum(memory.values()),
            "peak_memory_bytes": torch.cuda.max_memory_allocated(device) if device.type == "cuda" else None}


def _check_history(history) -> list[float]:
    times = getattr(history, "times", None)
    if not isinstance(times, list) or not all(is_number(t) and math.isfinite(t) for t in times):
        raise TypeError(f"history must be a train.History (what train.fit returns), got {type(history).__name__}")
    return times


def time_to_accuracy(history, accuracies: dict[int, float]) -> list[tuple[float, float]]:
    """The (seconds, accuracy) points of a time-to-accuracy curve (DAWNBench, Coleman et al. 2017).

    `history` is the `train.History` of one run (`times[s - 1]`: seconds since the start when step s ended);
    `accuracies` maps step counts to the probe accuracy of the encoder after that many steps (step 0: before
    training, at 0 seconds). Points are sorted by step. A cached run's times are those of the run that filled
    the cache.
    """
    times = _check_history(history)
    if not isinstance(accuracies, dict) or not accuracies:
        raise TypeError(f"accuracies must be a non-empty dict {{step count: accuracy}}, got {accuracies!r:.60}")
    for step, acc in accuracies.items():
        check_count("accuracies (a step count)", step, minimum=0)
        if step > len(times):
            raise ValueError(f"accuracies: step {step} is beyond the history, which has {len(times)} steps")
        check_fraction(f"accuracies[{step}]", acc)
    return [(0.0 if step == 0 else float(times[step - 1]), float(acc)) for step, acc in sorted(accuracies.items())]
