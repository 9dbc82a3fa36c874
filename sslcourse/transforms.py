"""The batched augmentation components, each with an independent random draw per image.

`sslcourse.augment` chains them into `Augment`, the presets and `views`; use these directly to build your own.

Contrastive methods such as SimCLR (Chen et al., 2020, "A Simple Framework for Contrastive Learning of Visual
Representations") make two random *views* of every image and train the network to tell which views come from
the same image. So every image in a batch needs its own crop, rotation, colour change, ...: torchvision's
batched v2 transforms draw one set of parameters per call, which would give the whole batch the same crop.
Every function here draws one set of parameters *per image* (vectorised, no Python loop over images) from a
`torch.Generator` that you pass in, so a seeded run reproduces exactly.

Conventions:
- The components work on float images (B, C, H, W) in [0, 1] and return a tensor of the same shape; they never
  modify their input (a component that is switched off returns `x` itself). Each public component checks its
  arguments, then calls its unchecked core (`_affine`, `_color_jitter`, ...), which `Augment` calls directly
  because it checked its strengths once, when it was made.
- Random parameters are drawn on the generator's device (normally the CPU) and then moved to `x.device`, so the
  same code runs on a GPU and a seeded CPU generator gives the same augmentations there.
- A strength of 0 (or None) or a probability of 0 switches a component off.
- Angles are in degrees. A positive rotation turns the picture counter-clockwise as displayed, the convention
  of torchvision's `rotate` and of `torch.rot90(x, 1, dims=(-2, -1))`.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from ._checks import (angle_range, check_float_images, check_fraction, check_generator, check_number,
                      check_probability, check_range, check_strength, is_number)

__all__ = ["LUMA", "PADDINGS", "color_jitter", "gaussian_blur", "gaussian_noise", "random_erasing",
           "random_grayscale", "random_resized_affine", "to_grey"]

Range = tuple[float, float]
PADDINGS = ("zeros", "border", "reflection")


# ---------------------------------------------------------------------------------------------------------
# Argument checks (messages name the argument)
# ---------------------------------------------------------------------------------------------------------

def _check_batch(x, generator) -> None:
    """What every component takes: float images x (B, C, H, W), all finite, and a torch.Generator."""
    check_float_images("x", x)
    check_generator(generator)


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
    _check_batch(x, generator)
    scale = check_range("scale", scale, high=1.0, positive=True)
    ratio = check_range("ratio", ratio, positive=True)
    rotation = angle_range("rotation", rotation, limit=360.0)
    shear = angle_range("shear", shear, limit=80.0)
    check_strength("translate", translate)
    check_probability("flip", flip)
    if padding not in PADDINGS:
        raise ValueError(f"padding must be one of {PADDINGS}, got {padding!r}")
    return _affine(x, generator, scale, ratio, rotation, shear, translate, flip, padding)


def _affine(x: torch.Tensor, generator: torch.Generator, scale: Range, ratio: Range, rotation: Range,
            shear: Range, translate: float, flip: float, padding: str) -> torch.Tensor:
    """`random_resized_affine` on checked arguments (angles as (lo, hi) ranges in degrees)."""
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

LUMA = (0.299, 0.587, 0.114)  # ITU-R 601 weights, as torchvision's rgb_to_grayscale
# RGB -> YIQ: Y is brightness, (I, Q) is the colour plane; turning (I, Q) changes the hue.
_YIQ = torch.tensor([[0.299, 0.587, 0.114],
                     [0.596, -0.274, -0.322],
                     [0.211, -0.523, 0.312]])                                # (3, 3)
_YIQ_INVERSE = torch.linalg.inv(_YIQ)                                        # (3, 3)


def to_grey(x: torch.Tensor) -> torch.Tensor:
    """Float images (B, C, H, W) in [0, 1] -> (B, 1, H, W) brightness: luma for RGB, the channel mean otherwise."""
    check_float_images("x", x)
    return _to_grey(x)


def _to_grey(x: torch.Tensor) -> torch.Tensor:
    if x.shape[1] == 3:
        weights = torch.tensor(LUMA, device=x.device, dtype=x.dtype).view(1, 3, 1, 1)
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
    _check_batch(x, generator)
    for name, value in [("brightness", brightness), ("contrast", contrast), ("saturation", saturation)]:
        check_strength(name, value)
    check_number("hue", hue)
    check_fraction("hue", hue, high=0.5)
    check_probability("p", p)
    return _color_jitter(x, generator, brightness, contrast, saturation, hue, p)


def _color_jitter(x: torch.Tensor, generator: torch.Generator, brightness: float, contrast: float,
                  saturation: float, hue: float, p: float) -> torch.Tensor:
    """`color_jitter` on checked arguments."""
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
        mean = _to_grey(out).mean(dim=(1, 2, 3), keepdim=True)                  # (B, 1, 1, 1)
        out = _blend(out, mean, _factor(generator, B, contrast, dev))
    if rgb and saturation:
        out = _blend(out, _to_grey(out), _factor(generator, B, saturation, dev))
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
    _check_batch(x, generator)
    check_probability("p", p)
    return _random_grayscale(x, generator, p)


def _random_grayscale(x: torch.Tensor, generator: torch.Generator, p: float) -> torch.Tensor:
    """`random_grayscale` on checked arguments."""
    if p == 0 or x.shape[1] != 3:
        return x
    apply = _coin(generator, x.shape[0], p, x.device).view(-1, 1, 1, 1)     # (B, 1, 1, 1)
    return torch.where(apply, _to_grey(x).expand_as(x), x)


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
    _check_batch(x, generator)
    check_probability("p", p)
    if sigma is None or p == 0:
        return x
    sigma = check_range("sigma", sigma, positive=True)
    H, W = x.shape[-2:]
    largest = 2 * min(H, W) - 1                                  # reflect padding needs padding < image size
    odd = is_number(kernel_size) and isinstance(kernel_size, int) and kernel_size % 2 == 1   # True is no size
    if kernel_size is not None and not (odd and 1 <= kernel_size <= largest):
        raise ValueError(f"kernel_size must be an odd integer between 1 and {largest} for {H}x{W} images, "
                         f"got {kernel_size!r}")
    return _gaussian_blur(x, generator, sigma, p, kernel_size)


def _gaussian_blur(x: torch.Tensor, generator: torch.Generator, sigma: Range, p: float,
                   kernel_size: int | None = None) -> torch.Tensor:
    """`gaussian_blur` on checked arguments."""
    if p == 0:
        return x
    low, high = sigma
    B, _, H, W = x.shape
    if kernel_size is None:                                      # +-3 sigma, within what reflection allows
        kernel_size = min(2 * math.ceil(3 * high) + 1, 2 * min(H, W) - 1)
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
    _check_batch(x, generator)
    check_strength("std", std)
    check_probability("p", p)
    return _gaussian_noise(x, generator, std, p)


def _gaussian_noise(x: torch.Tensor, generator: torch.Generator, std: float, p: float) -> torch.Tensor:
    """`gaussian_noise` on checked arguments."""
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
    _check_batch(x, generator)
    check_probability("p", p)
    scale = check_range("scale", scale, high=1.0, positive=True)
    ratio = check_range("ratio", ratio, positive=True)
    check_probability("value", value)
    return _random_erasing(x, generator, p, scale, ratio, value)


def _random_erasing(x: torch.Tensor, generator: torch.Generator, p: float, scale: Range, ratio: Range,
                    value: float) -> torch.Tensor:
    """`random_erasing` on checked arguments."""
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
