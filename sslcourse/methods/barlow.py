"""Barlow Twins (Zbontar et al. 2021): make the cross-correlation of two views' embeddings the identity."""
from __future__ import annotations

from torch import nn

from .._checks import check_counts, check_positive
from ..distributed import gather
from ..losses import _barlow_twins
from ..models import mlp_head
from .base import Method


class BarlowTwins(Method):
    """augment twice -> encode -> project (3 layers, wide) -> Barlow Twins loss on the whole batch.

    The loss standardizes each feature over the batch, so every process's embeddings are gathered
    first (`distributed.gather`: the identity on one process).
    """

    name = "barlow"

    def __init__(self, encoder: nn.Module, augment=None, *, lambda_offdiag: float = 5e-3, proj_dim: int = 512,
                 hidden_dim: int = 512, seed: int = 0):
        super().__init__(encoder, augment, seed)
        check_positive("lambda_offdiag", lambda_offdiag, allow_zero=True)
        check_counts(proj_dim=proj_dim, hidden_dim=hidden_dim)
        self.projector = mlp_head(encoder.out_dim, hidden_dim, proj_dim, layers=3)
        self.lambda_offdiag = lambda_offdiag
        self.hparams = {"lambda_offdiag": lambda_offdiag, "proj_dim": proj_dim, "hidden_dim": hidden_dim}

    def loss(self, x):
        z1, z2 = self.projected_views(x, self.projector)           # 2 x (B, P)
        self._last = (z1.detach(), z2.detach())
        z1, z2 = gather(z1), gather(z2)                         # (world * B, P)
        return _barlow_twins(z1, z2, self.lambda_offdiag)
