"""Batched image augmentations with an independent random draw per image, and the views SSL trains on.

Contrastive methods such as SimCLR (Chen et al., 2020, "A Simple Framework for Contrastive Learning of Visual
Representations") make two random *views* of every image and train the network to tell which views come from
the same image. So every image in a batch needs its own crop, rotation, colour change, ...: torchvision's
batched v2 transforms draw one set of parameters per call, which would give the whole batch the same crop.
Every function here draws one set of parameters *per image* (vectorised, no Python loop over images) from a
`torch.Generator` that you pass in, so a seeded run reproduces exactly.

Conventions:
- The components work on float images (B, C, H, W) in [0, 1] and return a tensor of the same shape; they never
  modify their input (a component that is switched off returns `x` itself). `Augment` and `views` take the
  uint8 images that `sslcourse.data` loads and return float32 in [0, 1].
- Random parameters are drawn on the generator's device (normally the CPU) and then moved to `x.device`, so the
  same code runs on a GPU and a seeded CPU generator gives the same augmentations there.
- A strength of 0 (or None) or a probability of 0 switches a component off.
- Angles are in degrees. A positive rotation turns the picture counter-clockwise as displayed, the convention
  of torchvision's `rotate` and of `torch.rot90(x, 1, dims=(-2, -1))`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace

import torch
import torch.nn.functional as F

from ._checks import check_fraction, check_generator, check_images, check_positive, check_tensor

__all__ = ["Augment", "PRESETS", "color_jitter", "gaussian_blur", "gaussian_noise", "preset",
           "random_erasing", "random_grayscale", "random_resized_affine", "views"]

Range = tuple[float, float]
PADDINGS = ("zeros", "border", "reflection")


# ---------------------------------------------------------------------------------------------------------
# Argument checks (messages name the argument)
# ---------------------------------------------------------------------------------------------------------

def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_number(name: str, value) -> None:
    if not _is_number(value):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")


def _check_probability(name: str, p) -> None:
    _check_number(name, p)
    check_fraction(name, p)


def _check_strength(name: str, value) -> None:
    _check_number(name, value)
    check_positive(name, value, allow_zero=True)


def _check_range(name: str, value, *, low: float = 0.0, high: float = math.inf,
                 positive: bool = False) -> Range:
    """`value` must be a pair (lo, hi) with low <= lo <= hi <= high (low < lo if `positive`)."""
    if not (isinstance(value, (tuple, list)) and len(value) == 2 and all(_is_number(v) for v in value)):
        raise TypeError(f"{name} must be a pair of numbers (lo, hi), got {value!r}")
    lo, hi = value
    if not ((low < lo if positive else low <= lo) and lo <= hi <= high):
        first = "<" if positive else "<="
        raise ValueError(f"{name} must be a pair (lo, hi) with {low} {first} lo <= hi <= {high}, got {value!r}")
    return float(lo), float(hi)


def _angle_range(name: str, value, limit: float) -> Range:
    """A number d means 'uniform in (-d, d)'; a pair (lo, hi) is used as given. Degrees, |angle| <= limit."""
    if _is_number(value):
        _check_strength(name, value)
        value = (-value, value)
    return _check_range(name, value, low=-limit, high=limit)


def _check_float_images(name: str, x) -> None:
    check_tensor(name, x, ndim=4, floating=True)
    # One float32 sum instead of an element-wise isfinite test (several times faster): NaN and inf survive a
    # sum, and a sum of values in [0, 1] cannot overflow float32.
    if not torch.isfinite(x.sum(dtype=torch.float32)):
        raise ValueError(f"{name} contains NaN or infinite values")


# ---------------------------------------------------------------------------------------------------------
# Random parameters: one per image, drawn on the generator's device, moved to the images' device
# ---------------------------------------------------------------------------------------------------------

def _uniform(generator: torch.Generator, n: int, low: float, high: float, device) -> torch.Tensor:
    """(n,) numbers drawn uniformly from [low, high)."""
    u = torch.rand(n, generator=generator, device=generator.device)
    return (low + (high - low) * u).to(device)


def _coin(generator: torch.Generator, n: int, p: float, device) -> torch.Tensor:
    """(n,) booleans, each True with probability p."""
    return torch.rand(n, generator=generator, device=generator.device).lt(p).to(device)


def _box_size(generator: torch.Generator, n: int, scale: Range, ratio: Range, height: int, width: int,
              device) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-image box (height, width) as fractions of the image size.

    The area, as a fraction of the image's, is drawn uniformly from `scale`; the aspect ratio width/height (in
    pixels) log-uniformly from `ratio`, as in torchvision's RandomResizedCrop. Where the drawn ratio would not
    fit inside the image at the drawn area it is clamped to the nearest one that does (torchvision redraws up
    to ten times instead), so the area is always exactly as drawn and scale=(1, 1) is the whole image.
    """
    area = _uniform(generator, n, scale[0], scale[1], device)                          # (n,)
    log_ratio = _uniform(generator, n, math.log(ratio[0]), math.log(ratio[1]), device)  # (n,)
    # A box fits when its width fraction sqrt(area*r*H/W) <= 1 and height fraction sqrt(area/r*W/H) <= 1.
    r = log_ratio.exp().clamp(min=area * width / height, max=width / (area * height))
    box_w = (area * r * height / width).sqrt().clamp(max=1.0)                          # (n,)
    box_h = (area / r * width / height).sqrt().clamp(max=1.0)                          # (n,)
    return box_h, box_w


