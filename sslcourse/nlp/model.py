"""A tiny Transformer over token ids, readable like minGPT: shapes in the comments.

`TinyTransformer(vocab_size, causal=False)` is a BERT-style encoder (every position sees every other);
`causal=True` makes it GPT-style (position t sees positions ≤ t only). Both are `torch.nn.TransformerEncoder`
layers (pre-norm) over token + learned position embeddings; `out_dim` is the width of the hidden states.
"""
from __future__ import annotations

import torch
from torch import nn

from .._checks import check_count, check_fraction, check_tensor


class TinyTransformer(nn.Module):
    """Token ids (B, L) int64 -> hidden states (B, L, dim). Padding (id `pad_id`) is never attended to."""

    def __init__(self, vocab_size: int, *, dim: int = 64, layers: int = 2, heads: int = 4, max_len: int = 128,
                 dropout: float = 0.0, causal: bool = False, pad_id: int = 0):
        super().__init__()
        check_count("vocab_size", vocab_size, minimum=2)
        check_count("dim", dim)
        check_count("layers", layers)
        check_count("heads", heads)
        check_count("max_len", max_len)
        check_fraction("dropout", dropout)
        if dim % heads:
            raise ValueError(f"dim ({dim}) must be divisible by heads ({heads})")
        self.vocab_size, self.max_len, self.causal, self.pad_id, self.out_dim = vocab_size, max_len, causal, pad_id, dim
        self.tokens = nn.Embedding(vocab_size, dim)
        self.positions = nn.Embedding(max_len, dim)
        layer = nn.TransformerEncoderLayer(dim, heads, 4 * dim, dropout, activation="gelu", batch_first=True,
                                           norm_first=True)
        self.blocks = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(dim)

    def check_ids(self, name: str, ids: torch.Tensor) -> None:
        """ValueError/TypeError naming `name` unless `ids` are (B, L) int64 token ids, L ≤ max_len."""
        check_tensor(name, ids, ndim=2, dtype=torch.int64)
        if ids.shape[1] > self.max_len:
            raise ValueError(f"{name} has {ids.shape[1]} positions, more than max_len={self.max_len}")
        if ids.numel() and (int(ids.min()) < 0 or int(ids.max()) >= self.vocab_size):
            raise ValueError(f"{name} must be token ids in [0, {self.vocab_size - 1}]")

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        self.check_ids("ids", ids)
        length = ids.shape[1]
        x = self.tokens(ids) + self.positions(torch.arange(length, device=ids.device))   # (B, L, D)
        future = (nn.Transformer.generate_square_subsequent_mask(length, device=ids.device, dtype=torch.bool)
                  if self.causal else None)                                           # (L, L) True = hidden
        padding = ids == self.pad_id                                                      # (B, L) True = ignored
        padding[padding.all(1)] = False          # an all-padding row attends to its pads (else NaN); pooling skips it
        x = self.blocks(x, mask=future, src_key_padding_mask=padding, is_causal=self.causal)
        return self.norm(x)                                                               # (B, L, D)
