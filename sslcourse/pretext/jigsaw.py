"""Jigsaw puzzles (Noroozi & Favaro, 2016, "Unsupervised Learning of Visual Representations by Solving Jigsaw
Puzzles"): cut the image into a grid of tiles, shuffle them by one of a fixed set of permutations, and classify
which permutation it was.

Two design details carry the method. The permutation set is chosen so that any two differ in many positions
(large Hamming distance): near-identical puzzles would be a needlessly hard, ambiguous classification. And the
tiles are cut with a gap and a random jitter: without it, matching the pixels along tile edges (low-level
continuity) solves the puzzle, a shortcut that teaches nothing about shapes.
"""
from __future__ import annotations

import itertools
import math
from functools import lru_cache

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .._checks import check_count, check_generator, check_tensor
from ..methods.base import Method
from ..models import mlp_head
from ._common import as_float_images

MAX_TILES = 9      # 9! = 362,880 permutations are enumerated to pick the set; 16! would not fit in memory
MAX_GRID = 3       # grid x grid <= MAX_TILES


@lru_cache(maxsize=4)
def _all_permutations(n: int) -> np.ndarray:
    """Every permutation of range(n) in lexicographic order, one per COLUMN: (n, n!) int8."""
    flat = np.fromiter(itertools.chain.from_iterable(itertools.permutations(range(n))), dtype=np.int8)
    return np.ascontiguousarray(flat.reshape(-1, n).T)


def hamming_permutations(n_tiles: int, count: int) -> torch.Tensor:
    """A fixed set of `count` permutations of range(n_tiles) that differ from each other a lot.

    Greedy maximum-minimum Hamming distance, as in Noroozi & Favaro (2016): start from the
    identity, then repeatedly add the permutation whose smallest distance to those already chosen
    is largest (ties: the first in lexicographic order). Deterministic. Returns (count, n_tiles) int64.
    """
    check_count("n_tiles", n_tiles, minimum=2, maximum=MAX_TILES)
    check_count("count", count, minimum=2, maximum=math.factorial(n_tiles))   # at most n_tiles!
    perms = _all_permutations(n_tiles)                                   # (n, n!), column 0 = identity

    def distance_to(j: int) -> np.ndarray:                               # (n!,) Hamming distances
        return sum((row != row[j]).view(np.int8) for row in perms)

    chosen = [0]
    min_dist = distance_to(0)                                            # (n!,) distance to the set
    for _ in range(count - 1):
        best = int(min_dist.argmax())
        chosen.append(best)
        min_dist = np.minimum(min_dist, distance_to(best))
    return torch.from_numpy(perms[:, chosen].T.astype(np.int64))         # (count, n)


def cut_tiles(x: torch.Tensor, grid: int, gap: int = 0,
              generator: torch.Generator | None = None) -> torch.Tensor:
    """Cut images (B, C, H, W) into grid x grid tiles, in row-major order: (B, grid*grid, C, s, s).

    Each cell is H/grid pixels wide; with `gap` > 0 each tile is a (cell - gap)-pixel square taken
    at a random offset in [0, gap] inside its cell (drawn per image and tile from `generator`), so
    neighbouring tiles never share an edge and their borders do not line up. grid must divide H and W.
    """
    check_tensor("x", x, ndim=4)
    B, C, H, W = x.shape
    check_count("grid", grid)
    if H % grid or W % grid or H != W:
        raise ValueError(f"grid must divide the image size: {grid} does not divide {H}x{W} "
                         "(crop or pad the images to a multiple of the grid first)")
    cell = H // grid
    check_count("gap", gap, minimum=0, maximum=cell - 1)             # a tile keeps at least one pixel
    T, s = grid * grid, cell - gap
    cells = x.reshape(B, C, grid, cell, grid, cell).permute(0, 2, 4, 1, 3, 5)   # (B, g, g, C, cell, cell)
    cells = cells.reshape(B, T, C, cell, cell)                                  # (B, T, C, cell, cell)
    if gap == 0:
        return cells.clone()
    check_generator(generator)
    dy = torch.randint(gap + 1, (B, T), generator=generator).to(x.device)       # (B, T) offsets
    dx = torch.randint(gap + 1, (B, T), generator=generator).to(x.device)
    steps = torch.arange(s, device=x.device)                                    # (s,)
    rows = (dy[..., None] + steps).view(B, T, 1, s, 1).expand(B, T, C, s, cell)
    tiles = cells.gather(3, rows)                                               # (B, T, C, s, cell)
    cols = (dx[..., None] + steps).view(B, T, 1, 1, s).expand(B, T, C, s, s)
    return tiles.gather(4, cols)                                                # (B, T, C, s, s)


