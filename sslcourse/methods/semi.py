"""What every semi-supervised method shares: a small labelled set inside the method, the unlabelled pool from `fit`.

`train.fit(method, unlabelled_images, steps=...)` hands the method batches of *unlabelled* images only (no labels
reach `fit`); the method holds its labelled images and labels as buffers and draws its own labelled batch each step,
`len(x) // mu` of them (FixMatch's μ: unlabelled images per labelled one). The hidden labels of a monitoring set, if
given, are used by `record()` only — to log how good the pseudo-labels are — never by the loss.

An EMA copy of encoder + classifier (`teacher`) follows the weights (decay `ema`); after training, `logits` (what
`evaluate.accuracy` calls) uses it, as FixMatch and Mean Teacher evaluate. Only the *parameters* are averaged: the
teacher's BatchNorm statistics come from its own forward pass on each step's weak view (`track_teacher`), because
averaged weights are smaller than any single one of them and the student's statistics would not fit them (measured:
the teacher scored 13 % with averaged statistics, 85 % with its own, where the student scored 87 %).
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .._checks import check_count, check_fraction, check_images, check_tensor
from ..models import check_encoder_input
from .base import Method
from .momentum import frozen_copy


def check_labelled(images, labels, num_classes: int, what: str = "labelled") -> None:
    """uint8 images (N, C, H, W) and int64 labels (N,) in [0, num_classes) that hold every class at least once."""
    check_images(f"{what}_images", images)
    check_tensor(f"{what}_labels", labels, ndim=1, dtype=torch.int64)
    if len(labels) != len(images):
        raise ValueError(f"{what}_labels has {len(labels)} entries but {what}_images has {len(images)}")
    if len(labels) and (int(labels.min()) < 0 or int(labels.max()) >= num_classes):
        raise ValueError(f"{what}_labels must lie in [0, {num_classes - 1}] (num_classes={num_classes}), "
                         f"found {int(labels.min())}..{int(labels.max())}")
    if what == "labelled":
        missing = sorted(set(range(num_classes)) - set(labels.tolist()))
        if missing:
            raise ValueError(f"labelled_labels must hold every class at least once; missing class(es) {missing} "
                             f"(a class with no label can never be predicted correctly)")


class SemiSupervised(Method):
    """Base class: classifier head, the labelled set, the EMA teacher, the monitoring diagnostics."""

    name = "semi"

    def __init__(self, encoder: nn.Module, augment=None, *, labelled_images: torch.Tensor,
                 labelled_labels: torch.Tensor, num_classes: int, mu: int = 7, ema: float = 0.99,
                 monitor_images: torch.Tensor | None = None, monitor_labels: torch.Tensor | None = None,
                 seed: int = 0):
        super().__init__(encoder, augment, seed)
        check_count("num_classes", num_classes, minimum=2)
        check_count("mu", mu)
        check_fraction("ema", ema)
        check_labelled(labelled_images, labelled_labels, num_classes)
        check_encoder_input("labelled_images", labelled_images, encoder)
        if (monitor_images is None) != (monitor_labels is None):
            raise ValueError("monitor_images and monitor_labels go together: give both or neither")
        if monitor_images is None:
            monitor_images, monitor_labels = labelled_images[:0], labelled_labels[:0]
        else:
            check_labelled(monitor_images, monitor_labels, num_classes, what="monitor")
        self.classifier = nn.Linear(encoder.out_dim, num_classes)
        self.teacher = frozen_copy(nn.Sequential(self.encoder, self.classifier))   # EMA of encoder + classifier
        self.register_buffer("labelled_images", labelled_images.clone())           # (L, C, H, W) uint8
        self.register_buffer("labelled_labels", labelled_labels.clone())           # (L,) int64
        self.register_buffer("monitor_images", monitor_images.clone())             # (M, C, H, W) uint8, M >= 0
        self.register_buffer("monitor_labels", monitor_labels.clone())             # (M,) diagnostics only
        self.mu, self.ema = mu, ema
        self.hparams = {"num_classes": num_classes, "mu": mu, "ema": ema}
        self._stats: dict = {}

    # -- prediction -------------------------------------------------------------------------
    def student_logits(self, x_float: torch.Tensor) -> torch.Tensor:
        """The trained network's class scores (B, K) of float images (B, C, H, W)."""
        return self.classifier(self.encoder(x_float))

    def logits(self, x_float: torch.Tensor) -> torch.Tensor:
        """Class scores (B, K): the EMA teacher's in eval mode (after training), the student's while training."""
        return self.student_logits(x_float) if self.training else self.teacher(x_float)

    # -- the labelled batch -----------------------------------------------------------------
    def labelled_batch(self, n_unlabelled: int) -> tuple[torch.Tensor, torch.Tensor]:
        """max(1, n_unlabelled // mu) labelled images (uint8) and labels, drawn with replacement."""
        n = max(1, n_unlabelled // self.mu)
        idx = torch.randint(len(self.labelled_labels), (n,), generator=self.generator)
        idx = idx.to(self.labelled_labels.device)
        return self.labelled_images[idx], self.labelled_labels[idx]

    def check_labels(self, labels, n: int) -> None:
        if labels is not None:
            raise ValueError(f"labels: {self.name} takes its labelled set in the constructor (labelled_images, "
                             "labelled_labels); call fit(method, unlabelled_images) without labels")

    # -- training hooks ---------------------------------------------------------------------
    @torch.no_grad()
    def track_teacher(self, view: torch.Tensor) -> torch.Tensor:
        """The teacher's logits (B, K) of a float view, in the method's mode: while training this also updates the
        teacher's own BatchNorm statistics. Every subclass calls it once per step on the unlabelled weak view."""
        return self.teacher(view)

    @torch.no_grad()
    def on_step_end(self) -> None:
        """teacher <- ema * teacher + (1 - ema) * student, parameters only (see the module's docstring)."""
        student = nn.Sequential(self.encoder, self.classifier)
        for t, s in zip(self.teacher.parameters(), student.parameters()):
            t.mul_(self.ema).add_(s.detach(), alpha=1 - self.ema)

    def config(self) -> dict:
        """The base config plus the sizes of the labelled and monitoring sets (their contents enter the cache
        key through the initial state, as buffers)."""
        return {**super().config(), "labelled": len(self.labelled_labels), "monitor": len(self.monitor_labels)}

    @torch.no_grad()
    def monitor(self, threshold: float = 0.95) -> dict:
        """Pseudo-label quality on the monitoring set (unaugmented; its hidden labels used here only): the share
        above `threshold` (coverage), the accuracy of those (precision), of all predictions (accuracy) and the
        count of confident pseudo-labels per class. Empty without a monitoring set."""
        if not len(self.monitor_labels):
            return {}
        was_training = self.training
        self.eval()
        probs = torch.cat([F.softmax(self.logits(c.float() / 255), 1) for c in self.monitor_images.split(1024)])
        self.train(was_training)
        conf, pred = probs.max(1)                                      # (M,), (M,)
        keep = conf > threshold
        right = pred == self.monitor_labels
        return {"coverage": float(keep.float().mean()),
                "precision": float(right[keep].float().mean()) if keep.any() else float("nan"),
                "accuracy": float(right.float().mean()),
                "counts": torch.bincount(pred[keep], minlength=self.hparams["num_classes"]).tolist()}

    def record(self) -> dict:
        return {**self._stats, **self.monitor(self.hparams.get("threshold", 0.95))}
