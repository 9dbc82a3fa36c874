"""SimCLR, Barlow Twins or VICReg pretraining with DistributedDataParallel. Prints images/s, asserts nothing.

    torchrun --nproc_per_node=2 benchmarks/ddp_pretrain.py --seconds 20      # 2 processes
    python benchmarks/ddp_pretrain.py --seconds 20                          # the same, 1 process

`train.fit` does the distributed part once `distributed.setup()` has made a process group: every process
draws the same global batch of `--batch-size` images and trains on its own share with its own
augmentation seed; the methods gather the projections of all processes (`distributed.gather`), so the
loss is that of the global batch, and DDP averages the gradients. Rank 0's clock sets the time budget
for everyone. On GPUs BatchNorm becomes SyncBatchNorm; on CPUs each process normalises its own share.
On a 2-core machine, 2 processes of 1 thread each are compared with 1 process of 2 threads.
"""
from __future__ import annotations

import argparse
import os

import torch
import torch.distributed as dist

from sslcourse import distributed
from sslcourse.data import load
from sslcourse.zoo import build
from sslcourse.train import fit


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
    world = distributed.world_size()
    torch.set_num_threads(args.threads or max(1, (os.cpu_count() or 1) // world))
    data = load(args.data)
    method = build(args.method, channels=data.channels, image_size=data.image_size,
                   augment=args.data, width=args.width, seed=args.seed)
    hist = fit(method, data.train.images, seconds=args.seconds, batch_size=args.batch_size, lr=args.lr,
               seed=args.seed, device=device, cache=False, progress=distributed.rank() == 0)
    drift = replica_drift(method)
    if distributed.rank() == 0:
        timed = hist.times[-1] - hist.times[0] if hist.steps > 1 else float("nan")
        print(f"{args.method} on {args.data}: {world} process(es) x {torch.get_num_threads()} thread(s), "
              f"global batch {args.batch_size}, {hist.steps} steps, last loss {hist.losses[-1]:.3f}, "
              f"{(hist.steps - 1) * args.batch_size / timed:.0f} images/s after the first step, "
              f"largest weight difference between processes {drift:.1e}")
    distributed.cleanup()


if __name__ == "__main__":
    main()
