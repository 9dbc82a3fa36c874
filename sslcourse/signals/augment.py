"""Augmentations for sequences (B, T, C) float, one random draw per sequence, as contrastive learning on time series
uses them (Um et al. 2017 for wearable sensors; TS-TCC and TF-C use jitter, scaling and their relatives; TS2Vec crops):
every function takes a seeded generator.

- `jitter`: add Gaussian noise (std `sigma` × each channel's std in the batch);
- `scaling`: multiply each channel by a random factor around 1 (std `sigma`);
- `time_warp`: stretch and squeeze time smoothly (the clock runs at a random speed that varies along the sequence);
- `crop`: keep a random window of `fraction` of the frames, stretched back to T frames.
`SignalAugment` chains them; calling it on a batch returns one augmented view.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from .._checks import check_fraction, check_generator, check_positive, check_tensor


def check_sequences(name: str, x) -> None:
    """TypeError/ValueError naming `name` unless `x` is a float tensor (B, T, C) of finite values, T ≥ 2."""
    check_tensor(name, x, ndim=3, floating=True, finite=True)
    if x.shape[1] < 2:
        raise ValueError(f"{name} must have at least 2 frames (B, T, C), got shape {tuple(x.shape)}")


def jitter(x: torch.Tensor, sigma: float, generator: torch.Generator) -> torch.Tensor:
    """x + Gaussian noise of std `sigma` × each channel's std (over the batch and time)."""
    check_sequences("x", x)
    check_positive("sigma", sigma, allow_zero=True)
    check_generator(generator)
    scale = x.std(dim=(0, 1), keepdim=True)                                      # (1, 1, C)
    return x + sigma * scale * torch.randn(x.shape, generator=generator)


def scaling(x: torch.Tensor, sigma: float, generator: torch.Generator) -> torch.Tensor:
    """x with each sequence's channels multiplied by factors drawn from N(1, sigma²)."""
    check_sequences("x", x)
    check_positive("sigma", sigma, allow_zero=True)
    check_generator(generator)
    return x * (1 + sigma * torch.randn(len(x), 1, x.shape[2], generator=generator))     # (B, 1, C) factors


def _sample_at(x: torch.Tensor, positions: torch.Tensor) -> torch.Tensor:
    """x (B, T, C) read at fractional frame positions (B, T') by linear interpolation: (B, T', C)."""
    low = positions.floor().long().clamp(0, x.shape[1] - 1)
    high = (low + 1).clamp(max=x.shape[1] - 1)
    w = (positions - low).unsqueeze(-1)                                           # (B, T', 1)
    take = lambda idx: x.gather(1, idx.unsqueeze(-1).expand(-1, -1, x.shape[2]))  # noqa: E731
    return (1 - w) * take(low) + w * take(high)


def time_warp(x: torch.Tensor, strength: float, generator: torch.Generator, knots: int = 4) -> torch.Tensor:
    """x read along a random monotone clock: the speed at `knots` points is drawn from N(1, strength²) (kept
    positive) and interpolated between them; the warped clock still runs from the first to the last frame."""
    check_sequences("x", x)
    check_positive("strength", strength, allow_zero=True)
    check_generator(generator)
    b, t, _ = x.shape
    speed = (1 + strength * torch.randn(b, 1, knots, generator=generator)).clamp(min=0.1)     # (B, 1, knots)
    speed = F.interpolate(speed, size=t, mode="linear", align_corners=True)[:, 0]             # (B, T)
    clock = torch.cumsum(speed, 1) - speed[:, :1]                                              # starts at 0
    clock = clock / clock[:, -1:].clamp(min=1e-6) * (t - 1)                                   # ends at T - 1
    return _sample_at(x, clock)


def crop(x: torch.Tensor, fraction: float, generator: torch.Generator) -> torch.Tensor:
    """A random window of `fraction` × T frames of each sequence, stretched back to T frames."""
    check_sequences("x", x)
    check_fraction("fraction", fraction, low=0.0, high=1.0)
    check_generator(generator)
    b, t, _ = x.shape
    width = fraction * (t - 1)
    start = torch.rand(b, 1, generator=generator) * (t - 1 - width)                            # (B, 1)
    return _sample_at(x, start + torch.linspace(0, width, t).unsqueeze(0))


@dataclass(frozen=True)
class SignalAugment:
    """One view: crop (keep `crop` of the frames), time warp, scaling, jitter — each step off at strength 0."""
    crop: float = 0.8
    warp: float = 0.2
    scale: float = 0.1
    jitter: float = 0.1

    def __post_init__(self):
        check_fraction("crop", self.crop, low=0.0, high=1.0)
        for name in ("warp", "scale", "jitter"):
            check_positive(name, getattr(self, name), allow_zero=True)

    def __call__(self, x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
        if self.crop < 1:
            x = crop(x, self.crop, generator)
        if self.warp:
            x = time_warp(x, self.warp, generator)
        if self.scale:
            x = scaling(x, self.scale, generator)
        if self.jitter:
            x = jitter(x, self.jitter, generator)
        return x
