"""Denoising (Vincent et al., 2008, "Extracting and Composing Robust Features with Denoising Autoencoders"):
corrupt the image with noise and dropped pixels, reconstruct the clean one.

The simplest "predict the input from a corrupted input" objective; notebook 01 uses it as the first example of a
pseudo-label (the clean image).
"""
from __future__ import annotations

import torch
from torch import nn

from .._checks import check_float_images, check_fraction, check_generator, check_positive
from ._common import as_float_images
from .reconstruction import Reconstruction


def corrupt(x: torch.Tensor, generator: torch.Generator, noise_std: float = 0.3,
            drop: float = 0.25) -> torch.Tensor:
    """Gaussian noise of std `noise_std` plus a fraction `drop` of zeroed pixels, on float images (B, C, H, W)
    in [0, 1]; the result is clipped to [0, 1]."""
    check_float_images("x", x)
    check_generator(generator)
    check_positive("noise_std", noise_std, allow_zero=True)
    check_fraction("drop", drop)
    return _corrupt(x, generator, noise_std, drop)


def _corrupt(x: torch.Tensor, generator: torch.Generator, noise_std: float, drop: float) -> torch.Tensor:
    noise = torch.randn(x.shape, generator=generator).to(x.device) * noise_std
    keep = (torch.rand(x.shape[0], 1, *x.shape[2:], generator=generator) >= drop).to(x.device)
    return ((x + noise) * keep).clamp(0, 1)


def denoising_task(x: torch.Tensor, generator: torch.Generator, noise_std: float = 0.3,
                   drop: float = 0.25) -> tuple[torch.Tensor, torch.Tensor]:
    """Pseudo-labels for denoising: (corrupted images, clean images), both float32 (B, C, H, W) in [0, 1].

    x: uint8 or float images (B, C, H, W). `corrupt` adds Gaussian noise of std `noise_std` and zeroes a
    fraction `drop` of the pixels.
    """
    images = as_float_images("x", x)
    return corrupt(images, generator, noise_std, drop), images


class DenoisingAutoencoder(Reconstruction):
    """encode(corrupt(x)) -> decode -> sigmoid -> mean squared error against the clean x (every pixel counts).

    `augment` (optional) is applied first, so the clean target is itself a random view.
    """

    name = "denoising"

    def __init__(self, encoder: nn.Module, augment=None, *, image_size: int, noise_std: float = 0.3,
                 drop: float = 0.25, decoder_width: int = 64, seed: int = 0):
        super().__init__(encoder, augment, image_size=image_size, decoder_width=decoder_width, seed=seed)
        check_positive("noise_std", noise_std, allow_zero=True)
        check_fraction("drop", drop)
        self.noise_std, self.drop = noise_std, drop
        self.hparams.update(noise_std=noise_std, drop=drop)

    def task(self, clean):
        return _corrupt(clean, self.generator, self.noise_std, self.drop), clean, None   # checked when made