def _matrices(a: torch.Tensor, b: torch.Tensor, c: torch.Tensor, d: torch.Tensor) -> torch.Tensor:
    """(B, 2, 2) matrices [[a, b], [c, d]] from four (B,) tensors."""
    return torch.stack([torch.stack([a, b], dim=-1), torch.stack([c, d], dim=-1)], dim=-2)


# ---------------------------------------------------------------------------------------------------------
# Geometry: crop + flip + rotation + shear + translation as one affine warp per image
# ---------------------------------------------------------------------------------------------------------

def random_resized_affine(x: torch.Tensor, generator: torch.Generator, *, scale: Range = (1.0, 1.0),
                          ratio: Range = (3 / 4, 4 / 3), rotation: float | Range = 0.0,
                          shear: float | Range = 0.0, translate: float = 0.0, flip: float = 0.0,
                          padding: str = "zeros") -> torch.Tensor:
    """Random resized crop, horizontal flip, rotation, shear and translation in one resampling per image.

    Per image: crop a box whose area is a fraction `scale` = (lo, hi) of the image and whose aspect ratio lies in
    `ratio`, at a random position, stretched back to H x W (torchvision's RandomResizedCrop); mirror it
    left-right with probability `flip`; rotate it by an angle drawn from `rotation` (degrees; a number d means
    (-d, d), positive = counter-clockwise as displayed); shear it along x by an angle drawn from `shear` (the
    sign convention of torchvision's `affine(shear=[s, 0])`); shift it by up to `translate` x (W, H) pixels. All of
    this is one affine map per image, so the image is resampled once (bilinear, `F.grid_sample`); pixels that
    come from outside the image are filled according to `padding`: "zeros" (black, right for MNIST-like
    digits), "border" (repeat the edge) or "reflection". With everything off it is the identity.

    Args:
        x: float images (B, C, H, W) in [0, 1].
        generator: source of all randomness.
    Returns:
        (B, C, H, W), same dtype as x.
    Raises:
        TypeError / ValueError naming the argument for a bad tensor, range, probability or padding.
    """
    _check_float_images("x", x)
    check_generator(generator)
    scale = _check_range("scale", scale, high=1.0, positive=True)
    ratio = _check_range("ratio", ratio, positive=True)
    rotation = _angle_range("rotation", rotation, limit=360.0)
    shear = _angle_range("shear", shear, limit=80.0)
    _check_strength("translate", translate)
    _check_probability("flip", flip)
    if padding not in PADDINGS:
        raise ValueError(f"padding must be one of {PADDINGS}, got {padding!r}")
    B, _, H, W = x.shape
    dev = x.device

    # F.affine_grid wants, per image, the map from output coordinates to input coordinates ("where does each
    # output pixel come from?"), in normalised coordinates: x and y run from -1 to 1 across the image, y down.
    box_h, box_w = _box_size(generator, B, scale, ratio, H, W, dev)            # (B,), (B,)
    centre_x = (1 - box_w) * _uniform(generator, B, -1.0, 1.0, dev)          # (B,) box stays inside the image
    centre_y = (1 - box_h) * _uniform(generator, B, -1.0, 1.0, dev)          # (B,)
    mirror = 1.0 - 2.0 * _coin(generator, B, flip, dev).float()              # (B,) -1 = flipped
    angle = _uniform(generator, B, *rotation, dev).deg2rad()                  # (B,)
    shear_x = _uniform(generator, B, *shear, dev).deg2rad().tan()            # (B,)
    shift = 2 * translate * torch.stack([_uniform(generator, B, -1.0, 1.0, dev),
                                         _uniform(generator, B, -1.0, 1.0, dev)], dim=1)  # (B, 2)

    one, zero = torch.ones_like(angle), torch.zeros_like(angle)
    crop = _matrices(mirror * box_w, zero, zero, box_h)                      # (B, 2, 2) output -> box
    cos, sin = angle.cos(), angle.sin()
    unrotate = _matrices(cos, -sin, sin, cos)                                # (B, 2, 2) inverse rotation
    unshear = _matrices(one, shear_x, zero, one)                             # (B, 2, 2) inverse shear
    # Rotate and shear in pixel units, so a rotation stays a rotation on a non-square image.
    to_pixels = torch.tensor([[W / 2, 0.0], [0.0, H / 2]], device=dev)      # (2, 2)
    from_pixels = torch.tensor([[2 / W, 0.0], [0.0, 2 / H]], device=dev)    # (2, 2)

    # The warp shears, then rotates, then shifts the cropped image; undo it in reverse order, then map into the
    # box: output point q comes from input point  crop @ unshear @ unrotate @ (q - shift) + centre.
    linear = crop @ from_pixels @ unshear @ unrotate @ to_pixels             # (B, 2, 2)
    centre = torch.stack([centre_x, centre_y], dim=1)                        # (B, 2)
    offset = centre - (linear @ shift.unsqueeze(-1)).squeeze(-1)             # (B, 2)
    theta = torch.cat([linear, offset.unsqueeze(-1)], dim=2).to(x.dtype)     # (B, 2, 3)

    # align_corners=False in both calls: the identity matrix then lands exactly on the pixel centres.
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)          # (B, H, W, 2)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode=padding, align_corners=False)


