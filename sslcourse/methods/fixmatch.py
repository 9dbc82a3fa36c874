"""FixMatch (Sohn et al. 2020): pseudo-label the weak view, learn it on the strong view, only where confident."""
from __future__ import annotations

import torch
import torch.nn.functional as F

from .._checks import check_flag, check_positive, check_probability, check_tensor
from ..augment import as_augment
from ..randaugment import strong as strong_for
from .semi import SemiSupervised


def fixmatch_loss(weak_logits: torch.Tensor, strong_logits: torch.Tensor, threshold: float) -> tuple:
    """FixMatch's unlabelled loss and its mask, from the logits (U, K) of a weak and a strong view of U images.

    pseudo-label = argmax of softmax(weak_logits), used only where its probability is above `threshold`; the loss
    is the cross-entropy of the strong view against it, averaged over all U images (masked ones count 0, as in
    the paper). No gradient flows through the pseudo-labels (weak_logits is detached).
    Returns (loss, mask (U,) bool, pseudo-labels (U,) int64).
    """
    check_tensor("weak_logits", weak_logits, ndim=2, floating=True, finite=True)
    check_tensor("strong_logits", strong_logits, ndim=2, floating=True, finite=True)
    if weak_logits.shape != strong_logits.shape:
        raise ValueError(f"weak_logits {tuple(weak_logits.shape)} and strong_logits {tuple(strong_logits.shape)} "
                         "must have the same shape (U, K)")
    check_probability("threshold", threshold)
    conf, pseudo = F.softmax(weak_logits.detach().float(), dim=1).max(1)   # (U,), (U,)
    mask = conf > threshold
    per_image = F.cross_entropy(strong_logits, pseudo, reduction="none")   # (U,)
    return (per_image * mask).mean(), mask, pseudo


class FixMatch(SemiSupervised):
    """Each step: cross-entropy on a weak view of `len(x) // mu` labelled images, plus `unlabelled_weight` × FixMatch's
    loss on the unlabelled batch x (pseudo-labels from the weak view `augment` above `threshold`, learnt on the strong
    view `strong`, a `RandAugment` by default). `swap_views=True` takes the pseudo-labels from the strong view and
    learns them on the weak one (the paper's ablation: it fails). Evaluate the EMA teacher (`logits`)."""

    name = "fixmatch"

    def __init__(self, encoder, augment=None, *, labelled_images, labelled_labels, num_classes: int,
                 threshold: float = 0.95, mu: int = 7, unlabelled_weight: float = 1.0, strong=None,
                 swap_views: bool = False, ema: float = 0.99, monitor_images=None, monitor_labels=None,
                 seed: int = 0):
        super().__init__(encoder, augment, labelled_images=labelled_images, labelled_labels=labelled_labels,
                         num_classes=num_classes, mu=mu, ema=ema, monitor_images=monitor_images,
                         monitor_labels=monitor_labels, seed=seed)
        check_probability("threshold", threshold)
        check_positive("unlabelled_weight", unlabelled_weight, allow_zero=True)
        check_flag("swap_views", swap_views)
        self.strong = as_augment(strong_for() if strong is None else strong, "strong")
        self.threshold, self.unlabelled_weight, self.swap_views = threshold, unlabelled_weight, swap_views
        self.hparams.update(threshold=threshold, unlabelled_weight=unlabelled_weight, strong=repr(self.strong),
                            swap_views=swap_views)

    def loss(self, x, labels=None):
        xl, yl = self.labelled_batch(len(x))                               # (L, C, H, W), (L,)
        weak = self.view(x)                                                # (U, C, H, W) float
        strong = self.strong(x, self.generator).to(weak.device)
        source, target = (strong, weak) if self.swap_views else (weak, strong)
        with torch.no_grad():
            source_logits = self.student_logits(source)                    # (U, K), no gradient
        self.track_teacher(weak)                                           # the EMA teacher's BatchNorm statistics
        logits = self.student_logits(torch.cat([self.view(xl), target]))   # (L + U, K) one pass, shared BatchNorm
        labelled = F.cross_entropy(logits[:len(xl)], yl)
        unlabelled, mask, _ = fixmatch_loss(source_logits, logits[len(xl):], self.threshold)
        self._stats = {"labelled_loss": labelled.item(), "unlabelled_loss": unlabelled.item(),
                       "mask_rate": float(mask.float().mean())}
        return labelled + self.unlabelled_weight * unlabelled
