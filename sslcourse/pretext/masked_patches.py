"""Masked patches, MAE-style (He et al., 2022, "Masked Autoencoders Are Scalable Vision Learners"; SimMIM, Xie
et al., 2022): cut the image into patches, hide most of them (75 %), reconstruct the hidden ones.

Images are redundant: one missing patch can be filled in from its neighbours without understanding anything.
Hiding most of the image removes that easy way out. MAE's ViT encoder skips the hidden patches altogether; a
conv encoder cannot, so here (as in SimMIM) hidden patches are replaced by a grey value. The loss counts only
the hidden patches.
"""
from __future__ import annotations

import torch
from torch import nn

from ..methods.base import Method
from ..models import ConvDecoder
from .._checks import check_fraction, check_generator
from ._common import as_float_images, masked_mse


def patch_mask(shape: tuple[int, int, int, int], patch: int, ratio: float,
               generator: torch.Generator) -> torch.Tensor:
    """Hide round(ratio * N) of the N patches of each image, chosen at random: a mask (B, 1, H, W) bool.

    `patch` must divide H and W; N = (H / patch) * (W / patch). Every image hides exactly the same
    number of patches (a random subset of its own), so the masked fraction is round(ratio * N) / N.
    """
    B, _, H, W = shape
    if isinstance(patch, bool) or not isinstance(patch, int) or patch < 1 or H % patch or W % patch:
        raise ValueError(f"patch must be a positive integer that divides the image size {H}x{W}, "
                         f"got {patch!r}")
    check_fraction("ratio", ratio, closed=False)
    check_generator(generator)
    gh, gw = H // patch, W // patch
    n = gh * gw
    hidden = round(ratio * n)
    if not 1 <= hidden < n:
        raise ValueError(f"ratio={ratio!r} hides {hidden} of {n} patches; it must hide at least one and "
                         "leave at least one visible")
    rank = torch.rand(B, n, generator=generator).argsort(1).argsort(1)      # (B, N) random ranks
    mask = (rank < hidden).view(B, 1, gh, gw)                                # (B, 1, gh, gw)
    return mask.repeat_interleave(patch, 2).repeat_interleave(patch, 3)     # (B, 1, H, W)


def masked_patches_task(x: torch.Tensor, generator: torch.Generator, patch: int = 4, ratio: float = 0.75,
                        fill: float = 0.5) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Pseudo-labels for masked image modelling: (image with most patches hidden, full image, mask).

    x: uint8 or float images (B, C, H, W); hidden patches (see `patch_mask`) are set to `fill`.
    Returns (inputs (B, C, H, W) float32, targets (B, C, H, W) float32, mask (B, 1, H, W) bool,
    True on hidden patches, where the loss counts).
    """
    images = as_float_images("x", x)
    if isinstance(fill, bool) or not isinstance(fill, (int, float)) or not 0 <= fill <= 1:
        raise ValueError(f"fill must be a number in [0, 1], got {fill!r}")
    mask = patch_mask(tuple(images.shape), patch, ratio, generator).to(images.device)
    return images.masked_fill(mask, fill), images, mask


class MaskedPatches(Method):
    """masked_patches_task -> encoder -> ConvDecoder -> sigmoid -> squared error on the hidden patches only.

    The decoder is a `ConvDecoder` of width `decoder_width` (small: the encoder should do the work).
    """

    name = "masked_patches"

    def __init__(self, encoder: nn.Module, image_size: int, augment=None, patch: int = 4,
                 ratio: float = 0.75, fill: float = 0.5, decoder_width: int = 32, seed: int = 0):
        super().__init__(encoder, augment, seed)
        check_fraction("ratio", ratio, closed=False)
        self.decoder = ConvDecoder(encoder.out_dim, encoder.in_channels, image_size, width=decoder_width)
        self.patch, self.ratio, self.fill = patch, ratio, fill
        self.hparams = {"image_size": image_size, "decoder_width": decoder_width, "patch": patch,
                        "ratio": ratio, "fill": fill}

    def predict(self, inputs: torch.Tensor) -> torch.Tensor:
        """The reconstructed images (B, C, H, W) in [0, 1]."""
        return torch.sigmoid(self.decoder(self.encoder(inputs)))

    def loss(self, x):
        clean = self.view(x)
        inputs, targets, mask = masked_patches_task(clean, self.generator, self.patch, self.ratio, self.fill)
        return masked_mse(self.predict(inputs), targets, mask)
