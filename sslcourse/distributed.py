"""Negatives from every process: a gather that keeps the gradient of every process's slice.

Contrastive and redundancy-reduction losses (SimCLR, Barlow Twins, VICReg) compare each embedding with
the rest of the batch, so with DistributedDataParallel (DDP) each process must see the embeddings of all
processes: `loss(gather(z1), gather(z2))`. The forward is a plain all_gather; the subtle part is the
backward, written out and explained in `_Gather`. Outside `torchrun` every function here is a no-op
(`gather` is the identity), so the methods call it unconditionally.

Run a script on 2 processes with `torchrun --nproc_per_node=2 script.py`, call `setup()` first and wrap
the model in `torch.nn.parallel.DistributedDataParallel`. If the model has BatchNorm, convert it with
`torch.nn.SyncBatchNorm.convert_sync_batchnorm(model)` first: plain BatchNorm normalises each process's
slice with that slice's own statistics, so the result is no longer exactly the single-process run on the
whole batch (SyncBatchNorm uses the statistics of the global batch; the SimCLR paper's "global BN" also
stops the model from cheating the contrastive task through per-device statistics). PyTorch's
SyncBatchNorm runs on GPUs only; on CPUs (gloo) each process keeps its own statistics, and an exact
comparison needs a model without BatchNorm (as tests/test_distributed.py does) or BatchNorm in eval mode.
See benchmarks/ddp_pretrain.py for a whole pretraining run.
"""
from __future__ import annotations

import os

import torch
import torch.distributed as dist

from ._checks import check_tensor


def is_distributed() -> bool:
    """True when torch.distributed is available and a process group is initialised (e.g. by `setup`)."""
    return dist.is_available() and dist.is_initialized()


def rank() -> int:
    """This process's rank in the process group: 0 .. world_size() - 1; 0 when not distributed."""
    return dist.get_rank() if is_distributed() else 0


def world_size() -> int:
    """The number of processes in the process group; 1 when not distributed."""
    return dist.get_world_size() if is_distributed() else 1


def setup(backend: str | None = None) -> torch.device:
    """Initialise the process group from the environment `torchrun` sets (RANK, WORLD_SIZE,
    MASTER_ADDR, ...) and return this process's device. backend: "nccl" on GPUs, "gloo" on CPUs
    (default: nccl when CUDA is present, else gloo). Without torchrun's environment it does nothing
    and returns the default device, so the same script also runs as a single process.
    """
    if backend is not None and backend not in ("gloo", "nccl", "mpi"):
        raise ValueError(f"backend must be 'gloo', 'nccl', 'mpi' or None, got {backend!r}")
    cuda = torch.cuda.is_available() and backend != "gloo"
    if "RANK" in os.environ and not is_distributed():
        dist.init_process_group(backend or ("nccl" if cuda else "gloo"))
    if cuda:
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", 0)))
        torch.cuda.set_device(device)
        return device
    return torch.device("cpu")


def cleanup() -> None:
    """Destroy the process group (call at the end of a torchrun script); a no-op when not distributed."""
    if is_distributed():
        dist.destroy_process_group()


