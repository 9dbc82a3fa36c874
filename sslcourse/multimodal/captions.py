"""Captions written from the known factors of the course's images: the text half of image–text pairs.

Real image–text data (CLIP's 400 million web pairs) comes with captions people wrote; here the images were generated,
so a caption can say exactly what is in the picture, and a test can check what the model understood.

- `ShapeCaptions`: "a large red triangle on a striped background" for a `data.make_shapes` image, each attribute left
  out at random (web captions rarely say everything), so "a triangle" and "a red shape" are captions too;
- `PairCaptions`: "3 left of 7" or, meaning the same, "7 right of 3", for two digits side by side (`tile_pairs`):
  only a text encoder that reads word order can tell it from "7 left of 3".

Every image carries an integer `code` that names its factors; `sample(codes, generator)` writes one caption per code,
`encode(texts)` turns any text over the vocabulary into token ids (0 = padding).
"""
from __future__ import annotations

import torch

from .._checks import check_generator, check_probability, check_tensor
from ..data.shapes import BACKGROUNDS, PALETTE, SHAPES

COLOURS = ("red", "green", "yellow", "blue", "orange", "purple", "cyan", "magenta")   # the names of data.PALETTE
SIZES = ("small", "large")
TEXTURES = ("plain", "shaded", "striped", "noisy")     # the words for data.BACKGROUNDS
DIGITS = tuple("0123456789")
PAD = "<pad>"
assert len(COLOURS) == len(PALETTE) and len(TEXTURES) == len(BACKGROUNDS)


class Captions:
    """A vocabulary, `encode(texts)` and `check_codes`; subclasses write captions in `sample`."""

    words: tuple[str, ...] = ()
    n_codes = 1
    max_len = 1

    def __init__(self):
        self.vocab = (PAD,) + self.words
        self.index = {w: i for i, w in enumerate(self.vocab)}

    def encode(self, texts) -> torch.Tensor:
        """(N, max_len) int64 token ids of `texts` (a list of strings over the vocabulary), right-padded with 0."""
        if isinstance(texts, str) or not all(isinstance(t, str) for t in texts) or not len(texts):
            raise TypeError("texts must be a non-empty list of strings")
        ids = torch.zeros(len(texts), self.max_len, dtype=torch.int64)
        for row, text in enumerate(texts):
            words = text.split()
            unknown = [w for w in words if w not in self.index]
            if unknown or not words or len(words) > self.max_len:
                raise ValueError(f"texts[{row}] = {text!r}: captions are 1 to {self.max_len} words from the "
                                 f"vocabulary {' '.join(self.words)}" + (f"; unknown {unknown}" if unknown else ""))
            ids[row, :len(words)] = torch.tensor([self.index[w] for w in words])
        return ids

    def check_codes(self, name: str, codes: torch.Tensor) -> None:
        """ValueError/TypeError naming `name` unless `codes` are (N,) int64 in [0, n_codes)."""
        check_tensor(name, codes, ndim=1, dtype=torch.int64)
        if int(codes.min()) < 0 or int(codes.max()) >= self.n_codes:
            raise ValueError(f"{name} must be caption codes in [0, {self.n_codes - 1}] ({type(self).__name__})")

    def sample(self, codes: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        """(N, max_len) token ids: one randomly phrased caption per code."""
        self.check_codes("codes", codes)
        if generator is not None:
            check_generator(generator)
        draws = torch.rand(len(codes), 4, generator=generator)          # (N, 4) uniform numbers per caption
        return self.encode([self._write(int(c), d.tolist()) for c, d in zip(codes, draws)])

    def write(self, code: int, draws) -> str:
        """The caption of `code` phrased by `draws`, four numbers in [0, 1) (which words to leave out, which order)."""
        draws = list(draws)
        if len(draws) != 4 or not all(isinstance(d, (int, float)) and 0 <= d <= 1 for d in draws):
            raise ValueError(f"draws must be four numbers in [0, 1], got {draws!r}")
        self.check_codes("code", torch.tensor([code]) if isinstance(code, int) else code)
        return self._write(int(code), draws)

    def _write(self, code: int, draws: list[float]) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def config(self) -> dict:
        return {"captions": type(self).__name__, **getattr(self, "hparams", {})}


class ShapeCaptions(Captions):
    """Captions of shapes images: code = ((shape * 8 + colour) * 2 + size) * 4 + background (see `codes`).

    Each of the four attributes is left out with probability `drop` (the shape's name becomes "shape").
    """
    words = ("a", "on", "background", "shape") + SIZES + COLOURS + SHAPES + TEXTURES
    n_codes = len(SHAPES) * len(COLOURS) * len(SIZES) * len(TEXTURES)
    max_len = 8

    def __init__(self, drop: float = 0.3):
        super().__init__()
        check_probability("drop", drop)
        self.drop = drop
        self.hparams = {"drop": drop}

    @staticmethod
    def codes(factors: dict, large: float = 0.55) -> torch.Tensor:
        """(N,) codes from `make_shapes(..., return_factors=True)`'s factors; "large" = a radius above `large`."""
        size = (factors["size"] > large).long()
        return ((factors["shape"] * len(COLOURS) + factors["color_index"]) * 2 + size) * 4 + factors["background"]

    @staticmethod
    def pair_mask(factors: dict, pairs) -> torch.Tensor:
        """(N,) True for the images whose (shape, colour index) is one of `pairs` (e.g. the held-out combinations)."""
        pairs = [tuple(p) for p in pairs]
        if not pairs or any(len(p) != 2 for p in pairs):
            raise ValueError(f"pairs must be a non-empty list of (shape, colour) index pairs, got {pairs!r}")
        found = torch.zeros(len(factors["shape"]), dtype=torch.bool)
        for shape, colour in pairs:
            found |= (factors["shape"] == shape) & (factors["color_index"] == colour)
        return found

    @staticmethod
    def factors(code: int) -> tuple[int, int, int, int]:
        """(shape, colour, size, background) indices of a code."""
        rest, background = divmod(code, 4)
        rest, size = divmod(rest, 2)
        shape, colour = divmod(rest, len(COLOURS))
        return shape, colour, size, background

    def _write(self, code: int, draws: list[float]) -> str:
        shape, colour, size, background = self.factors(code)
        keep = [d >= self.drop for d in draws]
        words = ["a", SIZES[size] if keep[0] else "", COLOURS[colour] if keep[1] else "",
                 SHAPES[shape] if keep[2] else "shape"]
        if keep[3]:
            words += ["on", "a", TEXTURES[background], "background"]
        return " ".join(w for w in words if w)

    def full(self, code: int) -> str:
        """The caption that names every attribute."""
        return self._write(code, [1.0] * 4)


class PairCaptions(Captions):
    """Captions of two digits side by side: code = left * 10 + right; "l left of r" or "r right of l", equally often."""
    words = DIGITS + ("left", "right", "of")
    n_codes = 100
    max_len = 4

    def _write(self, code: int, draws: list[float]) -> str:
        left, right = divmod(code, 10)
        return f"{left} left of {right}" if draws[0] < 0.5 else f"{right} right of {left}"

    def full(self, code: int) -> str:
        return self._write(code, [0.0] * 4)
