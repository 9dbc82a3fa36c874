"""What a supervised method with a linear head shares, whatever its input (text, frames): the label check, accuracy,
and an encoder learning at `encoder_lr` times the head's rate (1: from scratch; below 1: fine-tuning)."""
from __future__ import annotations

import torch
import torch.nn.functional as F

from .._checks import check_tensor


class LinearHeadClassifier:
    """Mixin for a `Method` with `self.head` (nn.Linear to the classes), `self.encoder_lr` and `logits(x)` -> (B, K)."""

    def check_labels(self, labels: torch.Tensor | None, n: int) -> None:
        if labels is None:
            raise ValueError(f"labels: a {type(self).__name__} learns from labels; call fit(method, x, labels)")
        check_tensor("labels", labels, ndim=1, dtype=torch.int64)
        classes = self.head.out_features
        if len(labels) != n or not 0 <= int(labels.min()) <= int(labels.max()) < classes:
            raise ValueError(f"labels must be {n} class ids in [0, {classes - 1}]")

    def scored_loss(self, logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """Cross-entropy of logits (B, K) against labels (B,); keeps the batch accuracy for `record`."""
        self._stats = {"accuracy": float((logits.argmax(1) == labels).float().mean())}
        return F.cross_entropy(logits, labels)

    @torch.no_grad()
    def accuracy(self, x: torch.Tensor, labels: torch.Tensor, batch_size: int = 256) -> float:
        """Accuracy on the inputs x (N, ...) and labels (N,), in eval mode (the mode is restored afterwards)."""
        was_training, device = self.training, next(self.parameters()).device
        self.eval()
        try:
            self.check_input(x, labels)
            pred = torch.cat([self.logits(chunk.to(device)).argmax(1).cpu() for chunk in x.split(batch_size)])
        finally:
            self.train(was_training)
        return float((pred == labels).float().mean())

    def param_groups(self) -> list[dict]:
        return [{"params": list(self.encoder.parameters()), "lr_scale": self.encoder_lr},
                {"params": list(self.head.parameters()), "lr_scale": 1.0}]

    def record(self) -> dict:
        return dict(getattr(self, "_stats", {}))
