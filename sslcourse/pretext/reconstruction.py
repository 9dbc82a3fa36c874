"""What the reconstruction tasks share (denoising, inpainting, masked patches): a decoder, `predict`, and a
squared error that counts only where something was hidden.

A task subclass writes one method, `task(clean) -> (inputs, targets, mask)`: what the network is shown, what it
must give back, and where the loss counts (`None`: everywhere, as in denoising).
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .._checks import check_count, check_same_shape, check_tensor
from ..methods.base import Method
from ..models import ConvDecoder


def masked_mse(prediction: torch.Tensor, target: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean squared error over the masked pixels only.

    prediction, target: (B, C, H, W); mask: (B, 1, H, W) bool, True where the loss counts (the
    hidden pixels). As in MAE (He et al., 2022) and context encoders (Pathak et al., 2016): the
    visible pixels are given, so reconstructing them teaches nothing.
    """
    check_tensor("prediction", prediction, ndim=4, floating=True)
    check_same_shape("prediction", prediction, "target", target)
    check_tensor("mask", mask, ndim=4, dtype=torch.bool)
    if mask.shape[1] != 1 or mask.shape[0] != prediction.shape[0] or mask.shape[2:] != prediction.shape[2:]:
        raise ValueError(f"mask must have shape (B, 1, H, W) = {(prediction.shape[0], 1, *prediction.shape[2:])}, "
                         f"got {tuple(mask.shape)}")
    m = mask.to(prediction.dtype)                                    # (B, 1, H, W)
    squared = (prediction - target) ** 2 * m                         # (B, C, H, W)
    return squared.sum() / (m.sum() * prediction.shape[1]).clamp(min=1)


class Reconstruction(Method):
    """task(view) -> encoder -> ConvDecoder -> sigmoid -> squared error (inside the mask, if there is one).

    The decoder is a `ConvDecoder` of width `decoder_width` (small: the encoder should do the work).
    """

    needs_image_size = True

    def __init__(self, encoder: nn.Module, augment=None, *, image_size: int, decoder_width: int, seed: int = 0):
        super().__init__(encoder, augment, seed)
        check_count("decoder_width", decoder_width, minimum=2)
        self.decoder = ConvDecoder(encoder.out_dim, encoder.in_channels, image_size, width=decoder_width)
        self.hparams = {"image_size": image_size, "decoder_width": decoder_width}

    def task(self, clean: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
        """(inputs, targets, mask or None) from float images (B, C, H, W) in [0, 1]."""
        raise NotImplementedError  # pragma: no cover - abstract

    def predict(self, inputs: torch.Tensor) -> torch.Tensor:
        """The reconstructed images (B, C, H, W) in [0, 1]."""
        return torch.sigmoid(self.decoder(self.encoder(inputs)))

    def loss(self, x):
        """Squared error between `predict(inputs)` and the targets of `task(view of x)`, inside the mask if any."""
        inputs, targets, mask = self.task(self.view(x))
        prediction = self.predict(inputs)
        return F.mse_loss(prediction, targets) if mask is None else masked_mse(prediction, targets, mask)
