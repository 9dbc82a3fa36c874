"""shapes: a procedural image dataset in which every factor of variation is a knob.

Each image is one coloured shape on a background. The class is the shape; colour, size, position, rotation,
background and pixel noise are nuisance factors you can widen, narrow or tie to the class (a "shortcut").
Rendering is vectorised: every pixel of every image gets a signed distance to its shape's edge (negative
inside), computed on a coordinate grid in one batch, and the edge is anti-aliased by turning that distance
(in pixels) into coverage: alpha = clamp(0.5 - distance, 0, 1).

Coordinates: the image spans [-1, 1] in x (right) and y (down); each shape lives in its own frame where its
bounding circle has radius 1.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import torch
import torch.nn.functional as F

from sslcourse._checks import SEED_MAX, check_count, check_fraction, check_seed

SHAPES = ("circle", "square", "triangle", "cross", "ring", "star")
BACKGROUNDS = ("plain", "gradient", "stripes", "noise")
# Bright, mutually distinct colours (after Sasha Trubetskoy's list); backgrounds are dark, so shapes stand out.
PALETTE = ((230, 25, 75), (60, 180, 75), (255, 225, 25), (0, 130, 200),
           (245, 130, 48), (145, 30, 180), (70, 240, 240), (240, 50, 230))
_BACKGROUND_MAX = 0.45  # background colours have every channel in [0, 0.45]
_CHUNK = 2048  # images rendered at once: bounds memory at ~100 MB for 32x32


# ---- signed distances, in the shape's own frame (u right, v down, bounding radius 1)

def _box(u: torch.Tensor, v: torch.Tensor, half_w: float, half_h: float) -> torch.Tensor:
    qx, qy = u.abs() - half_w, v.abs() - half_h
    return torch.hypot(qx.clamp(min=0), qy.clamp(min=0)) + torch.maximum(qx, qy).clamp(max=0)


def _circle(u, v):
    return torch.hypot(u, v) - 0.9


def _square(u, v):
    return _box(u, v, 0.68, 0.68)


def _triangle(u, v):  # equilateral, apex up: the largest distance past any of the three edges
    edges = [(0.0, 1.0), (math.sqrt(3) / 2, -0.5), (-math.sqrt(3) / 2, -0.5)]  # outward unit normals
    return torch.stack([nx * u + ny * v for nx, ny in edges]).amax(0) - 0.475  # 0.475 = inradius


def _cross(u, v):  # union of two bars = minimum of their distances
    return torch.minimum(_box(u, v, 0.9, 0.3), _box(u, v, 0.3, 0.9))


def _ring(u, v):  # a band of half-width 0.28 around the circle of radius 0.62
    return (torch.hypot(u, v) - 0.62).abs() - 0.28


def _star(u, v):  # five points: the radius swings linearly from 0.95 (tips) to 0.4 (notches) with the angle
    turn = torch.remainder(torch.atan2(u, -v) / (2 * math.pi / 5), 1.0)  # 0 at a tip (first tip points up)
    return torch.hypot(u, v) - (0.4 + 0.55 * (2 * turn - 1).abs())


_DISTANCE = {"circle": _circle, "square": _square, "triangle": _triangle,
             "cross": _cross, "ring": _ring, "star": _star}


# ---- drawing the factors

def _draw_factors(n: int, g: torch.Generator, classes, colors, size, position, rotation, background,
                  color_by_class) -> dict[str, torch.Tensor]:
    # One row of uniform numbers per image, one column per factor: changing one knob changes that factor
    # only, and every other factor of every image stays the same.
    u = torch.rand(n, 17, generator=g)  # (N, 17)
    shape_rank = u[:, 0].argsort().argsort()  # (N,) a random permutation of 0..N-1
    labels = shape_rank % len(classes)  # balanced: each class gets n // K or n // K + 1 images
    random_color = (u[:, 1] * len(colors)).long()
    follows_class = u[:, 2] < color_by_class
    color_index = torch.where(follows_class, labels, random_color)  # (N,) into `colors`
    radius = size[0] + (size[1] - size[0]) * u[:, 3]  # (N,) in image half-widths
    centre = position * (1 - radius[:, None]) * (2 * u[:, 4:6] - 1)  # (N, 2): the shape stays inside
    kinds = torch.tensor([BACKGROUNDS.index(b) for b in background])
    return {
        "shape": labels,
        "color": torch.tensor(colors, dtype=torch.uint8)[color_index],  # (N, 3)
        "color_index": color_index,
        "size": radius,
        "x": centre[:, 0],
        "y": centre[:, 1],
        "rotation": rotation[0] + (rotation[1] - rotation[0]) * u[:, 6],  # (N,) degrees, counter-clockwise
        "background": kinds[(u[:, 7] * len(kinds)).long()],  # (N,) index into BACKGROUNDS
        "background_colors": _BACKGROUND_MAX * u[:, 8:14].view(n, 2, 3),  # (N, 2, 3) dark RGB in [0, 1]
        "background_angle": 2 * math.pi * u[:, 14],
        "stripe_frequency": 3 + 5 * u[:, 15],  # stripes across the image diagonal
        "stripe_phase": 2 * math.pi * u[:, 16],
    }


# ---- painting

def _grid(image_size: int) -> tuple[torch.Tensor, torch.Tensor]:
    centres = (torch.arange(image_size) + 0.5) / image_size * 2 - 1  # (S,) pixel centres in [-1, 1]
    y, x = torch.meshgrid(centres, centres, indexing="ij")  # (S, S) each
    return x, y


def _background(f: dict, texture: torch.Tensor, image_size: int) -> torch.Tensor:
    # Every background blends two dark colours with a per-pixel weight t in [0, 1]; the kind decides t.
    x, y = _grid(image_size)
    t = torch.zeros(len(texture), image_size, image_size)  # (N, S, S): "plain" stays 0
    for kind in f["background"].unique().tolist():
        mine = f["background"] == kind
        angle = f["background_angle"][mine, None, None]
        ramp = (x * torch.cos(angle) + y * torch.sin(angle)) / math.sqrt(2)  # (M, S, S) in [-1, 1]
        if BACKGROUNDS[kind] == "gradient":
            t[mine] = 0.5 + 0.5 * ramp
        elif BACKGROUNDS[kind] == "stripes":
            phase = f["stripe_phase"][mine, None, None]
            t[mine] = 0.5 + 0.5 * torch.sin(math.pi * f["stripe_frequency"][mine, None, None] * ramp + phase)
        elif BACKGROUNDS[kind] == "noise":
            t[mine] = F.interpolate(texture[mine], size=image_size, mode="bicubic")[:, 0].clamp(0, 1)
    c1, c2 = f["background_colors"][:, :, :, None, None].unbind(1)  # (N, 3, 1, 1) each
    return torch.lerp(c1, c2, t.unsqueeze(1))  # (N, 3, S, S)


def _coverage(f: dict, classes: Sequence[str], image_size: int) -> torch.Tensor:
    # Each pixel moved into its shape's frame: shift to the centre, rotate back, divide by the radius.
    x, y = _grid(image_size)
    dx, dy = x - f["x"][:, None, None], y - f["y"][:, None, None]  # (N, S, S)
    angle = torch.deg2rad(f["rotation"])[:, None, None]
    cos, sin = torch.cos(angle), torch.sin(angle)
    radius = f["size"][:, None, None]
    u = (cos * dx - sin * dy) / radius  # y points down, so this undoes a counter-clockwise turn on screen
    v = (sin * dx + cos * dy) / radius
    distance = torch.empty_like(u)  # (N, S, S) in shape units
    for k, name in enumerate(classes):  # a handful of classes; all pixels of all images at once
        mine = f["shape"] == k
        distance[mine] = _DISTANCE[name](u[mine], v[mine])
    pixels = distance * radius * image_size / 2  # shape units -> pixels
    return (0.5 - pixels).clamp(0, 1).unsqueeze(1)  # (N, 1, S, S) anti-aliased coverage


def _paint(f: dict, texture: torch.Tensor, classes, image_size: int) -> torch.Tensor:
    alpha = _coverage(f, classes, image_size)  # (N, 1, S, S)
    ink = f["color"].float()[:, :, None, None] / 255  # (N, 3, 1, 1)
    return torch.lerp(_background(f, texture, image_size), ink, alpha)  # (N, 3, S, S) in [0, 1]


# ---- public

def _check_range(name: str, value, low: float, high: float) -> None:
    if not (isinstance(value, Sequence) and len(value) == 2 and low <= value[0] <= value[1] <= high):
        raise ValueError(f"{name} must be a pair (lo, hi) with {low} <= lo <= hi <= {high}, got {value!r}")


def _check_knobs(classes, colors, size, position, rotation, background, noise, color_by_class, image_size):
    if isinstance(classes, str) or not classes or any(c not in SHAPES for c in classes):
        raise ValueError(f"classes must be a non-empty sequence of names from {SHAPES}, got {classes!r}")
    if len(set(classes)) != len(classes):
        raise ValueError(f"classes must name each shape once, got {list(classes)!r}")
    if not colors or any(len(c) != 3 or not all(0 <= v <= 255 for v in c) for c in colors):
        raise ValueError(f"colors must be a non-empty sequence of (R, G, B) triples in 0..255, got {colors!r}")
    _check_range("size", size, 0.05, 1.0)
    check_fraction("position", position)
    _check_range("rotation", rotation, -3600.0, 3600.0)
    if isinstance(background, str):
        background = (background,)
    if not background or any(b not in BACKGROUNDS for b in background):
        raise ValueError(f"background must be one of {BACKGROUNDS} or a tuple of them, got {background!r}")
    check_fraction("noise", noise)
    check_fraction("color_by_class", color_by_class)
    if color_by_class and len(colors) < len(classes):
        raise ValueError(f"color_by_class needs a colour per class: colors has {len(colors)}, "
                         f"classes has {len(classes)}")
    check_count("image_size", image_size, minimum=8)
    return tuple(background)


def make_shapes(n: int, seed: int = 0, *, classes: Sequence[str] = SHAPES,
                colors: Sequence[tuple[int, int, int]] = PALETTE, size: tuple[float, float] = (0.35, 0.75),
                position: float = 1.0, rotation: tuple[float, float] = (0.0, 360.0),
                background: str | Sequence[str] = "plain", noise: float = 0.0,
                color_by_class: bool | float = False, image_size: int = 32,
                return_factors: bool = False) -> tuple[torch.Tensor, ...]:
    """Render `n` images (N, 3, S, S) uint8 of coloured shapes, with labels (N,) int64 indexing `classes`.

    Knobs: `classes` (names from SHAPES); `colors` (a palette of RGB triples, one drawn per image);
    `size` (lo, hi): the shape's bounding circle as a fraction of the image width; `position` in [0, 1]:
    0 = centred, 1 = anywhere the shape fits; `rotation` (lo, hi) in degrees; `background`: one of BACKGROUNDS
    or a tuple drawn from per image; `noise`: std of Gaussian pixel noise (0..1 scale); `color_by_class`: the
    fraction of images (True = all) painted in their class's colour `colors[label]` instead of a random one
    -- at 1 colour alone predicts the class, a shortcut. Classes are balanced. The same `n`, `seed` and knobs
    give the same images; each factor reads its own random numbers, so changing one knob changes only that
    factor. With `return_factors=True` also returns a dict of per-image factors (shape, color, color_index,
    size, x, y, rotation, background, ...), each a tensor with first dimension N.
    """
    check_count("n", n)
    check_seed("seed", seed)
    if isinstance(color_by_class, bool):
        color_by_class = float(color_by_class)  # True -> 1.0, False -> 0.0
    background = _check_knobs(classes, colors, size, position, rotation, background, noise, color_by_class,
                              image_size)
    g = torch.Generator().manual_seed(seed)
    f = _draw_factors(n, g, tuple(classes), tuple(colors), size, position, rotation, background,
                      color_by_class)
    texture = torch.rand(n, 1, 5, 5, generator=g)  # (N, 1, 5, 5) low-resolution noise for "noise" backgrounds
    images = torch.empty(n, 3, image_size, image_size, dtype=torch.uint8)
    for start in range(0, n, _CHUNK):
        part = slice(start, start + _CHUNK)
        rgb = _paint({k: v[part] for k, v in f.items()}, texture[part], classes, image_size)  # (B, 3, S, S)
        if noise > 0:
            rgb += noise * torch.randn(rgb.shape, generator=g)
        images[part] = rgb.clamp_(0, 1).mul_(255).round_()
    return (images, f["shape"], f) if return_factors else (images, f["shape"])


def load_shapes(n_train: int = 4000, n_test: int = 1000, seed: int = 0, **knobs) -> tuple[tuple, tuple, tuple]:
    """Train and test sets of `make_shapes` images with the same knobs and different seeds (2*seed, 2*seed+1).

    Returns ((train images (n_train, 3, 32, 32) uint8, labels), (test ...), class names); `knobs` are
    `make_shapes`'s keyword arguments, except `return_factors`.
    """
    check_count("n_train", n_train)
    check_count("n_test", n_test)
    check_seed("seed", seed, maximum=SEED_MAX // 2 - 1)   # seeds 2 seed and 2 seed + 1
    if "return_factors" in knobs:
        raise TypeError("load('shapes') does not take return_factors; call make_shapes(..., return_factors=True)")
    train = make_shapes(n_train, 2 * seed, **knobs)
    test = make_shapes(n_test, 2 * seed + 1, **knobs)
    return train, test, tuple(knobs.get("classes", SHAPES))
