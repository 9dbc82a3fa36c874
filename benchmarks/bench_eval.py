"""The evaluation protocols side by side: frozen linear probe, kNN, fine-tuning, and the supervised baseline.

    python benchmarks/bench_eval.py [--pretrain-steps 1300] [--seeds 0] [--budgets 1,10] [--draws 5]
                                    [--encoder-lr 0.1] [--finetune-steps 2000]

SimCLR is pretrained with the course's recipe (`zoo.pretrained`, a step budget: the same result on any machine) for
each pretraining seed; every protocol then uses the same label draws (`label_budget(…, seed + draw)`). Prints one
row per protocol, mean ± std over pretraining seeds and label draws, in percent, and the seconds each part took.
Everything is cached by `train.fit`, so a second run prints at once. Measured results are in the README.
"""
from __future__ import annotations

import argparse
import time

import torch

from sslcourse import data, zoo
from sslcourse.baselines import supervised_baseline
from sslcourse.evaluate import Curve, label_efficiency
from sslcourse.finetune import fine_tune


def budgets_arg(text: str) -> list:
    return [b if b == "all" else int(b) for b in text.split(",")]


def merged(name: str, curves: list[Curve]) -> Curve:
    """One curve whose draws are those of every curve (one per pretraining seed)."""
    out = Curve(name)
    for c in curves:
        for b, accs in c.accs.items():
            out.accs.setdefault(b, []).extend(accs)
    return out


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pretrain-steps", type=int, default=1300)
    p.add_argument("--seeds", default="0", help="pretraining seeds, comma-separated")
    p.add_argument("--budgets", type=budgets_arg, default=[1, 10])
    p.add_argument("--draws", type=int, default=5)
    p.add_argument("--encoder-lr", type=float, default=0.1)
    p.add_argument("--finetune-steps", type=int, default=None, help="default: classifier.SCHEDULE's")
    args = p.parse_args(argv)
    mnist = data.load("mnist5k")
    rows: dict[str, list[Curve]] = {}
    seconds: dict[str, float] = {}

    def timed(label: str, make):
        start = time.perf_counter()
        rows.setdefault(label, []).append(make())
        seconds[label] = seconds.get(label, 0.0) + time.perf_counter() - start

    for seed in (int(s) for s in args.seeds.split(",")):
        start = time.perf_counter()
        simclr, hist = zoo.pretrained("simclr", steps=args.pretrain_steps, seed=seed)
        seconds["pretraining"] = seconds.get("pretraining", 0.0) + time.perf_counter() - start
        encoder = simclr.encoder
        timed("SimCLR, frozen linear probe", lambda: label_efficiency(encoder, mnist, args.budgets, args.draws))
        timed("SimCLR, frozen kNN", lambda: label_efficiency(encoder, mnist, args.budgets, args.draws, probe="knn"))
        timed(f"SimCLR, fine-tuned (encoder lr x {args.encoder_lr:g})",
              lambda: fine_tune(encoder, mnist, args.budgets, args.draws, encoder_lr=args.encoder_lr,
                                steps=args.finetune_steps, progress=True))
    timed("supervised from scratch (tuned)",
          lambda: supervised_baseline(mnist, args.budgets, args.draws, steps=args.finetune_steps, progress=True))
    timed("raw pixels, linear probe", lambda: label_efficiency("pixels", mnist, args.budgets, args.draws))
    torch.manual_seed(0)
    random_encoder = zoo.build("simclr", channels=1, image_size=28).encoder
    timed("random encoder, linear probe", lambda: label_efficiency(random_encoder, mnist, args.budgets, args.draws))

    width = max(len(name) for name in rows) + 2
    print(f"SimCLR {args.pretrain_steps} steps, seeds {args.seeds}; {args.draws} label draws; test accuracy %")
    print("protocol".ljust(width) + "".join(f"{str(b) + ' labels/class':>20s}" for b in args.budgets) + "  seconds")
    for name, curves in rows.items():
        c = merged(name, curves)
        cells = "".join(f"{100 * c.mean(b):>12.1f} ± {100 * c.std(b):<5.1f}" for b in args.budgets)
        print(name.ljust(width) + cells + f"{seconds[name]:>9.0f}")
    n_seeds = len(args.seeds.split(","))
    print(f"pretraining: {seconds['pretraining']:.0f} s in all; SimCLR rows: {n_seeds} pretraining seed(s) x "
          f"{args.draws} label draws per cell; the others: {args.draws} label draws")


if __name__ == "__main__":
    main()
