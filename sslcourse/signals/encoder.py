"""A small encoder for frame sequences (B, T, C) — speech features or sensor samples — in wav2vec 2.0's two stages.

`features(x)`: a 1-D convolutional *feature encoder*, local: each frame's latent z_t sees frames t-2 … t+2;
`context(z)`: a Transformer *context network* over the latents, global: every c_t sees the whole sequence;
`forward(x)`: the context outputs averaged over time, (B, dim) — the sequence's feature for a probe.
Masked methods replace some latents by a learned mask vector between the two stages (`context(z, mask)`).
"""
from __future__ import annotations

import torch
from torch import nn

from .._checks import check_count, check_tensor
from .augment import check_sequences


class SequenceEncoder(nn.Module):
    """Frames (B, T, channels) float -> (B, dim); `out_dim` = dim. T may not exceed `max_len`."""

    def __init__(self, channels: int, *, dim: int = 64, layers: int = 2, heads: int = 4, max_len: int = 128):
        super().__init__()
        for name, value in (("channels", channels), ("dim", dim), ("layers", layers), ("heads", heads),
                            ("max_len", max_len)):
            check_count(name, value)
        if dim % heads:
            raise ValueError(f"dim ({dim}) must be divisible by heads ({heads})")
        self.channels, self.max_len, self.out_dim = channels, max_len, dim
        self.norm_in = nn.LayerNorm(channels)                # MFCCs and sensor units differ in scale by 100x
        self.conv = nn.Sequential(nn.Conv1d(channels, dim, 3, padding=1), nn.GELU(),
                                  nn.Conv1d(dim, dim, 3, padding=1), nn.GELU())
        self.mask_vector = nn.Parameter(torch.randn(dim) * 0.1)
        self.positions = nn.Embedding(max_len, dim)
        layer = nn.TransformerEncoderLayer(dim, heads, 4 * dim, 0.0, activation="gelu", batch_first=True,
                                           norm_first=True)
        self.blocks = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(dim)

    def check_frames(self, name: str, x: torch.Tensor) -> None:
        """ValueError/TypeError naming `name` unless `x` is (B, T, channels) float with T ≤ max_len."""
        check_sequences(name, x)
        if x.shape[2] != self.channels or x.shape[1] > self.max_len:
            raise ValueError(f"{name} must be (B, T ≤ {self.max_len}, {self.channels}) frames, got shape "
                             f"{tuple(x.shape)}")

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """Local latents z (B, T, dim) of the frames x (B, T, channels)."""
        self.check_frames("x", x)
        return self.conv(self.norm_in(x).transpose(1, 2)).transpose(1, 2)

    def context(self, z: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
        """Context outputs c (B, T, dim) of the latents z (B, T, dim); positions where `mask` (B, T) bool is True see
        the learned mask vector instead of their latent."""
        if mask is not None:
            check_tensor("mask", mask, dtype=torch.bool)
            if mask.shape != z.shape[:2]:
                raise ValueError(f"mask must be (B, T) = {tuple(z.shape[:2])}, got {tuple(mask.shape)}")
            z = torch.where(mask.unsqueeze(-1), self.mask_vector.to(z.dtype), z)
        z = z + self.positions(torch.arange(z.shape[1], device=z.device))
        return self.norm(self.blocks(z))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.context(self.features(x)).mean(1)                       # (B, dim)
