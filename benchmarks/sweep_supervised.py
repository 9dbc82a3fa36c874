"""Tune the supervised-from-scratch baseline honestly: model selection on training images only.

    python benchmarks/sweep_supervised.py              # the whole sweep, then the chosen schedule on the test split
    python benchmarks/sweep_supervised.py --final-only # only the last table (the README's numbers)
    python benchmarks/sweep_supervised.py --from-stage 2 --best '{"steps": 1000, "lr": 0.01, "augment": "mild"}'

Validation: 100 images per class are carved out of mnist5k's *training* split; labelled subsets (1, 5, 10, 100
per class) are drawn from the other 3,000 training images. The test split is used once, at the end, for the
chosen schedule (5 label draws), as Oliver et al. (2018) ask of a baseline: tuned as hard as the method. The last
table scores the package's `baselines.SCHEDULE`: after a sweep, copy the winner there (with the numbers) first.

Stages: (1) steps x learning rate x augmentation at 10 labels per class; (2) weight decay at the best of (1);
(3) steps at every budget with the best of (2), to check that one schedule serves them all.
Prints figures only; asserts nothing.
"""
import argparse
import itertools
import json
import time

import torch

from sslcourse import data, zoo
from sslcourse.baselines import SCHEDULE, supervised_baseline
from sslcourse.data import Data, Split, label_budget
from sslcourse.evaluate import table

AUGMENTS = {"none": "none", "mild": zoo.recipe("simclr")["augment"], "preset": "mnist5k"}


def validation_data(mnist: Data, per_class: int = 100, seed: int = 1234) -> Data:
    """mnist5k with its test split replaced by `per_class` held-out *training* images per class."""
    val = label_budget(mnist.train.labels, per_class, seed=seed)
    rest = torch.ones(len(mnist.train), dtype=torch.bool)
    rest[val] = False
    pick = lambda idx: Split(mnist.train.images[idx], mnist.train.labels[idx])  # noqa: E731
    return Data(mnist.name, pick(rest.nonzero().flatten()), pick(val), mnist.classes)


def score(dataset: Data, budget, draws: int, **schedule) -> tuple[float, float]:
    """(mean, std) accuracy on `dataset.test` of the baseline trained with `schedule` at `budget` labels/class."""
    curve = supervised_baseline(dataset, budgets=(budget,), draws=draws, **schedule)
    return curve.mean(budget), curve.std(budget)


def report(rows: list[tuple[dict, float, float, float]]) -> None:
    """Print (settings, mean, std, seconds) rows, naming the augmentation instead of printing it."""
    for settings, mean, std, seconds in rows:
        shown = {k: (v if k != "augment" else next((n for n, a in AUGMENTS.items() if a is v or a == v), repr(v)))
                 for k, v in settings.items()}
        print(f"  {shown}: {100 * mean:5.1f} ± {100 * std:3.1f} %  ({seconds:4.0f} s)", flush=True)


def stage(dataset: Data, budget, draws: int, grid: list[dict]) -> tuple[dict, float]:
    """Score every setting of `grid`, printing each as it finishes; return the best setting and its accuracy."""
    rows = []
    for settings in grid:
        t = time.perf_counter()
        mean, std = score(dataset, budget, draws, **settings)
        rows.append((settings, mean, std, time.perf_counter() - t))
        report(rows[-1:])
    best = max(rows, key=lambda r: r[1])
    return best[0], best[1]


def main() -> None:
    """The command line: see the module docstring."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--draws", type=int, default=2, help="label draws per setting in the sweep")
    p.add_argument("--final-only", action="store_true")
    p.add_argument("--from-stage", type=int, default=1, choices=[1, 2, 3])
    p.add_argument("--best", type=json.loads, default=None, help="the best of the skipped stages, as JSON")
    p.add_argument("--threads", type=int, default=None)
    args = p.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    mnist = data.load("mnist5k")
    if not args.final_only:
        val = validation_data(mnist)
        print(f"validation split: {len(val.test)} held-out training images; labelled draws from {len(val.train)}")
        best = {"weight_decay": 1e-5, "batch_size": 64, "augment": "mild", **(args.best or {})}
        if best["augment"] not in AUGMENTS:
            p.error(f"--best: augment must be one of {sorted(AUGMENTS)}, got {best['augment']!r}")
        best["augment"] = AUGMENTS[best["augment"]]
    if not args.final_only and args.from_stage <= 1:
        print("stage 1: 10 labels/class, weight decay 1e-5, batch 64")
        grid = [dict(steps=s, lr=lr, augment=AUGMENTS[a], weight_decay=1e-5, batch_size=64)
                for s, lr, a in itertools.product((500, 1000, 2000), (1e-3, 3e-3, 1e-2), ("mild", "preset"))]
        grid += [dict(steps=1000, lr=1e-2, augment=AUGMENTS["none"], weight_decay=1e-5, batch_size=64)]
        best, _ = stage(val, 10, args.draws, grid)
    if not args.final_only and args.from_stage <= 2:
        print("stage 2: weight decay at the best of stage 1")
        best, _ = stage(val, 10, args.draws, [{**best, "weight_decay": wd} for wd in (1e-5, 1e-3, 5e-2)])
    if not args.final_only:
        print("stage 3: steps per budget at the best of stage 2")
        for budget in (1, 5, 100, "all"):
            print(f" {budget} labels/class")
            stage(val, budget, 1 if budget == "all" else args.draws,
                  [{**best, "steps": s} for s in (500, 1000, 2000)])
        print(f"best of the sweep: {best}")
    print(f"\nthe package's SCHEDULE {SCHEDULE} on the test split, 5 label draws:")
    t = time.perf_counter()
    curve = supervised_baseline(mnist, budgets=(1, 5, 10, 100, "all"), draws=5)
    print(table([curve]))
    print(f"({time.perf_counter() - t:.0f} s)")


if __name__ == "__main__":
    main()
