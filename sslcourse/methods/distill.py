"""Distillation into a student on unlabelled images: the last step of SimCLRv2's recipe (Chen et al. 2020b).

SSL-pretrain → fine-tune on the few labels (the teacher) → train a student on the *unlabelled* pool to match the
teacher's softened class probabilities: loss = T² · cross-entropy(softmax(teacher / T), log_softmax(student / T)).
Teacher and student see the same augmented view. The teacher is frozen and stays in eval mode throughout.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .._checks import check_count, check_positive
from .base import Method
from .momentum import frozen_copy


class Distillation(Method):
    """A student (encoder + linear classifier) trained to match `teacher.logits` on unlabelled images."""

    name = "distillation"

    def __init__(self, encoder: nn.Module, augment=None, *, teacher: nn.Module, num_classes: int,
                 temperature: float = 1.0, seed: int = 0):
        super().__init__(encoder, augment, seed)
        if not callable(getattr(teacher, "logits", None)):
            raise TypeError(f"teacher must be a classifier with logits(images), such as a trained methods.Supervised, "
                            f"got {type(teacher).__name__}")
        check_count("num_classes", num_classes, minimum=2)
        check_positive("temperature", temperature)
        self.teacher = frozen_copy(teacher).eval()
        self.classifier = nn.Linear(encoder.out_dim, num_classes)
        self.temperature = temperature
        self.hparams = {"num_classes": num_classes, "temperature": temperature}

    def train(self, mode: bool = True):
        super().train(mode)
        self.teacher.eval()                     # its BatchNorm statistics must not drift
        return self

    def logits(self, x_float: torch.Tensor) -> torch.Tensor:
        """The student's class scores (B, K)."""
        return self.classifier(self.encoder(x_float))

    def loss(self, x, labels=None):
        view = self.view(x)                                            # (B, C, H, W), one view for both
        with torch.no_grad():
            target = F.softmax(self.teacher.logits(view).float() / self.temperature, 1)   # (B, K)
        log_student = F.log_softmax(self.logits(view).float() / self.temperature, 1)
        return -(target * log_student).sum(1).mean() * self.temperature ** 2
