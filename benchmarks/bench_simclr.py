"""Time-to-accuracy benchmark: SimCLR on mnist5k, probed with 1/5/10/100/all labels per class.

    python benchmarks/bench_simclr.py --seconds 120 [--threads 2] [--batch-size 128] [--lr 4e-3] [--temperature 0.3]
    python benchmarks/bench_simclr.py --steps 520          # the same result on any machine
    python benchmarks/bench_simclr.py --time-to            # step budgets 100..1600: seconds to 90 / 92 / 95 %
    python benchmarks/bench_simclr.py --throughput         # fit's images/s against the bare model step

Settings default to the course's recipe, `sslcourse.zoo.RECIPES[("simclr", "mnist5k")]`; each flag overrides one.
Prints throughput (images/s, two views each) and the label-efficiency table next to raw pixels and a random encoder.
The course's target: >= 92 % linear-probe accuracy at 10 labels per class with <= 120 s of pretraining on 2 CPU cores.
Prints figures only; asserts nothing (speed targets never go in timed tests).
"""
import argparse
import time

import torch

from sslcourse import data, evaluate, speed, zoo
from sslcourse.models import ConvEncoder
from sslcourse.train import fit

TARGETS = (0.90, 0.92, 0.95)


def pretrain(args, seconds=None, steps=None):
    """SimCLR on mnist5k with the recipe and the command line's overrides, uncached: (method, History)."""
    return zoo.pretrained("simclr", "mnist5k", seconds=seconds, steps=steps, seed=args.seed,
                          batch_size=args.batch_size, lr=args.lr, temperature=args.temperature, cache=False,
                          progress=False)


def time_to(args, mnist) -> None:
    """Each step budget is its own run (warmup + cosine over that budget: what you get if that is all you have)."""
    print(f"{'steps':>6}{'seconds':>9}{'images/s':>10}{'10 labels/class':>17}")
    reached = {}
    for steps in args.budgets:
        method, hist = pretrain(args, steps=steps)
        acc = evaluate.probe(method.encoder, mnist, per_class=10, draws=5).mean()
        print(f"{steps:6d}{hist.seconds:9.1f}{hist.images_per_second:10.0f}{100 * acc:16.1f}%", flush=True)
        for target in TARGETS:
            if acc >= target and target not in reached:
                reached[target] = (steps, hist.seconds)
    for target in TARGETS:
        steps, seconds = reached.get(target, (None, None))
        print(f"time to {target:.0%}: " + (f"{seconds:.0f} s ({steps} steps)" if steps else "not reached"))


def throughput(args, mnist, steps: int = 60) -> None:
    """fit's images/s against the bare step (`speed.bare_simclr_rate`: two fixed views, no augmentation, no loop)."""
    settings = zoo.recipe("simclr", "mnist5k", batch_size=args.batch_size, lr=args.lr, temperature=args.temperature)
    batch, lr, augment = settings.pop("batch_size"), settings.pop("lr"), settings.pop("augment")
    bare_rate = speed.bare_simclr_rate(steps=steps, batch_size=batch, warmup=5)
    hist = fit(zoo.build("simclr", channels=1, image_size=28, augment=augment, **settings), mnist.train.images,
               steps=steps, batch_size=batch, lr=lr, cache=False, progress=False)
    print(f"bare model step: {bare_rate:.0f} images/s; fit: {hist.images_per_second:.0f} images/s "
          f"({hist.images_per_second / bare_rate:.2f} of the bare step; fit adds augmentation, batching, "
          f"the learning-rate schedule, the history and the diagnostics every 10 steps)")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    budget = p.add_mutually_exclusive_group()
    budget.add_argument("--seconds", type=float, default=None, help="wall-clock budget (default 120)")
    budget.add_argument("--steps", type=int, default=None, help="step budget instead of seconds")
    budget.add_argument("--time-to", action="store_true", help="seconds to 90/92/95 %% over step budgets")
    budget.add_argument("--throughput", action="store_true", help="fit's images/s against the bare step")
    p.add_argument("--budgets", type=lambda s: [int(b) for b in s.split(",")], default=[100, 200, 400, 800, 1600])
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--lr", type=float, default=None)
    p.add_argument("--temperature", type=float, default=None)
    p.add_argument("--batch-size", type=int, default=None)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    mnist = data.load("mnist5k")
    settings = zoo.recipe("simclr", "mnist5k", batch_size=args.batch_size, lr=args.lr,
                          temperature=args.temperature)
    print("settings:", {k: v for k, v in settings.items() if k != "augment"}, f"threads={torch.get_num_threads()}")
    if args.time_to:
        return time_to(args, mnist)
    if args.throughput:
        return throughput(args, mnist)
    seconds = args.seconds if args.seconds is not None or args.steps is not None else 120.0
    t = time.perf_counter()
    method, hist = pretrain(args, seconds=seconds, steps=args.steps)
    print(f"SimCLR: {hist.steps} steps in {time.perf_counter() - t:.1f} s, "
          f"{hist.images_per_second:.0f} images/s (two views each)")
    label = f"{args.steps} steps" if args.steps else f"{seconds:.0f} s"
    torch.manual_seed(args.seed)
    curves = [evaluate.label_efficiency("pixels", mnist, name="raw pixels"),
              evaluate.label_efficiency(ConvEncoder(1).eval(), mnist, name="random encoder"),
              evaluate.label_efficiency(method.encoder, mnist, name=f"SimCLR {label}")]
    print(evaluate.table(curves))


if __name__ == "__main__":
    main()
