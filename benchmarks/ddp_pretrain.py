"""SimCLR, Barlow Twins or VICReg pretraining with DistributedDataParallel. Prints images/s, asserts nothing.

    torchrun --nproc_per_node=2 benchmarks/ddp_pretrain.py --seconds 20      # 2 processes
    python benchmarks/ddp_pretrain.py --seconds 20                          # the same, 1 process

Every process builds the same method (same seed; DDP also broadcasts rank 0's weights), draws the same
global batch of `--batch-size` images each step and trains on its own contiguous share of it (a
DistributedSampler done by hand), with its own augmentation seed. The methods gather the projections of
all processes (`sslcourse.distributed.gather`), so the loss is the one of the global batch, and DDP
averages the gradients. Rank 0's clock sets the time for everyone: a time budget that each process
checked for itself would let them stop at different steps and hang in a collective, and learning rates
from different clocks would let the weights drift apart (DDP syncs gradients, not weights).
BatchNorm: on GPUs the model is converted to SyncBatchNorm (global-batch statistics, exactly the
single-process run); PyTorch's SyncBatchNorm does not run on CPUs, so on CPUs each process normalises
with the statistics of its own share. images/s counts global-batch images (two views each) after the
first step. On a 2-core machine, 2 processes of 1 thread each are compared with 1 process of 2 threads.
"""
from __future__ import annotations

import argparse
import os
import time

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

from sslcourse import distributed
from sslcourse.data import load
from sslcourse.methods import build
from sslcourse.train import lr_factor


def elapsed_on_rank0(start: float) -> float:
    """Seconds since `start` by rank 0's clock, the same number on every process (one tiny broadcast per
    step): the stopping time AND the learning rate must agree, or the processes hang or drift apart."""
    t = torch.tensor([time.perf_counter() - start], dtype=torch.float64)
    if distributed.is_distributed():
        dist.broadcast(t, src=0)
    return t.item()


def replica_drift(model: torch.nn.Module) -> float:
    """Largest |weight - rank 0's weight| over all processes: 0 while DDP keeps the copies in sync."""
    w = torch.cat([p.detach().flatten().cpu() for p in model.parameters()])
    if not distributed.is_distributed():
        return 0.0
    w0 = w.clone()
    dist.broadcast(w0, src=0)
    drift = (w - w0).abs().max().reshape(1)
    dist.all_reduce(drift, op=dist.ReduceOp.MAX)
    return drift.item()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--method", default="simclr", choices=["simclr", "barlow", "vicreg"])
    parser.add_argument("--data", default="mnist5k")
    parser.add_argument("--batch-size", type=int, default=256, help="global batch, split over processes")
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--width", type=int, default=32)
    parser.add_argument("--threads", type=int, default=None, help="CPU threads per process "
                        "(default: CPU cores / processes)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    device = distributed.setup()
    rank, world = distributed.rank(), distributed.world_size()
    if args.batch_size % world:
        raise ValueError(f"--batch-size must be divisible by the {world} processes, got {args.batch_size}")
    torch.set_num_threads(args.threads or max(1, (os.cpu_count() or 1) // world))
    data = load(args.data)
    images = data.train.images
    method = build(args.method, channels=data.channels, image_size=data.image_size,
                   augment=args.data, width=args.width, seed=args.seed)
    method.seed(args.seed + rank)                               # different augmentations per process
    if device.type == "cuda":
        method = torch.nn.SyncBatchNorm.convert_sync_batchnorm(method)
    method.to(device).train()
    model = DistributedDataParallel(method) if world > 1 else method
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-5)

    order_gen = torch.Generator().manual_seed(args.seed)      # the same order on every process
    local = args.batch_size // world
    per_epoch = len(images) // args.batch_size
    step, start, timed_from = 0, time.perf_counter(), None
    while (elapsed := elapsed_on_rank0(start)) < args.seconds:
        if step % per_epoch == 0:
            order = torch.randperm(len(images), generator=order_gen)
        batch = order[(step % per_epoch) * args.batch_size:][:args.batch_size]  # (global B,)
        x = images[batch[rank * local:(rank + 1) * local]].to(device)          # (B / world, C, H, W)
        for g in opt.param_groups:
            g["lr"] = args.lr * lr_factor(elapsed / args.seconds, 0.05)
        loss = model(x)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        if step == 1:
            timed_from = time.perf_counter()
    timed = time.perf_counter() - (timed_from or start)
    drift = replica_drift(method)
    if rank == 0 and step < 2:
        print(f"only {step} step(s) in {args.seconds} s: give more --seconds")
    elif rank == 0:
        print(f"{args.method} on {args.data}: {world} process(es) x {torch.get_num_threads()} thread(s), "
              f"global batch {args.batch_size}, {step} steps, last loss {loss.item():.3f}, "
              f"{(step - 1) * args.batch_size / timed:.0f} images/s, "
              f"largest weight difference between processes {drift:.1e}")
    distributed.cleanup()


if __name__ == "__main__":
    main()
