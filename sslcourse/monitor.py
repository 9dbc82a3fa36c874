"""Accuracy against step: a `train.fit` monitor that scores the network while it trains (notebook 09's curves).

`fit(method, ..., monitor=AccuracyMonitor(images, labels))` calls the monitor every `record_every` steps, with the
method in eval mode, and adds its numbers to the History's records — so one run gives a whole learning curve instead
of one complete run per point. A classifier (a method with `logits`) is scored as it is; an encoder-only method (e.g.
SupCon) through a linear probe fitted on `probe_images`, `probe_labels` (the labelled images) at that step.
"""
from __future__ import annotations

import torch

from ._checks import check_images, check_tensor
from .evaluate import accuracy, features, linear_probe
from .runcache import fingerprint


def _check_pair(prefix: str, images, labels) -> None:
    check_images(f"{prefix}images", images)
    check_tensor(f"{prefix}labels", labels, ndim=1, dtype=torch.int64)
    if len(labels) != len(images):
        raise ValueError(f"{prefix}labels has {len(labels)} entries but {prefix}images has {len(images)}")


class AccuracyMonitor:
    """A `fit` monitor: {"accuracy": held-out accuracy} of the method being trained. `key` names the held-out (and
    probe) data by content, so `fit`'s cache never hands back a run recorded without (or with another) monitor."""

    def __init__(self, images: torch.Tensor, labels: torch.Tensor, *, probe_images: torch.Tensor | None = None,
                 probe_labels: torch.Tensor | None = None):
        _check_pair("", images, labels)
        if (probe_images is None) != (probe_labels is None):
            raise ValueError("probe_images and probe_labels go together: give both or neither")
        parts = [images, labels]
        if probe_images is not None:
            _check_pair("probe_", probe_images, probe_labels)
            parts += [probe_images, probe_labels]
        self.images, self.labels, self.probe_images, self.probe_labels = images, labels, probe_images, probe_labels
        self.key = "test_accuracy " + " ".join(fingerprint(p) for p in parts)

    @torch.no_grad()
    def __call__(self, method) -> dict:
        if self.probe_images is not None:
            encoder = getattr(method, "encoder", None)
            if encoder is None:
                raise TypeError(f"method must have an encoder for a probe monitor, got {type(method).__name__}")
            acc = linear_probe(features(encoder, self.probe_images), self.probe_labels,
                               features(encoder, self.images), self.labels)
            return {"accuracy": acc}
        if not callable(getattr(method, "logits", None)):
            raise TypeError(f"method must be a classifier with logits(images) (e.g. methods.Supervised), got "
                            f"{type(method).__name__}; for an encoder-only method give probe_images and probe_labels")
        return {"accuracy": accuracy(method, self.images, self.labels)}


def first_step(steps, values, level: float) -> float:
    """The first of `steps` at which `values` (a learning curve, one value per step) reached `level`; inf if never.
    Convergence speed read off a curve: steps to 80 % accuracy, environment steps to a return of 3."""
    if len(steps) != len(values):
        raise ValueError(f"steps and values must have the same length, got {len(steps)} and {len(values)}")
    return next((s for s, v in zip(steps, values) if v >= level), float("inf"))