def jigsaw_task(x: torch.Tensor, generator: torch.Generator, permutations: torch.Tensor, grid: int = 3,
                gap: int = 2) -> tuple[torch.Tensor, torch.Tensor]:
    """Pseudo-labels for the jigsaw puzzle: (shuffled tiles, which permutation).

    x: uint8 or float images (B, C, H, W), square, with `grid` dividing H. permutations: (P, grid*grid)
    int64, e.g. `hamming_permutations(9, 24)`. Each image draws a label t uniformly from range(P); slot
    j of its puzzle holds tile permutations[t, j]. Returns (inputs (B, grid*grid, C, s, s) float32,
    targets (B,) int64), s = H/grid - gap (see `cut_tiles`). Putting slot j back at position
    permutations[t, j] (the inverse permutation) restores the tiles; gap=0 is the shortcut-leaking variant.
    """
    images = as_float_images("x", x)
    check_generator(generator)
    tiles = cut_tiles(images, grid, gap, generator)                              # (B, T, C, s, s)
    check_tensor("permutations", permutations, ndim=2, dtype=torch.int64)
    T = grid * grid
    if permutations.shape[1] != T or not (permutations.sort(1).values == torch.arange(T)).all():
        raise ValueError(f"permutations must hold permutations of range(grid*grid) = range({T}) in its "
                         f"rows, got shape {tuple(permutations.shape)}")
    targets = torch.randint(len(permutations), (len(images),), generator=generator)   # (B,)
    order = permutations[targets].to(images.device)                               # (B, T)
    shuffled = tiles.gather(1, order.view(*order.shape, 1, 1, 1).expand_as(tiles))  # slot j <- tile order[j]
    return shuffled, targets.to(images.device)


def unshuffle(tiles: torch.Tensor, permutations: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Undo `jigsaw_task`: tiles (B, T, C, s, s) back in row-major order, using the inverse permutation."""
    check_tensor("tiles", tiles, ndim=5)
    check_tensor("permutations", permutations, ndim=2, dtype=torch.int64)
    check_tensor("targets", targets, ndim=1, dtype=torch.int64)
    if permutations.shape[1] != tiles.shape[1] or len(targets) != len(tiles):
        raise ValueError(f"permutations must have {tiles.shape[1]} columns (the tiles) and targets {len(tiles)} "
                         f"entries, got {tuple(permutations.shape)} and {len(targets)}")
    if int(targets.min()) < 0 or int(targets.max()) >= len(permutations):
        raise ValueError(f"targets must index permutations (0..{len(permutations) - 1}), "
                         f"found {int(targets.min())}..{int(targets.max())}")
    inverse = permutations.argsort(1)[targets].to(tiles.device)                   # (B, T)
    return tiles.gather(1, inverse.view(*inverse.shape, 1, 1, 1).expand_as(tiles))


def center_crop_to_grid(x: torch.Tensor, grid: int) -> torch.Tensor:
    """Crop the fewest border pixels so that `grid` divides the image size (28 -> 27 for grid 3)."""
    check_tensor("x", x, ndim=4)
    check_count("grid", grid, maximum=min(x.shape[-2:]))
    H, W = x.shape[-2:]
    top, left = (H % grid) // 2, (W % grid) // 2
    return x[..., top:top + H - H % grid, left:left + W - W % grid]


class Jigsaw(Method):
    """Siamese context-free network: the same encoder on every tile, features concatenated, MLP -> permutation.

    `grid` x `grid` tiles, `permutations` many puzzles chosen by `hamming_permutations`, `gap` pixels
    of gap-and-jitter per tile (0: the leaky variant). Images whose size `grid` does not divide are
    centre-cropped to fit (`center_crop_to_grid`). The encoder sees tiles here but whole images in a probe.
    """

    name = "jigsaw"

    def __init__(self, encoder: nn.Module, augment=None, *, grid: int = 3, permutations: int = 24, gap: int = 2,
                 hidden_dim: int = 256, seed: int = 0):
        super().__init__(encoder, augment, seed)
        check_count("grid", grid, minimum=2, maximum=MAX_GRID)
        check_count("permutations", permutations, minimum=2, maximum=math.factorial(grid * grid))
        check_count("gap", gap, minimum=0)
        check_count("hidden_dim", hidden_dim)
        self.grid, self.gap = grid, gap
        perms = hamming_permutations(grid * grid, permutations)                # (P, T)
        self.register_buffer("permutations", perms)
        self._perms_cpu = perms             # the task generator works on the CPU: no copy per step
        self.head = mlp_head(grid * grid * encoder.out_dim, hidden_dim, permutations)
        self.hparams = {"grid": grid, "permutations": permutations, "gap": gap, "hidden_dim": hidden_dim}

    def logits(self, tiles: torch.Tensor) -> torch.Tensor:
        B, T = tiles.shape[:2]
        h = self.encoder(tiles.flatten(0, 1))                             # (B*T, D): one encoder per tile
        return self.head(h.view(B, T * h.shape[1]))                       # (B, P)

    def check_input(self, x, labels=None) -> None:
        """Also: each of the grid x grid cells must keep at least one pixel after the gap."""
        super().check_input(x, labels)
        cell = min(x.shape[-2:]) // self.grid
        if cell - self.gap < 1:
            raise ValueError(f"x must be at least {self.grid * (self.gap + 1)} pixels a side for grid={self.grid} "
                             f"and gap={self.gap}, got {x.shape[-2]}x{x.shape[-1]}")

    def loss(self, x):
        clean = self.view(x)
        clean = center_crop_to_grid(clean, self.grid)
        tiles, targets = jigsaw_task(clean, self.generator, self._perms_cpu, self.grid, self.gap)
        return F.cross_entropy(self.logits(tiles), targets)
