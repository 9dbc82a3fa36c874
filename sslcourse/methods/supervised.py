"""Supervised learning through the same loop: the baseline every SSL method must be compared to."""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .._checks import check_count, check_positive, check_tensor
from .base import Method


def require_labels(labels, n: int) -> None:
    """ValueError naming `labels` unless they are given, (n,) int64: for a method that needs a label per image."""
    if labels is None:
        raise ValueError("labels are required: call method(x, labels) or fit(method, images, labels)")
    check_tensor("labels", labels, ndim=1, dtype=torch.int64)
    if len(labels) != n:
        raise ValueError(f"labels has {len(labels)} entries but x has {n} images")


class Supervised(Method):
    """augment -> encode -> linear classifier -> cross-entropy against the labels.

    Called as `method(x_uint8, labels)`; `train.fit(method, images, labels=...)` does that. `encoder_lr` scales the
    encoder's learning rate against the classifier's (1: the same; 0.1 for fine-tuning a pretrained encoder).
    """

    name = "supervised"

    def __init__(self, encoder: nn.Module, augment=None, *, num_classes: int, encoder_lr: float = 1.0,
                 seed: int = 0):
        super().__init__(encoder, augment, seed)
        check_count("num_classes", num_classes)
        check_positive("encoder_lr", encoder_lr)
        self.classifier = nn.Linear(encoder.out_dim, num_classes)
        self.encoder_lr = encoder_lr
        self.hparams = {"num_classes": num_classes}
        if encoder_lr != 1.0:                  # (absent when 1: earlier cache entries stay valid)
            self.hparams["encoder_lr"] = encoder_lr

    def param_groups(self) -> list[dict]:
        """The encoder at `encoder_lr` times the learning rate, the classifier at the learning rate."""
        return [{"params": list(self.encoder.parameters()), "lr_scale": self.encoder_lr},
                {"params": list(self.classifier.parameters()), "lr_scale": 1.0}]

    def logits(self, x_float):
        """Class scores (B, num_classes) of float images (B, C, H, W) in [0, 1]."""
        return self.classifier(self.encoder(x_float))          # (B, num_classes)

    def check_labels(self, labels, n: int) -> None:
        """(n,) int64 class indices in [0, num_classes)."""
        require_labels(labels, n)
        low, high = (int(v) for v in torch.aminmax(labels))
        if low < 0 or high >= self.hparams["num_classes"]:
            raise ValueError(f"labels must lie in [0, {self.hparams['num_classes'] - 1}] (num_classes="
                             f"{self.hparams['num_classes']}), found {low}..{high}")

    def loss(self, x, labels=None):
        view = self.view(x)
        return F.cross_entropy(self.logits(view), labels.to(view.device))
