"""The tuned supervised baseline on MNIST-5k over label draws: the number every SSL result in notebook 01 stands beside.

    python benchmarks/bench_baseline.py [--budgets 1,10] [--draws 5] [--record]

Runs exactly `baselines.supervised_baseline(mnist5k, budgets, draws)`: per budget and label draw d
(`label_budget(…, seed=d)`, the subsets the probes use), a fresh ConvEncoder (width 32) + linear head trained by
`train.fit` with `classifier.SCHEDULE` (2,000 steps of 64 images, lr 1e-2, weight decay 1e-5) and SimCLR's recipe
augmentation, scored on the 1,000 test images. One network is 128,000 images seen (forward and backward): about
half a minute with 1 label per class and a minute and a half with 10 on a 2-core ~1,000 images/s machine, so
notebook 01 reads these numbers instead of training them (its budget is 3 minutes).

Prints each draw, the mean ± std and worst draw per budget. `--record` stores them in results/results.json under
`bench_baseline.*` (per draw too, so the notebook can show the whole spread). Every network is cached by `fit`.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sslcourse import baselines, data, results  # noqa: E402
from sslcourse.classifier import SCHEDULE  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--budgets", default="1,10", help="labels per class, comma-separated (default 1,10)")
    p.add_argument("--draws", type=int, default=5, help="label draws 0..N-1 (default 5)")
    p.add_argument("--record", action="store_true", help="store the results in results/results.json")
    args = p.parse_args(argv)
    try:
        budgets = tuple(int(b) for b in args.budgets.split(","))
    except ValueError:
        raise SystemExit(f"--budgets must be integers separated by commas, got {args.budgets!r}") from None
    if args.draws < 2 or min(budgets) < 1:
        raise SystemExit("--draws must be at least 2 and every budget at least 1")
    mnist = data.load("mnist5k")
    start = time.perf_counter()
    curve = baselines.supervised_baseline(mnist, budgets=budgets, draws=args.draws, progress=True)
    seconds = time.perf_counter() - start
    images = SCHEDULE["steps"] * SCHEDULE["batch_size"]
    print(f"\nsupervised from scratch, {SCHEDULE}: {images:,} images seen per network; {seconds:.0f} s now "
          f"(cached networks count 0)")
    values, what, units = {}, {}, {}
    for b in budgets:
        accs = np.array(curve.accs[b])
        print(f"  {b:>3} label(s)/class: " + "  ".join(f"{a:.1%}" for a in accs)
              + f"   mean {accs.mean():.1%} ± {accs.std(ddof=1):.1%}, worst {accs.min():.1%}")
        stats = {"mean": accs.mean(), "std": accs.std(ddof=1), "min": accs.min(), "max": accs.max()}
        stats.update({f"draw_{d}": a for d, a in enumerate(accs)})
        for stat, x in stats.items():
            key = f"supervised_{b}_per_class_{stat}"
            values[key] = float(x)
            what[key] = (f"supervised from scratch (classifier.SCHEDULE, {images:,} images seen), {b} label(s)/class, "
                         + (f"label draw {stat[5:]}" if stat.startswith("draw") else f"{stat} over {args.draws} draws"))
    values["images_seen"], what["images_seen"], units["images_seen"] = (
        float(images), "images seen (forward and backward) by one supervised baseline network", "count")
    if args.record:
        os.environ.setdefault("SSLCOURSE_RESULTS", str(results.DEFAULT))
        results.record("bench_baseline", values, what, units)
        print(f"recorded {len(values)} values under bench_baseline.* in {results.path()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
