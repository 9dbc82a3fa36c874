"""The honest baseline: the same encoder trained from scratch on the labelled images alone.

Every SSL number in the course stands beside this one, so it must be as strong as an honest tuning makes it
(Oliver et al. 2018, "Realistic Evaluation of Deep Semi-Supervised Learning Algorithms": a baseline tuned as
hard as the method it is compared with). Its schedule (`SCHEDULE`, in `sslcourse.classifier`, shared with fine-tuning)
was chosen once by `benchmarks/sweep_supervised.py`, with model selection on a validation split carved from the
*training* images, never on the test split.
"""
from __future__ import annotations

from .augment import Augment
from .classifier import SCHEDULE, classifier_curve, schedule_and_augment  # noqa: F401  (SCHEDULE: re-exported)
from .evaluate import Curve
from .models import encoder_for


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
    schedule, augment = schedule_and_augment(data, steps, batch_size, lr, weight_decay, augment)
    return classifier_curve("supervised from scratch", lambda: encoder_for(data.channels, arch, width), data,
                            budgets, draws, schedule=schedule, augment=augment, seed=seed, progress=progress,
                            cache=cache)
