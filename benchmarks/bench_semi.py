"""Semi-supervised pipelines on MNIST-5k against the supervised baseline: the project's label-efficiency goal.

    python benchmarks/bench_semi.py [--budgets 1,10] [--draws 5] [--pretrain-steps 1300] [--semi-steps 1000]
                                    [--threshold 0.8] [--only NAME,...]

Every pipeline uses the same label draws (`label_budget(…, draw)`), the same ConvEncoder and the supervised baseline's
weak augmentation (SimCLR's recipe); unlabelled images are the 4,000 training images (labels hidden). Pipelines:

- supervised baseline: `classifier.SCHEDULE` (2,000 steps of 64), labelled images only;
- SimCLR + frozen linear probe; SimCLR + fine-tuning (`finetune`, the baseline's schedule, encoder lr × 0.1);
- SimCLR → fine-tune → distil (SimCLRv2): a student (from SimCLR's encoder) matches the fine-tuned teacher's
  probabilities on all 4,000 images for `--semi-steps` steps;
- self-training: the baseline labels the pool (probability > `--threshold`), a fresh network trains on both
  (the baseline's schedule);
- FixMatch from scratch and from SimCLR's encoder: `--semi-steps` steps, 64 unlabelled + 64 labelled images per step.

Prints mean ± std over label draws per pipeline and budget, and the CPU seconds one run of the pipeline took
(pretraining included, measured when it trained; a cached run reports the seconds stored with it). Everything is
cached by `train.fit`: a second run prints at once. The README has the measured table.
"""
from __future__ import annotations

import argparse
import copy
import time

import numpy as np
import torch

from sslcourse import data, evaluate, selftrain, zoo
from sslcourse.classifier import SCHEDULE, schedule_and_augment, train_classifier
from sslcourse.finetune import fine_tuned
from sslcourse.methods import Distillation, FixMatch, Supervised
from sslcourse.models import encoder_for
from sslcourse.train import fit

PIPELINES = ("supervised", "frozen", "finetune", "distil", "selftrain", "fixmatch", "fixmatch_simclr")


def fresh():
    return encoder_for(1, "conv", 32)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--budgets", default="1,10")
    p.add_argument("--draws", type=int, default=5)
    p.add_argument("--pretrain-steps", type=int, default=1300)
    p.add_argument("--semi-steps", type=int, default=1000)
    p.add_argument("--threshold", type=float, default=0.8)
    p.add_argument("--only", default=",".join(PIPELINES))
    args = p.parse_args(argv)
    budgets = [int(b) for b in args.budgets.split(",")]
    only = args.only.split(",")
    mnist = data.load("mnist5k")
    images, labels = mnist.train.images, mnist.train.labels
    schedule, weak = schedule_and_augment(mnist, None, None, None, None, None)

    start = time.perf_counter()
    simclr, pre = zoo.pretrained("simclr", steps=args.pretrain_steps, progress=False)
    pre_s = pre.seconds
    print(f"SimCLR, {args.pretrain_steps} steps: {pre_s:.0f} s when it trained (cached: {pre.cached}; "
          f"{time.perf_counter() - start:.0f} s now)")
    acc: dict[str, dict[int, list[float]]] = {name: {b: [] for b in budgets} for name in only}
    secs: dict[str, list[float]] = {name: [] for name in only}

    def test(model) -> float:
        return evaluate.accuracy(model, mnist.test.images, mnist.test.labels)

    def semi(make_encoder, lab, d, lr):
        torch.manual_seed(d)
        m = FixMatch(make_encoder(), weak, labelled_images=images[lab], labelled_labels=labels[lab], num_classes=10,
                     mu=1, seed=d)
        h = fit(m, images, steps=args.semi_steps, batch_size=64, lr=lr, weight_decay=1e-5, seed=d, progress=False)
        return m, h.seconds

    for b in budgets:
        for d in range(args.draws):
            lab = data.label_budget(labels, b, seed=d)
            base = train_classifier(fresh, mnist, b, d, schedule=schedule, augment=weak)   # cached by bench_eval
            base_s = base.history.seconds
            row = {}
            if "supervised" in only:
                row["supervised"] = (test(base), base_s)
            if "frozen" in only:
                curve = evaluate.label_efficiency(simclr.encoder, mnist, (b,), draws=1, seed=d)
                row["frozen"] = (curve.mean(b), pre_s)
            if "finetune" in only or "distil" in only:
                tuned = fine_tuned(simclr.encoder, mnist, b, draw=d)
                tuned_s = pre_s + tuned.history.seconds
                row["finetune"] = (test(tuned), tuned_s)
            if "distil" in only:
                torch.manual_seed(d)
                student = Distillation(copy.deepcopy(simclr.encoder).train().requires_grad_(True), weak,
                                       teacher=tuned, num_classes=10, seed=d)
                h = fit(student, images, steps=args.semi_steps, batch_size=64, lr=1e-2, weight_decay=1e-5, seed=d,
                        progress=False)
                row["distil"] = (test(student), tuned_s + h.seconds)
            if "selftrain" in only:
                rest = torch.ones(len(labels), dtype=torch.bool)
                rest[lab] = False
                pool = rest.nonzero().flatten()
                keep, pseudo = selftrain.pseudo_labels(base, images[pool], args.threshold)
                idx, targets = torch.cat([lab, pool[keep]]), torch.cat([labels[lab], pseudo])
                torch.manual_seed(d + 1)
                st = Supervised(fresh(), weak, num_classes=10, seed=d + 1)
                h = fit(st, images[idx], targets, seed=d + 1, progress=False, **schedule)
                row["selftrain"] = (test(st), base_s + h.seconds)
            if "fixmatch" in only:
                m, s = semi(fresh, lab, d, 1e-2)
                row["fixmatch"] = (test(m), s)
            if "fixmatch_simclr" in only:
                m, s = semi(lambda: copy.deepcopy(simclr.encoder).train().requires_grad_(True), lab, d, 3e-3)
                row["fixmatch_simclr"] = (test(m), pre_s + s)
            for name, (a, s) in row.items():
                acc[name][b].append(a)
                secs[name].append(s)
            print(f"{b:>3} labels/class, draw {d}: " + "  ".join(f"{n} {a:.1%}" for n, (a, _) in row.items()),
                  flush=True)

    print(f"\nMNIST-5k, test accuracy (%), mean ± std over {args.draws} label draws; CPU seconds of one run "
          f"(pretraining included), this machine")
    print(f"{'pipeline':18s}" + "".join(f"{f'{b}/class':>16s}" for b in budgets) + f"{'seconds':>10s}")
    for name in only:
        cells = "".join(f"{100 * np.mean(acc[name][b]):9.1f} ± {100 * np.std(acc[name][b]):4.1f}" for b in budgets)
        print(f"{name:18s}{cells}{np.mean(secs[name]):10.0f}")
    print(f"\nschedule of the baseline: {SCHEDULE}; semi steps {args.semi_steps}; threshold {args.threshold}")


if __name__ == "__main__":
    main()
