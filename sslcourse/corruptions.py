"""Corrupted test sets, MNIST-C / CIFAR-C style (Mu & Gilmer 2019; Hendrycks & Dietterich 2019): 15 corruptions at
severities 1-5, batched and seeded.

`corrupt(images, name, severity, seed)` takes uint8 images (N, C, H, W) and returns uint8 images of the same shape,
changed more at a higher severity (0: unchanged). Every image gets its own random draw (noise, angle, position) from
a `torch.Generator` seeded by `seed`, so a corrupted test set is the same on every run. The families:

- noise: `shot_noise` (Poisson), `impulse_noise` (salt and pepper);
- blur: `gaussian_blur`, `motion_blur` (a streak in a random direction);
- geometry: `shear`, `scale` (shrink), `rotate`, `translate`;
- photometric: `brightness` (add light), `contrast` (flatten), `fog` (smooth cloudy noise);
- occluders drawn over the digit: `stripe`, `zigzag`, `dotted_line`, `spatter` (blobs).

The strengths are this module's own, chosen so that severity 5 is hard but mostly readable on 28x28 digits; they
follow MNIST-C's list of corruptions, not its exact code.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from ._checks import check_count, check_images, check_seed
from .transforms import _blur

SEVERITIES = (1, 2, 3, 4, 5)


def _sign(g, n):                    # (n,) random +-1
    return torch.where(torch.rand(n, generator=g) < 0.5, -1.0, 1.0)


def _warp(x, linear, shift):
    """Sample x (B, C, H, W) at linear @ q + shift for each output point q (normalised coordinates, zeros outside)."""
    theta = torch.cat([linear, shift.unsqueeze(-1)], dim=2).to(x.dtype)          # (B, 2, 3)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def _eye(n):
    return torch.eye(2).expand(n, 2, 2).clone()                                   # (n, 2, 2)


def shot_noise(x, s, g):
    lam = (60, 25, 12, 5, 3)[s - 1]
    return torch.poisson(x * lam, generator=g) / lam


def impulse_noise(x, s, g):
    amount = (0.03, 0.06, 0.09, 0.17, 0.27)[s - 1]
    u = torch.rand(x.shape, generator=g)
    return torch.where(u < amount / 2, 0.0, torch.where(u > 1 - amount / 2, 1.0, x))


def gaussian_blur(x, s, g):
    sigma = (0.6, 0.8, 1.0, 1.3, 1.6)[s - 1]
    return _blur(x, torch.full((len(x),), sigma), 7)


def motion_blur(x, s, g):
    length = (3, 5, 7, 9, 11)[s - 1] / x.shape[-1] * 2                          # streak length, normalised
    angle = torch.rand(len(x), generator=g) * math.pi                            # (B,) direction
    step = torch.stack([angle.cos(), angle.sin()], 1)                            # (B, 2)
    offsets = torch.linspace(-0.5, 0.5, 7)
    return torch.stack([_warp(x, _eye(len(x)), t * length * step) for t in offsets]).mean(0)


def shear(x, s, g):
    factor = (0.15, 0.25, 0.35, 0.45, 0.55)[s - 1] * _sign(g, len(x))
    linear = _eye(len(x))
    linear[:, 0, 1] = factor
    return _warp(x, linear, torch.zeros(len(x), 2))


def scale(x, s, g):
    zoom = (0.85, 0.75, 0.65, 0.55, 0.45)[s - 1]                                 # the digit shrinks to this size
    return _warp(x, _eye(len(x)) / zoom, torch.zeros(len(x), 2))


def rotate(x, s, g):
    angle = math.radians((12, 22, 32, 42, 52)[s - 1]) * _sign(g, len(x))
    cos, sin = angle.cos(), angle.sin()
    linear = torch.stack([torch.stack([cos, -sin], -1), torch.stack([sin, cos], -1)], -2)
    return _warp(x, linear, torch.zeros(len(x), 2))


def translate(x, s, g):
    pixels = (2, 3, 4, 5, 6)[s - 1]
    angle = torch.rand(len(x), generator=g) * 2 * math.pi
    shift = pixels * 2 / x.shape[-1] * torch.stack([angle.cos(), angle.sin()], 1)  # (B, 2) normalised
    return _warp(x, _eye(len(x)), shift)


def brightness(x, s, g):
    return x + (0.1, 0.2, 0.3, 0.4, 0.5)[s - 1]


def contrast(x, s, g):
    factor = (0.6, 0.45, 0.3, 0.2, 0.12)[s - 1]
    mean = x.mean(dim=(1, 2, 3), keepdim=True)
    return mean + (x - mean) * factor


def fog(x, s, g):
    B, C, H, W = x.shape
    coarse = torch.rand(B, 1, 4, 4, generator=g)                                 # smooth, cloudy structure
    cloud = F.interpolate(coarse, size=(H, W), mode="bicubic", align_corners=False).clamp(0, 1)
    return x + (0.2, 0.3, 0.4, 0.5, 0.6)[s - 1] * cloud


def _lines(x, mask):
    """Draw the (B, H, W) boolean mask in white over x."""
    return torch.where(mask.unsqueeze(1), 1.0, x)


def stripe(x, s, g):
    B, _, H, W = x.shape
    width = (1, 2, 3, 4, 5)[s - 1]
    left = torch.randint(W // 4, 3 * W // 4 - width + 1, (B,), generator=g).view(B, 1, 1)
    cols = torch.arange(W).view(1, 1, W)
    return _lines(x, ((cols >= left) & (cols < left + width)).expand(B, H, W))


def zigzag(x, s, g):
    B, _, H, W = x.shape
    count = (1, 1, 2, 2, 3)[s - 1]
    thick = (0.6, 1.0, 0.8, 1.1, 1.0)[s - 1]
    rows = torch.arange(H).view(1, H, 1).float()
    cols = torch.arange(W).view(1, 1, W).float()
    mask = torch.zeros(B, H, W, dtype=torch.bool)
    for _ in range(count):
        period = 4 + 6 * torch.rand(B, 1, 1, generator=g)                        # pixels per zig
        base = H * (0.2 + 0.6 * torch.rand(B, 1, 1, generator=g))
        height = 2 + 3 * torch.rand(B, 1, 1, generator=g)
        curve = base + height * (2 * ((cols / period) % 1 - 0.5)).abs()         # (B, 1, W) a sawtooth
        mask |= (rows - curve).abs() < thick
    return _lines(x, mask)


def dotted_line(x, s, g):
    B, _, H, W = x.shape
    count = (1, 2, 3, 4, 5)[s - 1]
    rows = torch.arange(H).view(1, H, 1)
    cols = torch.arange(W).view(1, 1, W)
    mask = torch.zeros(B, H, W, dtype=torch.bool)
    for k in range(count):
        at = torch.randint(H // 5, 4 * H // 5, (B, 1, 1), generator=g)
        line = (rows == at) & (cols % 3 == 0) if k % 2 == 0 else (cols == at) & (rows % 3 == 0)
        mask |= line
    return _lines(x, mask)


def spatter(x, s, g):
    B, _, H, W = x.shape
    density = (0.04, 0.07, 0.10, 0.14, 0.18)[s - 1]
    coarse = torch.rand(B, 1, H // 3, W // 3, generator=g)
    blobs = F.interpolate(coarse, size=(H, W), mode="bilinear", align_corners=False)[:, 0]   # (B, H, W)
    threshold = torch.quantile(blobs.flatten(1), 1 - density, dim=1).view(B, 1, 1)
    return _lines(x, blobs > threshold)


CORRUPTIONS = {f.__name__: f for f in (shot_noise, impulse_noise, gaussian_blur, motion_blur, shear, scale, rotate,
                                       translate, brightness, contrast, fog, stripe, zigzag, dotted_line, spatter)}
FAMILIES = {"noise": ("shot_noise", "impulse_noise"), "blur": ("gaussian_blur", "motion_blur"),
            "geometry": ("shear", "scale", "rotate", "translate"), "photometric": ("brightness", "contrast", "fog"),
            "occlusion": ("stripe", "zigzag", "dotted_line", "spatter")}


def check_corruption(name: str, value) -> None:
    if value not in CORRUPTIONS:
        raise ValueError(f"{name} must be one of {sorted(CORRUPTIONS)}, got {value!r}")


def corrupt(images: torch.Tensor, name: str, severity: int, seed: int = 0) -> torch.Tensor:
    """uint8 images (N, C, H, W) corrupted by `name` at `severity` (0 = unchanged, 1-5), seeded; same shape, uint8."""
    check_images("images", images)
    check_corruption("name", name)
    check_count("severity", severity, minimum=0, maximum=5)
    check_seed("seed", seed)
    if severity == 0:
        return images.clone()
    g = torch.Generator().manual_seed(seed)
    out = CORRUPTIONS[name](images.float() / 255, severity, g)
    return (out.clamp(0, 1) * 255).round().to(torch.uint8)
