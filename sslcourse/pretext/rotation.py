"""Rotation prediction (Gidaris et al., 2018, "Unsupervised Representation Learning by Predicting Image
Rotations", RotNet): turn each image by 0, 90, 180 or 270 degrees and classify which.

To say which way is up the network has to find the object and its parts (the top of a 7, the loop of a 9), so
the features it learns are about shape. Quarter turns need no interpolation: the rotated image has exactly the
same pixels, so there is no resampling artefact that could give the answer away.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .._checks import check_count, check_generator, check_tensor
from ..methods.base import Method
from ._common import as_float_images

ALL_TURNS = (0, 1, 2, 3)   # quarter turns: 0, 90, 180, 270 degrees counter-clockwise


def check_turns(turns) -> tuple[int, ...]:
    """`turns` must be at least two distinct quarter turns from {0, 1, 2, 3}; returned as a tuple."""
    if (not isinstance(turns, (tuple, list)) or len(turns) < 2 or len(set(turns)) != len(turns)
            or any(isinstance(t, bool) or t not in ALL_TURNS for t in turns)):
        raise ValueError(f"turns must be at least two distinct values from {ALL_TURNS}, got {turns!r}")
    return tuple(int(t) for t in turns)


def rotate(x: torch.Tensor, quarter_turns: torch.Tensor) -> torch.Tensor:
    """Rotate image i of x (B, C, H, W) by quarter_turns[i] x 90 degrees counter-clockwise.

    quarter_turns: (B,) integers (negative values turn clockwise). Square images only, so every
    rotation has the same shape. Exact: pixels are moved, never resampled. Returns (B, C, H, W).
    """
    check_tensor("x", x, ndim=4)
    check_tensor("quarter_turns", quarter_turns, ndim=1)
    if quarter_turns.is_floating_point() or quarter_turns.is_complex():
        raise TypeError(f"quarter_turns must hold integers, got dtype {quarter_turns.dtype}")
    if x.shape[-1] != x.shape[-2]:
        raise ValueError(f"x must hold square images to be rotated, got shape {tuple(x.shape)}")
    if len(quarter_turns) != len(x):
        raise ValueError(f"quarter_turns has {len(quarter_turns)} entries but x has {len(x)} images")
    k = quarter_turns.to(x.device).long() % 4                         # (B,) in {0, 1, 2, 3}
    out = x.clone()
    for turn in (1, 2, 3):                                            # 3 vectorised groups, not B images
        pick = k == turn
        if pick.any():
            out[pick] = torch.rot90(x[pick], turn, dims=(-2, -1))
    return out


def rotation_task(x: torch.Tensor, generator: torch.Generator,
                  turns=ALL_TURNS) -> tuple[torch.Tensor, torch.Tensor]:
    """Pseudo-labels for rotation prediction: (rotated images, which rotation).

    x: uint8 or float images (B, C, H, W), square. Each image gets a label drawn uniformly from
    range(len(turns)) and is rotated by turns[label] quarter turns. Returns (inputs (B, C, H, W)
    float32 in [0, 1], targets (B,) int64). `turns=(0, 2)` is the too-easy 0/180 variant.
    Rotating inputs[i] back by -turns[targets[i]] quarter turns gives x[i] exactly.
    """
    images = as_float_images("x", x)
    check_generator(generator)
    turns = check_turns(turns)
    targets = torch.randint(len(turns), (len(images),), generator=generator)      # (B,)
    quarter = torch.tensor(turns)[targets]                                         # (B,)
    return rotate(images, quarter), targets.to(images.device)


def mark_corner(x: torch.Tensor, size: int = 3) -> torch.Tensor:
    """Plant a shortcut: a bright size x size square in the top-left corner of every image (B, C, H, W).

    Like a scanner artefact or a watermark (Minderer et al., 2020, "Automatic Shortcut Removal for
    Self-Supervised Representation Learning"): once the image is rotated, the corner the mark ends up
    in gives the rotation away without looking at the digit. Returns a copy; float images get 1.0,
    uint8 images 255.
    """
    check_tensor("x", x, ndim=4)
    check_count("size", size, maximum=min(x.shape[-2:]) // 2)
    out = x.clone()
    out[..., :size, :size] = 255 if x.dtype == torch.uint8 else 1.0
    return out


class RotationPrediction(Method):
    """rotation_task -> encoder -> linear classifier -> cross-entropy over the rotations.

    `turns` are the quarter turns to tell apart (default all four); `augment` (optional) is applied
    before rotating. `mark` > 0 plants a shortcut for the design lesson: a mark_corner(size=mark) on
    every (augmented) image before it is rotated. `logits(inputs)` gives the pretext classifier's
    scores (B, len(turns)).
    """

    name = "rotation"

    def __init__(self, encoder: nn.Module, augment=None, *, turns=ALL_TURNS, mark: int = 0, seed: int = 0):
        super().__init__(encoder, augment, seed)
        self.turns = check_turns(turns)
        check_count("mark", mark, minimum=0)                          # 0: no planted shortcut
        self.mark = mark
        self.classifier = nn.Linear(encoder.out_dim, len(self.turns))
        self.hparams = {"turns": list(self.turns), "mark": mark}

    def logits(self, inputs: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.encoder(inputs))                  # (B, len(turns))

    def check_input(self, x, labels=None) -> None:
        """Also: rotations need square images, and the planted mark must fit in a corner."""
        super().check_input(x, labels)
        if x.shape[-1] != x.shape[-2]:
            raise ValueError(f"x must hold square images to be rotated, got {x.shape[-2]}x{x.shape[-1]}")
        if self.mark > x.shape[-1] // 2:
            raise ValueError(f"mark={self.mark} does not fit in a corner of {x.shape[-1]}x{x.shape[-1]} images "
                             f"(at most {x.shape[-1] // 2})")

    def loss(self, x):
        clean = self.view(x)
        if self.mark:
            clean = mark_corner(clean, self.mark)
        inputs, targets = rotation_task(clean, self.generator, self.turns)   # (B, C, H, W), (B,)
        return F.cross_entropy(self.logits(inputs), targets)


@torch.no_grad()
def rotation_confusion(method: RotationPrediction, images: torch.Tensor, labels: torch.Tensor,
                       num_classes: int | None = None) -> torch.Tensor:
    """How the rotation classifier errs, per class: counts (K, R, R) of [class, true turn, predicted turn].

    Every image (uint8 (N, C, H, W), labels (N,) int64) is shown at every one of the method's R
    rotations, so the counts are exact, not sampled. On digits a 6 upside down is a 9: their 0/180
    cells light up.
    """
    check_tensor("images", images, ndim=4, dtype=torch.uint8)
    check_tensor("labels", labels, ndim=1, dtype=torch.int64)
    if len(images) != len(labels):
        raise ValueError(f"labels has {len(labels)} entries but images has {len(images)}")
    K = int(labels.max()) + 1 if num_classes is None else num_classes
    check_count("num_classes", K)
    if int(labels.min()) < 0 or int(labels.max()) >= K:
        raise ValueError(f"labels must lie in [0, {K - 1}] (num_classes={K}), found "
                         f"{int(labels.min())}..{int(labels.max())}")
    R = len(method.turns)
    device = next(method.parameters()).device
    was_training = method.training
    method.eval()
    counts = torch.zeros(K, R, R, dtype=torch.int64)
    x = images.float() / 255
    for r, turn in enumerate(method.turns):
        rotated = rotate(x, torch.full((len(x),), turn))
        pred = torch.cat([method.logits(c.to(device)).argmax(1).cpu() for c in rotated.split(1024)])
        counts.index_put_((labels, torch.full_like(labels, r), pred), torch.ones_like(labels),
                          accumulate=True)
    method.train(was_training)
    return counts
