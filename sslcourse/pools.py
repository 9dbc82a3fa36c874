"""Unlabelled pools with a controlled size, diversity and quality, to test what the data does to SSL (notebook 08).

- `sample(images, n)`: n of the images, drawn without replacement — a smaller pool of the same data;
- `shapes_pool(n, shapes=, colours=, backgrounds=, sizes=)`: `shapes` images whose factors take only the first few
  values of each list — diversity as a count of shapes, colours, backgrounds and size ranges;
- `digits_pool(sources)`: grey 28×28 images from several data sets, e.g. {"mnist5k": 2000, "shapes": 2000};
- `degrade(images, kind, level)`: lower quality at the same count — downsampling ×2/×4 (and back up), Gaussian noise,
  or JPEG-like compression (8×8 block DCT with coarse quantisation);
- `blend_over_photos(images)`: an MNIST-M-style second domain (Ganin et al. 2016): each digit blended over a colour
  patch of the course's photos, |patch − digit|, so ink and background swap colours from image to image;
- `colour_digits(images)`: grey digits inked in a random hue each — colour then tells images apart but not classes,
  a shortcut for contrastive learning that only colour augmentation takes away.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from ._checks import check_count, check_images, check_seed
from .data import Data, Split, load
from .data.shapes import BACKGROUNDS, PALETTE, SHAPES, make_shapes
from .transforms import to_grey

SIZE_RANGES = ((0.55, 0.65), (0.35, 0.75), (0.25, 0.85))    # sizes=1: one narrow range; 3: every range
DEGRADATIONS = ("downsample", "noise", "jpeg")


def sample(images: torch.Tensor, n: int, seed: int = 0) -> torch.Tensor:
    """`n` of the uint8 `images` (N, C, H, W), drawn without replacement by `seed`, in random order: (n, C, H, W)."""
    check_images("images", images)
    check_count("n", n, maximum=len(images))
    check_seed("seed", seed)
    return images[torch.randperm(len(images), generator=torch.Generator().manual_seed(seed))[:n]]


def shapes_pool(n: int, *, shapes: int = len(SHAPES), colours: int = len(PALETTE), backgrounds: int = 1,
                sizes: int = 1, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """(images (n, 3, 32, 32) uint8, shape labels (n,)) of `make_shapes` with only the first `shapes` shapes,
    `colours` colours, `backgrounds` backgrounds and `sizes` size ranges (each drawn per image from that many)."""
    check_count("n", n)
    check_count("shapes", shapes, minimum=2, maximum=len(SHAPES))
    check_count("colours", colours, maximum=len(PALETTE))
    check_count("backgrounds", backgrounds, maximum=len(BACKGROUNDS))
    check_count("sizes", sizes, maximum=len(SIZE_RANGES))
    check_seed("seed", seed)
    g = torch.Generator().manual_seed(seed)
    which = torch.randint(sizes, (n,), generator=g)                            # (n,) a size range per image
    images, labels = torch.empty(n, 3, 32, 32, dtype=torch.uint8), torch.empty(n, dtype=torch.int64)
    for r in range(sizes):
        rows = (which == r).nonzero().flatten()
        if len(rows):
            x, y = make_shapes(len(rows), seed=seed * 10 + r, classes=SHAPES[:shapes], colors=PALETTE[:colours],
                               size=SIZE_RANGES[r] if sizes > 1 else SIZE_RANGES[0],
                               background=tuple(BACKGROUNDS[:backgrounds]) if backgrounds > 1 else BACKGROUNDS[0])
            images[rows], labels[rows] = x, y
    return images, labels


def as_grey28(images: torch.Tensor) -> torch.Tensor:
    """uint8 images (N, C, H, W) -> grey (N, 1, 28, 28) uint8 (bilinear resize)."""
    check_images("images", images)
    grey = to_grey(images.float() / 255)
    return (F.interpolate(grey, size=28, mode="bilinear", antialias=True) * 255).round().clamp(0, 255).to(torch.uint8)


def digits_pool(sources: dict, seed: int = 0) -> torch.Tensor:
    """(sum of counts, 1, 28, 28) uint8: `count` training images of each named data set ("mnist5k", "digits",
    "shapes", "photos"), drawn without replacement by `seed`, made grey 28×28, shuffled together."""
    if not isinstance(sources, dict) or not sources:
        raise TypeError(f"sources must be a non-empty dict of data set name -> count, got {sources!r}")
    check_seed("seed", seed)
    g = torch.Generator().manual_seed(seed)
    parts = []
    for name, count in sources.items():
        if name not in ("mnist5k", "digits", "shapes", "photos"):
            raise ValueError(f"sources: {name!r} is not one of 'mnist5k', 'digits', 'shapes', 'photos'")
        train = load(name).train.images
        check_count(f"sources[{name!r}]", count, maximum=len(train))
        parts.append(as_grey28(train[torch.randperm(len(train), generator=g)[:count]]))
    pool = torch.cat(parts)
    return pool[torch.randperm(len(pool), generator=g)]


def _dct_matrix(n: int = 8) -> torch.Tensor:
    k, i = torch.arange(n).view(n, 1).float(), torch.arange(n).view(1, n).float()
    m = torch.cos(math.pi * (2 * i + 1) * k / (2 * n)) * math.sqrt(2 / n)
    m[0] /= math.sqrt(2)
    return m                                                                   # (8, 8) orthonormal DCT-II


def degrade(images: torch.Tensor, kind: str, level: float) -> torch.Tensor:
    """Lower-quality copies of uint8 `images` (N, C, H, W), same shape and dtype.

    "downsample": shrink by the factor `level` (2, 4, ...) and resize back (bilinear); "noise": add Gaussian noise of
    std `level` (on the 0-1 scale); "jpeg": 8×8 block DCT, coefficients rounded to multiples of `level` (e.g. 0.1 mild,
    0.5 harsh; images padded to a multiple of 8)."""
    check_images("images", images)
    if kind not in DEGRADATIONS:
        raise ValueError(f"kind must be one of {DEGRADATIONS}, got {kind!r}")
    if isinstance(level, bool) or not isinstance(level, (int, float)) or not math.isfinite(level) or level <= 0:
        raise ValueError(f"level must be a positive number, got {level!r}")
    x = images.float() / 255
    N, C, H, W = x.shape
    if kind == "downsample":
        if level < 1 or H / level < 1:
            raise ValueError(f"level must be a factor in [1, {H}] for {H}x{W} images, got {level}")
        small = F.interpolate(x, size=(max(1, round(H / level)), max(1, round(W / level))), mode="bilinear",
                              antialias=True)
        out = F.interpolate(small, size=(H, W), mode="bilinear")
    elif kind == "noise":
        out = x + level * torch.randn(x.shape, generator=torch.Generator().manual_seed(0))
    else:
        ph, pw = -H % 8, -W % 8
        padded = F.pad(x, (0, pw, 0, ph), mode="replicate")                     # (N, C, H', W')
        blocks = padded.unfold(2, 8, 8).unfold(3, 8, 8)                        # (N, C, H'/8, W'/8, 8, 8)
        d = _dct_matrix()
        coef = d @ (blocks - 0.5) @ d.T
        coef = torch.round(coef / level) * level
        back = d.T @ coef @ d + 0.5
        out = back.permute(0, 1, 2, 4, 3, 5).reshape(N, C, H + ph, W + pw)[:, :, :H, :W]
    return (out.clamp(0, 1) * 255).round().to(torch.uint8)


def blend_over_photos(images: torch.Tensor, seed: int = 0) -> torch.Tensor:
    """MNIST-M style: grey uint8 digits (N, 1, H, W) -> colour (N, 3, H, W) uint8, |photo patch − digit| per channel,
    each digit over its own random patch of the course's `photos` (train patches; fixed by `seed`)."""
    check_images("images", images)
    if images.shape[1] != 1:
        raise ValueError(f"images must be grey (N, 1, H, W), got {images.shape[1]} channels")
    check_seed("seed", seed)
    N, _, H, W = images.shape
    photos = load("photos").train.images                                        # (4000, 3, 32, 32)
    g = torch.Generator().manual_seed(seed)
    patches = photos[torch.randint(len(photos), (N,), generator=g)]
    patches = F.interpolate(patches.float(), size=(H, W), mode="bilinear", antialias=True)   # (N, 3, H, W)
    return (patches - images.float()).abs().round().clamp(0, 255).to(torch.uint8)


