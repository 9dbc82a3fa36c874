"""Leave-one-out evaluation of a recommender: HR@k and NDCG@k with full ranking.

Each user has one held-out item (their last). A recommender scores every item; the items the user has already seen
are removed (they are not recommendable), and the held-out item's rank among all the others is read off — *full*
ranking, not the sampled ranking against 100 random items that early papers used (Krichene & Rendle 2020 showed that
sampled metrics can reorder methods). HR@k = share of users whose item is in the top k; NDCG@k = mean of
1 / log2(rank + 1) over users whose item is in the top k (rank 1 = top), 0 for the others.
"""
from __future__ import annotations

import math

import torch

from .._checks import check_count, check_tensor
from ..data.interactions import check_sequences


def ranks(scores: torch.Tensor, targets: torch.Tensor, seen) -> torch.Tensor:
    """(U,) rank (1 = best) of each user's target among all items, items in `seen[u]` excluded.

    scores: (U, V) float, column i scoring item i (column 0, padding, is never ranked); targets: (U,) item ids;
    seen: list of U item-id tensors (the user's history). Ties count against the target (a constant scorer ranks
    it last among equals), so a method cannot gain from ties.
    """
    check_tensor("scores", scores, ndim=2, floating=True)
    check_tensor("targets", targets, ndim=1, dtype=torch.int64)
    if len(targets) != len(scores):
        raise ValueError(f"targets has {len(targets)} users but scores has {len(scores)} rows")
    if int(targets.min()) < 1 or int(targets.max()) >= scores.shape[1]:
        raise ValueError(f"targets must be item ids in [1, {scores.shape[1] - 1}]")
    check_sequences("seen", seen, scores.shape[1] - 1)
    if len(seen) != len(scores):
        raise ValueError(f"seen has {len(seen)} users but scores has {len(scores)} rows")
    scores = scores.detach().float().clone()
    scores[:, 0] = -math.inf                                       # padding is not an item
    for u, items in enumerate(seen):
        scores[u, items] = -math.inf
    target = scores.gather(1, targets[:, None])                    # (U, 1)
    if torch.isnan(scores).any():
        raise ValueError("scores must not contain NaN")
    return (scores >= target).sum(1)                               # (U,) items scoring ≥ the target, itself included


def hit_rate_ndcg(rank: torch.Tensor, k: int = 10) -> dict[str, float]:
    """{"HR@k": ..., "NDCG@k": ...} from the (U,) ranks of `ranks` (1 = best)."""
    check_tensor("rank", rank, ndim=1, dtype=torch.int64)
    check_count("k", k)
    if int(rank.min()) < 1:
        raise ValueError("rank must hold ranks ≥ 1 (1 = the top of the list)")
    hit = rank <= k
    gain = torch.where(hit, 1 / torch.log2(rank.double() + 1), torch.zeros((), dtype=torch.double))
    return {f"HR@{k}": float(hit.double().mean()), f"NDCG@{k}": float(gain.mean())}


def evaluate(scores: torch.Tensor, targets: torch.Tensor, seen, k: int = 10) -> dict[str, float]:
    """HR@k and NDCG@k of `scores` (U, V) for the held-out `targets` (U,), full ranking, `seen` items excluded."""
    return hit_rate_ndcg(ranks(scores, targets, seen), k)