# ---------------------------------------------------------------------------------------------------------
# Colour
# ---------------------------------------------------------------------------------------------------------

_LUMA = (0.299, 0.587, 0.114)  # ITU-R 601 weights, as torchvision's rgb_to_grayscale
# RGB -> YIQ: Y is brightness, (I, Q) is the colour plane; turning (I, Q) changes the hue.
_YIQ = torch.tensor([[0.299, 0.587, 0.114],
                     [0.596, -0.274, -0.322],
                     [0.211, -0.523, 0.312]])                                # (3, 3)
_YIQ_INVERSE = torch.linalg.inv(_YIQ)                                        # (3, 3)


def _gray(x: torch.Tensor) -> torch.Tensor:
    """(B, C, H, W) -> (B, 1, H, W) brightness: luma for RGB, the channel mean otherwise."""
    if x.shape[1] == 3:
        weights = torch.tensor(_LUMA, device=x.device, dtype=x.dtype).view(1, 3, 1, 1)
        return (x * weights).sum(dim=1, keepdim=True)
    return x.mean(dim=1, keepdim=True)


def _blend(x: torch.Tensor, other: torch.Tensor, factor: torch.Tensor) -> torch.Tensor:
    """factor * x + (1 - factor) * other, per image (factor is (B,)), clamped to [0, 1]."""
    f = factor.view(-1, 1, 1, 1).to(x.dtype)                                 # (B, 1, 1, 1)
    return torch.lerp(other, x, f).clamp_(0, 1)                              # lerp: other + f * (x - other)


def _factor(generator: torch.Generator, n: int, strength: float, device) -> torch.Tensor:
    """(n,) multiplicative factors uniform in [max(0, 1 - strength), 1 + strength], as torchvision."""
    return _uniform(generator, n, max(0.0, 1.0 - strength), 1.0 + strength, device)


def _rotate_hue(x: torch.Tensor, shift: torch.Tensor) -> torch.Tensor:
    """Turn the hue of RGB images (B, 3, H, W) by shift (B,) of a full turn, as a rotation in YIQ space."""
    angle = 2 * math.pi * shift                                              # (B,)
    cos, sin = angle.cos(), angle.sin()
    one, zero = torch.ones_like(cos), torch.zeros_like(cos)
    turn = torch.stack([torch.stack([one, zero, zero], -1),
                        torch.stack([zero, cos, -sin], -1),
                        torch.stack([zero, sin, cos], -1)], dim=-2)         # (B, 3, 3) turns (I, Q)
    yiq, yiq_inverse = _YIQ.to(x.device), _YIQ_INVERSE.to(x.device)
    matrix = (yiq_inverse @ turn @ yiq).to(x.dtype)                         # (B, 3, 3) RGB -> RGB
    return torch.einsum("bij,bjhw->bihw", matrix, x).clamp_(0, 1)


