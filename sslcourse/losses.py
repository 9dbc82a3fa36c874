"""SSL losses as pure functions on embeddings of shape (B, D).

Each loss checks its inputs at the boundary: matching shapes, at least two rows where negatives are needed,
finite values, a positive temperature.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from ._checks import check_positive, check_same_shape, check_tensor


def _check_pair(name_a: str, a, name_b: str, b, min_batch: int = 1) -> None:
    check_tensor(name_a, a, ndim=2, floating=True, finite=True)
    check_tensor(name_b, b, ndim=2, floating=True, finite=True)
    check_same_shape(name_a, a, name_b, b)
    if a.shape[0] < min_batch:
        raise ValueError(f"{name_a} needs a batch of at least {min_batch} rows, got {a.shape[0]}")


def nt_xent(z1: torch.Tensor, z2: torch.Tensor, temperature: float = 0.5) -> torch.Tensor:
    """SimCLR's normalized-temperature cross-entropy (Chen et al. 2020, "A Simple Framework for
    Contrastive Learning of Visual Representations", eq. 1).

    z1, z2: (B, D) projections of two views; row i of z1 and row i of z2 are positives, the other 2B - 2
    rows are negatives. The loss is averaged over all 2B anchors.
    Raises ValueError on mismatched shapes, B < 2 (no negatives), NaN, or temperature <= 0.
    """
    _check_pair("z1", z1, "z2", z2, min_batch=2)
    check_positive("temperature", temperature)
    b = z1.shape[0]
    z = F.normalize(torch.cat([z1, z2]), dim=1)                # (2B, D)
    sim = z @ z.T / temperature                                 # (2B, 2B) cosine / tau
    sim = sim.masked_fill(torch.eye(2 * b, dtype=torch.bool, device=z.device), float("-inf"))
    positive = torch.cat([torch.arange(b, 2 * b), torch.arange(b)]).to(z.device)  # (2B,)
    return F.cross_entropy(sim, positive)