def colour_digits(images: torch.Tensor, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Grey uint8 digits (N, 1, H, W) -> (colour images (N, 3, H, W) uint8, hue (N,) in [0, 1)): each digit's ink
    is one fully saturated hue drawn uniformly by `seed`, on the black background; `(hue * k).long()` bins it."""
    check_images("images", images)
    if images.shape[1] != 1:
        raise ValueError(f"images must be grey (N, 1, H, W), got {images.shape[1]} channels")
    check_seed("seed", seed)
    hue = torch.rand(len(images), generator=torch.Generator().manual_seed(seed))      # (N,)
    sector = hue[:, None] * 6 - torch.tensor([0.0, 2.0, 4.0])                          # (N, 3) the HSV wheel, r g b
    sector = torch.remainder(sector + 3, 6) - 3                                        # in [-3, 3)
    ink = (2 - sector.abs()).clamp(0, 1)                                               # (N, 3) in [0, 1], max 1
    return (images.float() * ink[:, :, None, None]).round().to(torch.uint8), hue


def mnist_m(seed: int = 0) -> Data:
    """MNIST-5k's digits blended over photo patches (`blend_over_photos`): the same labels and the same fixed
    train/test split as `data.load("mnist5k")`, in colour (N, 3, 28, 28) — a second domain for the same task."""
    check_seed("seed", seed)
    mnist = load("mnist5k")
    return Data("mnist_m", Split(blend_over_photos(mnist.train.images, seed), mnist.train.labels),
                Split(blend_over_photos(mnist.test.images, seed + 1), mnist.test.labels), mnist.classes)
