"""photos: small square patches cut from the colour photographs that ship with scikit-learn and scikit-image.

The label of a patch is the photo it came from. Training patches come from the left 80% of each photo's
columns and test patches from the right 20%, so no test pixel was ever seen in training. Natural colour
statistics make these patches the course's stand-in for CIFAR when offline (colorization, jigsaw).
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import skimage.data
import torch
import torch.nn.functional as F
from sklearn.datasets import load_sample_images

from sslcourse._checks import SEED_MAX, check_count, check_positive, check_seed

# All bundled with the packages (no download): sklearn's two sample images, four of skimage's colour photos.
PHOTOS = ("china", "flower", "astronaut", "coffee", "chelsea", "rocket")
TRAIN_COLUMNS = 0.8  # train patches from the left 80% of the columns, test patches from the rest
REGIONS = ("train", "test")


@lru_cache(maxsize=1)
def _originals() -> dict[str, torch.Tensor]:
    sample = load_sample_images()  # sklearn: china.jpg, flower.jpg
    arrays = {Path(path).stem: image for path, image in zip(sample.filenames, sample.images)}
    arrays.update({name: getattr(skimage.data, name)() for name in PHOTOS[2:]})
    return {name: torch.tensor(arrays[name]).permute(2, 0, 1).contiguous() for name in PHOTOS}  # (3, H, W)


@lru_cache(maxsize=32)
def _photo(name: str, scale: float) -> torch.Tensor:
    photo = _originals()[name]  # (3, H, W) uint8
    if scale == 1:
        return photo
    small = F.interpolate(photo[None].float(), scale_factor=scale, mode="bilinear", antialias=True)
    return small[0].round().clamp(0, 255).to(torch.uint8)  # (3, H * scale, W * scale)


def _columns(width: int, region: str) -> tuple[int, int]:
    split = round(TRAIN_COLUMNS * width)
    return (0, split) if region == "train" else (split, width)


def make_photos(n: int, seed: int = 0, *, region: str = "train", size: int = 32, scale: float = 0.5,
                photos: Sequence[str] = PHOTOS, return_factors: bool = False) -> tuple[torch.Tensor, ...]:
    """Cut `n` random patches (N, 3, size, size) uint8 from the bundled photos; labels (N,) int64 index `photos`.

    Each photo is first resized by `scale` (0.5 halves it, so a 32-pixel patch holds a recognisable piece
    of a scene rather than a flat texture). `region` "train" takes patches from the left 80% of the columns,
    "test" from the right 20%. Photos are balanced across the patches; positions are drawn uniformly and are
    fixed by `seed`. With `return_factors=True` also returns {"photo", "top", "left"}: (N,) int64 positions in
    the resized photo.
    """
    check_count("n", n)
    check_seed("seed", seed)
    if region not in REGIONS:
        raise ValueError(f"region must be one of {REGIONS}, got {region!r}")
    check_count("size", size, minimum=2)
    check_positive("scale", scale)
    if isinstance(photos, str) or not photos or any(p not in PHOTOS for p in photos):
        raise ValueError(f"photos must be a non-empty sequence of names from {PHOTOS}, got {photos!r}")
    if len(set(photos)) != len(photos):   # two labels for one photo: half the patches would be mislabelled
        raise ValueError(f"photos must name each photo once, got {list(photos)!r}")
    g = torch.Generator().manual_seed(seed)
    u = torch.rand(n, 3, generator=g)  # (N, 3): photo, top, left
    labels = u[:, 0].argsort().argsort() % len(photos)  # balanced, in random order
    images = torch.empty(n, 3, size, size, dtype=torch.uint8)
    top, left = torch.empty(n, dtype=torch.int64), torch.empty(n, dtype=torch.int64)
    offsets = torch.arange(size)  # (size,)
    for k, name in enumerate(photos):
        photo = _photo(name, scale)  # (3, H, W)
        first, end = _columns(photo.shape[2], region)
        if size > min(photo.shape[1], end - first):
            raise ValueError(f"size={size} does not fit in the {region} region of photo {name!r} "
                             f"({photo.shape[1]} x {end - first} pixels at scale={scale})")
        mine = labels == k
        top[mine] = (u[mine, 1] * (photo.shape[1] - size + 1)).long()  # (M,)
        left[mine] = first + (u[mine, 2] * (end - first - size + 1)).long()
        rows = (top[mine, None] + offsets)[:, :, None]  # (M, size, 1)
        cols = (left[mine, None] + offsets)[:, None, :]  # (M, 1, size)
        images[mine] = photo[:, rows, cols].transpose(0, 1)  # (3, M, size, size) -> (M, 3, size, size)
    factors = {"photo": labels, "top": top, "left": left}
    return (images, labels, factors) if return_factors else (images, labels)


def load_photos(n_train: int = 4000, n_test: int = 1000, size: int = 32, scale: float = 0.5, seed: int = 0,
                photos: Sequence[str] = PHOTOS) -> tuple[tuple, tuple, tuple]:
    """Train patches from the left 80% of each photo and test patches from the right 20% (see `make_photos`).

    Returns ((train images (n_train, 3, size, size) uint8, labels), (test ...), photo names); the two sets
    use seeds 2*seed and 2*seed + 1.
    """
    check_count("n_train", n_train)
    check_count("n_test", n_test)
    check_seed("seed", seed, maximum=SEED_MAX // 2 - 1)   # seeds 2 seed and 2 seed + 1
    train = make_photos(n_train, 2 * seed, region="train", size=size, scale=scale, photos=photos)
    test = make_photos(n_test, 2 * seed + 1, region="test", size=size, scale=scale, photos=photos)
    return train, test, tuple(photos)
