"""SimCLR (Chen et al. 2020): two augmented views, an MLP projection, the NT-Xent loss."""
from __future__ import annotations

from torch import nn

from .._checks import check_counts, check_positive
from ..distributed import gather
from ..losses import _nt_xent
from ..models import mlp_head
from .base import Method


class SimCLR(Method):
    """augment twice -> encode -> project -> NT-Xent between the two views' projections.

    Under DDP the projections of every process are gathered first, so each anchor has the negatives of
    the global batch (`distributed.gather`: the identity on one process).
    """

    name = "simclr"

    def __init__(self, encoder: nn.Module, augment=None, *, temperature: float = 0.5, proj_dim: int = 128,
                 hidden_dim: int = 512, seed: int = 0):
        super().__init__(encoder, augment, seed)
        check_positive("temperature", temperature)
        check_counts(proj_dim=proj_dim, hidden_dim=hidden_dim)
        self.projector = mlp_head(encoder.out_dim, hidden_dim, proj_dim)
        self.temperature = temperature
        self.hparams = {"temperature": temperature, "proj_dim": proj_dim, "hidden_dim": hidden_dim}

    def loss(self, x):
        z1, z2 = self.projected_views(x, self.projector)           # 2 x (B, P)
        self._last = z1.detach()
        return _nt_xent(gather(z1), gather(z2), self.temperature)  # negatives from all processes
