"""Self-supervised objectives for frame sequences, as methods that `train.fit` trains on float frames (N, T, C).

- `MaskedFrames`: mask spans of input frames and reconstruct them (mean squared error) — masked frame modelling
  (Mockingjay / TERA style; BERT for continuous frames);
- `MaskedContrastive`: mask spans of latents and pick the true latent of each masked frame among K distractors from
  the same sequence (InfoNCE on cosine similarity / temperature) — wav2vec 2.0's objective without its quantizer;
- `SignalContrastive`: SimCLR on two augmented views (`SignalAugment`) of each sequence (TS-TCC / TF-C style);
- `SequenceClassifier`: supervised cross-entropy with a linear head (from scratch, or fine-tuning a pretrained
  encoder with `encoder_lr` < 1), optionally on augmented views.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .._checks import check_count, check_positive, check_probability
from ..losses import nt_xent
from ..methods.base import Method
from ..methods.labelled import LinearHeadClassifier
from .augment import SignalAugment
from .encoder import SequenceEncoder
from .masking import distractors, span_mask


class SignalMethod(Method):
    """Base: a `SequenceEncoder`, float frame input (`input_kind = "sequences"`)."""
    input_kind = "sequences"

    def __init__(self, encoder: SequenceEncoder, *, seed: int = 0):
        if not isinstance(encoder, SequenceEncoder):
            raise TypeError(f"encoder must be a signals.SequenceEncoder, got {type(encoder).__name__}")
        super().__init__(encoder, None, seed)
        self._stats: dict = {}

    def check_input(self, x: torch.Tensor, labels: torch.Tensor | None = None) -> None:
        self.encoder.check_frames("x", x)
        if self.training and len(x) < 2:
            raise ValueError(f"x must hold at least 2 sequences to train {self.name}, got {len(x)}")
        self.check_labels(labels, len(x))

    def record(self) -> dict:
        return dict(self._stats)


class _Masked(SignalMethod):
    def __init__(self, encoder: SequenceEncoder, *, p: float, span: int, seed: int):
        super().__init__(encoder, seed=seed)
        check_probability("p", p)
        check_count("span", span)
        self.p, self.span = p, span
        self.hparams = {"p": p, "span": span}

    def masked_context(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(latents z, contexts c, mask): z and c (B, T, D), mask (B, T) bool drawn by `span_mask`."""
        z = self.encoder.features(x)
        mask = span_mask(len(x), x.shape[1], self.p, min(self.span, x.shape[1]), self.generator).to(x.device)
        return z, self.encoder.context(z, mask), mask


class MaskedFrames(_Masked):
    """Reconstruct masked input frames from the context (mean squared error over masked frames). The frames are
    masked at the *input* (set to zero), so no latent — whose convolution sees 5 frames — can see a masked frame."""
    name = "masked_frames"

    def __init__(self, encoder: SequenceEncoder, *, p: float = 0.1, span: int = 5, seed: int = 0):
        super().__init__(encoder, p=p, span=span, seed=seed)
        self.head = nn.Linear(encoder.out_dim, encoder.channels)

    def loss(self, x: torch.Tensor, labels=None) -> torch.Tensor:
        mask = span_mask(len(x), x.shape[1], self.p, min(self.span, x.shape[1]), self.generator).to(x.device)
        hidden = x.masked_fill(mask.unsqueeze(-1), 0.0)                    # (B, T, C) masked frames zeroed
        c = self.encoder.context(self.encoder.features(hidden))            # (B, T, D)
        target = self.encoder.norm_in(x).detach()                          # the frames, normalised per frame
        loss = F.mse_loss(self.head(c)[mask], target[mask])
        self._stats = {"masked_mse": float(loss.detach())}
        return loss


