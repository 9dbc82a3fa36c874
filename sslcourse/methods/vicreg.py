"""VICReg (Bardes, Ponce & LeCun 2022): invariance + a variance floor + decorrelation, no negatives."""
from __future__ import annotations

from torch import nn

from .._checks import check_counts
from ..distributed import gather
from ..losses import _vicreg, check_vicreg_weights
from ..models import mlp_head
from .base import Method


class VICReg(Method):
    """augment twice -> encode -> expand (3 layers, wide) -> VICReg loss on the whole batch.

    `var_weight=0` removes the variance term: nothing then stops every embedding from shrinking to the
    same point (the collapse demo). Embeddings of all processes are gathered before the loss.
    """

    name = "vicreg"

    def __init__(self, encoder: nn.Module, augment=None, *, sim_weight: float = 25.0, var_weight: float = 25.0,
                 cov_weight: float = 1.0, proj_dim: int = 512, hidden_dim: int = 512, seed: int = 0):
        super().__init__(encoder, augment, seed)
        check_vicreg_weights(sim_weight, var_weight, cov_weight)
        check_counts(proj_dim=proj_dim, hidden_dim=hidden_dim)
        self.expander = mlp_head(encoder.out_dim, hidden_dim, proj_dim, layers=3)
        self.weights = (sim_weight, var_weight, cov_weight)
        self.hparams = {"sim_weight": sim_weight, "var_weight": var_weight, "cov_weight": cov_weight,
                        "proj_dim": proj_dim, "hidden_dim": hidden_dim}

    def loss(self, x):
        z1, z2 = self.projected_views(x, self.expander)           # 2 x (B, P)
        self._last = (z1.detach(), z2.detach())
        z1, z2 = gather(z1), gather(z2)                         # (world * B, P)
        return _vicreg(z1, z2, *self.weights)
