"""What do features encode? Two numbers that need no labels.

- `linear_cka(a, b)`: how alike two representations of the same images are (two layers, two methods, two
  seeds), whatever their widths and however they are rotated or scaled;
- `invariance_score(clean, moved)`: how far a transformation (a rotation, noise, a crop) moves each image's
  features, relative to the distance between different images; `invariances` computes it for an encoder and
  a dictionary of transformations.
"""
from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import nn

from ._checks import (check_count, check_float_images, check_images, check_same_shape, check_seed,
                      check_tensor)
from .evaluate import features


def _check_features(name: str, x) -> None:
    """(N, D) finite floats with N >= 2."""
    check_tensor(name, x, ndim=2, floating=True, finite=True)
    if len(x) < 2:
        raise ValueError(f"{name} needs at least 2 rows (images), got {len(x)}")


# ---------------------------------------------------------------------------------------------------------
# Linear CKA
# ---------------------------------------------------------------------------------------------------------

def _centred(name: str, x: torch.Tensor) -> torch.Tensor:
    """x (N, D) in float64 minus its column means; ValueError if nothing is left (the same row N times)."""
    x = x.double()
    centred = x - x.mean(0)                                            # (N, D)
    if not centred.abs().max() > 1e-12 * x.abs().max():
        raise ValueError(f"{name} is the same for every image (constant columns): CKA is undefined")
    return centred


@torch.no_grad()
def linear_cka(a: torch.Tensor, b: torch.Tensor) -> float:
    """Linear centred kernel alignment between two representations a (N, D1) and b (N, D2) of the same N
    images, row i of each from image i (Kornblith et al. 2019, "Similarity of Neural Network Representations
    Revisited"):

        CKA(A, B) = ||A^T B||_F^2 / (||A^T A||_F ||B^T B||_F),   A, B with centred columns.

    It equals HSIC(K, L) / sqrt(HSIC(K, K) HSIC(L, L)) for the linear kernels K = A A^T, L = B B^T: it
    compares which images each representation finds alike. In [0, 1]; 1 for identical representations, and
    unchanged by a rotation (any orthogonal map) or an overall scaling of either; unlike a probe, it changes
    under a non-isotropic rescaling of the dimensions. Computed in float64.
    Raises TypeError/ValueError naming the argument (shape, NaN, different N, constant features).
    """
    _check_features("a", a)
    _check_features("b", b)
    if len(a) != len(b):
        raise ValueError(f"a and b must describe the same images: a has {len(a)} rows, b has {len(b)}")
    a, b = _centred("a", a), _centred("b", b)                          # (N, D1), (N, D2)
    cross = (a.T @ b).square().sum()                                   # ||A^T B||_F^2
    return float(cross / ((a.T @ a).norm() * (b.T @ b).norm()))


# ---------------------------------------------------------------------------------------------------------
# Invariance to a transformation
# ---------------------------------------------------------------------------------------------------------

def _mean_distance_between_rows(x: torch.Tensor, chunk: int = 1024) -> float:
    """Mean Euclidean distance over all ordered pairs i != j of rows of unit-norm x (N, D), chunk rows at a
    time (memory O(chunk x N)); ||u - v|| = sqrt(2 - 2 u.v) for unit vectors."""
    total = 0.0
    for start in range(0, len(x), chunk):
        sim = x[start:start + chunk] @ x.T                             # (b, N)
        dist = (2 - 2 * sim).clamp(min=0).sqrt()                       # (b, N)
        rows = torch.arange(len(dist))
        dist[rows, rows + start] = 0                                   # a row and itself: no pair
        total += float(dist.sum())
    return total / (len(x) * (len(x) - 1))


