"""CL4SRec (Xie et al. 2022): next-item prediction plus a contrastive term between two augmented views of the same
history — the self-supervised signal added to a sequential recommender's own objective."""
from __future__ import annotations

import torch

from .._checks import check_positive
from ..losses import _nt_xent
from ..nlp.model import TinyTransformer
from ..nlp.objectives import NextToken
from .augment import augment_sequences


def last_hidden(hidden: torch.Tensor, ids: torch.Tensor) -> torch.Tensor:
    """(B, D): the hidden state (B, L, D) at each row's last item (right padding skipped; position 0 if all padding)."""
    last = ((ids != 0).sum(1) - 1).clamp(min=0)                                     # (B,)
    return hidden[torch.arange(len(ids), device=ids.device), last]


class ContrastiveNextItem(NextToken):
    """loss = next-item cross-entropy + `weight` * NT-Xent between the last hidden states of two augmented views
    (crop / mask / reorder, `recsys.augment_sequences`) of each history, at `temperature`."""
    name = "cl4srec"

    def __init__(self, model: TinyTransformer, *, mask_id: int, weight: float = 0.1, temperature: float = 1.0,
                 seed: int = 0):
        super().__init__(model, seed=seed)
        if not 0 < mask_id < model.vocab_size:
            raise ValueError(f"mask_id must be a token id in [1, {model.vocab_size - 1}], got {mask_id!r}")
        check_positive("weight", weight, allow_zero=True)
        check_positive("temperature", temperature)
        self.mask_id, self.weight, self.temperature = mask_id, weight, temperature
        self.hparams.update(mask_id=mask_id, weight=weight, temperature=temperature)

    def loss(self, x: torch.Tensor, labels=None) -> torch.Tensor:
        views = [augment_sequences(x.cpu(), mask_id=self.mask_id, generator=self.generator).to(x.device)
                 for _ in range(2)]                                                # 2 x (B, L)
        z1, z2 = (last_hidden(self.encoder(v), v) for v in views)                  # 2 x (B, D)
        self._last = (z1.detach(), z2.detach())
        return super().loss(x) + self.weight * _nt_xent(z1, z2, self.temperature)
