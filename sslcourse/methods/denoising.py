"""Denoising autoencoder (Vincent et al. 2008): reconstruct the clean image from a corrupted one."""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .._checks import check_fraction, check_positive
from ..models import ConvDecoder
from .base import Method


def corrupt(x: torch.Tensor, generator: torch.Generator, noise_std: float = 0.3,
            drop: float = 0.25) -> torch.Tensor:
    """Gaussian noise plus randomly zeroed pixels on float images (B, C, H, W) in [0, 1]."""
    check_positive("noise_std", noise_std, allow_zero=True)
    check_fraction("drop", drop)
    noise = torch.randn(x.shape, generator=generator).to(x.device) * noise_std
    keep = (torch.rand(x.shape[0], 1, *x.shape[2:], generator=generator) >= drop).to(x.device)
    return ((x + noise) * keep).clamp(0, 1)


class DenoisingAutoencoder(Method):
    """encode(corrupt(x)) -> decode -> mean squared error against the clean x.

    The simplest "predict the input from a corrupted input" objective. `augment` (optional) is
    applied first, so the clean target is itself a random view.
    """

    name = "denoising"

    def __init__(self, encoder: nn.Module, image_size: int, augment=None, noise_std: float = 0.3,
                 drop: float = 0.25, seed: int = 0):
        super().__init__(encoder, augment, seed)
        self.decoder = ConvDecoder(encoder.out_dim, encoder.in_channels, image_size)
        self.noise_std, self.drop = noise_std, drop
        self.hparams = {"noise_std": noise_std, "drop": drop, "image_size": image_size}

    def loss(self, x):
        clean = self.view(x)  # (B, C, H, W)
        noisy = corrupt(clean, self.generator, self.noise_std, self.drop)
        recon = self.decoder(self.encoder(noisy))                                   # (B, C, H, W)
        return F.mse_loss(torch.sigmoid(recon), clean)
