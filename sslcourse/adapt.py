"""Test-time adaptation: adjust a trained classifier to a shifted test set without labels.

- `adabn` (Li et al. 2017, "Revisiting batch normalization for practical domain adaptation"): re-estimate every
  BatchNorm layer's running mean and variance on the test images; the weights stay as they are.
- `tent` (Wang et al. 2021, "Tent: fully test-time adaptation by entropy minimization"): the same statistics, plus a few
  gradient steps on the BatchNorm scales and shifts only, minimising the entropy of the predictions on the test images.

Both return an adapted *copy* (the caller's model is untouched) of a classifier with `logits(float_images)`, such as
`methods.Supervised`; `evaluate.accuracy` then scores it in eval mode with the re-estimated statistics.
"""
from __future__ import annotations

import copy

import torch
import torch.nn.functional as F
from torch import nn

from ._checks import check_count, check_images, check_positive, check_seed


def _check_model(model) -> None:
    if not isinstance(model, nn.Module) or not callable(getattr(model, "logits", None)):
        raise TypeError(f"model must be a classifier module with logits(images), such as methods.Supervised, "
                        f"got {type(model).__name__}")
    if not any(isinstance(m, nn.modules.batchnorm._BatchNorm) for m in model.modules()):
        raise ValueError("model has no BatchNorm layer: there are no statistics to adapt")


def _norms(model: nn.Module) -> list[nn.modules.batchnorm._BatchNorm]:
    return [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]


@torch.no_grad()
def adabn(model, images: torch.Tensor, batch_size: int = 256) -> nn.Module:
    """A copy of `model` whose BatchNorm statistics are the mean and variance over uint8 `images` (N, C, H, W)."""
    _check_model(model)
    check_images("images", images)
    check_count("batch_size", batch_size, minimum=2)
    adapted = copy.deepcopy(model)
    device = next(adapted.parameters()).device
    for bn in _norms(adapted):
        bn.reset_running_stats()
        bn.momentum = None                          # a cumulative average over every batch, not an EMA
    adapted.eval()
    for bn in _norms(adapted):
        bn.train()                                  # only the norms collect statistics; nothing else changes
    for chunk in images.split(batch_size):
        adapted.logits(chunk.to(device).float() / 255)
    return adapted.eval()


def tent(model, images: torch.Tensor, *, steps: int = 1, lr: float = 1e-3, batch_size: int = 128,
         seed: int = 0) -> nn.Module:
    """A copy of `model` adapted to uint8 `images` by TENT: AdaBN statistics, then `steps` passes over the images in
    shuffled batches, each an Adam step on the BatchNorm weights and biases that lowers the mean entropy of the
    predicted class probabilities. No labels are used."""
    check_count("steps", steps)
    check_positive("lr", lr)
    check_seed("seed", seed)
    adapted = adabn(model, images)                                               # statistics first (AdaBN)
    for p in adapted.parameters():
        p.requires_grad_(False)
    params = [p for bn in _norms(adapted) for p in (bn.weight, bn.bias) if p is not None]
    for p in params:
        p.requires_grad_(True)
    opt = torch.optim.Adam(params, lr=lr)
    device = next(adapted.parameters()).device
    order = torch.Generator().manual_seed(seed)
    for _ in range(steps):
        for idx in torch.randperm(len(images), generator=order).split(batch_size):
            logits = adapted.logits(images[idx].to(device).float() / 255)           # eval mode: adapted statistics
            probs = F.softmax(logits, 1)
            entropy = -(probs * F.log_softmax(logits, 1)).sum(1).mean()
            opt.zero_grad()
            entropy.backward()
            opt.step()
    for p in adapted.parameters():
        p.requires_grad_(False)
    return adapted.eval()


def entropy(model, images: torch.Tensor) -> float:
    """Mean entropy (nats) of `model`'s predicted class probabilities on uint8 `images`."""
    _check_model(model)
    check_images("images", images)
    with torch.no_grad():
        model.eval()
        logits = model.logits(images.float() / 255)
        return float(-(F.softmax(logits, 1) * F.log_softmax(logits, 1)).sum(1).mean())
