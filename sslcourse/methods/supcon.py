"""Supervised contrastive learning (SupCon; Khosla et al. 2020): SimCLR's two views, with labels deciding the positives.

Every image of the same class is a positive, not only the other view of the same image, so the encoder pulls whole
classes together. Trained on labelled images (`fit(method, images, labels)`); the encoder is then read by a linear
probe, as the paper does.
"""
from __future__ import annotations

import torch
from torch import nn

from .._checks import check_counts, check_positive, check_tensor
from ..losses import _supcon
from ..models import mlp_head
from .base import Method


class SupCon(Method):
    """augment twice -> encode -> project -> the supervised contrastive loss over the batch's labels."""

    name = "supcon"

    def __init__(self, encoder: nn.Module, augment=None, *, temperature: float = 0.1, proj_dim: int = 128,
                 hidden_dim: int = 512, seed: int = 0):
        super().__init__(encoder, augment, seed)
        check_positive("temperature", temperature)
        check_counts(proj_dim=proj_dim, hidden_dim=hidden_dim)
        self.projector = mlp_head(encoder.out_dim, hidden_dim, proj_dim)
        self.temperature = temperature
        self.hparams = {"temperature": temperature, "proj_dim": proj_dim, "hidden_dim": hidden_dim}

    def check_labels(self, labels, n: int) -> None:
        """(n,) int64 class indices."""
        if labels is None:
            raise ValueError("labels are required: call method(x, labels) or fit(method, images, labels)")
        check_tensor("labels", labels, ndim=1, dtype=torch.int64)
        if len(labels) != n:
            raise ValueError(f"labels has {len(labels)} entries but x has {n} images")

    def loss(self, x, labels=None):
        z1, z2 = self.projected_views(x, self.projector)           # 2 x (B, P)
        self._last = (z1.detach(), z2.detach())
        return _supcon(z1, z2, labels.to(z1.device), self.temperature)
