"""Denoising (Vincent et al., 2008): corrupt the image with noise and dropped pixels, reconstruct the clean one.

The method and the corruption live in `sslcourse.methods` (the foundation notebook uses them); this file only
exposes the corruption as a pseudo-label generator with the same signature as the other tasks.
"""
from __future__ import annotations

import torch

from ..methods.denoising import DenoisingAutoencoder, corrupt
from .._checks import check_generator
from ._common import as_float_images


def denoising_task(x: torch.Tensor, generator: torch.Generator, noise_std: float = 0.3,
                   drop: float = 0.25) -> tuple[torch.Tensor, torch.Tensor]:
    """Pseudo-labels for denoising: (corrupted images, clean images), both float32 (B, C, H, W) in [0, 1].

    x: uint8 or float images (B, C, H, W). `methods.corrupt` adds Gaussian noise of std `noise_std`
    and zeroes a fraction `drop` of the pixels.
    """
    images = as_float_images("x", x)
    check_generator(generator)
    return corrupt(images, generator, noise_std, drop), images


__all__ = ["DenoisingAutoencoder", "denoising_task"]
