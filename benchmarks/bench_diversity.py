"""Notebook 08's experiments over several seeds and wider grids: what the data does to SimCLR on MNIST-5k.

    python benchmarks/bench_diversity.py [--seeds 3] [--steps 100] [--batch 64] [--curriculum-batch 32]
                                         [--only quantity,classes,...]

Every pretraining is SimCLR (or i-Mix) for `--steps` steps of `--batch` (64) images with the course's digit recipe,
probed with a linear probe on 10 labels per class (5 label draws). The seed changes the pool drawn, the initial
weights and the augmentation. Sections (`--only`):

- quantity: pools of 250 / 500 / 1,000 / 2,000 / 4,000 MNIST-5k images at equal compute;
- classes: pools of 800 images from the first 2, 5 or all 10 digit classes (is diversity of content worth more than
  quantity?), and the 4,000 in-domain images against a pooled 2,000 MNIST-5k + 1,000 digits + 1,000 shapes;
- quality: the 4,000 images downsampled ×2 / ×4, with Gaussian noise (std 0.3) and JPEG-like compression (step 0.5);
- ladder: digits inked in random hues (`pools.colour_digits`), augmentation from geometric only to + colour jitter,
  + grey, + full hue jitter: digit probe and hue probe (8 hue bins);
- pairs: the SimCLR-figure-5-style grid on the coloured digits: each pair of {crop, rotation + shear, colour jitter,
  grey} (the diagonal: one alone), digit probe;
- imix: 250 images, SimCLR against i-Mix;
- shift: a supervised network on the 4,000 labelled grey digits scored on `pools.mnist_m()`; AdaBN; fine-tuning and
  training from scratch on 10 target labels per class; SimCLR on the target images + probe;
- curriculum: 1,000 labelled digits, clean and 40 % flipped, 200 and 50 steps of 32, easy-first / random / hard-first,
  the difficulty being `labelselect.atypicality` of SimCLR features; "none" draws every batch from all 1,000, and
  "mixup" is "none" trained on mixup pairs (α = 1).

Prints mean ± std over seeds. Everything is cached by `train.fit`, so a second run prints at once.
"""
from __future__ import annotations

import argparse
import copy
import itertools

import numpy as np
import torch

from sslcourse import adapt, data, evaluate, labelnoise, pools, zoo
from sslcourse.classifier import schedule_and_augment, train_classifier
from sslcourse.labelselect import atypicality
from sslcourse.methods import Supervised
from sslcourse.mixup import MixupSupervised
from sslcourse.models import encoder_for
from sslcourse.train import Curriculum, fit

SECTIONS = ("quantity", "classes", "quality", "ladder", "pairs", "imix", "shift", "curriculum")
DIGIT_AUG = zoo.recipe("simclr")["augment"]
COLOUR = dict(brightness=0.4, contrast=0.4, saturation=0.4, hue=0.1, jitter_p=0.8)
LADDER = {"geometric only": DIGIT_AUG, "+ colour jitter": DIGIT_AUG.replace(**COLOUR),
          "+ colour jitter + grey": DIGIT_AUG.replace(**COLOUR, grayscale=0.2),
          "+ full hue jitter + grey": DIGIT_AUG.replace(**{**COLOUR, "hue": 0.5}, grayscale=0.2)}
ONE = {"crop": dict(scale=(0.5, 1.0)), "rotation+shear": dict(rotation=10, shear=10),
       "colour jitter": {**COLOUR, "hue": 0.5}, "grey": dict(grayscale=0.5)}


BATCH = 64                  # SimCLR's batch (notebook 08's)
CURRICULUM_BATCH = 32       # the supervised runs of the curriculum section


def pretrain(pool, augment, seed, steps, method="simclr", **hparams):
    return zoo.pretrain_pool(pool, method, steps=steps, augment=augment, seed=seed, temperature=0.3, batch_size=BATCH,
                             progress=False, **hparams)[0].encoder


def probe(encoder, task, seed=0) -> float:
    return evaluate.label_efficiency(encoder, task, (10,), draws=5, seed=seed * 100).mean(10)


