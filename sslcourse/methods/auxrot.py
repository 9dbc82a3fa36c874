"""Supervised training with an auxiliary self-supervised task: rotation prediction (Hendrycks et al. 2019, "Using
self-supervised learning can improve model robustness and uncertainty").

Each step: the supervised cross-entropy on a view of the labelled images, plus `rotation_weight` × the cross-entropy of
a second head that predicts by how many quarter turns a copy of each image was rotated. Both heads share the encoder.
"""
from __future__ import annotations

import torch.nn.functional as F
from torch import nn

from .._checks import check_positive
from ..pretext.rotation import rotation_task
from .supervised import Supervised


class SupervisedWithRotation(Supervised):
    """`Supervised` + `rotation_weight` × rotation prediction on the same images (their labels are not needed)."""

    name = "supervised_rotation"

    def __init__(self, encoder: nn.Module, augment=None, *, num_classes: int, rotation_weight: float = 0.5,
                 encoder_lr: float = 1.0, seed: int = 0):
        super().__init__(encoder, augment, num_classes=num_classes, encoder_lr=encoder_lr, seed=seed)
        check_positive("rotation_weight", rotation_weight, allow_zero=True)
        self.rotation_head = nn.Linear(encoder.out_dim, 4)
        self.rotation_weight = rotation_weight
        self.hparams["rotation_weight"] = rotation_weight

    def param_groups(self) -> list[dict]:
        groups = super().param_groups()
        groups[1]["params"] += list(self.rotation_head.parameters())
        return groups

    def loss(self, x, labels=None):
        view = self.view(x)
        supervised = F.cross_entropy(self.logits(view), labels.to(view.device))
        rotated, turns = rotation_task(view, self.generator)                     # (B, C, H, W), (B,)
        rotation = F.cross_entropy(self.rotation_head(self.encoder(rotated)), turns)
        return supervised + self.rotation_weight * rotation
