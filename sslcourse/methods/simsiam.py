"""SimSiam (Chen & He 2021): BYOL without the momentum target; the stop-gradient alone prevents collapse.

Both views go through the same encoder and projector; a predictor on one side tries to match the
other side's projection, which is treated as a constant (stop-gradient). Remove the stop-gradient
(`stop_gradient=False`) or the predictor (`predictor=False`) and the outputs collapse towards one point.
The projector is the 2-layer `mlp_head` without a BatchNorm on its output (the paper has 3 layers and
that BatchNorm, which forces every output dimension to vary and hides a collapse in a short run).
"""
from __future__ import annotations

from torch import nn

from .._checks import check_counts, check_flag
from ..losses import _negative_cosine
from ..models import mlp_head
from .base import Method


class SimSiam(Method):
    """encode -> project (z) -> predict (p); loss = (D(p1, sg(z2)) + D(p2, sg(z1))) / 2, D = -cosine.

    `stop_gradient=False` and `predictor=False` are the knobs of the paper's collapse experiments.
    """

    name = "simsiam"

    def __init__(self, encoder: nn.Module, augment=None, *, proj_dim: int = 128, hidden_dim: int = 512,
                 pred_hidden_dim: int = 64, stop_gradient: bool = True, predictor: bool = True,
                 seed: int = 0):
        super().__init__(encoder, augment, seed)
        check_counts(proj_dim=proj_dim, hidden_dim=hidden_dim, pred_hidden_dim=pred_hidden_dim)
        check_flag("stop_gradient", stop_gradient)
        check_flag("predictor", predictor)
        self.projector = mlp_head(encoder.out_dim, hidden_dim, proj_dim)
        self.predictor = (mlp_head(proj_dim, pred_hidden_dim, proj_dim) if predictor
                          else nn.Identity())                  # a bottleneck, as in the paper
        self.stop_gradient = stop_gradient
        self.hparams = {"proj_dim": proj_dim, "hidden_dim": hidden_dim,
                        "pred_hidden_dim": pred_hidden_dim, "stop_gradient": stop_gradient,
                        "predictor": predictor}

    def loss(self, x):
        z1, z2 = self.projected_views(x, self.projector)           # 2 x (B, P)
        p1, p2 = self.predictor(z1), self.predictor(z2)         # (B, P)
        self._last = (z1.detach(), z2.detach())
        sg = self.stop_gradient
        return (_negative_cosine(p1, z2, sg) + _negative_cosine(p2, z1, sg)) / 2
