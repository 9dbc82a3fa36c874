"""wav2vec 2.0's masking of frame sequences and its choice of distractors (Baevski et al. 2020, section 3.1 and 3.2).

`span_mask`: every frame that leaves room for a whole span starts a masked span of `span` frames with probability `p`
(spans may overlap), so about 1 − (1 − p)^span of the frames are masked; every sequence has at least one span.
`distractors`: for every masked frame, K other masked frames *of the same sequence* whose latents serve as the
negatives — never the frame itself.
"""
from __future__ import annotations

import torch

from .._checks import check_count, check_generator, check_probability, check_tensor


def span_mask(batch: int, frames: int, p: float, span: int, generator: torch.Generator) -> torch.Tensor:
    """(batch, frames) bool: spans of `span` frames starting at each of the first frames - span + 1 frames with
    probability `p`; each row has at least one span (a random one is added where none started)."""
    check_count("batch", batch)
    check_count("frames", frames)
    check_probability("p", p)
    check_count("span", span, maximum=frames)
    check_generator(generator)
    starts = torch.rand(batch, frames, generator=generator) < p                           # (B, T)
    starts[:, frames - span + 1:] = False                                                 # every span fits whole
    none = ~starts.any(1)
    starts[none, torch.randint(frames - span + 1, (int(none.sum()),), generator=generator)] = True
    mask = torch.zeros(batch, frames + span - 1, dtype=torch.bool)
    for offset in range(span):
        mask[:, offset:offset + frames] |= starts
    return mask[:, :frames]


def distractors(mask: torch.Tensor, k: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """(positives (M,), negatives (M, K)): flat indices into the B × T frames. `positives` are the M masked frames in
    row-major order; row m of `negatives` holds K masked frames of the same sequence as positive m, drawn uniformly
    with replacement from the others (never positive m itself). Each sequence needs at least 2 masked frames."""
    check_tensor("mask", mask, ndim=2, dtype=torch.bool)
    check_count("k", k)
    check_generator(generator)
    counts = mask.sum(1)                                                                   # (B,)
    if int(counts.min()) < 2:
        raise ValueError("mask must mask at least 2 frames in every sequence (one positive, one distractor)")
    b, t = mask.shape
    positives = mask.flatten().nonzero().squeeze(1)                                        # (M,)
    row = positives // t                                                                   # (M,) its sequence
    rank = mask.cumsum(1).flatten()[positives] - 1                                         # (M,) its place among masked
    first = torch.cumsum(counts, 0) - counts                                               # (B,) offset into positives
    draw = (torch.rand(len(positives), k, generator=generator) * (counts[row] - 1).unsqueeze(1)).long()   # (M, K)
    draw = draw + (draw >= rank.unsqueeze(1)).long()                                       # skip the positive itself
    return positives, positives[first[row].unsqueeze(1) + draw]
