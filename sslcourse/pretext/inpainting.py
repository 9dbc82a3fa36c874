"""Inpainting, or context prediction (Pathak et al., 2016, "Context Encoders: Feature Learning by Inpainting"):
hide one large region of the image and reconstruct it from the surroundings.

To fill a hole in a digit the network must know which digit it is looking at and how strokes continue. Only the
hidden pixels count in the loss; the visible ones are given. (Pathak et al. add an adversarial loss for sharp
fills; plain squared error, as here, gives blurry but useful ones.)
"""
from __future__ import annotations

import math

import torch
from torch import nn

from .._checks import check_fraction, check_generator
from ._common import as_float_images, check_fill
from .reconstruction import Reconstruction


def box_mask(shape: tuple[int, int, int, int], area: float, generator: torch.Generator) -> torch.Tensor:
    """One square hole per image: a mask (B, 1, H, W) bool, True inside the hole.

    The hole is round(sqrt(area) * H) x round(sqrt(area) * W) pixels, so it covers `area` of the
    image up to rounding (exactly for area=0.25 on 28x28), at a position drawn uniformly per image.
    """
    check_fraction("area", area, closed=False)
    check_generator(generator)
    if not (isinstance(shape, (tuple, list, torch.Size)) and len(shape) == 4
            and all(isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in shape)):
        raise ValueError(f"shape must be 4 positive integers (B, C, H, W), got {shape!r}")
    B, _, H, W = shape
    h, w = round(math.sqrt(area) * H), round(math.sqrt(area) * W)
    if not (1 <= h <= H and 1 <= w <= W) or h * w in (0, H * W):
        raise ValueError(f"area={area!r} rounds to an empty or a full hole on {H}x{W} images")
    top = torch.randint(H - h + 1, (B, 1, 1), generator=generator)          # (B, 1, 1)
    left = torch.randint(W - w + 1, (B, 1, 1), generator=generator)
    rows, cols = torch.arange(H).view(1, H, 1), torch.arange(W).view(1, 1, W)
    inside = (rows >= top) & (rows < top + h) & (cols >= left) & (cols < left + w)   # (B, H, W)
    return inside.unsqueeze(1)                                               # (B, 1, H, W)


def inpainting_task(x: torch.Tensor, generator: torch.Generator, area: float = 0.25, fill: float = 0.5
                    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Pseudo-labels for inpainting: (image with a hole, the full image, where the hole is).

    x: uint8 or float images (B, C, H, W). The hole (see `box_mask`) is filled with the grey `fill`
    in [0, 1], a value that marks it as missing. Returns (inputs (B, C, H, W) float32, targets
    (B, C, H, W) float32, mask (B, 1, H, W) bool): the reconstruction loss counts where mask is True.
    """
    images = as_float_images("x", x)
    check_fill(fill)
    mask = box_mask(tuple(images.shape), area, generator).to(images.device)   # (B, 1, H, W)
    return images.masked_fill(mask, fill), images, mask


class Inpainting(Reconstruction):
    """inpainting_task -> encoder -> ConvDecoder -> sigmoid -> squared error inside the hole only."""

    name = "inpainting"

    def __init__(self, encoder: nn.Module, augment=None, *, image_size: int, area: float = 0.25,
                 fill: float = 0.5, decoder_width: int = 32, seed: int = 0):
        super().__init__(encoder, augment, image_size=image_size, decoder_width=decoder_width, seed=seed)
        check_fraction("area", area, closed=False)
        check_fill(fill)
        side = round(math.sqrt(area) * image_size)
        if not 1 <= side < image_size:
            raise ValueError(f"area={area!r} rounds to an empty or a full hole on {image_size}x{image_size} images")
        self.area, self.fill = area, fill
        self.hparams.update(area=area, fill=fill)

    def task(self, clean):
        return inpainting_task(clean, self.generator, self.area, self.fill)