def report(title: str, rows: dict) -> None:
    print(f"\n{title}")
    for name, values in rows.items():
        each = " ".join(f"{100 * v:.1f}" for v in values)
        print(f"  {name:44s} {100 * np.mean(values):5.1f} ± {100 * np.std(values):4.1f}   (seeds: {each})")


def quantity(mnist, seeds, steps):
    rows = {f"{n} images": [probe(pretrain(pools.sample(mnist.train.images, n, s), DIGIT_AUG, s, steps), mnist, s)
                            for s in seeds] for n in (250, 500, 1000, 2000, 4000)}
    rows["random encoder"] = [probe(zoo.build("simclr", channels=1, image_size=28, seed=s).encoder, mnist, s)
                              for s in seeds]
    report("quantity (equal compute)", rows)


def classes(mnist, seeds, steps):
    rows = {}
    for k in (2, 5, 10):
        members = mnist.train.images[mnist.train.labels < k]
        rows[f"800 images of {k} classes"] = [
            probe(pretrain(pools.sample(members, 800, s), DIGIT_AUG, s, steps), mnist, s) for s in seeds]
    rows["pooled 2,000 + 1,000 digits + 1,000 shapes"] = [
        probe(pretrain(pools.digits_pool({"mnist5k": 2000, "digits": 1000, "shapes": 1000}, seed=s), DIGIT_AUG, s,
                       steps), mnist, s) for s in seeds]
    report("diversity of content", rows)


def quality(mnist, seeds, steps):
    levels = {"downsampled x2": ("downsample", 2), "downsampled x4": ("downsample", 4), "noise 0.3": ("noise", 0.3),
              "jpeg-like 0.5": ("jpeg", 0.5)}
    rows = {name: [probe(pretrain(pools.degrade(mnist.train.images, kind, level), DIGIT_AUG, s, steps), mnist, s)
                   for s in seeds] for name, (kind, level) in levels.items()}
    report("quality (4,000 images; clean: see quantity)", rows)


def coloured(mnist):
    (train, train_hue), (test, test_hue) = (pools.colour_digits(mnist.train.images, 0),
                                            pools.colour_digits(mnist.test.images, 1))
    digits = data.Data("coloured digits", data.Split(train, mnist.train.labels), data.Split(test, mnist.test.labels),
                       mnist.classes)
    hues = data.Data("hue", data.Split(train, (train_hue * 8).long()), data.Split(test, (test_hue * 8).long()),
                     tuple(str(i) for i in range(8)))
    return digits, hues


def ladder(mnist, seeds, steps):
    digits, hues = coloured(mnist)
    rows = {}
    for name, aug in LADDER.items():
        encoders = [pretrain(digits.train.images, aug, s, steps) for s in seeds]
        rows[f"{name}: digit"] = [probe(e, digits, s) for e, s in zip(encoders, seeds)]
        rows[f"{name}: hue"] = [probe(e, hues, s) for e, s in zip(encoders, seeds)]
    report("augmentation ladder on coloured digits", rows)


def pairs(mnist, seeds, steps):
    digits, _ = coloured(mnist)
    names = list(ONE)
    grid = np.zeros((len(names), len(names)))
    for i, j in itertools.combinations_with_replacement(range(len(names)), 2):
        aug = DIGIT_AUG.replace(**{"scale": (1.0, 1.0), "rotation": 0, "shear": 0, "translate": 0.0,
                                   **ONE[names[i]], **ONE[names[j]]})
        grid[i, j] = grid[j, i] = np.mean([probe(pretrain(digits.train.images, aug, s, steps), digits, s)
                                           for s in seeds])
    print("\npairs of augmentations (coloured digits, digit probe %):")
    print(" " * 16 + "".join(f"{n:>16s}" for n in names))
    for n, row in zip(names, grid):
        print(f"{n:>16s}" + "".join(f"{100 * v:16.1f}" for v in row))


def imix(mnist, seeds, steps):
    pools_ = {s: pools.sample(mnist.train.images, 250, s) for s in seeds}
    report("small data: 250 images", {
        "SimCLR": [probe(pretrain(pools_[s], DIGIT_AUG, s, steps), mnist, s) for s in seeds],
        "i-Mix": [probe(pretrain(pools_[s], DIGIT_AUG, s, steps, "imix", alpha=1.0), mnist, s) for s in seeds]})


