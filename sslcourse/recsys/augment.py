"""CL4SRec's three augmentations of an item sequence (Xie et al. 2022, "Contrastive Learning for Sequential
Recommendation", section 3.2): crop (keep a random contiguous part), mask (hide random items behind <mask>) and
reorder (shuffle a random contiguous part). Sequences are rows of (B, L) int64 item ids, right-padded with 0.
Two small departures from the paper: lengths round up (ceil, so a crop never empties a short history), and masking
hides each item with probability `mask` rather than a fixed count."""
from __future__ import annotations

import torch

from .._checks import check_count, check_fraction, check_generator, check_tensor


def augment_sequences(x: torch.Tensor, *, mask_id: int, crop: float = 0.6, mask: float = 0.3, reorder: float = 0.3,
                      generator: torch.Generator | None = None) -> torch.Tensor:
    """(B, L) a view of each row of `x` (B, L) by one of the three augmentations, drawn uniformly per row:
    crop keeps ceil(crop * n) consecutive items of the row's n; mask hides each item with probability `mask`;
    reorder shuffles ceil(reorder * n) consecutive items. Padding stays padding, at the right."""
    check_tensor("x", x, ndim=2, dtype=torch.int64)
    if ((x[:, 1:] != 0) & (x[:, :-1] == 0)).any():
        raise ValueError("x must be right-padded: no item after a 0 (padding) in a row")
    check_count("mask_id", mask_id)
    for name, value in (("crop", crop), ("mask", mask), ("reorder", reorder)):
        check_fraction(name, value)
    if generator is not None:
        check_generator(generator)
    b, length = x.shape
    n = (x != 0).sum(1, keepdim=True)                                    # (B, 1) items per row
    j = torch.arange(length).expand(b, length)                           # (B, L) positions
    kind = torch.randint(3, (b, 1), generator=generator)                 # (B, 1) 0 crop, 1 mask, 2 reorder
    u = torch.rand(b, 2, generator=generator)                            # (B, 2) where crops and spans start
    # crop: positions j < keep take the items from `start` on; the rest is padding
    keep = (crop * n).ceil().long().clamp(min=1)
    start = (u[:, :1] * (n - keep + 1)).long()
    cropped = x.gather(1, (start + j).clamp(max=length - 1)).masked_fill(j >= keep, 0)
    # mask: each item hidden with probability `mask`
    hidden = (torch.rand(b, length, generator=generator) < mask) & (j < n)
    masked = x.masked_fill(hidden, mask_id)
    # reorder: sort keys that leave positions outside the span in place and shuffle those inside it
    span = (reorder * n).ceil().long().clamp(min=1)
    first = (u[:, 1:2] * (n - span + 1)).long()
    inside = (j >= first) & (j < first + span)
    keys = torch.where(inside, first + torch.rand(b, length, generator=generator) * (span - 0.5), j.double())
    reordered = x.gather(1, keys.argsort(1))
    return torch.where(kind == 0, cropped, torch.where(kind == 1, masked, reordered))   # (B, L)
