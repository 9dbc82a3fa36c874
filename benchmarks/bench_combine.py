"""SSL with labels, three ways, against the tuned supervised baseline: MNIST-5k, 10 labels per class.

    python benchmarks/bench_combine.py [--seeds 3] [--budgets 100,200,400,800] [--pretrain-steps 220]

At each step budget (every point a complete run with its own warmup + cosine schedule) and for each seed (the seed
draws the labelled images and the initial weights):
- supervised baseline: `classifier.SCHEDULE` at that many steps, the labelled images only;
- SimCLR → fine-tune: SimCLR pretrained for `--pretrain-steps` (notebook 01's, cached), then fine-tuned;
- joint: `methods.SupervisedWithSimCLR` (cross-entropy on the labelled batch + SimCLR on the unlabelled one), the
  EMA teacher evaluated;
- SupCon: `methods.SupCon` on the labelled images, then a linear probe on the same labels.
Prints test accuracy, mean ± std over seeds, and the seconds of one run at each budget.
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from sslcourse import data, evaluate, zoo
from sslcourse.classifier import schedule_and_augment, train_classifier
from sslcourse.finetune import fine_tuned
from sslcourse.methods import SupCon, SupervisedWithSimCLR
from sslcourse.models import encoder_for
from sslcourse.train import fit

PIPELINES = ("supervised", "SimCLR -> fine-tune", "joint CE + SimCLR", "SupCon + probe")


def fresh():
    return encoder_for(1, "conv", 32)


def run(name: str, mnist, steps: int, seed: int, simclr) -> float:
    schedule, weak = schedule_and_augment(mnist, steps, None, None, None, None)
    labelled = data.label_budget(mnist.train.labels, 10, seed=seed)
    test = (mnist.test.images, mnist.test.labels)
    if name == "supervised":
        return evaluate.accuracy(train_classifier(fresh, mnist, 10, seed, schedule=schedule, augment=weak), *test)
    if name == "SimCLR -> fine-tune":
        return evaluate.accuracy(fine_tuned(simclr.encoder, mnist, 10, seed, steps=steps, seed=seed), *test)
    torch.manual_seed(seed)
    if name == "joint CE + SimCLR":
        method = SupervisedWithSimCLR(fresh(), weak, labelled_images=mnist.train.images[labelled],
                                      labelled_labels=mnist.train.labels[labelled], num_classes=10, seed=seed)
        fit(method, mnist.train.images, seed=seed, progress=False, **schedule)
        return evaluate.accuracy(method, *test)
    method = SupCon(fresh(), weak, seed=seed)
    fit(method, mnist.train.images[labelled], mnist.train.labels[labelled], seed=seed, progress=False, **schedule)
    return evaluate.label_efficiency(method.encoder, mnist, (10,), draws=1, seed=seed).mean(10)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--budgets", default="100,200,400,800")
    p.add_argument("--pretrain-steps", type=int, default=220)
    args = p.parse_args(argv)
    mnist = data.load("mnist5k")
    simclr, _ = zoo.pretrained("simclr", steps=args.pretrain_steps, progress=False)
    budgets = [int(b) for b in args.budgets.split(",")]
    print(f"test accuracy (%), 10 labels/class, mean ± std over {args.seeds} seeds, at {budgets} steps")
    for name in PIPELINES:
        cells = []
        for steps in budgets:
            start = time.perf_counter()
            accs = [run(name, mnist, steps, s, simclr) for s in range(args.seeds)]
            per_run = (time.perf_counter() - start) / args.seeds
            cells.append(f"{100 * np.mean(accs):.1f}±{100 * np.std(accs):.1f} ({per_run:.0f} s)")
        print(f"  {name:22s} " + "   ".join(cells), flush=True)


if __name__ == "__main__":
    main()
