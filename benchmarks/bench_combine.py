"""SSL with labels, three ways, against the tuned supervised baseline: MNIST-5k, 10 labels per class.

    python benchmarks/bench_combine.py [--seeds 3] [--budgets 100,200,400] [--pretrain-steps 220] [--ssl-weight 0.1]

At each step budget (every point a complete run with its own warmup + cosine schedule) and for each seed (the seed
draws the labelled images and the initial weights), the four pipelines of `sslcourse.combine`: the supervised
baseline; SimCLR → fine-tune (SimCLR pretrained for `--pretrain-steps`, as in notebook 01); joint cross-entropy +
`--ssl-weight` × NT-Xent; SupCon + linear probe. Prints the final test accuracy, mean ± std over seeds, the step at
which the mean learning curve first reached 85 %, and the seconds of one run.
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from sslcourse import data, zoo
from sslcourse.combine import PIPELINES, run_pipeline
from sslcourse.monitor import first_step


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--budgets", default="100,200,400")
    p.add_argument("--pretrain-steps", type=int, default=220)
    p.add_argument("--ssl-weight", type=float, default=0.1)
    args = p.parse_args(argv)
    mnist = data.load("mnist5k")
    simclr, _ = zoo.pretrained("simclr", steps=args.pretrain_steps, progress=False)
    budgets = [int(b) for b in args.budgets.split(",")]
    print(f"test accuracy (%), 10 labels/class, mean ± std over {args.seeds} seeds, at {budgets} steps "
          "[first step the mean curve reached 85 %]")
    for name in PIPELINES:
        cells = []
        for steps in budgets:
            start = time.perf_counter()
            runs = [run_pipeline(name, mnist, pretrained=simclr.encoder, steps=steps, seed=s,
                                 ssl_weight=args.ssl_weight) for s in range(args.seeds)]
            per_run = (time.perf_counter() - start) / args.seeds
            finals, curve = [r.final for r in runs], np.mean([r.accuracy for r in runs], axis=0)
            reach = first_step(runs[0].steps, curve, 0.85)
            cells.append(f"{100 * np.mean(finals):.1f}±{100 * np.std(finals):.1f} [{reach}] ({per_run:.0f} s)")
        print(f"  {name:20s} " + "   ".join(cells), flush=True)


if __name__ == "__main__":
    main()