@torch.no_grad()
def invariance_score(clean: torch.Tensor, moved: torch.Tensor) -> float:
    """How far a transformation moves features, relative to how far apart different images are.

        score = mean_i ||c_i - m_i|| / mean_{i != j} ||c_i - c_j||

    where c_i are the L2-normalised features of image i (row i of `clean`, (N, D)) and m_i those of its
    transformed version (row i of `moved`, (N, D)). 0: the encoder is invariant to the transformation (the
    features do not move); about 1: the transformation moves an image's features as far as replacing the
    image by another one; above 1 is possible (everything moved to one corner). Normalising first makes the
    score about directions, as cosine-similarity losses, kNN and retrieval see them (compare
    `diagnostics.alignment`, the same numerator squared, for two augmented views).
    Raises TypeError/ValueError naming the argument (shapes, NaN, fewer than 2 images, a `clean` whose rows
    all point the same way, as from a collapsed encoder, leaving no distance to compare with).
    """
    _check_features("clean", clean)
    check_tensor("moved", moved, ndim=2, floating=True, finite=True)
    check_same_shape("clean", clean, "moved", moved)
    c = F.normalize(clean.double(), dim=1)                            # (N, D)
    m = F.normalize(moved.double(), dim=1)                            # (N, D)
    between = _mean_distance_between_rows(c)
    if not between > 1e-6:
        raise ValueError("clean: every image has features of the same direction (a collapsed encoder?), so "
                         "there is no distance between different images to compare with")
    return float((c - m).norm(dim=1).mean()) / between


Transform = Callable[[torch.Tensor, torch.Generator], torch.Tensor]


def _check_transforms(transforms) -> None:
    if not isinstance(transforms, dict) or not transforms:
        raise TypeError("transforms must be a non-empty dict {name: transform(x, generator)}, e.g. "
                        "{'noise': lambda x, g: transforms.gaussian_noise(x, g, 0.1)}; "
                        f"got {type(transforms).__name__}")
    for name, transform in transforms.items():
        if not isinstance(name, str) or not callable(transform):
            raise TypeError(f"transforms must map names (str) to callables transform(x, generator), "
                            f"got {name!r}: {type(transform).__name__}")


def _transformed(images: torch.Tensor, name: str, transform: Transform, generator: torch.Generator,
                 batch_size: int) -> torch.Tensor:
    """uint8 images (N, C, H, W) -> transform(float images in [0, 1], generator), batch by batch, rounded back
    to uint8 (so the encoder sees exactly what a data set of transformed images would hold)."""
    out = []
    for chunk in images.split(batch_size):
        moved = transform(chunk.float() / 255, generator)             # (b, C, H, W) in [0, 1]
        what = f"transforms[{name!r}](x, generator)"
        check_float_images(what, moved)
        check_same_shape("x", chunk, what, moved)
        out.append((moved.detach().cpu() * 255).round().clamp(0, 255).to(torch.uint8))
    return torch.cat(out)                                              # (N, C, H, W) uint8


def invariances(encoder: nn.Module | str, images: torch.Tensor, transforms: dict[str, Transform], *,
                seed: int = 0, batch_size: int = 1024) -> dict[str, float]:
    """{name: `invariance_score`} of `encoder`'s frozen features for each transformation in `transforms`.

    `images` are uint8 (N, C, H, W), N >= 2; each transform maps float images (B, C, H, W) in [0, 1] and a
    torch.Generator to images of the same shape in [0, 1], e.g. a component of `sslcourse.transforms`:
    `lambda x, g: gaussian_noise(x, g, 0.1)`. Each transform gets its own generator seeded with `seed`, so
    its score does not depend on the others; images go through it `batch_size` at a time and are rounded
    back to uint8, then every feature comes from `sslcourse.evaluate.features` (eval mode, no gradients;
    `encoder` may be "pixels" for the raw-pixel baseline). 0 = invariant, ~1 = the transformation moves the
    features as far as changing the image.
    Raises TypeError/ValueError naming the argument.
    """
    check_images("images", images)
    if len(images) < 2:
        raise ValueError(f"images needs at least 2 images to compare, got {len(images)}")
    _check_transforms(transforms)
    check_seed("seed", seed)
    check_count("batch_size", batch_size)
    clean = features(encoder, images, batch_size)                      # (N, D)
    scores = {}
    for name, transform in transforms.items():
        moved = _transformed(images, name, transform, torch.Generator().manual_seed(seed), batch_size)
        scores[name] = invariance_score(clean, features(encoder, moved, batch_size))
    return scores
