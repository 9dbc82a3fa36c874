"""BYOL (Grill et al. 2020): predict a slowly moving target network's projection of another view.

No negatives at all. What keeps the online network from the trivial constant solution is the
asymmetry: a predictor on the online side only, and a target that is an exponential moving average
(EMA) of the online weights, receiving no gradient.
"""
from __future__ import annotations

import torch
from torch import nn

from .._checks import check_counts, check_fraction
from ..losses import _negative_cosine
from ..models import mlp_head
from .base import Method
from .momentum import _ema_update, frozen_copy


class BYOL(Method):
    """online: encode -> project -> predict; target: EMA copy of encode -> project (no gradient).

    Loss: negative cosine between the online prediction of one view and the target projection of the
    other, symmetrized; value in [-1, 1]. The target moves after each optimizer step (`on_step_end`).
    """

    name = "byol"

    def __init__(self, encoder: nn.Module, augment=None, *, momentum: float = 0.99, proj_dim: int = 128,
                 hidden_dim: int = 512, seed: int = 0):
        super().__init__(encoder, augment, seed)
        check_fraction("momentum", momentum)
        check_counts(proj_dim=proj_dim, hidden_dim=hidden_dim)
        self.projector = mlp_head(encoder.out_dim, hidden_dim, proj_dim)
        self.predictor = mlp_head(proj_dim, hidden_dim, proj_dim)
        self.target = frozen_copy(self.online())
        self.momentum = momentum
        self.hparams = {"momentum": momentum, "proj_dim": proj_dim, "hidden_dim": hidden_dim}

    def online(self) -> nn.Module:
        """encoder followed by projector, the network the target tracks."""
        return nn.Sequential(self.encoder, self.projector)

    def loss(self, x):
        v1, v2 = self.views(x)                                  # 2 x (B, C, H, W)
        z1, z2 = self.project((v1, v2), self.projector)         # 2 x (B, P)
        p1, p2 = self.predictor(z1), self.predictor(z2)         # (B, P)
        with torch.no_grad():
            t1, t2 = self.target(v1), self.target(v2)           # (B, P), no gradient
        self._last = (z1.detach(), z2.detach())
        return (_negative_cosine(p1, t2) + _negative_cosine(p2, t1)) / 2

    def on_step_end(self) -> None:
        _ema_update(self.target, self.online(), self.momentum)
