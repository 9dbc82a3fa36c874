"""BERT's masked-language-model corruption (Devlin et al. 2019, section 3.1).

Of the positions that are not special tokens, each is chosen with probability `p` (15 %); a chosen position becomes
<mask> 80 % of the time, a random ordinary token 10 %, and stays as it was 10 %. The model must predict the original
token at every chosen position — including the unchanged ones, so it cannot learn that only <mask> needs predicting.
Labels are the original tokens at chosen positions and `IGNORE` (-100, what `F.cross_entropy` skips) elsewhere.
"""
from __future__ import annotations

import torch

from .._checks import check_count, check_generator, check_probability, check_tensor

IGNORE = -100


def mask_tokens(ids: torch.Tensor, *, vocab_size: int, mask_id: int, special_ids, p: float = 0.15,
                generator: torch.Generator | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """(inputs, labels), both shaped like the int64 token ids `ids` (B, L): the corrupted inputs and the targets."""
    check_tensor("ids", ids, dtype=torch.int64)
    check_probability("p", p)
    check_count("vocab_size", vocab_size, minimum=2)
    if generator is not None:
        check_generator(generator)
    special = torch.as_tensor(tuple(special_ids), dtype=torch.int64)
    if not 0 <= mask_id < vocab_size or ids.numel() and (ids.min() < 0 or ids.max() >= vocab_size):
        raise ValueError(f"ids and mask_id must lie in [0, vocab_size={vocab_size})")
    ordinary = ~torch.isin(ids, special)                                           # (B, L) bool
    chosen = (torch.rand(ids.shape, generator=generator) < p) & ordinary
    labels = torch.where(chosen, ids, torch.full_like(ids, IGNORE))
    roll = torch.rand(ids.shape, generator=generator)
    vocabulary = torch.tensor([i for i in range(vocab_size) if i not in set(special.tolist())])   # ordinary ids
    if not len(vocabulary):
        raise ValueError("special_ids cover the whole vocabulary: no ordinary token to predict")
    random_tokens = vocabulary[torch.randint(len(vocabulary), ids.shape, generator=generator)]  # (B, L)
    inputs = torch.where(chosen & (roll < 0.8), torch.full_like(ids, mask_id), ids)
    inputs = torch.where(chosen & (roll >= 0.8) & (roll < 0.9), random_tokens, inputs)
    return inputs, labels
