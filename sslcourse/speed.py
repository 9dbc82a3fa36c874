"""How fast this machine trains: the yardstick every time in the course is quoted against.

Machines differ up to 3x in speed (a Zen 5 core runs the course's SimCLR step about 2.4x faster than a Zen 3 core),
so a notebook's seconds mean little without the machine's speed beside them. The yardstick is the **bare SimCLR
step**: the course's ConvEncoder and projector on the recipe's batch (256 images, two views each), the NT-Xent loss,
backward and AdamW — no augmentation, no data loading, no bookkeeping (`benchmarks/bench_simclr.py --throughput` sets
it beside `fit`'s own rate). Its images per second (two views each) divide out: a notebook that takes 100 s at 1,500
images/s takes about 240 s at 625.
"""
from __future__ import annotations

import time

import torch
import torch.nn.functional as F

from . import zoo
from ._checks import check_count


def bare_simclr_rate(steps: int = 20, batch_size: int = 256, warmup: int = 3) -> float:
    """Images per second (two views each) of the bare SimCLR step on mnist5k-sized inputs, over `steps` steps after
    `warmup` untimed ones. Uses random images (no data files), a fresh model, and this process's thread count.

    Raises ValueError naming `steps`, `batch_size` or `warmup` if one is not a positive count (warmup may be 0).
    """
    check_count("steps", steps)
    check_count("batch_size", batch_size, minimum=2)
    check_count("warmup", warmup, minimum=0)
    settings = zoo.recipe("simclr", "mnist5k", batch_size=batch_size)
    lr = settings.pop("lr")
    settings.pop("batch_size"), settings.pop("augment")
    method = zoo.build("simclr", channels=1, image_size=28, augment=None, **settings).train()
    g = torch.Generator().manual_seed(0)
    v1, v2 = torch.rand(batch_size, 1, 28, 28, generator=g), torch.rand(batch_size, 1, 28, 28, generator=g)
    opt = torch.optim.AdamW(method.parameters(), lr=lr)
    positives = torch.cat([torch.arange(batch_size, 2 * batch_size), torch.arange(batch_size)])     # (2B,)
    mask = torch.eye(2 * batch_size, dtype=torch.bool)                                                # (2B, 2B)

    def run(n: int) -> float:
        start = time.perf_counter()
        for _ in range(n):
            z = F.normalize(torch.cat(method.project((v1, v2), method.projector)), dim=1)              # (2B, P)
            loss = F.cross_entropy((z @ z.T / method.temperature).masked_fill(mask, float("-inf")), positives)
            opt.zero_grad()
            loss.backward()
            opt.step()
        return time.perf_counter() - start

    run(warmup)
    return steps * batch_size / run(steps)
