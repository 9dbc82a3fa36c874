"""A transparent character-level tokenizer: every character one token, so nothing is hidden from a learner.

Subword tokenizers (BPE, WordPiece) compress text better; a character vocabulary needs no training beyond counting,
never meets an unknown word, and makes masked and next-token prediction easy to read ("predict the missing letter").
"""
from __future__ import annotations

from collections import Counter

import torch

from .._checks import check_count

SPECIALS = ("<pad>", "<unk>", "<mask>", "<bos>", "<eos>")     # ids 0..4, in this order


def _check_texts(name: str, texts) -> None:
    if isinstance(texts, str) or not all(isinstance(t, str) for t in texts):
        raise TypeError(f"{name} must be a list of strings (not one string), got {type(texts).__name__}")


class CharTokenizer:
    """Characters seen at least `min_count` times in `texts` (the most frequent first, ties by character), after the
    special tokens `SPECIALS`; any other character encodes as <unk>."""

    def __init__(self, texts, min_count: int = 1):
        _check_texts("texts", texts)
        check_count("min_count", min_count)
        counts = Counter(ch for text in texts for ch in text)
        kept = sorted((ch for ch, n in counts.items() if n >= min_count), key=lambda ch: (-counts[ch], ch))
        self.tokens = list(SPECIALS) + kept
        self.ids = {tok: i for i, tok in enumerate(self.tokens)}
        self.pad, self.unk, self.mask, self.bos, self.eos = range(len(SPECIALS))

    def __len__(self) -> int:
        return len(self.tokens)

    @property
    def special_ids(self) -> tuple[int, ...]:
        return tuple(range(len(SPECIALS)))

    def encode(self, text: str, *, bos: bool = False, eos: bool = False) -> list[int]:
        """Token ids of `text`, with <bos> / <eos> around it if asked."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a string, got {type(text).__name__}")
        ids = [self.ids.get(ch, self.unk) for ch in text]
        return [self.bos] * bos + ids + [self.eos] * eos

    def decode(self, ids) -> str:
        """The text of `ids` (a list or a 1-D tensor); <unk> shows as '?', the other special tokens are dropped."""
        ids = ids.tolist() if isinstance(ids, torch.Tensor) else list(ids)
        bad = [i for i in ids if not isinstance(i, int) or not 0 <= i < len(self)]
        if bad:
            raise ValueError(f"ids must be token ids in [0, {len(self) - 1}], got {bad[:3]}")
        return "".join("?" if i == self.unk else self.tokens[i] for i in ids if i == self.unk or i >= len(SPECIALS))

    def windows(self, texts, length: int, stride: int | None = None) -> torch.Tensor:
        """(N, length) int64: the texts encoded and joined (each ending in <eos>) and cut into windows of `length`
        tokens every `stride` (default `length`: no overlap); the tail shorter than a window is dropped."""
        _check_texts("texts", texts)
        check_count("length", length, minimum=2)
        stride = length if stride is None else stride
        check_count("stride", stride)
        stream = torch.tensor([i for text in texts for i in self.encode(text, eos=True)], dtype=torch.int64)
        if len(stream) < length:
            raise ValueError(f"texts hold {len(stream)} tokens, fewer than one window of length={length}")
        return stream.unfold(0, length, stride).contiguous()                   # (N, length)

    def pad_batch(self, texts, length: int) -> torch.Tensor:
        """(N, length) int64: each text as <bos> + its characters, cut or padded with <pad> to `length`."""
        _check_texts("texts", texts)
        check_count("length", length)
        rows = [self.encode(text, bos=True)[:length] for text in texts]
        return torch.tensor([row + [self.pad] * (length - len(row)) for row in rows], dtype=torch.int64)

    def chunks(self, texts, length: int, count: int) -> torch.Tensor:
        """(N, count, length) int64: the first `count` x `length` characters of each text, cut into `count` pieces of
        `length` tokens; a short text's last piece is padded with <pad> and the pieces after it are all <pad>."""
        _check_texts("texts", texts)
        check_count("length", length)
        check_count("count", count)
        size = length * count
        rows = [self.encode(text)[:size] for text in texts]
        flat = torch.tensor([row + [self.pad] * (size - len(row)) for row in rows], dtype=torch.int64)
        return flat.reshape(len(texts), count, length)