class _Gather(torch.autograd.Function):
    """all_gather whose backward returns this process's slice of the gradient SUMMED over processes.

    Why the sum. Every process computes the same global loss L on the gathered batch, and each process
    can only back-propagate into the embeddings it produced itself, z_r (slice r). The gradient we want
    is dL/dθ = Σ_r (dL/dz_r)(dz_r/dθ). Process r sends back g_r, and DDP then AVERAGES the parameter
    gradients over the W processes: (1/W) Σ_r g_r (dz_r/dθ). With `all_reduce(SUM)` then slice,
    g_r = Σ_s dL_s/dz_r = W·dL/dz_r (every L_s is the same L), so the average is exactly dL/dθ.
    The variant that returns the slice only (g_r = dL/dz_r, see `_GatherSliceOnly`) is a known bug of
    public SSL code ("GatherLayer" returning `grads[rank]`): under DDP averaging it gives dL/dθ / W.
    Adam almost hides that scale, which is why it went unnoticed; and where each process computes the
    loss of its own anchors only (the L_s differ), slice-only even drops the terms that other processes'
    anchors contribute to z_r. The summed version is right in both cases.
    """

    @staticmethod
    def forward(ctx, x: torch.Tensor) -> torch.Tensor:
        parts = [torch.empty_like(x) for _ in range(dist.get_world_size())]
        dist.all_gather(parts, x.contiguous())
        return torch.cat(parts)                                 # (W*B, D)

    @staticmethod
    def backward(ctx, grad: torch.Tensor) -> torch.Tensor:
        grad = grad.contiguous().clone()                        # (W*B, D), all_reduce works in place
        dist.all_reduce(grad, op=dist.ReduceOp.SUM)
        return grad.chunk(dist.get_world_size())[dist.get_rank()]  # (B, D)


class _GatherSliceOnly(_Gather):
    """The buggy variant, kept to show (in tests) that the comparison catches it: slice, no sum."""

    @staticmethod
    def backward(ctx, grad: torch.Tensor) -> torch.Tensor:
        return grad.chunk(dist.get_world_size())[dist.get_rank()]


def _check_same_shape_everywhere(x: torch.Tensor) -> None:
    shape = torch.tensor(x.shape, dtype=torch.int64)            # (2,) = (B, D)
    shapes = [torch.empty_like(shape) for _ in range(dist.get_world_size())]
    dist.all_gather(shapes, shape)
    sizes = [tuple(s.tolist()) for s in shapes]
    if len(set(sizes)) > 1:
        raise ValueError(f"x must have the same shape on every process (drop the last, smaller "
                         f"batch), got shapes {sizes} by rank")


def gather(x: torch.Tensor) -> torch.Tensor:
    """Concatenate the (B, D) embeddings of all processes in rank order: (world_size() * B, D).

    Differentiable: the gradient of every slice flows back to the process that produced it, summed
    over processes so that DDP's gradient averaging reproduces the single-process gradient of the loss
    on the concatenated batch exactly (why, and the known bug it avoids: see `_Gather`). The identity
    when not distributed. Every process must call it with the same shape (one extra small all_gather
    checks this). Raises TypeError for a non-float tensor, ValueError for a non-2-D or empty tensor or
    different shapes on different processes.
    """
    check_tensor("x", x, ndim=2, floating=True)
    if not is_distributed() or world_size() == 1:
        return x
    _check_same_shape_everywhere(x)
    return _Gather.apply(x)


# -- what `train.fit` needs to train under DDP --------------------------------------------------------------
def wrap(method: torch.nn.Module, device: torch.device) -> torch.nn.Module:
    """DistributedDataParallel around `method`; on GPUs with global-batch BatchNorm (SyncBatchNorm)."""
    from torch.nn.parallel import DistributedDataParallel

    if device.type == "cuda":
        method = torch.nn.SyncBatchNorm.convert_sync_batchnorm(method)  # same object, layers swapped
        return DistributedDataParallel(method, device_ids=[device])
    return DistributedDataParallel(method)


def elapsed_on_rank0(seconds: float) -> float:
    """Rank 0's `seconds`, broadcast, so every process stops at the same step with the same learning rate
    (clocks that disagree would hang a collective or drift the weights). `seconds` itself when not
    distributed."""
    if world_size() == 1:
        return seconds
    t = torch.tensor([seconds], dtype=torch.float64)
    dist.broadcast(t, src=0)
    return t.item()


def broadcast_buffers(module: torch.nn.Module) -> None:
    """Copy rank 0's buffers (BatchNorm statistics, queues) to every process; a no-op when not distributed.
    The last forward updated each process's BatchNorm statistics on its own share of the batch."""
    if world_size() > 1:
        for buffer in module.buffers():
            dist.broadcast(buffer, src=0)
