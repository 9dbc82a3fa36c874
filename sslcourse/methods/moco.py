"""MoCo v2 (He et al. 2020; Chen et al. 2020): a momentum encoder makes the keys, a queue keeps them.

The negatives of a contrastive loss no longer come from the batch: they are the keys of the last
`queue_size` images, produced by a slowly moving copy of the encoder so that old keys stay comparable
with new ones. Many negatives, small batches.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .._checks import check_counts, check_fraction, check_positive
from ..distributed import gather
from ..losses import _info_nce
from ..models import mlp_head
from .base import Method
from .momentum import _ema_update, frozen_copy


class MoCo(Method):
    """query = project(encode(view 1)); key = momentum copy(view 2); InfoNCE against a queue of old keys.

    After each optimizer step (`on_step_end`): the momentum encoder moves towards the online one, then
    this batch's keys enter the queue (first in, first out), so a batch never meets its own keys as
    negatives. The queue starts as random unit vectors, as in the paper. Symmetrized over the two views.
    """

    name = "moco"

    def __init__(self, encoder: nn.Module, augment=None, *, queue_size: int = 1024, momentum: float = 0.99,
                 temperature: float = 0.2, proj_dim: int = 128, hidden_dim: int = 512, seed: int = 0):
        super().__init__(encoder, augment, seed)
        check_counts(queue_size=queue_size, proj_dim=proj_dim, hidden_dim=hidden_dim)
        check_fraction("momentum", momentum)
        check_positive("temperature", temperature)
        self.projector = mlp_head(encoder.out_dim, hidden_dim, proj_dim)
        self.key_encoder = frozen_copy(self.online())
        g = torch.Generator().manual_seed(seed)
        self.register_buffer("queue", F.normalize(torch.randn(queue_size, proj_dim, generator=g), dim=1))
        self.register_buffer("queue_ptr", torch.zeros((), dtype=torch.long))
        self.momentum, self.temperature = momentum, temperature
        self._pending: torch.Tensor | None = None               # keys of this step, enqueued after it
        self.hparams = {"queue_size": queue_size, "momentum": momentum, "temperature": temperature,
                        "proj_dim": proj_dim, "hidden_dim": hidden_dim}

    def online(self) -> nn.Module:
        """encoder followed by projector, the network the key encoder tracks."""
        return nn.Sequential(self.encoder, self.projector)

    def loss(self, x):
        if len(x) > len(self.queue):
            raise ValueError(f"queue_size ({len(self.queue)}) must be at least the batch size ({len(x)})")
        v1, v2 = self.views(x)                                  # 2 x (B, C, H, W)
        q1, q2 = self.project((v1, v2), self.projector)        # 2 x (B, P)
        with torch.no_grad():
            k1, k2 = F.normalize(self.key_encoder(v1), dim=1), F.normalize(self.key_encoder(v2), dim=1)
        negatives = self.queue          # (K, P): keys of earlier batches only (enqueued after backward)
        loss = (_info_nce(q1, k2, negatives, self.temperature)
                + _info_nce(q2, k1, negatives, self.temperature)) / 2
        self._pending = k2                                      # (B, P)
        self._last = (q1.detach(), q2.detach())
        return loss

    @torch.no_grad()
    def on_step_end(self) -> None:
        _ema_update(self.key_encoder, self.online(), self.momentum)
        if self._pending is not None:
            self.enqueue(gather(self._pending))                 # every process's keys (under DDP)
            self._pending = None

    @torch.no_grad()
    def enqueue(self, keys: torch.Tensor) -> None:
        """Write `keys` (B, P) over the oldest entries of the queue (a ring buffer: first in, first out)."""
        k, b = len(self.queue), len(keys)
        if b > k:
            raise ValueError(f"queue_size ({k}) must be at least the batch size ({b})")
        idx = (self.queue_ptr + torch.arange(b, device=keys.device)) % k   # (B,) wraps around
        self.queue[idx] = keys.to(self.queue.dtype)
        self.queue_ptr.fill_((int(self.queue_ptr) + b) % k)