class MaskedContrastive(_Masked):
    """wav2vec 2.0-style: each masked frame's context must pick its own latent among `k` distractors."""
    name = "masked_contrastive"

    def __init__(self, encoder: SequenceEncoder, *, p: float = 0.1, span: int = 5, k: int = 10,
                 temperature: float = 0.1, seed: int = 0):
        super().__init__(encoder, p=p, span=span, seed=seed)
        check_count("k", k)
        check_count("span", span, minimum=2)                       # every sequence then has a distractor
        check_positive("temperature", temperature)
        self.k, self.temperature = k, temperature
        self.hparams.update(k=k, temperature=temperature)
        self.predict = nn.Linear(encoder.out_dim, encoder.out_dim)

    def loss(self, x: torch.Tensor, labels=None) -> torch.Tensor:
        z, c, mask = self.masked_context(x)
        pos, neg = distractors(mask.cpu(), self.k, self.generator)            # (M,), (M, K) flat indices
        pos, neg = pos.to(x.device), neg.to(x.device)
        z = F.normalize(z.flatten(0, 1), dim=-1)                              # (B * T, D) the targets
        q = F.normalize(self.predict(c.flatten(0, 1)[pos]), dim=-1)           # (M, D) the masked contexts
        candidates = torch.cat([z[pos].unsqueeze(1), z[neg]], 1)              # (M, 1 + K, D): positive first
        logits = (candidates @ q.unsqueeze(-1)).squeeze(-1) / self.temperature   # (M, 1 + K)
        loss = F.cross_entropy(logits, torch.zeros(len(pos), dtype=torch.long, device=x.device))
        self._stats = {"accuracy": float((logits.argmax(1) == 0).float().mean())}
        return loss


class SignalContrastive(SignalMethod):
    """SimCLR for sequences: NT-Xent between the projections of two augmented views of every sequence."""
    name = "signal_contrastive"

    def __init__(self, encoder: SequenceEncoder, augment: SignalAugment | None = None, *,
                 temperature: float = 0.2, seed: int = 0):
        super().__init__(encoder, seed=seed)
        if augment is not None and not isinstance(augment, SignalAugment):
            raise TypeError(f"augment must be a signals.SignalAugment or None, got {type(augment).__name__}")
        check_positive("temperature", temperature)
        self.signal_augment = augment if augment is not None else SignalAugment()
        self.temperature = temperature
        self.hparams = {"augment": repr(self.signal_augment), "temperature": temperature}
        dim = encoder.out_dim
        self.head = nn.Sequential(nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, dim))

    def loss(self, x: torch.Tensor, labels=None) -> torch.Tensor:
        views = [self.signal_augment(x.cpu(), self.generator).to(x.device) for _ in range(2)]
        z1, z2 = (self.head(self.encoder(v)) for v in views)                  # 2 x (B, D)
        self._last = (z1.detach(), z2.detach())
        return nt_xent(z1, z2, self.temperature)

    def record(self) -> dict:
        return Method.record(self)


class SequenceClassifier(LinearHeadClassifier, SignalMethod):
    """Cross-entropy of a linear head on the encoder's (B, dim) feature; `augment` (optional) augments each batch."""
    name = "sequence_classifier"

    def __init__(self, encoder: SequenceEncoder, num_classes: int, *, encoder_lr: float = 1.0,
                 augment: SignalAugment | None = None, seed: int = 0):
        super().__init__(encoder, seed=seed)
        check_count("num_classes", num_classes, minimum=2)
        check_positive("encoder_lr", encoder_lr)
        self.head = nn.Linear(encoder.out_dim, num_classes)
        self.encoder_lr, self.signal_augment = encoder_lr, augment
        self.hparams = {"num_classes": num_classes, "encoder_lr": encoder_lr, "augment": repr(augment)}

    def logits(self, x: torch.Tensor) -> torch.Tensor:
        """(B, num_classes) class scores of frames x (B, T, C)."""
        return self.head(self.encoder(x))

    def loss(self, x: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        if self.signal_augment is not None and self.training:
            x = self.signal_augment(x.cpu(), self.generator).to(x.device)
        return self.scored_loss(self.logits(x), labels)
