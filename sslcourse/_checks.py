"""Argument checks shared by the public functions: every message names the argument."""
from __future__ import annotations

import math

import torch

INT64_MAX = 2**63 - 1


def check_tensor(name: str, x, *, ndim: int | None = None, dtype: torch.dtype | None = None,
                 floating: bool = False, finite: bool = False, nonempty: bool = True) -> None:
    """Raise TypeError/ValueError naming `name` unless `x` is a tensor of the stated kind."""
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(x).__name__}")
    if ndim is not None and x.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions, got shape {tuple(x.shape)}")
    if dtype is not None and x.dtype != dtype:
        raise TypeError(f"{name} must have dtype {dtype}, got {x.dtype}")
    if floating and not x.is_floating_point():
        raise TypeError(f"{name} must be a floating-point tensor, got {x.dtype}")
    if nonempty and x.numel() == 0:
        raise ValueError(f"{name} is empty (shape {tuple(x.shape)})")
    if finite and x.is_floating_point() and not torch.isfinite(x).all():
        raise ValueError(f"{name} contains NaN or infinite values")


def check_images(name: str, x) -> None:
    """uint8 images of shape (N, C, H, W)."""
    check_tensor(name, x, ndim=4, dtype=torch.uint8)


def check_float_images(name: str, x) -> None:
    """Float images (B, C, H, W) with every value in [0, 1]: NaN, inf and the forgotten `/ 255` are refused.

    One pass (aminmax) over the batch; values may overshoot [0, 1] by 1e-3 (rounding in resampling).
    """
    check_tensor(name, x, ndim=4, floating=True)
    low, high = (float(v) for v in torch.aminmax(x.detach().float()))
    if not (low >= -1e-3 and high <= 1 + 1e-3):     # NaN fails both comparisons
        hint = "; uint8 images need x.float() / 255" if high > 1 + 1e-3 and high <= 255 else ""
        raise ValueError(f"{name} must hold values in [0, 1], found min {low:.4g} and max {high:.4g}{hint}")


def check_same_shape(name_a: str, a: torch.Tensor, name_b: str, b: torch.Tensor) -> None:
    if a.shape != b.shape:
        raise ValueError(f"{name_a} and {name_b} must have the same shape, got "
                         f"{tuple(a.shape)} and {tuple(b.shape)}")


def check_positive(name: str, value, *, allow_zero: bool = False) -> None:
    """`value` must be a finite number > 0 (>= 0 with `allow_zero`): inf and NaN are refused."""
    number = is_number(value) and math.isfinite(value)
    if not number or not (value >= 0 if allow_zero else value > 0):
        need = "non-negative" if allow_zero else "positive"
        raise ValueError(f"{name} must be a finite {need} number, got {value!r}")


def check_fraction(name: str, value, *, low: float = 0.0, high: float = 1.0,
                   closed: bool = True) -> None:
    """`value` must lie in [low, high] (closed) or (low, high) (open)."""
    number = is_number(value) and math.isfinite(value)
    if not number or not ((low <= value <= high) if closed else (low < value < high)):
        span = f"[{low}, {high}]" if closed else f"({low}, {high})"
        raise ValueError(f"{name} must lie in {span}, got {value!r}")


def check_count(name: str, value, *, minimum: int = 1, maximum: int | None = None) -> None:
    """Raise TypeError/ValueError naming `name` unless `value` is an int in [minimum, maximum]."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    maximum = INT64_MAX if maximum is None else maximum   # what a torch integer can hold
    if value < minimum or value > maximum:
        unbounded = maximum == INT64_MAX and value >= minimum   # too large for any torch integer
        span = (f"at least {minimum}" if maximum == INT64_MAX and not unbounded
                else f"an integer in [{minimum}, {'2**63 - 1' if unbounded else maximum}]")
        raise ValueError(f"{name} must be {span}, got {value}")


SEED_MAX = INT64_MAX   # torch.manual_seed and torch.Generator take a 64-bit seed


def check_seed(name: str, value, maximum: int = SEED_MAX) -> None:
    """A seed: an int in [0, 2**63 - 1] (or [0, maximum] for a function that derives larger seeds from it)."""
    check_count(name, value, minimum=0, maximum=maximum)


def check_counts(**values) -> None:
    """check_count(name, value) for each keyword: sizes of layers, queues, ... (integers >= 1)."""
    for name, value in values.items():
        check_count(name, value)


def check_flag(name: str, value) -> None:
    """TypeError naming `name` unless `value` is True or False (a string such as "no" is not a flag)."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")


def check_generator(generator) -> None:
    """TypeError naming `generator` unless it is a torch.Generator."""
    if not isinstance(generator, torch.Generator):
        raise TypeError("generator must be a torch.Generator, e.g. torch.Generator().manual_seed(0); "
                        f"got {type(generator).__name__}")


def is_number(value) -> bool:
    """An int or a float, but not a bool (True is an int in Python, never a strength)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_number(name: str, value) -> None:
    """TypeError naming `name` unless `value` is a number (see `is_number`)."""
    if not is_number(value):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")


def check_probability(name: str, p) -> None:
    """`p` must be a number in [0, 1]."""
    check_number(name, p)
    check_fraction(name, p)


def check_strength(name: str, value) -> None:
    """An augmentation strength: a number >= 0 (0 switches the component off)."""
    check_number(name, value)
    check_positive(name, value, allow_zero=True)


def check_range(name: str, value, *, low: float = 0.0, high: float = math.inf,
                 positive: bool = False) -> tuple[float, float]:
    """`value` must be a pair (lo, hi) with low <= lo <= hi <= high (low < lo if `positive`)."""
    if not (isinstance(value, (tuple, list)) and len(value) == 2 and all(is_number(v) for v in value)):
        raise TypeError(f"{name} must be a pair of numbers (lo, hi), got {value!r}")
    lo, hi = value
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError(f"{name} must be a pair of finite numbers, got {value!r}")
    if not ((low < lo if positive else low <= lo) and lo <= hi <= high):
        first = "<" if positive else "<="
        raise ValueError(f"{name} must be a pair (lo, hi) with {low} {first} lo <= hi <= {high}, got {value!r}")
    return float(lo), float(hi)


def angle_range(name: str, value, limit: float) -> tuple[float, float]:
    """A number d means 'uniform in (-d, d)'; a pair (lo, hi) is used as given. Degrees, |angle| <= limit."""
    if is_number(value):
        check_strength(name, value)
        value = (-value, value)
    return check_range(name, value, low=-limit, high=limit)
