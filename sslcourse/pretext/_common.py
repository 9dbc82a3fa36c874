"""What every pretext task shares: uint8 -> float images, and the check of a fill value."""
from __future__ import annotations

import torch

from .._checks import check_float_images, check_fraction, check_tensor


def as_float_images(name: str, x) -> torch.Tensor:
    """uint8 images (B, C, H, W) -> float32 in [0, 1]; float images in [0, 1] are returned as they are.

    Every generator accepts both, so a method can augment first (floats) and a notebook can pass
    the uint8 images `sslcourse.data` loads.
    """
    check_tensor(name, x, ndim=4)
    if x.dtype == torch.uint8:
        return x.float() / 255
    if not x.is_floating_point():
        raise TypeError(f"{name} must be uint8 or floating point images, got {x.dtype}")
    check_float_images(name, x)
    return x


def check_fill(fill) -> None:
    """The grey value that marks hidden pixels: a number in [0, 1]."""
    check_fraction("fill", fill)
