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

    momentum = 0 copies the online weights, momentum = 1 freezes the target.
    """
    check_fraction("momentum", momentum)
    for t, o in zip(target.state_dict().values(), online.state_dict().values()):
        if t.is_floating_point():
            t.mul_(momentum).add_(o.detach(), alpha=1 - momentum)
        else:
            t.copy_(o)