def color_jitter(x: torch.Tensor, generator: torch.Generator, *, brightness: float = 0.0,
                 contrast: float = 0.0, saturation: float = 0.0, hue: float = 0.0,
                 p: float = 1.0) -> torch.Tensor:
    """Random brightness, contrast, saturation and hue, each image with its own factors, with probability p.

    As torchvision's ColorJitter, per image: brightness multiplies by a factor in [1 - b, 1 + b]; contrast
    blends with the image's mean grey level, saturation with the image's grey version (factors in [1 - s, 1 + s]
    for both); hue turns the colours by a fraction in [-hue, hue] of a full turn (hue <= 0.5). Unlike torchvision
    the four run in this fixed order, and hue is a cheap rotation in YIQ colour space instead of an HSV round
    trip. Saturation and hue only act on 3-channel (RGB) images. The SimCLR strength-s jitter is
    brightness = contrast = saturation = 0.8 s, hue = 0.2 s.

    Args:
        x: float images (B, C, H, W) in [0, 1].
        generator: source of all randomness.
    Returns:
        (B, C, H, W) in [0, 1].
    Raises:
        TypeError / ValueError naming the argument (negative strength, hue > 0.5, p outside [0, 1], ...).
    """
    _check_float_images("x", x)
    check_generator(generator)
    for name, value in [("brightness", brightness), ("contrast", contrast), ("saturation", saturation)]:
        _check_strength(name, value)
    _check_number("hue", hue)
    check_fraction("hue", hue, high=0.5)
    _check_probability("p", p)
    rgb = x.shape[1] == 3
    if p == 0 or not (brightness or contrast or (rgb and (saturation or hue))):
        return x
    B, dev = x.shape[0], x.device

    apply = _coin(generator, B, p, dev)                                      # (B,)
    out = x
    if brightness:
        factor = _factor(generator, B, brightness, dev).to(x.dtype)         # (B,)
        out = (out * factor.view(B, 1, 1, 1)).clamp_(0, 1)
    if contrast:
        mean = _gray(out).mean(dim=(1, 2, 3), keepdim=True)                  # (B, 1, 1, 1)
        out = _blend(out, mean, _factor(generator, B, contrast, dev))
    if rgb and saturation:
        out = _blend(out, _gray(out), _factor(generator, B, saturation, dev))
    if rgb and hue:
        out = _rotate_hue(out, _uniform(generator, B, -hue, hue, dev))
    return torch.where(apply.view(B, 1, 1, 1), out, x)


def random_grayscale(x: torch.Tensor, generator: torch.Generator, p: float) -> torch.Tensor:
    """Turn each RGB image grey (luma, copied to all 3 channels) with probability p; 1-channel images are unchanged.

    Args:
        x: float images (B, C, H, W) in [0, 1].
        generator: source of all randomness.
        p: probability per image.
    Returns:
        (B, C, H, W): the channel count is kept.
    Raises:
        TypeError / ValueError naming the argument.
    """
    _check_float_images("x", x)
    check_generator(generator)
    _check_probability("p", p)
    if p == 0 or x.shape[1] != 3:
        return x
    apply = _coin(generator, x.shape[0], p, x.device).view(-1, 1, 1, 1)     # (B, 1, 1, 1)
    return torch.where(apply, _gray(x).expand_as(x), x)


# ---------------------------------------------------------------------------------------------------------
# Blur, noise, erasing
# ---------------------------------------------------------------------------------------------------------

def _blur(x: torch.Tensor, sigma: torch.Tensor, kernel_size: int) -> torch.Tensor:
    """Gaussian blur of (B, C, H, W) with one sigma (B,) per image: separable kernels in a grouped convolution."""
    B, C, H, W = x.shape
    offsets = torch.arange(kernel_size, device=x.device, dtype=x.dtype) - kernel_size // 2     # (k,)
    kernel = torch.exp(-0.5 * (offsets / sigma.to(x.dtype).view(B, 1)) ** 2)                  # (B, k)
    kernel = (kernel / kernel.sum(dim=1, keepdim=True)).repeat_interleave(C, dim=0)            # (B*C, k)
    # Treat every channel of every image as its own group, so each gets its own kernel.
    flat = x.reshape(1, B * C, H, W)
    half = kernel_size // 2
    flat = F.pad(flat, (half, half, half, half), mode="reflect")                               # as torchvision
    flat = F.conv2d(flat, kernel.view(B * C, 1, 1, kernel_size), groups=B * C)                # along rows
    flat = F.conv2d(flat, kernel.view(B * C, 1, kernel_size, 1), groups=B * C)                # along columns
    return flat.view(B, C, H, W)


