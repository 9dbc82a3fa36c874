"""The honest baseline: the same encoder trained from scratch on the labelled images alone.

Every SSL number in the course stands beside this one, so it must be as strong as an honest tuning makes it
(Oliver et al. 2018, "Realistic Evaluation of Deep Semi-Supervised Learning Algorithms": a baseline tuned as
hard as the method it is compared with). Its schedule was chosen once by `benchmarks/sweep_supervised.py`,
with model selection on a validation split carved from the *training* images, never on the test split.
"""
from __future__ import annotations

import torch

from ._checks import check_count
from .augment import Augment, as_augment
from .evaluate import Curve, accuracy, check_budgets, check_data
from .methods import Supervised
from .models import encoder_for
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


def supervised_baseline(data, budgets=(1, 5, 10), draws: int = 3, *, steps: int | None = None,
                        batch_size: int | None = None, lr: float | None = None,
                        weight_decay: float | None = None, augment: Augment | str | None = None,
                        seed: int = 0, arch: str = "conv", width: int = 32, progress: bool = False,
                        cache: bool = True) -> Curve:
    """Test accuracy (one per label draw) of an encoder + linear classifier trained from scratch per budget.

    For each number of labels per class in `budgets` ("all": every label, one draw) and each draw, a fresh
    encoder (`arch`, `width`) with a linear classifier is trained by `train.fit` on the labelled subset
    `label_budget(…, seed + draw)` — the same subsets the probes use — then scored on `data.test`.
    Unset schedule arguments come from `SCHEDULE`; `augment` (an `Augment` or a preset name) defaults to the
    augmentation of SimCLR's recipe for the data set (`zoo.recipe`), so both sides of the comparison see the same.
    Each network is cached like any `fit` (`cache=False` to retrain): a second run of a notebook is instant.
    """
    from .data import label_budget

    check_count("draws", draws)
    check_data("data", data)
    check_budgets("budgets", budgets, data)
    s = {k: v for k, v in dict(steps=steps, batch_size=batch_size, lr=lr, weight_decay=weight_decay).items()
         if v is not None}
    s = {**SCHEDULE, **s}
    augment = recipe("simclr", data.name)["augment"] if augment is None else augment
    augment = as_augment(augment)
    curve = Curve("supervised from scratch")
    for b in budgets:
        accs = []
        for d in range(1 if b == "all" else draws):
            idx = (torch.arange(len(data.train)) if b == "all"
                   else label_budget(data.train.labels, b, seed=seed + d))
            torch.manual_seed(seed + d)
            model = Supervised(encoder_for(data.channels, arch, width), augment, num_classes=data.num_classes,
                               seed=seed + d)
            fit(model, data.train.images[idx], data.train.labels[idx], seed=seed + d, cache=cache,
                progress=progress, desc=f"supervised, {b} labels/class", **s)
            accs.append(accuracy(model, data.test.images, data.test.labels))
        curve.accs[b] = accs
    return curve
