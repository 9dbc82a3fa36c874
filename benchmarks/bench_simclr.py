"""Time-to-accuracy benchmark: SimCLR on mnist5k for a wall-clock (or step) budget, probed with 1/5/10/100/all labels.

    python benchmarks/bench_simclr.py --seconds 120 [--threads 2] [--batch-size 128] [--lr 4e-3] [--temperature 0.3]
    python benchmarks/bench_simclr.py --steps 520          # the same result on any machine

Settings default to the course's recipe, `sslcourse.zoo.RECIPES[("simclr", "mnist5k")]`; each flag overrides one.
Prints throughput (images/s, two views each) and the label-efficiency table next to raw pixels and a random encoder.
The course's target: >= 92 % linear-probe accuracy at 10 labels per class with <= 120 s of pretraining on 2 CPU cores.
Prints figures only; asserts nothing (speed targets never go in timed tests).
"""
import argparse
import time

import torch

from sslcourse import data, evaluate, zoo
from sslcourse.models import ConvEncoder


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    budget = p.add_mutually_exclusive_group()
    budget.add_argument("--seconds", type=float, default=None, help="wall-clock budget (default 120)")
    budget.add_argument("--steps", type=int, default=None, help="step budget instead of seconds")
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--lr", type=float, default=None)
    p.add_argument("--temperature", type=float, default=None)
    p.add_argument("--batch-size", type=int, default=None)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    seconds = args.seconds if args.seconds is not None or args.steps is not None else 120.0
    mnist = data.load("mnist5k")
    settings = zoo.recipe("simclr", "mnist5k", batch_size=args.batch_size, lr=args.lr,
                          temperature=args.temperature)
    print("settings:", {k: v for k, v in settings.items() if k != "augment"})
    t = time.perf_counter()
    method, hist = zoo.pretrained("simclr", "mnist5k", seconds=seconds, steps=args.steps, seed=args.seed,
                                  batch_size=args.batch_size, lr=args.lr, temperature=args.temperature,
                                  cache=False, progress=False)
    print(f"SimCLR: {hist.steps} steps in {time.perf_counter() - t:.1f} s, "
          f"{hist.images_per_second:.0f} images/s (two views each), threads={torch.get_num_threads()}")
    torch.manual_seed(args.seed)
    label = f"{args.steps} steps" if args.steps else f"{seconds:.0f} s"
    curves = [evaluate.label_efficiency("pixels", mnist, name="raw pixels"),
              evaluate.label_efficiency(ConvEncoder(1).eval(), mnist, name="random encoder"),
              evaluate.label_efficiency(method.encoder, mnist, name=f"SimCLR {label}")]
    print(evaluate.table(curves))


if __name__ == "__main__":
    main()
