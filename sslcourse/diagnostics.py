"""Collapse diagnostics: numbers that tell a healthy embedding from a collapsed one, without labels.

Pure functions on embeddings of shape (B, D) (no training, no models), so `methods` can log them while
training and `evaluate` can report them afterwards. Each L2-normalizes its input first: they describe
the directions of the embeddings, which is what a cosine-similarity loss sees.

    healthy:   spread ~ 1/sqrt(D), uniformity well below 0, effective rank >> 1
    collapsed: spread ~ 0,         uniformity ~ 0,          effective rank ~ 1
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from ._checks import check_positive, check_same_shape, check_tensor


def _check_embeddings(name: str, z, min_rows: int = 2) -> None:
    check_tensor(name, z, ndim=2, floating=True, finite=True)
    if z.shape[0] < min_rows:
        raise ValueError(f"{name} needs at least {min_rows} rows (embeddings), got {z.shape[0]}")


@torch.no_grad()
def alignment(z1: torch.Tensor, z2: torch.Tensor, alpha: float = 2.0) -> float:
    """Mean distance between positive pairs, E ||f(x) - f(y)||^alpha, on L2-normalized rows
    (Wang & Isola 2020, "Understanding Contrastive Representation Learning through Alignment and
    Uniformity on the Hypersphere", eq. 4). z1, z2: (B, D), row i of each is a positive pair.

    0 when the two views map to the same point; 4 (= 2^alpha) when they are antipodal. Lower is better,
    but a collapsed encoder scores a perfect 0: read it together with `uniformity`.
    Raises ValueError on mismatched shapes, NaN, or alpha <= 0.
    """
    _check_embeddings("z1", z1, min_rows=1)
    _check_embeddings("z2", z2, min_rows=1)
    check_same_shape("z1", z1, "z2", z2)
    check_positive("alpha", alpha)
    d = (F.normalize(z1.float(), dim=1) - F.normalize(z2.float(), dim=1)).norm(dim=1)  # (B,)
    return float(d.pow(alpha).mean())


@torch.no_grad()
def uniformity(z: torch.Tensor, t: float = 2.0) -> float:
    """log E exp(-t ||f(x) - f(y)||^2) over all pairs of distinct rows, on L2-normalized rows
    (Wang & Isola 2020, eq. 5). z: (B, D), B >= 2.

    0 when every row points the same way (collapse); negative when the rows spread over the sphere
    (about -2t for many random directions in high dimension). Lower is more uniform.
    Raises ValueError on B < 2, NaN, or t <= 0.
    """
    _check_embeddings("z", z)
    check_positive("t", t)
    sq = torch.pdist(F.normalize(z.float(), dim=1)).pow(2)     # (B(B-1)/2,) squared distances
    return float(torch.logsumexp(-t * sq, dim=0) - math.log(sq.numel()))


@torch.no_grad()
def embedding_std(z: torch.Tensor) -> float:
    """Spread of the L2-normalized embeddings: the standard deviation over the batch of each
    dimension, averaged over dimensions (Chen & He 2021, "Exploring Simple Siamese Representation
    Learning", Fig. 2). z: (B, D), B >= 2.

    About 1/sqrt(D) when the unit vectors are spread evenly over the sphere, 0 when they all coincide
    (collapse). Raises ValueError on B < 2 or NaN.
    """
    _check_embeddings("z", z)
    return float(F.normalize(z.float(), dim=1).std(dim=0).mean())


@torch.no_grad()
def effective_rank(z: torch.Tensor) -> float:
    """exp(entropy) of the normalized singular values of the (uncentered) embedding matrix
    (Roy & Vetterli 2007, "The effective rank"; used as RankMe by Garrido et al. 2023).
    z: (B, D), B >= 2; rows are L2-normalized first.

    Between 1 (every row on one direction: collapse) and min(B, D) (all directions used equally);
    a value far below D with a healthy spread is "dimensional collapse" (Jing et al. 2022).
    Raises ValueError on B < 2 or NaN.
    """
    _check_embeddings("z", z)
    s = torch.linalg.svdvals(F.normalize(z.double(), dim=1))   # (min(B, D),)
    p = s / s.sum()
    entropy = -(p * torch.log(p.clamp_min(1e-30))).sum()
    return float(torch.exp(entropy))


@torch.no_grad()
def raw_std(z: torch.Tensor) -> float:
    """Standard deviation over the batch of each dimension of the raw (not normalized) embeddings
    z: (B, D), averaged over dimensions: the quantity VICReg's variance term keeps above 1 (Bardes et al.
    2022, eq. 1). Not scale-free: compare it with the same model earlier in training. It falls to 0 when
    every embedding shrinks to the same point, even if their directions still differ.
    """
    _check_embeddings("z", z)
    return float(z.float().std(dim=0).mean())


def diagnose(z1: torch.Tensor, z2: torch.Tensor | None = None) -> dict:
    """All the diagnostics of a batch of embeddings z1 (B, D) in one dict, plus the alignment with the
    positives z2 (B, D) when given: {"std", "std_ratio" (std * sqrt(D): ~1 healthy, 0 collapsed),
    "raw_std", "uniformity", "effective_rank"[, "alignment"]}. What `Method.record()` logs in training.
    """
    _check_embeddings("z1", z1)
    out = {"std": embedding_std(z1), "raw_std": raw_std(z1), "uniformity": uniformity(z1),
           "effective_rank": effective_rank(z1)}
    out["std_ratio"] = out["std"] * math.sqrt(z1.shape[1])
    if z2 is not None:
        out["alignment"] = alignment(z1, z2)
    return out


def is_collapsed(z: torch.Tensor, threshold: float = 0.1) -> bool:
    """True when the spread of z (B, D) is below `threshold` times the healthy 1/sqrt(D): a cheap alarm."""
    check_positive("threshold", threshold)
    return embedding_std(z) * math.sqrt(z.shape[1]) < threshold
