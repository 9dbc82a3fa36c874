"""Momentum (EMA) targets, shared by MoCo's key encoder and BYOL's target network."""
from __future__ import annotations

import copy

import torch
from torch import nn

from .._checks import check_fraction


def frozen_copy(module: nn.Module) -> nn.Module:
    """A deep copy of `module` whose parameters get no gradient: the start of a momentum / EMA target."""
    target = copy.deepcopy(module)
    for p in target.parameters():
        p.requires_grad_(False)
    return target


@torch.no_grad()
def ema_update(target: nn.Module, online: nn.Module, momentum: float) -> None:
    """target <- momentum * target + (1 - momentum) * online, for every parameter and float buffer
    (MoCo's momentum update, He et al. 2020, eq. 2; BYOL's target update, Grill et al. 2020).

    momentum = 0 copies the online weights, momentum = 1 freezes the target. Raises ValueError unless target and
    online have the same tensors (names and shapes).
    """
    check_fraction("momentum", momentum)
    own, theirs = target.state_dict(), online.state_dict()
    if [(k, v.shape) for k, v in own.items()] != [(k, v.shape) for k, v in theirs.items()]:
        raise ValueError("target and online must be copies of one architecture (same tensor names and shapes), "
                         f"got {type(target).__name__} and {type(online).__name__} that differ")
    _ema_update(target, online, momentum)


@torch.no_grad()
def _ema_update(target: nn.Module, online: nn.Module, momentum: float) -> None:
    for t, o in zip(target.state_dict().values(), online.state_dict().values()):
        if t.is_floating_point():
            t.mul_(momentum).add_(o.detach(), alpha=1 - momentum)
        else:
            t.copy_(o)
