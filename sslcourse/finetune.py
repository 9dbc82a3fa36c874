"""Fine-tuning: a pretrained encoder and a linear head trained end to end on the labelled images alone.

The third evaluation protocol beside the frozen linear probe and kNN (`sslcourse.evaluate`): every weight may move,
the encoder with a smaller learning rate (`encoder_lr` times the head's) so that a few labels adjust the
representation rather than overwrite it (SimCLR, Chen et al. 2020, section B.5; the "fine-tune" column of most SSL
papers). It shares its loop, schedule and augmentation with the supervised baseline (`sslcourse.classifier`), so
the two differ only in where the encoder starts.
"""
from __future__ import annotations

import copy

from torch import nn

from ._checks import check_count, check_positive
from .augment import Augment
from .classifier import classifier_curve, schedule_and_augment, train_classifier
from .evaluate import Curve, check_budgets, check_data
from .methods import Supervised


def fine_tune(encoder: nn.Module, data, budgets=(1, 10), draws: int = 3, *, encoder_lr: float = 0.1,
              steps: int | None = None, batch_size: int | None = None, lr: float | None = None,
              weight_decay: float | None = None, augment: Augment | str | None = None, seed: int = 0,
              progress: bool = False, cache: bool = True, name: str = "fine-tuned") -> Curve:
    """Fine-tune a copy of `encoder` (the caller's is never changed) with a linear head, per budget and draw.

    Unset schedule arguments come from `classifier.SCHEDULE` and the augmentation from SimCLR's recipe for the data
    set, exactly as for the supervised baseline; `encoder_lr` (> 0) scales the encoder's learning rate (1: the
    head's). Returns a `Curve` like the probes'.
    """
    if not isinstance(encoder, nn.Module) or not hasattr(encoder, "out_dim"):
        raise TypeError(f"encoder must be an encoder module with `out_dim` (e.g. method.encoder), "
                        f"got {type(encoder).__name__}")
    check_positive("encoder_lr", encoder_lr)
    check_data("data", data)
    schedule, augment = schedule_and_augment(data, steps, batch_size, lr, weight_decay, augment)

    return classifier_curve(name, _copier(encoder), data, budgets, draws, schedule=schedule, augment=augment,
                            seed=seed, encoder_lr=encoder_lr, progress=progress, cache=cache)


def fine_tuned(encoder: nn.Module, data, per_class=10, draw: int = 0, *, encoder_lr: float = 0.1,
               steps: int | None = None, batch_size: int | None = None, lr: float | None = None,
               weight_decay: float | None = None, augment: Augment | str | None = None, seed: int = 0,
               progress: bool = False, cache: bool = True) -> Supervised:
    """The fine-tuned network itself (a `methods.Supervised`) that `fine_tune` trains for `per_class` labels and
    label draw `draw` with the same arguments — from the cache when `fine_tune` trained it already. A teacher for
    distillation (`methods.Distillation`) or pseudo-labelling."""
    if not isinstance(encoder, nn.Module) or not hasattr(encoder, "out_dim"):
        raise TypeError(f"encoder must be an encoder module with `out_dim` (e.g. method.encoder), "
                        f"got {type(encoder).__name__}")
    check_positive("encoder_lr", encoder_lr)
    check_data("data", data)
    check_budgets("per_class", [per_class], data)
    check_count("draw", draw, minimum=0)
    schedule, augment = schedule_and_augment(data, steps, batch_size, lr, weight_decay, augment)
    return train_classifier(_copier(encoder), data, per_class, seed + draw, schedule=schedule, augment=augment,
                            encoder_lr=encoder_lr, progress=progress, cache=cache)


def _copier(encoder: nn.Module):
    """A function returning a fresh trainable copy of `encoder` (the caller's is never changed)."""
    def fresh_copy() -> nn.Module:
        return copy.deepcopy(encoder).train().requires_grad_(True)
    return fresh_copy



