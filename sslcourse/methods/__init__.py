"""SSL methods behind one interface: `loss = method(x_uint8)`, `method.encoder`.

`build(name, ...)` makes any registered method with a fresh encoder, for the command line and notebooks.
"""
from __future__ import annotations

import inspect

from ..models import encoder_for
from .barlow import BarlowTwins
from .base import Method
from .byol import BYOL
from .denoising import DenoisingAutoencoder, corrupt
from .moco import MoCo, ema_update, frozen_copy
from .simclr import SimCLR
from .simsiam import SimSiam
from .supervised import Supervised
from .vicreg import VICReg

METHODS: dict[str, type[Method]] = {
    "simclr": SimCLR,
    "denoising": DenoisingAutoencoder,
    "moco": MoCo,
    "byol": BYOL,
    "simsiam": SimSiam,
    "barlow": BarlowTwins,
    "vicreg": VICReg,
}


def register(cls: type[Method]) -> type[Method]:
    """Add a method class to METHODS under `cls.name` (usable as a decorator)."""
    METHODS[cls.name] = cls
    return cls


def build(name: str, *, channels: int, image_size: int, augment="mnist5k", arch: str = "conv",
          width: int = 32, seed: int = 0, **hparams) -> Method:
    """A method with a fresh encoder. `augment` is a preset name or an `augment.Augment`."""
    from .. import pretext  # noqa: F401  registers the pretext methods
    from .. import augment as aug

    if name not in METHODS:
        raise ValueError(f"method must be one of {sorted(METHODS)}, got {name!r}")
    cls = METHODS[name]
    torch_seed(seed)                      # fresh weights depend on the seed only
    encoder = encoder_for(channels, arch, width)
    if isinstance(augment, str):
        augment = aug.preset(augment)
    params = inspect.signature(cls).parameters
    if "image_size" in params:
        hparams["image_size"] = image_size
    return cls(encoder, augment=augment, seed=seed, **hparams)


def torch_seed(seed: int) -> None:
    """Seed torch's global generator so freshly built weights are reproducible."""
    import torch
    torch.manual_seed(seed)


__all__ = ["Method", "SimCLR", "DenoisingAutoencoder", "Supervised", "METHODS", "build", "register",
           "corrupt", "MoCo", "BYOL", "SimSiam", "BarlowTwins", "VICReg", "ema_update", "frozen_copy"]
