"""Self-training with pseudo-labels (Lee 2013, "Pseudo-Label"; Yarowsky 1995; Xie et al. 2020, Noisy Student).

A teacher trained on the few labelled images labels the unlabelled pool; the confident predictions (probability
above `threshold`) join the labelled set as if they were true labels; a student trains on both; the student becomes
the next teacher. `self_training` runs those rounds and measures, with the hidden true labels of the pool (which
never enter training), how many pseudo-labels were kept (coverage), how many of them were right (precision), and per
class — which is where confirmation bias shows: a class the teacher confuses collects wrong pseudo-labels that the
student then learns as truth.
"""
from __future__ import annotations

import copy
from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import nn

from ._checks import check_count, check_flag, check_images, check_probability, check_tensor
from .classifier import schedule_and_augment
from .evaluate import accuracy, check_data
from .methods import Supervised
from .models import encoder_for
from .train import fit


@torch.no_grad()
def predict(model, images: torch.Tensor, batch_size: int = 1024) -> tuple[torch.Tensor, torch.Tensor]:
    """(confidence (N,), predicted class (N,)) of a classifier with `logits(float_images)` on uint8 `images`."""
    if not callable(getattr(model, "logits", None)):
        raise TypeError(f"model must be a classifier with logits(images), such as methods.Supervised, "
                        f"got {type(model).__name__}")
    check_images("images", images)
    check_count("batch_size", batch_size)
    model.eval()
    device = next(model.parameters()).device
    probs = torch.cat([F.softmax(model.logits(c.to(device).float() / 255).float(), 1).cpu()
                       for c in images.split(batch_size)])                   # (N, K)
    return probs.max(1)


def pseudo_labels(model, images: torch.Tensor, threshold: float) -> tuple[torch.Tensor, torch.Tensor]:
    """(indices (M,), labels (M,)) of the images whose predicted probability is above `threshold` (0 <= τ <= 1;
    at 1 none are kept), with the predicted class as their pseudo-label."""
    check_probability("threshold", threshold)
    conf, pred = predict(model, images)
    keep = (conf > threshold).nonzero().flatten()
    return keep, pred[keep]


def quality(pseudo: torch.Tensor, truth: torch.Tensor, pool_size: int, num_classes: int) -> dict:
    """How good pseudo-labels are, against the hidden `truth` (same length): coverage (kept / pool_size),
    precision (share right), and per class (by pseudo-label): how many were given and how many of them were right."""
    check_tensor("pseudo", pseudo, ndim=1, dtype=torch.int64, nonempty=False)
    check_tensor("truth", truth, ndim=1, dtype=torch.int64, nonempty=False)
    check_count("num_classes", num_classes, minimum=2)
    if len(pseudo) != len(truth):
        raise ValueError(f"pseudo has {len(pseudo)} entries but truth has {len(truth)}")
    check_count("pool_size", pool_size)
    right = pseudo == truth
    given = torch.bincount(pseudo, minlength=num_classes)
    correct = torch.bincount(pseudo[right], minlength=num_classes)
    return {"coverage": len(pseudo) / pool_size,
            "precision": float(right.float().mean()) if len(pseudo) else float("nan"),
            "given": given.tolist(), "correct": correct.tolist()}


def student(teacher, data, labelled: torch.Tensor, threshold: float, *, steps: int = 500, seed: int = 1,
            progress: bool = False, cache: bool = True) -> Supervised:
    """One round of self-training from a given `teacher`: a fresh ConvEncoder + linear head trained on `data.train`'s
    `labelled` indices (true labels) plus the rest of the training images whose pseudo-label from `teacher` is above
    `threshold`, for `steps` steps of the supervised baseline's schedule and augmentation, with `seed`. The pool's
    true labels never enter training. Cached by `fit`.
    """
    check_data("data", data)
    pool = _pool(data, labelled)                                            # (P,) indices of the unlabelled pool
    keep, pseudo = pseudo_labels(teacher, data.train.images[pool], threshold)
    idx = torch.cat([labelled, pool[keep]])
    targets = torch.cat([data.train.labels[labelled], pseudo])               # true labels only where labelled
    schedule, augment = schedule_and_augment(data, steps, None, None, None, None)
    torch.manual_seed(seed)
    model = Supervised(encoder_for(data.channels, "conv", 32), augment, num_classes=data.num_classes, seed=seed)
    fit(model, data.train.images[idx], targets, seed=seed, cache=cache, progress=progress, **schedule)
    return model


def _pool(data, labelled: torch.Tensor) -> torch.Tensor:
    """The indices of `data.train` outside `labelled` (checked: distinct, in range), in order."""
    check_tensor("labelled", labelled, ndim=1, dtype=torch.int64)
    n = len(data.train.labels)
    if int(labelled.min()) < 0 or int(labelled.max()) >= n or len(labelled.unique()) != len(labelled):
        raise ValueError(f"labelled must hold distinct indices into data.train (0..{n - 1})")
    unlabelled = torch.ones(n, dtype=torch.bool)
    unlabelled[labelled] = False
    return unlabelled.nonzero().flatten()


def self_training(data, labelled: torch.Tensor, *, rounds: int = 3, threshold: float = 0.95, steps: int = 500,
                  encoder: nn.Module | None = None, reinit: bool = True, seed: int = 0,
                  progress: bool = False, cache: bool = True) -> tuple[Supervised, list[dict]]:
    """Round 0 trains a classifier on `data.train`'s `labelled` indices; each of `rounds` further rounds pseudo-labels
    the rest of the training images with the previous model (`threshold`) and trains a student on labelled +
    pseudo-labelled images. The student starts from `encoder` (copied; None: a fresh ConvEncoder) when `reinit`,
    else from the previous model's weights. Each fit runs `steps` steps with the supervised baseline's schedule and
    augmentation (`classifier.SCHEDULE`).

    Returns (the last model, one dict per round: round, test accuracy, and — rounds >= 1 — the pseudo-labels'
    `quality` against the hidden labels, which never enter training).
    """
    check_data("data", data)
    pool = _pool(data, labelled)                                            # (P,) indices of the unlabelled pool
    check_count("rounds", rounds, minimum=0)
    check_probability("threshold", threshold)
    check_flag("reinit", reinit)
    schedule, augment = schedule_and_augment(data, steps, None, None, None, None)
    start: Callable[[], nn.Module] = ((lambda: copy.deepcopy(encoder).train().requires_grad_(True)) if encoder
                                      is not None else (lambda: encoder_for(data.channels, "conv", 32)))
    model, history = None, []
    for r in range(rounds + 1):
        if r == 0:
            idx, targets, stats = labelled, data.train.labels[labelled], {}
        else:
            keep, pseudo = pseudo_labels(model, data.train.images[pool], threshold)
            stats = quality(pseudo, data.train.labels[pool[keep]], len(pool), data.num_classes)
            idx = torch.cat([labelled, pool[keep]])
            targets = torch.cat([data.train.labels[labelled], pseudo])        # true labels only where labelled
        torch.manual_seed(seed + r)
        encoder_r = start() if (reinit or model is None) else model.encoder
        student = Supervised(encoder_r, augment, num_classes=data.num_classes, seed=seed + r)
        if model is not None and not reinit:
            student.classifier.load_state_dict(model.classifier.state_dict())
        fit(student, data.train.images[idx], targets, seed=seed + r, cache=cache, progress=progress,
            desc=f"self-training round {r}", **schedule)
        model = student
        history.append({"round": r, "accuracy": accuracy(model, data.test.images, data.test.labels), **stats})
    return model, history
