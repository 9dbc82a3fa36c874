"""What every pretext task shares: argument checks, uint8 -> float, and the masked reconstruction loss."""
from __future__ import annotations

import torch

from .._checks import check_tensor


def as_float_images(name: str, x) -> torch.Tensor:
    """uint8 images (B, C, H, W) -> float32 in [0, 1]; float images are returned as they are.

    Every generator accepts both, so a method can augment first (floats) and a notebook can pass
    the uint8 images `sslcourse.data` loads.
    """
    check_tensor(name, x, ndim=4)
    if x.dtype == torch.uint8:
        return x.float() / 255
    if not x.is_floating_point():
        raise TypeError(f"{name} must be uint8 or floating point images, got {x.dtype}")
    return x


def masked_mse(prediction: torch.Tensor, target: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean squared error over the masked pixels only.

    prediction, target: (B, C, H, W); mask: (B, 1, H, W) bool, True where the loss counts (the
    hidden pixels). As in MAE (He et al., 2022) and context encoders (Pathak et al., 2016): the
    visible pixels are given, so reconstructing them teaches nothing.
    """
    m = mask.to(prediction.dtype)                                    # (B, 1, H, W)
    squared = (prediction - target) ** 2 * m                         # (B, C, H, W)
    return squared.sum() / (m.sum() * prediction.shape[1]).clamp(min=1)
