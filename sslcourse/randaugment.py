"""Strong augmentation for semi-supervised learning: a batched RandAugment with cutout, as FixMatch uses it.

RandAugment (Cubuk et al. 2020) applies `n` operations drawn at random from a fixed list, each at a random
magnitude; FixMatch (Sohn et al. 2020, section 2.3 and appendix) draws the magnitude per image and per operation
and ends with Cutout (a square of grey). `RandAugment` does that for a whole batch at once: every image gets its
own operations and magnitudes from a `torch.Generator`, so a seeded run reproduces exactly. Like `augment.Augment`
it takes uint8 images (B, C, H, W) and returns float32 in [0, 1], so it goes wherever an augmentation goes.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

from ._checks import check_count, check_fraction, check_generator, check_images, check_probability
from .transforms import _affine, _blur, _random_erasing, _to_grey

# Each operation maps float images (b, C, H, W) in [0, 1] and magnitudes m (b,) in [0, 1] to images.


def _autocontrast(x, m, g):   # stretch each image's range to [0, 1] (m unused)
    low = x.amin(dim=(1, 2, 3), keepdim=True)
    high = x.amax(dim=(1, 2, 3), keepdim=True)
    return torch.where(high > low, (x - low) / (high - low).clamp_min(1e-6), x)


def _signed(m, g):            # a magnitude with a random sign: (b,) in [-1, 1]
    return m * torch.where(torch.rand(len(m), generator=g) < 0.5, -1.0, 1.0).to(m.device)


def _brightness(x, m, g):     # x * (1 +- 0.9 m)
    return x * (1 + 0.9 * _signed(m, g)).view(-1, 1, 1, 1)


def _contrast(x, m, g):       # blend with the image's mean grey level
    mean = x.mean(dim=(1, 2, 3), keepdim=True)
    return mean + (x - mean) * (1 + 0.9 * _signed(m, g)).view(-1, 1, 1, 1)


def _sharpness(x, m, g):      # blend with a blurred copy: sharper or softer
    soft = _blur(x, torch.full((len(x),), 1.0, device=x.device), 3)
    return soft + (x - soft) * (1 + 0.9 * _signed(m, g)).view(-1, 1, 1, 1)


def _posterize(x, m, g):      # keep 8 - 4m bits
    levels = 2.0 ** (8 - (4 * m).round()).view(-1, 1, 1, 1)
    return torch.floor(x * (levels - 1) + 0.5) / (levels - 1)


def _solarize(x, m, g):       # invert every pixel above the threshold 1 - m
    return torch.where(x >= (1 - m).view(-1, 1, 1, 1), 1 - x, x)


def _colour(x, m, g):         # saturation: blend with grey (grey images: unchanged)
    if x.shape[1] != 3:
        return x
    grey = _to_grey(x)
    return grey + (x - grey) * (1 + 0.9 * _signed(m, g)).view(-1, 1, 1, 1)


def _warp(x, m, g, *, rotation=0.0, shear=0.0, translate=0.0):
    """One affine warp per image, its strength scaled by m: rotation/shear in degrees, translate a fraction."""
    out = torch.empty_like(x)
    for level in m.unique():                      # _affine draws within a range; group images by magnitude level
        rows = m == level
        lv = float(level)
        out[rows] = _affine(x[rows], g, (1.0, 1.0), (1.0, 1.0), (-rotation * lv, rotation * lv),
                            (-shear * lv, shear * lv), translate * lv, 0.0, "zeros")
    return out


def _rotate(x, m, g):
    return _warp(x, m, g, rotation=30.0)


def _shear_x(x, m, g):
    return _warp(x, m, g, shear=17.0)             # FixMatch's shear factor 0.3 = 17 degrees


def _shear_y(x, m, g):
    return _warp(x.transpose(-1, -2), m, g, shear=17.0).transpose(-1, -2)


def _translate(x, m, g):
    return _warp(x, m, g, translate=0.3)


def _identity(x, m, g):
    return x


OPS = {"identity": _identity, "autocontrast": _autocontrast, "brightness": _brightness, "contrast": _contrast,
       "sharpness": _sharpness, "posterize": _posterize, "solarize": _solarize, "colour": _colour,
       "rotate": _rotate, "shear_x": _shear_x, "shear_y": _shear_y, "translate": _translate}
LEVELS = 10                                        # magnitudes are drawn from {1/10, ..., 10/10}


@dataclass(frozen=True)
class RandAugment:
    """`n` random operations from `ops` (names in `OPS`) per image, each at a random magnitude up to `magnitude`
    (a fraction of each operation's maximum: rotate 30°, shear 17°, shift 30 %, brightness/contrast/sharpness/
    colour ×(1 ± 0.9), posterize to 4 bits, solarize above 0), then Cutout: a square of side `cutout` × the image
    side at a random place, filled with grey 0.5, with probability `cutout_p`.

    The magnitude is drawn per image and per operation, uniformly from {1, ..., 10} / 10 × `magnitude` (FixMatch's
    variant of RandAugment). Images in, uint8 (B, C, H, W); views out, float32 (B, C, H, W) in [0, 1].
    """
    n: int = 2
    magnitude: float = 1.0
    cutout: float = 0.5
    cutout_p: float = 1.0
    ops: tuple = tuple(OPS)

    def __post_init__(self) -> None:
        check_count("n", self.n, maximum=10)
        check_fraction("magnitude", self.magnitude)
        check_fraction("cutout", self.cutout)
        check_probability("cutout_p", self.cutout_p)
        if isinstance(self.ops, str) or not self.ops or any(op not in OPS for op in self.ops):
            raise ValueError(f"ops must be a non-empty tuple of names from {sorted(OPS)}, got {self.ops!r}")
        object.__setattr__(self, "ops", tuple(self.ops))

    def __call__(self, x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
        check_images("x", x)
        check_generator(generator)
        out = x.float() / 255                                                    # (B, C, H, W)
        B = len(out)
        for _ in range(self.n):
            choice = torch.randint(len(self.ops), (B,), generator=generator)     # (B,) one op per image
            level = torch.randint(1, LEVELS + 1, (B,), generator=generator) / LEVELS * self.magnitude   # (B,)
            for k, name in enumerate(self.ops):
                rows = (choice == k).nonzero().flatten()
                if len(rows):
                    out[rows] = OPS[name](out[rows], level[rows].to(out.device), generator).clamp(0, 1)
        if self.cutout > 0:
            area = self.cutout ** 2                                              # a square: side**2 of the area
            out = _random_erasing(out, generator, self.cutout_p, (area, area), (1.0, 1.0), 0.5)
        return out.clamp_(0, 1)

    def describe(self) -> str:
        """In words: what this strong augmentation does to each image."""
        cut = (f", then cut out a grey square of {self.cutout:.0%} of the side (p={self.cutout_p:g})"
               if self.cutout else "")
        return (f"RandAugment: {self.n} operations per image from {', '.join(self.ops)}, each at a random "
                f"magnitude up to {self.magnitude:.0%}{cut}")


def strong(data: str = "mnist5k") -> RandAugment:
    """The course's strong augmentation for a data set: RandAugment(2 ops) + Cutout of half the side; grey data
    sets leave out the colour operation (it does nothing to one channel)."""
    grey = data in ("mnist5k", "mnist", "digits", "fashion_mnist")
    return RandAugment(ops=tuple(op for op in OPS if not (grey and op == "colour")))
