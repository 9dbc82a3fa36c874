"""Augmentation as SSL uses it: `Augment` (every strength in one frozen object), a preset per data set, `views`.

Contrastive methods such as SimCLR (Chen et al., 2020, "A Simple Framework for Contrastive Learning of Visual
Representations") make two random *views* of every image and train the network to tell which views come from
the same image. So every image in a batch needs its own crop, rotation, colour change, ...: torchvision's
batched v2 transforms draw one set of parameters per call, which would give the whole batch the same crop.
`Augment` chains the batched components of `sslcourse.transforms`, which draw one set of parameters *per image*
(vectorised, no Python loop over images) from a `torch.Generator` that you pass in, so a seeded run reproduces
exactly. `Augment` and `views` take the uint8 images that `sslcourse.data` loads and return float32 in [0, 1].
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace

import torch

from ._checks import (angle_range, check_fraction, check_generator, check_images, check_number,
                      check_probability, check_range, check_strength, is_number)
from .transforms import (PADDINGS, Range, _affine, _color_jitter, _gaussian_blur, _gaussian_noise,
                         _random_erasing, _random_grayscale)

__all__ = ["Augment", "PRESETS", "Ramp", "preset", "scaled", "views"]

# ---------------------------------------------------------------------------------------------------------
# The whole pipeline, views, presets
# ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True, repr=False)
class Augment:
    """All augmentation strengths in one place; calling it augments a batch of uint8 images.

    `Augment()` (or `Augment.none()`) does nothing but convert to float in [0, 1]. Steps, in order, each with
    its own random draw per image: one affine warp (`random_resized_affine`: scale, ratio, rotation, shear,
    translate, flip, padding), `color_jitter` (brightness, contrast, saturation, hue, with probability
    jitter_p), `random_grayscale` (probability grayscale), `gaussian_blur` (probability blur, sigma range
    blur_sigma), `gaussian_noise` (std noise, probability noise_p), `random_erasing` (probability erase, with
    erase_scale, erase_ratio, erase_value). See those functions in `sslcourse.transforms` for what each strength means.

    It is frozen and hashable, so it can key a cache; make a variant with `.replace(rotation=0)`.
    `describe()` says in words what it does.
    """
    scale: Range = (1.0, 1.0)
    ratio: Range = (3 / 4, 4 / 3)
    rotation: float | Range = 0.0
    shear: float | Range = 0.0
    translate: float = 0.0
    flip: float = 0.0
    padding: str = "zeros"
    brightness: float = 0.0
    contrast: float = 0.0
    saturation: float = 0.0
    hue: float = 0.0
    jitter_p: float = 1.0
    grayscale: float = 0.0
    blur: float = 0.0
    blur_sigma: Range = (0.1, 2.0)
    noise: float = 0.0
    noise_p: float = 1.0
    erase: float = 0.0
    erase_scale: Range = (0.02, 0.33)
    erase_ratio: Range = (0.3, 3.3)
    erase_value: float = 0.0

    def __post_init__(self) -> None:
        """Check every strength now, so a bad preset fails where it is written, not mid-training."""
        ranges = {"scale": check_range("scale", self.scale, high=1.0, positive=True),
                  "ratio": check_range("ratio", self.ratio, positive=True),
                  "blur_sigma": check_range("blur_sigma", self.blur_sigma, positive=True),
                  "erase_scale": check_range("erase_scale", self.erase_scale, high=1.0, positive=True),
                  "erase_ratio": check_range("erase_ratio", self.erase_ratio, positive=True)}
        angle_range("rotation", self.rotation, limit=360.0)
        angle_range("shear", self.shear, limit=80.0)
        if not is_number(self.rotation):
            ranges["rotation"] = tuple(map(float, self.rotation))
        if not is_number(self.shear):
            ranges["shear"] = tuple(map(float, self.shear))
        for name, value in ranges.items():            # store pairs as tuples, so the object stays hashable
            object.__setattr__(self, name, value)
        for name in ("translate", "brightness", "contrast", "saturation", "noise"):
            check_strength(name, getattr(self, name))
        check_number("hue", self.hue)
        check_fraction("hue", self.hue, high=0.5)
        for name in ("flip", "jitter_p", "grayscale", "blur", "noise_p", "erase", "erase_value"):
            check_probability(name, getattr(self, name))
        if self.padding not in PADDINGS:
            raise ValueError(f"padding must be one of {PADDINGS}, got {self.padding!r}")

    @classmethod
    def none(cls) -> Augment:
        """The identity: images are only converted to float32 in [0, 1]."""
        return cls()

    def replace(self, **changes) -> Augment:
        """A copy with some strengths changed, e.g. `preset("mnist5k").replace(rotation=0, shear=0)`."""
        return replace(self, **changes)

    def __call__(self, x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
        """Augment uint8 images (B, C, H, W) -> float32 (B, C, H, W) in [0, 1], a fresh draw for every image.

        Raises:
            TypeError / ValueError naming the argument if x is not a uint8 (B, C, H, W) tensor or generator is
            not a torch.Generator.
        """
        check_images("x", x)             # the strengths were checked once, when this Augment was made
        check_generator(generator)
        out = x.float() / 255                                                # (B, C, H, W) in [0, 1]
        out = _affine(out, generator, self.scale, self.ratio, angle_range("rotation", self.rotation, 360.0),
                      angle_range("shear", self.shear, 80.0), self.translate, self.flip, self.padding)
        out = _color_jitter(out, generator, self.brightness, self.contrast, self.saturation, self.hue,
                            self.jitter_p)
        out = _random_grayscale(out, generator, self.grayscale)
        out = _gaussian_blur(out, generator, self.blur_sigma, self.blur)
        out = _gaussian_noise(out, generator, self.noise, self.noise_p)
        out = _random_erasing(out, generator, self.erase, self.erase_scale, self.erase_ratio, self.erase_value)
        return out.clamp_(0, 1)     # averaging pixels (resampling, grey, blur) can overshoot 1 by a rounding error

    def __repr__(self) -> str:
        """Only the fields that differ from `Augment()`, e.g. Augment(scale=(0.4, 1.0), rotation=20)."""
        changed = [f"{f.name}={getattr(self, f.name)!r}" for f in fields(self)
                   if getattr(self, f.name) != f.default]
        return f"Augment({', '.join(changed)})"

    def describe(self) -> str:
        """A few lines saying, in words, what this augmentation does to each image, in order."""
        def pct(r: Range) -> str:
            return f"{r[0]:.0%}-{r[1]:.0%}"

        def degrees(value) -> str:
            return f"+-{value:g} deg" if is_number(value) else f"{value[0]:g} to {value[1]:g} deg"

        warp = []
        if self.scale != (1.0, 1.0):
            warp.append(f"crop {pct(self.scale)} of the area (aspect ratio {self.ratio[0]:.2f}-"
                        f"{self.ratio[1]:.2f}) and resize it back")
        if self.flip:
            warp.append(f"mirror left-right with p={self.flip:g}")
        if self.rotation:
            warp.append(f"rotate {degrees(self.rotation)}")
        if self.shear:
            warp.append(f"shear {degrees(self.shear)}")
        if self.translate:
            warp.append(f"shift up to +-{self.translate:.0%} of the size")
        steps = []
        if warp:
            steps.append("one affine warp: " + ", ".join(warp) + f" ({self.padding} padding)")
        jitter = [f"{name} {getattr(self, name):g}" for name in ("brightness", "contrast", "saturation", "hue")
                  if getattr(self, name)]
        if jitter:
            steps.append(f"colour jitter with p={self.jitter_p:g}: " + ", ".join(jitter)
                         + " (saturation and hue on RGB only)")
        if self.grayscale:
            steps.append(f"turn grey with p={self.grayscale:g} (RGB only)")
        if self.blur:
            steps.append(f"Gaussian blur with p={self.blur:g}, sigma {self.blur_sigma[0]:g}-"
                         f"{self.blur_sigma[1]:g} px")
        if self.noise:
            steps.append(f"add Gaussian noise, std {self.noise:g}, with p={self.noise_p:g}")
        if self.erase:
            steps.append(f"erase a box of {pct(self.erase_scale)} of the area with p={self.erase:g}, "
                         f"fill {self.erase_value:g}")
        if not steps:
            return "Augment: none (only converts uint8 to float32 in [0, 1])"
        return "Augment, per image, in this order:\n" + "\n".join(f"  {i}. {s}" for i, s in enumerate(steps, 1))


def views(x: torch.Tensor, n: int = 2, *, augment: Augment | str,
          generator: torch.Generator) -> list[torch.Tensor]:
    """n independently augmented views of a batch of uint8 images, e.g. the two views of SimCLR.

    Args:
        x: uint8 images (B, C, H, W).
        n: number of views, >= 1.
        augment: an `Augment`, or the name of a preset (see `PRESETS`).
        generator: source of all randomness; each view is a fresh draw.
    Returns:
        A list of n float32 tensors (B, C, H, W) in [0, 1]; view k of image i is views[k][i].
    Raises:
        TypeError / ValueError naming the argument.
    """
    check_images("x", x)
    check_generator(generator)
    if not (isinstance(n, int) and not isinstance(n, bool) and n >= 1):
        raise ValueError(f"n must be a positive integer, got {n!r}")
    if augment is None:
        raise TypeError("augment must be an Augment or a preset name, got None")
    augment = as_augment(augment)
    return [augment(x, generator) for _ in range(n)]


# Digits: crop + rotation + shear + small shift + noise, never a flip (a mirrored 2 is not a 2). On MNIST-5k with
# SimCLR, crop together with rotation/shear mattered a lot: crop alone lost ~10 points at 1 label per class.
_DIGITS = Augment(scale=(0.4, 1.0), rotation=20, shear=15, translate=0.1, noise=0.1, noise_p=0.5)
# SimCLR's recipe for natural images (Chen et al., 2020): crop, flip, strong colour jitter (s = 0.5), grey.
_SIMCLR = Augment(scale=(0.2, 1.0), flip=0.5, brightness=0.4, contrast=0.4, saturation=0.4, hue=0.1,
                  jitter_p=0.8, grayscale=0.2)

PRESETS: dict[str, Augment] = {
    "none": Augment.none(),
    "mnist5k": _DIGITS,
    "mnist": _DIGITS,
    # 8x8 scikit-learn digits: the same ideas, gentler, since a 40 % crop of 8 pixels leaves little.
    "digits": Augment(scale=(0.6, 1.0), rotation=15, shear=10, translate=0.1, noise=0.05, noise_p=0.5),
    # Clothes are left-right symmetric, so flips are fine; grey images, so only brightness and contrast.
    "fashion_mnist": Augment(scale=(0.3, 1.0), rotation=10, translate=0.1, flip=0.5, brightness=0.4,
                             contrast=0.4, jitter_p=0.8),
    # Procedural shapes: crop, flip, moderate rotation, colour; border padding keeps the background colour.
    "shapes": Augment(scale=(0.3, 1.0), rotation=30, flip=0.5, padding="border", brightness=0.4, contrast=0.4,
                      saturation=0.4, hue=0.1, jitter_p=0.8, grayscale=0.2),
    "photos": _SIMCLR,
    "cifar10": _SIMCLR,
    "stl10": _SIMCLR.replace(blur=0.5, blur_sigma=(0.1, 2.0)),
}


def scaled(augment: Augment, strength: float) -> Augment:
    """`augment` at `strength` in [0, 1] of its strengths: 0 is `Augment()` (none), 1 is `augment` itself; crops
    shrink towards the whole image, angles, shifts, jitter, noise and the probabilities of flips, grey, blur and
    erasing scale linearly."""
    if not isinstance(augment, Augment):
        raise TypeError(f"augment must be an Augment, got {type(augment).__name__}")
    check_fraction("strength", strength)
    s = float(strength)

    def toward_one(r):
        return (1 - s * (1 - r[0]), 1 - s * (1 - r[1]))

    def angle(v):
        return s * v if is_number(v) else (s * v[0], s * v[1])

    return augment.replace(scale=toward_one(augment.scale), rotation=angle(augment.rotation),
                           shear=angle(augment.shear), translate=s * augment.translate, flip=s * augment.flip,
                           brightness=s * augment.brightness, contrast=s * augment.contrast,
                           saturation=s * augment.saturation, hue=s * augment.hue, grayscale=s * augment.grayscale,
                           blur=s * augment.blur, noise=s * augment.noise, erase=s * augment.erase)


class Ramp:
    """An augmentation whose strength grows during training (a curriculum of augmentation): `scaled(augment, s)` with
    s rising linearly from `start` to 1 over the first `ramp` of training. `train.fit` calls `set_progress` every
    step; before training (and outside `fit`) it is at full strength."""

    def __init__(self, augment: Augment, start: float = 0.0, ramp: float = 0.5):
        if not isinstance(augment, Augment):
            raise TypeError(f"augment must be an Augment, got {type(augment).__name__}")
        check_fraction("start", start)
        check_fraction("ramp", ramp)
        if ramp == 0:
            raise ValueError("ramp must be above 0 (a share of training)")
        self.augment, self.start, self.ramp = augment, start, ramp
        self.strength = 1.0

    def set_progress(self, progress: float) -> None:
        self.strength = min(1.0, self.start + (1 - self.start) * progress / self.ramp)

    def __call__(self, x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
        return scaled(self.augment, self.strength)(x, generator)

    def __repr__(self) -> str:
        return f"Ramp({self.augment!r}, start={self.start}, ramp={self.ramp})"


def as_augment(value, name: str = "augment"):
    """What a method or a helper takes as its augmentation, made usable: None (no augmentation), an `Augment`,
    a preset name (see `PRESETS`), or any callable (uint8 images, generator) -> float views.

    Raises ValueError listing the presets for an unknown name, TypeError for anything else; both name `name`.
    """
    if value is None or isinstance(value, Augment):
        return value
    if isinstance(value, str):
        if value not in PRESETS:
            raise ValueError(f"{name} must be an Augment or a preset name from {sorted(PRESETS)}, got {value!r}")
        return PRESETS[value]
    if callable(value):
        return value
    raise TypeError(f"{name} must be an Augment, a preset name or None, got {type(value).__name__} {value!r}")


def preset(name: str) -> Augment:
    """The augmentation preset for a dataset name (see `PRESETS`); print `preset(name).describe()` to see it.

    Raises:
        ValueError listing the known names if `name` is not one; TypeError if it is not a string.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    if name not in PRESETS:
        raise ValueError(f"name must be one of {sorted(PRESETS)}, got {name!r}")
    return PRESETS[name]
