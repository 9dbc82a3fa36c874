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

from .._checks import check_count, check_fraction, check_generator
from ._common import as_float_images, check_fill
from .reconstruction import Reconstruction


def patch_mask(shape: tuple[int, int, int, int], patch: int, ratio: float,
               generator: torch.Generator) -> torch.Tensor:
    """Hide round(ratio * N) of the N patches of each image, chosen at random: a mask (B, 1, H, W) bool.

    `patch` must divide H and W; N = (H / patch) * (W / patch). Every image hides exactly the same
    number of patches (a random subset of its own), so the masked fraction is round(ratio * N) / N.
    """
    B, _, H, W = shape
    check_count("patch", patch)
    if H % patch or W % patch:
        raise ValueError(f"patch must divide the image size {H}x{W}, got {patch!r}")
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
    check_fill(fill)
    mask = patch_mask(tuple(images.shape), patch, ratio, generator).to(images.device)
    return images.masked_fill(mask, fill), images, mask


class MaskedPatches(Reconstruction):
    """masked_patches_task -> encoder -> ConvDecoder -> sigmoid -> squared error on the hidden patches only."""

    name = "masked_patches"

    def __init__(self, encoder: nn.Module, augment=None, *, image_size: int, patch: int = 4,
                 ratio: float = 0.75, fill: float = 0.5, decoder_width: int = 32, seed: int = 0):
        super().__init__(encoder, augment, image_size=image_size, decoder_width=decoder_width, seed=seed)
        check_count("patch", patch)
        check_fraction("ratio", ratio, closed=False)
        check_fill(fill)
        self.patch, self.ratio, self.fill = patch, ratio, fill
        self.hparams.update(patch=patch, ratio=ratio, fill=fill)

    def task(self, clean):
        return masked_patches_task(clean, self.generator, self.patch, self.ratio, self.fill)
