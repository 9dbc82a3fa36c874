"""SSL before the agent acts: SimCLR on the door panels of frames a random policy saw (encoder (b) of notebook 09)."""
from __future__ import annotations

import torch
from torch import nn

from .._checks import check_count, check_seed
from .dqn import collect_frames

PANEL_SIMCLR = dict(temperature=0.3, batch_size=128)      # SimCLR's digit recipe, at batch 128


def pretrain_on_frames(env, *, frames: int = 2000, width: int = 16, steps: int = 200, seed: int = 0,
                       progress: bool = False) -> nn.Module:
    """A ConvEncoder of `width` trained with SimCLR (the digit augmentations) for `steps` steps on the 28×28 panels
    of `frames` observations of a uniformly random policy in `env` — no reward, no labels. Cached by `fit`."""
    from .. import zoo                                      # (zoo imports the whole package: imported when needed)

    for name, value in (("frames", frames), ("width", width), ("steps", steps)):
        check_count(name, value)
    check_seed("seed", seed)
    seen = collect_frames(env, frames, seed=seed)                                     # (frames, 1, 28, panels × 28)
    panels = torch.cat(seen.chunk(seen.shape[-1] // seen.shape[-2], dim=3))            # (panels × frames, 1, 28, 28)
    method, _ = zoo.pretrain_pool(panels, steps=steps, augment=zoo.recipe("simclr")["augment"], seed=seed,
                                  width=width, progress=progress, desc="SimCLR on door panels", **PANEL_SIMCLR)
    return method.encoder
