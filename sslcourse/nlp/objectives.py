"""The two text pretraining objectives as methods that `train.fit` trains on token ids (N, L) int64.

- `MaskedLM`: BERT's objective — corrupt 15 % of the positions (`masking.mask_tokens`) and predict the originals
  there, seeing the whole sequence (a bidirectional `TinyTransformer`);
- `NextToken`: GPT's objective — predict token t + 1 from tokens ≤ t at every position (a causal `TinyTransformer`).
Both record their prediction accuracy at the positions they are scored on.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .._checks import check_count, check_probability
from ..methods.base import Method
from .masking import IGNORE, mask_tokens
from .model import TinyTransformer


class TextMethod(Method):
    """Base of the text objectives: a `TinyTransformer`, a linear head to the vocabulary, token-id input."""
    input_kind = "tokens"

    def __init__(self, model: TinyTransformer, *, seed: int = 0):
        if not isinstance(model, TinyTransformer):
            raise TypeError(f"model must be an nlp.TinyTransformer, got {type(model).__name__}")
        super().__init__(model, None, seed)
        self.head = nn.Linear(model.out_dim, model.vocab_size)
        self.hparams = {"vocab_size": model.vocab_size, "causal": model.causal}
        self._stats: dict = {}

    def check_input(self, x: torch.Tensor, labels: torch.Tensor | None = None) -> None:
        self.encoder.check_ids("x", x)
        if self.training and len(x) < 2:
            raise ValueError(f"x must hold at least 2 sequences to train {self.name}, got {len(x)}")
        self.check_labels(labels, len(x))

    def logits(self, ids: torch.Tensor) -> torch.Tensor:
        """(B, L, vocab) scores of the next (causal) or the hidden (bidirectional) token at every position."""
        return self.head(self.encoder(ids))

    def scored(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        """Cross-entropy over the positions whose target is not IGNORE; keeps their accuracy for `record`."""
        loss = F.cross_entropy(logits.flatten(0, 1), targets.flatten(), ignore_index=IGNORE)
        keep = targets != IGNORE
        self._stats = {"accuracy": float((logits.argmax(-1)[keep] == targets[keep]).float().mean())}
        return loss

    def record(self) -> dict:
        return dict(self._stats)


class MaskedLM(TextMethod):
    """BERT-style: predict the 15 % corrupted positions of each sequence (80 % <mask>, 10 % random, 10 % kept)."""
    name = "masked_lm"

    def __init__(self, model: TinyTransformer, *, mask_id: int, special_ids, p: float = 0.15, seed: int = 0):
        super().__init__(model, seed=seed)
        if model.causal:
            raise ValueError("model must be bidirectional (causal=False) for masked language modelling")
        check_count("mask_id", mask_id, minimum=0, maximum=model.vocab_size - 1)
        check_probability("p", p)
        self.mask_id, self.special_ids, self.p = mask_id, tuple(special_ids), p
        self.hparams.update(mask_id=mask_id, special_ids=list(self.special_ids), p=p)

    def loss(self, x: torch.Tensor, labels=None) -> torch.Tensor:
        inputs, targets = mask_tokens(x.cpu(), vocab_size=self.encoder.vocab_size, mask_id=self.mask_id,
                                      special_ids=self.special_ids, p=self.p, generator=self.generator)
        return self.scored(self.logits(inputs.to(x.device)), targets.to(x.device))   # (B, L, V) vs (B, L)


class NextToken(TextMethod):
    """GPT-style: at every position predict the next token (padding excluded)."""
    name = "next_token"

    def __init__(self, model: TinyTransformer, *, seed: int = 0):
        super().__init__(model, seed=seed)
        if not model.causal:
            raise ValueError("model must be causal (causal=True) for next-token prediction")

    def loss(self, x: torch.Tensor, labels=None) -> torch.Tensor:
        targets = x[:, 1:].masked_fill(x[:, 1:] == self.encoder.pad_id, IGNORE)          # (B, L - 1)
        return self.scored(self.logits(x[:, :-1]), targets)                              # (B, L - 1, V)
