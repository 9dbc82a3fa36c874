"""The interface every method shares: `method(x_uint8) -> scalar loss`, `method.encoder`.

A method owns its encoder, its heads, its augmentation and a seeded generator for the augmentation.
`train.fit` only ever calls `loss = method(x)`, `method.on_step_end()` and `method.record()`.
"""
from __future__ import annotations

import torch
from torch import nn

from .._checks import check_images, check_seed
from ..augment import as_augment
from ..diagnostics import diagnose
from ..models import check_encoder_input


class Method(nn.Module):
    """Base class: holds the encoder, the augmentation and the random generator.

    Subclasses implement `loss(x_uint8) -> scalar` and put their hyper-parameters in `self.hparams`
    (they enter the cache key of trained encoders). Every subclass's constructor follows one convention:
    `Cls(encoder, augment=None, *, <hyper-parameters>, seed=0)`, and methods with a decoder set
    `needs_image_size = True` and take `image_size` among their hyper-parameters (`zoo.build` passes it).
    A method whose encoder sees a fixed number of channels, whatever the data, says so in `encoder_channels`
    (colorization: 1, the brightness).
    """

    name = "method"
    needs_image_size = False
    encoder_channels: int | None = None

    def __init__(self, encoder: nn.Module, augment=None, seed: int = 0):
        super().__init__()
        if not isinstance(encoder, nn.Module) or not hasattr(encoder, "out_dim"):
            raise TypeError("encoder must be an nn.Module with an `out_dim` attribute "
                            "(see sslcourse.models)")
        check_seed("seed", seed)
        self.encoder = encoder
        self.augment = as_augment(augment)
        self.generator = torch.Generator().manual_seed(seed)
        self.hparams: dict = {}
        self._last = None   # detached embeddings of the last step: (B, D), or a pair of them (two views)

    # -- what subclasses write ---------------------------------------------------------------
    def loss(self, x: torch.Tensor, *args) -> torch.Tensor:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- shared machinery --------------------------------------------------------------------
    def forward(self, x: torch.Tensor, *args) -> torch.Tensor:
        self.check_input(x, args[0] if args else None)
        return self.loss(x, *args)

    def check_input(self, x: torch.Tensor, labels: torch.Tensor | None = None) -> None:
        """One clear error, naming the argument, for a batch this method cannot train on: not uint8 images, fewer
        than 2 (BatchNorm and in-batch negatives need a batch), a channel count or (for methods with a decoder) an
        image size the networks were not built for, labels given to a method that learns without them."""
        check_images("x", x)
        if self.training and len(x) < 2:
            raise ValueError(f"x must hold at least 2 images to train {self.name}, got a batch of {len(x)}")
        check_encoder_input("x", x, self.encoder)
        size = self.hparams.get("image_size")
        if self.needs_image_size and tuple(x.shape[-2:]) != (size, size):
            raise ValueError(f"x must be {size}x{size} images: {self.name}'s decoder was built for "
                             f"image_size={size}; got {x.shape[-2]}x{x.shape[-1]}")
        self.check_labels(labels, len(x))

    def check_labels(self, labels: torch.Tensor | None, n: int) -> None:
        """Labels must be absent for a method that learns without labels (Supervised overrides this)."""
        if labels is not None:
            raise ValueError(f"labels: {self.name} learns without labels; call fit(method, images) without them")

    def view(self, x: torch.Tensor) -> torch.Tensor:
        """One augmented float view of the uint8 batch x (B, C, H, W); x / 255 without augmentation."""
        return self.augment(x, self.generator) if self.augment else x.float() / 255

    def views(self, x: torch.Tensor, n: int = 2) -> list[torch.Tensor]:
        """n independently augmented float views of the uint8 batch x, each (B, C, H, W) (see `view`)."""
        return [self.view(x) for _ in range(n)]

    def project(self, views, head: nn.Module) -> list[torch.Tensor]:
        """head(encoder(v)) for each float view v (B, C, H, W): a list of (B, P)."""
        return [head(self.encoder(v)) for v in views]

    def projected_views(self, x: torch.Tensor, head: nn.Module) -> list[torch.Tensor]:
        """head(encoder(view)) for two independent views of the uint8 batch x: 2 x (B, P)."""
        return self.project(self.views(x), head)

    def param_groups(self) -> list[dict]:
        """The optimizer's parameter groups: {"params": [...], "lr_scale": s}, each trained at s x the learning rate
        (train.fit reads this). One group at the full rate by default; Supervised gives its encoder `encoder_lr`."""
        return [{"params": list(self.parameters()), "lr_scale": 1.0}]

    def seed(self, seed: int) -> None:
        """Reset the augmentation generator (train.fit calls this)."""
        self.generator.manual_seed(seed)

    def on_step_end(self) -> None:
        """Called after every optimizer step (EMA targets and queues update here)."""

    def record(self) -> dict:
        """Numbers worth logging every few steps (fit stores them in its history).

        By default the collapse diagnostics (`sslcourse.diagnostics.diagnose`) of `self._last`: the
        detached (B, D) embeddings of the last step, or a pair of them (two views: adds the alignment).
        """
        last = self._last
        if last is None:
            return {}
        z1, z2 = last if isinstance(last, (tuple, list)) else (last, None)
        if len(z1) < 2 or any(not torch.isfinite(z).all() for z in (z1, z2) if z is not None):
            return {}
        return diagnose(z1.float().cpu(), None if z2 is None else z2.float().cpu())

    def config(self) -> dict:
        """Everything that determines the result of training: enters the cache key."""
        enc = self.encoder
        n_params = sum(p.numel() for p in enc.parameters())
        return {"method": self.name, "hparams": self.hparams, "augment": repr(self.augment),
                "encoder": f"{type(enc).__name__}(out_dim={enc.out_dim}, params={n_params})"}
