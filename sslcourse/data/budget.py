"""label_budget: which few examples keep their labels in a semi-supervised or linear-probe experiment."""
from __future__ import annotations

import torch

from sslcourse._checks import check_count, check_seed, check_tensor


def label_budget(labels: torch.Tensor, per_class: int, seed: int = 0) -> torch.Tensor:
    """Indices (K * per_class,) int64 of a class-balanced labelled subset: `per_class` examples of each class.

    `labels` is (N,) int64 over K distinct classes. The choice is random but fixed by `seed`, the indices come
    back in ascending order, and budgets are nested: for one seed, the 10-per-class subset is contained in the
    20-per-class subset, so a label-efficiency curve adds labels instead of redrawing them.

    Raises:
        TypeError: `labels` is not an int64 tensor, or `per_class`/`seed` is not an int.
        ValueError: `labels` is not 1-D or is empty; `per_class` <= 0, or larger than the smallest class (the
            message names that class and its size).
    """
    check_tensor("labels", labels, ndim=1, dtype=torch.int64)
    check_count("per_class", per_class)
    check_seed("seed", seed)
    classes, counts = labels.unique(return_counts=True)
    smallest = int(counts.argmin())
    if per_class > int(counts[smallest]):
        raise ValueError(f"per_class={per_class} is larger than class {int(classes[smallest])}, which has only "
                         f"{int(counts[smallest])} examples")
    shuffled = torch.randperm(len(labels), generator=torch.Generator().manual_seed(seed))  # (N,)
    chosen = [shuffled[labels[shuffled] == c][:per_class] for c in classes]  # K tensors of (per_class,)
    return torch.cat(chosen).sort().values