def gaussian_blur(x: torch.Tensor, generator: torch.Generator, sigma: Range | None, *, p: float = 1.0,
                  kernel_size: int | None = None) -> torch.Tensor:
    """Gaussian blur with a standard deviation (pixels) drawn per image from `sigma` = (lo, hi), with probability p.

    SimCLR blurs with sigma in (0.1, 2.0) and p = 0.5 (on ImageNet and STL-10; it does not help on 32 px CIFAR).
    The default kernel covers +-3 sigma of the largest sigma; edges are reflected (as torchvision's
    gaussian_blur, which gives the same result for a fixed sigma). sigma=None switches it off.

    Args:
        x: float images (B, C, H, W) in [0, 1].
        generator: source of all randomness.
        sigma: (lo, hi) with 0 < lo <= hi, or None.
        p: probability per image.
        kernel_size: odd, at most 2 * min(H, W) - 1; default 2 * ceil(3 * hi) + 1, capped at that.
    Returns:
        (B, C, H, W) in [0, 1].
    Raises:
        TypeError / ValueError naming the argument.
    """
    _check_float_images("x", x)
    check_generator(generator)
    _check_probability("p", p)
    if sigma is None or p == 0:
        return x
    low, high = _check_range("sigma", sigma, positive=True)
    B, _, H, W = x.shape
    largest = 2 * min(H, W) - 1                                  # reflect padding needs padding < image size
    if kernel_size is None:
        kernel_size = min(2 * math.ceil(3 * high) + 1, largest)
    elif not (isinstance(kernel_size, int) and kernel_size % 2 == 1 and 1 <= kernel_size <= largest):
        raise ValueError(f"kernel_size must be an odd integer between 1 and {largest} for {H}x{W} images, "
                         f"got {kernel_size!r}")

    apply = _coin(generator, B, p, x.device)                                 # (B,)
    sigmas = _uniform(generator, B, low, high, x.device)                     # (B,)
    out = x.clone()
    if apply.any():                                                          # blur only the chosen images
        out[apply] = _blur(x[apply], sigmas[apply], kernel_size)
    return out


def gaussian_noise(x: torch.Tensor, generator: torch.Generator, std: float, *, p: float = 1.0) -> torch.Tensor:
    """Add Gaussian pixel noise of standard deviation `std` to each image with probability p, clamped to [0, 1].

    The noise is drawn on the generator's device and moved to x's (pass a generator on x's device to draw it
    there). std=0 switches it off.

    Args:
        x: float images (B, C, H, W) in [0, 1].
        generator: source of all randomness.
        std: noise standard deviation, >= 0, in units of the [0, 1] pixel range.
        p: probability per image.
    Returns:
        (B, C, H, W) in [0, 1].
    Raises:
        TypeError / ValueError naming the argument.
    """
    _check_float_images("x", x)
    check_generator(generator)
    _check_strength("std", std)
    _check_probability("p", p)
    if std == 0 or p == 0:
        return x
    apply = _coin(generator, x.shape[0], p, x.device).view(-1, 1, 1, 1)     # (B, 1, 1, 1)
    noise = torch.randn(x.shape, generator=generator, device=generator.device).to(x.device, x.dtype)
    return torch.where(apply, (x + std * noise).clamp_(0, 1), x)


