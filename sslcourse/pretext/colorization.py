"""Colorization (Zhang et al., 2016, "Colorful Image Colorization"; Larsson et al., 2017): show the network
only the brightness of a colour image and ask for the colours.

Grass is green and sky is blue: to colour a grey picture the network must recognise what is in it. The
pseudo-label is free, every colour photo is its own answer. Plain squared error on the colours, as here, gives
washed-out (greyish-brown) guesses where a colour is uncertain, the mean of the possible colours; Zhang et al.
classify quantised colours instead, a fix worth trying as an exercise.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .._checks import check_count
from ..transforms import _to_grey, to_grey  # noqa: F401  (to_grey: re-exported by sslcourse.pretext)
from ..methods.base import Method
from ..models import ConvDecoder
from ._common import as_float_images

def _check_colour(x: torch.Tensor) -> None:
    if x.shape[1] != 3:
        raise ValueError(f"x must hold colour images with 3 channels (RGB) for colorization, got "
                         f"{x.shape[1]} channel(s); use a colour data set such as 'photos' or 'shapes'")


def colorization_task(x: torch.Tensor, generator: torch.Generator | None = None
                      ) -> tuple[torch.Tensor, torch.Tensor]:
    """Pseudo-labels for colorization: (grey images, colour images).

    x: uint8 or float RGB images (B, 3, H, W). Returns (inputs (B, 1, H, W) float32 brightness,
    targets (B, 3, H, W) float32 colours, both in [0, 1]). Nothing is random: `generator` is accepted
    only so that every pretext generator has the same call signature.
    """
    images = as_float_images("x", x)
    _check_colour(images)
    return _to_grey(images), images


class GreyInput(nn.Module):
    """Wrap an encoder so it sees only brightness: colour (B, 3, H, W) or grey (B, 1, H, W) in, features out.

    The brightness is repeated to the inner encoder's `in_channels`. Because it accepts colour images,
    the colorization encoder goes through the same probes (`evaluate.features`) as every other one.
    """

    def __init__(self, encoder: nn.Module):
        super().__init__()
        self.inner = encoder
        self.in_channels = 3
        self.accepts_channels = (1, 3)
        self.out_dim = encoder.out_dim

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        grey = _to_grey(x) if x.shape[1] == 3 else x                        # (B, 1, H, W)
        return self.inner(grey.expand(-1, self.inner.in_channels, -1, -1))   # (B, D)


class Colorization(Method):
    """colorization_task -> encoder on the grey image -> ConvDecoder -> colour offsets -> squared error on RGB.

    The brightness is given, so the decoder predicts only how far each of R, G, B lies from it (offsets
    in [-1, 1], a tanh), and the colour guess is grey + offsets, as colorization nets predict only the
    colour channels (ab of Lab) given the lightness (L). `method.encoder` is a `GreyInput` around the
    encoder you pass (use `ConvEncoder(1, ...)`), so it takes colour images like any other encoder.
    `augment` (optional) is applied to the colour image first; it should leave colours alone. The
    decoder is a `ConvDecoder` of width `decoder_width` (small: the encoder should do the work).
    """

    name = "colorization"
    needs_image_size = True
    encoder_channels = 1

    def __init__(self, encoder: nn.Module, augment=None, *, image_size: int, decoder_width: int = 32,
                 seed: int = 0):
        super().__init__(GreyInput(encoder), augment, seed)
        check_count("decoder_width", decoder_width, minimum=2)
        self.decoder = ConvDecoder(encoder.out_dim, 3, image_size, width=decoder_width)
        last = self.decoder.up[-1]                  # start from "no colour" (offsets 0): large random
        nn.init.zeros_(last.weight)                 # initial guesses would make the first steps push the
        nn.init.zeros_(last.bias)                   # encoder's features towards a constant
        self.hparams = {"image_size": image_size, "decoder_width": decoder_width, "init": "zero-offsets"}

    def offsets(self, grey: torch.Tensor) -> torch.Tensor:
        """Predicted colour minus brightness (B, 3, H, W) in [-1, 1], from grey images (B, 1, H, W)."""
        return torch.tanh(self.decoder(self.encoder(grey)))

    def predict(self, inputs: torch.Tensor) -> torch.Tensor:
        """Colours (B, 3, H, W) in [0, 1] guessed from grey (B, 1, H, W) or colour (B, 3, H, W) images."""
        grey = _to_grey(inputs) if inputs.shape[1] == 3 else inputs
        return (grey + self.offsets(grey)).clamp(0, 1)

    def loss(self, x):
        clean = self.view(x)
        inputs, targets = colorization_task(clean)                    # (B, 1, H, W), (B, 3, H, W)
        return F.mse_loss(inputs + self.offsets(inputs), targets)     # = error on the colour offsets
