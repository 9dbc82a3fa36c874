"""Noisy labels, made on purpose: flip a share of the labels, at random or between confusable classes.

- "symmetric": each flipped label becomes one of the *other* classes, uniformly;
- "pairs": class-dependent noise, the flips an annotator makes: for digits the classic pairs (Patrini et al. 2017,
  used by Co-teaching and others): 2 -> 7, 3 -> 8, 5 <-> 6, 7 -> 1; for other class counts c -> c + 1 (mod K).
  Only images of a class in a pair can be flipped, so `rate` is the share flipped among those.
Exactly round(rate * n) labels are flipped (symmetric), chosen by `seed`.
"""
from __future__ import annotations

import torch

from ._checks import check_count, check_fraction, check_seed, check_tensor

KINDS = ("symmetric", "pairs")
DIGIT_PAIRS = {2: 7, 3: 8, 5: 6, 6: 5, 7: 1}


def flip_labels(labels: torch.Tensor, rate: float, kind: str = "symmetric", *, num_classes: int | None = None,
                seed: int = 0) -> torch.Tensor:
    """A copy of int64 `labels` (N,) with a share `rate` in [0, 1) of them flipped (see the module docstring)."""
    check_tensor("labels", labels, ndim=1, dtype=torch.int64)
    check_fraction("rate", rate)
    if rate >= 1:
        raise ValueError(f"rate must be in [0, 1): with every label flipped nothing true is left, got {rate}")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    check_seed("seed", seed)
    k = int(labels.max()) + 1 if num_classes is None else num_classes
    check_count("num_classes", k, minimum=2)
    if int(labels.min()) < 0 or int(labels.max()) >= k:
        raise ValueError(f"labels must lie in [0, {k - 1}], found {int(labels.min())}..{int(labels.max())}")
    g = torch.Generator().manual_seed(seed)
    out = labels.clone()
    if kind == "symmetric":
        chosen = torch.randperm(len(labels), generator=g)[:round(rate * len(labels))]
        shift = torch.randint(1, k, (len(chosen),), generator=g)                 # never the same class
        out[chosen] = (labels[chosen] + shift) % k
        return out
    pairs = DIGIT_PAIRS if k == 10 else {c: (c + 1) % k for c in range(k)}
    source = torch.tensor(sorted(pairs))
    eligible = torch.isin(labels, source).nonzero().flatten()
    chosen = eligible[torch.randperm(len(eligible), generator=g)[:round(rate * len(eligible))]]
    out[chosen] = torch.tensor([pairs[int(c)] for c in labels[chosen]], dtype=torch.int64)
    return out