def random_erasing(x: torch.Tensor, generator: torch.Generator, *, p: float = 1.0,
                   scale: Range = (0.02, 0.33), ratio: Range = (0.3, 3.3), value: float = 0.0) -> torch.Tensor:
    """Fill one random box per image with `value`, with probability p (Zhong et al., 2020, "Random Erasing").

    The box's area is a fraction of the image drawn from `scale`, its aspect ratio width/height from `ratio`
    (log-uniform), its position uniform inside the image; defaults as torchvision's RandomErasing. All boxes are
    made at once as masks from coordinate grids.

    Args:
        x: float images (B, C, H, W) in [0, 1].
        generator: source of all randomness.
        p: probability per image.
        scale: (lo, hi) area fractions, 0 < lo <= hi <= 1.
        ratio: (lo, hi) aspect ratios, 0 < lo <= hi.
        value: fill value in [0, 1].
    Returns:
        (B, C, H, W) in [0, 1].
    Raises:
        TypeError / ValueError naming the argument.
    """
    _check_float_images("x", x)
    check_generator(generator)
    _check_probability("p", p)
    scale = _check_range("scale", scale, high=1.0, positive=True)
    ratio = _check_range("ratio", ratio, positive=True)
    _check_probability("value", value)
    if p == 0:
        return x
    B, _, H, W = x.shape
    dev = x.device

    apply = _coin(generator, B, p, dev)                                      # (B,)
    box_h, box_w = _box_size(generator, B, scale, ratio, H, W, dev)          # (B,) fractions
    box_h = (box_h * H).round().clamp(1, H)                                  # (B,) pixels
    box_w = (box_w * W).round().clamp(1, W)
    top = (_uniform(generator, B, 0.0, 1.0, dev) * (H - box_h + 1)).floor()   # (B,) in [0, H - box_h]
    left = (_uniform(generator, B, 0.0, 1.0, dev) * (W - box_w + 1)).floor()
    rows = torch.arange(H, device=dev).view(1, H, 1)                         # (1, H, 1)
    cols = torch.arange(W, device=dev).view(1, 1, W)                         # (1, 1, W)
    top, left, box_h, box_w = (t.view(B, 1, 1) for t in (top, left, box_h, box_w))
    inside = ((rows >= top) & (rows < top + box_h)
              & (cols >= left) & (cols < left + box_w))                      # (B, H, W)
    erase = inside & apply.view(B, 1, 1)                                     # (B, H, W)
    return x.masked_fill(erase.unsqueeze(1), value)                          # same box on every channel


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
    erase_scale, erase_ratio, erase_value). See those functions for what each strength means.

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
        ranges = {"scale": _check_range("scale", self.scale, high=1.0, positive=True),
                  "ratio": _check_range("ratio", self.ratio, positive=True),
                  "blur_sigma": _check_range("blur_sigma", self.blur_sigma, positive=True),
                  "erase_scale": _check_range("erase_scale", self.erase_scale, high=1.0, positive=True),
                  "erase_ratio": _check_range("erase_ratio", self.erase_ratio, positive=True)}
        _angle_range("rotation", self.rotation, limit=360.0)
        _angle_range("shear", self.shear, limit=80.0)
        if not _is_number(self.rotation):
            ranges["rotation"] = tuple(map(float, self.rotation))
        if not _is_number(self.shear):
            ranges["shear"] = tuple(map(float, self.shear))
        for name, value in ranges.items():            # store pairs as tuples, so the object stays hashable
            object.__setattr__(self, name, value)
        for name in ("translate", "brightness", "contrast", "saturation", "noise"):
            _check_strength(name, getattr(self, name))
        _check_number("hue", self.hue)
        check_fraction("hue", self.hue, high=0.5)
        for name in ("flip", "jitter_p", "grayscale", "blur", "noise_p", "erase", "erase_value"):
            _check_probability(name, getattr(self, name))
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
        check_images("x", x)
        check_generator(generator)
        out = x.float() / 255                                                # (B, C, H, W) in [0, 1]
        out = random_resized_affine(out, generator, scale=self.scale, ratio=self.ratio, rotation=self.rotation,
                                    shear=self.shear, translate=self.translate, flip=self.flip,
                                    padding=self.padding)
        out = color_jitter(out, generator, brightness=self.brightness, contrast=self.contrast,
                           saturation=self.saturation, hue=self.hue, p=self.jitter_p)
        out = random_grayscale(out, generator, self.grayscale)
        out = gaussian_blur(out, generator, self.blur_sigma, p=self.blur)
        out = gaussian_noise(out, generator, self.noise, p=self.noise_p)
        out = random_erasing(out, generator, p=self.erase, scale=self.erase_scale, ratio=self.erase_ratio,
                             value=self.erase_value)
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
            return f"+-{value:g} deg" if _is_number(value) else f"{value[0]:g} to {value[1]:g} deg"

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
    if isinstance(augment, str):
        augment = preset(augment)
    elif not isinstance(augment, Augment):
        raise TypeError(f"augment must be an Augment or a preset name, got {type(augment).__name__}")
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
