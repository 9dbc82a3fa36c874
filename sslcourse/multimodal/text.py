"""Two text encoders for captions, token ids (B, L) int64 (0 = padding) -> (B, out_dim):

- `SentenceEncoder`: a small `nlp.TinyTransformer` whose hidden states are averaged — it sees word order;
- `BagOfWords`: the average of word embeddings — "3 left of 7" and "7 left of 3" get the same vector, whatever its
  weights: the failure Yuksekgonul et al. (2023) found in real image–text models, built in.
"""
from __future__ import annotations

import torch
from torch import nn

from .._checks import check_count, check_tensor
from ..nlp.classify import mean_pool
from ..nlp.model import TinyTransformer


class SentenceEncoder(nn.Module):
    """Mean of a bidirectional `TinyTransformer`'s hidden states over the caption's words."""

    def __init__(self, vocab_size: int, *, dim: int = 64, layers: int = 2, heads: int = 4, max_len: int = 16):
        super().__init__()
        self.model = TinyTransformer(vocab_size, dim=dim, layers=layers, heads=heads, max_len=max_len)
        self.out_dim = dim

    def check_ids(self, name: str, ids: torch.Tensor) -> None:
        self.model.check_ids(name, ids)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return mean_pool(self.model(ids), ids, pad_id=0)                 # (B, dim)


class BagOfWords(nn.Module):
    """Mean of the caption's word embeddings: order-blind by construction."""

    def __init__(self, vocab_size: int, *, dim: int = 64):
        super().__init__()
        check_count("vocab_size", vocab_size, minimum=2)
        check_count("dim", dim)
        self.vocab_size, self.out_dim = vocab_size, dim
        self.embed = nn.Embedding(vocab_size, dim, padding_idx=0)

    def check_ids(self, name: str, ids: torch.Tensor) -> None:
        check_tensor(name, ids, ndim=2, dtype=torch.int64)
        if ids.numel() and (int(ids.min()) < 0 or int(ids.max()) >= self.vocab_size):
            raise ValueError(f"{name} must be token ids in [0, {self.vocab_size - 1}]")

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        self.check_ids("ids", ids)
        return mean_pool(self.embed(ids), ids, pad_id=0)                 # (B, dim)