def shift(mnist, seeds, steps):
    grey3 = data.Data("mnist5k rgb", data.Split(mnist.train.images.repeat(1, 3, 1, 1), mnist.train.labels),
                      data.Split(mnist.test.images.repeat(1, 3, 1, 1), mnist.test.labels), mnist.classes)
    target = pools.mnist_m()
    schedule, weak = schedule_and_augment(grey3, 200, None, None, None, LADDER["+ full hue jitter + grey"])
    rows = {k: [] for k in ("source", "target", "target, AdaBN", "fine-tuned, 100 target labels",
                            "from scratch, 100 target labels", "SimCLR on target + probe")}
    for s in seeds:
        base = train_classifier(lambda: encoder_for(3, "conv", 32), grey3, "all", s, schedule=schedule, augment=weak)
        lab = data.label_budget(target.train.labels, 10, seed=s)
        tuned = Supervised(copy.deepcopy(base.encoder), weak, num_classes=10, seed=s)
        tuned.classifier.load_state_dict(base.classifier.state_dict())
        fit(tuned, target.train.images[lab], target.train.labels[lab], seed=s, progress=False, **schedule)
        scratch = train_classifier(lambda: encoder_for(3, "conv", 32), target, 10, s, schedule=schedule, augment=weak)
        for name, model, task in (("source", base, grey3), ("target", base, target),
                                  ("target, AdaBN", adapt.adabn(base, target.train.images), target),
                                  ("fine-tuned, 100 target labels", tuned, target),
                                  ("from scratch, 100 target labels", scratch, target)):
            rows[name].append(evaluate.accuracy(model, task.test.images, task.test.labels))
        rows["SimCLR on target + probe"].append(probe(pretrain(target.train.images, weak, s, steps), target, s))
    report("domain shift: grey digits -> digits over photos", rows)


def curriculum(mnist, seeds, steps):
    rows = {}
    for s in seeds:
        labelled = data.label_budget(mnist.train.labels, 100, seed=s)                     # (1000,)
        feats = evaluate.features(pretrain(pools.sample(mnist.train.images, 4000, s), DIGIT_AUG, s, steps),
                                  mnist.train.images[labelled])
        schedule, weak = schedule_and_augment(mnist, None, None, None, None, None)
        for noise, budget, how in itertools.product((0.0, 0.4), (200, 50), ("none", "mixup") + Curriculum.ORDERS):
            y = labelnoise.flip_labels(mnist.train.labels[labelled], noise, num_classes=10, seed=s)
            torch.manual_seed(s)
            model = (MixupSupervised(encoder_for(1, "conv", 32), weak, num_classes=10, alpha=1.0, seed=s)
                     if how == "mixup" else Supervised(encoder_for(1, "conv", 32), weak, num_classes=10, seed=s))
            fit(model, mnist.train.images[labelled], y, **{**schedule, "steps": budget, "batch_size": CURRICULUM_BATCH},
                seed=s, progress=False,
                curriculum=None if how in ("none", "mixup") else Curriculum(atypicality(feats, y), how))
            acc = evaluate.accuracy(model, mnist.test.images, mnist.test.labels)
            rows.setdefault(f"{noise:.0%} noise, {budget} steps, {how}", []).append(acc)
    report("curriculum (1,000 labels; difficulty = atypicality of SimCLR features)", rows)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--batch", type=int, default=BATCH)
    p.add_argument("--curriculum-batch", type=int, default=CURRICULUM_BATCH)
    p.add_argument("--only", default=",".join(SECTIONS))
    args = p.parse_args(argv)
    globals().update(BATCH=args.batch, CURRICULUM_BATCH=args.curriculum_batch)
    mnist = data.load("mnist5k")
    seeds = list(range(args.seeds))
    for name in args.only.split(","):
        if name not in SECTIONS:
            raise SystemExit(f"--only: {name!r} is not one of {SECTIONS}")
        globals()[name](mnist, seeds, args.steps)


if __name__ == "__main__":
    main()
