"""The two baselines every sequential recommender must beat: popularity and item-to-item nearest neighbours."""
from __future__ import annotations

import torch
import torch.nn.functional as F

from .._checks import check_count
from ..data.interactions import check_sequences


def _counts(sequences, n_items: int) -> torch.Tensor:
    counts = torch.zeros(n_items + 1)
    for s in sequences:
        counts.index_add_(0, s, torch.ones(len(s)))
    return counts                                                  # (V,) with V = n_items + 1


def popularity(train, histories, n_items: int) -> torch.Tensor:
    """(U, V) scores: every user gets each item's number of interactions in `train` (the most popular first)."""
    check_count("n_items", n_items)
    check_sequences("train", train, n_items)
    check_sequences("histories", histories, n_items)
    return _counts(train, n_items).expand(len(histories), -1).clone()


def item_knn(train, histories, n_items: int, recent: int | None = None) -> torch.Tensor:
    """(U, V) scores of item-based collaborative filtering (Sarwar et al. 2001; Linden et al. 2003, Amazon):
    cosine similarity between items' user vectors in `train`, summed over each history's items (its `recent` last
    ones, or all). Order inside a history plays no part."""
    check_count("n_items", n_items)
    check_sequences("train", train, n_items)
    check_sequences("histories", histories, n_items)
    if recent is not None:
        check_count("recent", recent)
    users = torch.zeros(len(train), n_items + 1)                   # (users, V) who interacted with what
    for u, s in enumerate(train):
        users[u, s] = 1.0
    items = F.normalize(users.T, dim=1)                            # (V, users), unit rows (zero rows stay zero)
    similarity = items @ items.T                                   # (V, V) cosine between items
    similarity.fill_diagonal_(0)
    chosen = torch.zeros(len(histories), n_items + 1)              # (U, V) the items each history sums over
    for u, s in enumerate(histories):
        chosen[u, s if recent is None else s[-recent:]] = 1.0
    return chosen @ similarity                                     # (U, V)
