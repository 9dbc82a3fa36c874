"""Notebook 06's self-training claims over label draws: what one run in the notebook stands for.

    python benchmarks/bench_pseudo.py [--draws 5] [--steps 200] [--record]

Self-training is chaotic: the student learns from its teacher's guesses, so a last-bit difference in the teacher
(another CPU's vector width, another thread count) changes which images pass the threshold, and the student's
accuracy moves by a point or two. One run cannot carry a claim of a few points; the mean over draws can. For each
label draw d (0 is the notebook's own run), with notebook 06's budget (`--steps` steps of the supervised baseline's
schedule and augmentation, ConvEncoder width 32):

- section 1: a teacher on 10 labels per class (draw d, seed d) and students (`selftrain.student`, seed 1) on its
  pseudo-labels above tau = 0, 0.8 and 0.99;
- section 2: two rounds of self-training (`selftrain.self_training`, threshold 0.95) from 1 label per class (draw d).

Prints each quantity per draw, its mean ± std, and the paired differences the notebook's prose states. `--record`
stores them in results/results.json under `bench_pseudo.*` (the notebook asserts on those and prints its own run
beside them). Every training is cached by `fit`: a second run prints at once.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sslcourse import data, evaluate, results, selftrain  # noqa: E402
from sslcourse.classifier import schedule_and_augment, train_classifier  # noqa: E402
from sslcourse.models import encoder_for  # noqa: E402

TAUS = (0.0, 0.8, 0.99)


def fresh():
    return encoder_for(1, "conv", 32)


def section_one(mnist, draw: int, steps: int) -> dict:
    """Teacher (10 labels/class, draw `draw`) and its students' test accuracies at each tau."""
    schedule, weak = schedule_and_augment(mnist, steps, None, None, None, None)
    labelled = data.label_budget(mnist.train.labels, 10, seed=draw)
    teacher = train_classifier(fresh, mnist, 10, draw, schedule=schedule, augment=weak)
    row = {"teacher": evaluate.accuracy(teacher, mnist.test.images, mnist.test.labels)}
    for tau in TAUS:
        student = selftrain.student(teacher, mnist, labelled, tau, steps=steps, seed=1)
        row[f"tau {tau}"] = evaluate.accuracy(student, mnist.test.images, mnist.test.labels)
    return row


def section_two(mnist, draw: int, steps: int) -> dict:
    """Two rounds of self-training from 1 label per class: precision and the smallest class per round."""
    labelled = data.label_budget(mnist.train.labels, 1, seed=draw)
    _, rounds = selftrain.self_training(mnist, labelled, rounds=2, threshold=0.95, steps=steps, seed=0)
    return {"round 0 accuracy": rounds[0]["accuracy"], "round 2 accuracy": rounds[2]["accuracy"],
            "round 1 precision": rounds[1]["precision"], "round 2 precision": rounds[2]["precision"],
            "round 1 smallest class": min(rounds[1]["given"]), "round 2 smallest class": min(rounds[2]["given"])}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--draws", type=int, default=5, help="label draws 0..N-1 (default 5)")
    p.add_argument("--steps", type=int, default=200, help="steps per network (default 200, notebook 06's)")
    p.add_argument("--record", action="store_true", help="store the means in results/results.json")
    args = p.parse_args(argv)
    if args.draws < 2 or args.steps < 1:
        raise SystemExit("--draws must be at least 2 and --steps at least 1")
    mnist = data.load("mnist5k")
    rows = []
    for d in range(args.draws):
        rows.append({**section_one(mnist, d, args.steps), **section_two(mnist, d, args.steps)})
        shown = (f"{k} {v}" if isinstance(v, int) else f"{k} {v:.3f}" for k, v in rows[-1].items())
        print(f"draw {d}: " + "  ".join(shown), flush=True)
    col = {k: np.array([r[k] for r in rows]) for k in rows[0]}
    derived = {"gain of tau 0.8 over the teacher": col["tau 0.8"] - col["teacher"],
               "tau 0.8 over tau 0.99": col["tau 0.8"] - col["tau 0.99"],
               "teacher over tau 0.99": col["teacher"] - col["tau 0.99"],
               "round 2 precision below round 1": col["round 1 precision"] - col["round 2 precision"],
               "round 2 accuracy above round 0": col["round 2 accuracy"] - col["round 0 accuracy"]}
    print(f"\nover {args.draws} label draws, {args.steps} steps per network (mean ± std, worst draw):")
    for name, v in {**col, **derived}.items():
        print(f"  {name:34s} {v.mean():8.4f} ± {v.std(ddof=1):.4f}   min {v.min():.4f}  max {v.max():.4f}")
    if args.record:
        os.environ.setdefault("SSLCOURSE_RESULTS", str(results.DEFAULT))
        values, what, units = {}, {}, {}
        for name, v in {**col, **derived}.items():
            key = results.slug(name)
            counted = "smallest class" in name
            for stat, x in (("mean", v.mean()), ("std", v.std(ddof=1)), ("min", v.min()), ("max", v.max())):
                values[f"{key}_{stat}"] = float(x)
                what[f"{key}_{stat}"] = f"{name}, {stat} over {args.draws} label draws ({args.steps} steps each)"
                if counted:
                    units[f"{key}_{stat}"] = "count"
        results.record("bench_pseudo", values, what, units)
        print(f"recorded {len(values)} values under bench_pseudo.* in {results.path()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
