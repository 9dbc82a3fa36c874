"""Supervised contrastive learning (SupCon; Khosla et al. 2020): SimCLR's two views, with labels deciding the positives.

Every image of the same class is a positive, not only the other view of the same image, so the encoder pulls whole
classes together. Trained on labelled images (`fit(method, images, labels)`); the encoder is then read by a linear
probe, as the paper does.
"""
from __future__ import annotations

from torch import nn

from ..losses import _supcon
from .simclr import SimCLR
from .supervised import require_labels


class SupCon(SimCLR):
    """SimCLR's views and projector; the supervised contrastive loss over the batch's labels instead of NT-Xent."""

    name = "supcon"

    def __init__(self, encoder: nn.Module, augment=None, *, temperature: float = 0.1, proj_dim: int = 128,
                 hidden_dim: int = 512, seed: int = 0):
        super().__init__(encoder, augment, temperature=temperature, proj_dim=proj_dim, hidden_dim=hidden_dim,
                         seed=seed)

    def check_labels(self, labels, n: int) -> None:
        """(n,) int64 class indices."""
        require_labels(labels, n)

    def loss(self, x, labels=None):
        z1, z2 = self.projected_views(x, self.projector)           # 2 x (B, P)
        self._last = (z1.detach(), z2.detach())
        return _supcon(z1, z2, labels.to(z1.device), self.temperature)
