"""Training an encoder + linear head on the labelled images, per label budget and draw: the loop behind the supervised
baseline (`baselines.supervised_baseline`, a fresh encoder) and fine-tuning (`finetune.fine_tune`, a pretrained one).

Both use the same label draws (`label_budget(…, seed + draw)`, the subsets the probes use), the same `train.fit`, the
same schedule (`SCHEDULE`) and augmentation (SimCLR's recipe for the data set), so they differ only in where the
encoder starts.
"""
from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from ._checks import check_count
from .augment import as_augment
from .evaluate import Curve, accuracy, check_budgets, check_data
from .methods import Supervised
from .train import fit
from .zoo import recipe

# Chosen by benchmarks/sweep_supervised.py on mnist5k (validation: 100 training images per class held out;
# labelled subsets drawn from the other 3,000; mean ± std over 2 label draws), 10 labels per class:
#   1,000 steps, SimCLR's milder augmentation, lr 1e-3 / 3e-3 / 1e-2:  92.9 / 93.1 / 93.8 %
#   the same with the stronger digit preset:                          91.1 / 92.0 / 92.8 %; no augmentation: 55.3 %
#   lr 1e-2, milder augmentation, 500 / 1,000 / 2,000 steps:          93.3 / 93.8 / 94.5 % (± 1.3-1.9)
#   weight decay 1e-5 / 1e-3 / 5e-2 at 2,000 steps:                   94.5 / 94.4 / 94.3 %
#   1 label per class, 500 / 1,000 / 2,000 steps:                     26.8 / 30.7 / 33.0 % (± 3-7)
# The augmentation is SimCLR's recipe for the data set (`zoo.recipe`); the README has the whole sweep.
SCHEDULE: dict = {"steps": 2000, "batch_size": 64, "lr": 1e-2, "weight_decay": 1e-5}


def classifier_curve(name: str, make_encoder: Callable[[], nn.Module], data, budgets, draws: int, *,
                     schedule: dict, augment, seed: int = 0, encoder_lr: float = 1.0, progress: bool = False,
                     cache: bool = True) -> Curve:
    """Test accuracy (one per label draw) of `make_encoder()` + a linear head trained by `fit` per budget and draw.

    `schedule` holds fit's steps, batch_size, lr and weight_decay; "all" in `budgets` uses every label (one draw).
    """
    check_count("draws", draws)
    check_data("data", data)
    check_budgets("budgets", budgets, data)
    curve = Curve(name)
    for b in budgets:
        accs = []
        for d in range(1 if b == "all" else draws):
            model = train_classifier(make_encoder, data, b, seed + d, schedule=schedule, augment=augment,
                                     encoder_lr=encoder_lr, progress=progress, cache=cache,
                                     desc=f"{name}, {b} labels/class")
            accs.append(accuracy(model, data.test.images, data.test.labels))
        curve.accs[b] = accs
    return curve


def train_classifier(make_encoder: Callable[[], nn.Module], data, per_class, seed: int, *, schedule: dict, augment,
                     encoder_lr: float = 1.0, progress: bool = False, cache: bool = True,
                     desc: str | None = None, monitor=None) -> Supervised:
    """One network of `classifier_curve`: `make_encoder()` + a linear head trained on the labelled subset
    `label_budget(data.train.labels, per_class, seed)` ("all": every label) with `seed`; cached by `fit`, so asking
    again for a network a curve trained returns it at once. Its `fit` History is in `model.history`; `monitor` goes
    to `fit` (e.g. `monitor.AccuracyMonitor` for accuracy against step)."""
    from .data import label_budget

    idx = (torch.arange(len(data.train)) if per_class == "all"
           else label_budget(data.train.labels, per_class, seed=seed))
    torch.manual_seed(seed)                               # the head's (and a fresh encoder's) initial weights
    model = Supervised(make_encoder(), augment, num_classes=data.num_classes, encoder_lr=encoder_lr, seed=seed)
    model.history = fit(model, data.train.images[idx], data.train.labels[idx], seed=seed, cache=cache,
                        progress=progress, desc=desc, monitor=monitor, **schedule)
    return model


def schedule_and_augment(data, steps, batch_size, lr, weight_decay, augment) -> tuple[dict, object]:
    """`SCHEDULE` with the given values put in, and the augmentation (default: SimCLR's recipe for `data`)."""
    check_data("data", data)
    given = dict(steps=steps, batch_size=batch_size, lr=lr, weight_decay=weight_decay)
    schedule = {**SCHEDULE, **{k: v for k, v in given.items() if v is not None}}
    return schedule, as_augment(recipe("simclr", data.name)["augment"] if augment is None else augment)
