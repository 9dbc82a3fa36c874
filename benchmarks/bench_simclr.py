"""Time-to-accuracy benchmark: SimCLR on mnist5k for a wall-clock budget, probed with 1/5/10/100/all labels.

    python benchmarks/bench_simclr.py --seconds 120 [--threads 2] [--lr 2e-3] [--temperature 0.5]

Prints throughput (images/s, two views each) and the label-efficiency table next to raw pixels and a random encoder.
The course's target: >= 92 % linear-probe accuracy at 10 labels per class with <= 120 s of pretraining on 2 CPU cores.
Prints figures only; asserts nothing (speed targets never go in timed tests).
"""
import argparse
import time

import torch

from sslcourse import data, evaluate
from sslcourse.methods import build
from sslcourse.models import ConvEncoder
from sslcourse.train import fit


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seconds", type=float, default=120.0)
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--temperature", type=float, default=0.5)
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    mnist = data.load("mnist5k")
    method = build("simclr", channels=1, image_size=28, augment="mnist5k", seed=args.seed,
                   temperature=args.temperature)
    t = time.perf_counter()
    hist = fit(method, mnist.train.images, seconds=args.seconds, lr=args.lr, batch_size=args.batch_size,
               seed=args.seed, cache=False)
    print(f"SimCLR: {hist.steps} steps in {time.perf_counter() - t:.1f} s, "
          f"{hist.images_per_second:.0f} images/s (two views each), threads={torch.get_num_threads()}")
    torch.manual_seed(args.seed)
    curves = [evaluate.label_efficiency("pixels", mnist, name="raw pixels"),
              evaluate.label_efficiency(ConvEncoder(1).eval(), mnist, name="random encoder"),
              evaluate.label_efficiency(method.encoder, mnist, name=f"SimCLR {args.seconds:.0f} s")]
    print(evaluate.table(curves))


if __name__ == "__main__":
    main()
