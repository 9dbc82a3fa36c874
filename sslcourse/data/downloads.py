"""The classic benchmarks that torchvision downloads: MNIST, Fashion-MNIST, CIFAR-10, STL-10.

Files live in torchvision's own on-disk layout under `data_dir() / name`, so files fetched by torchvision
anywhere else can simply be copied there. Reading is done here, in a few lines per format, rather than by
torchvision's dataset classes: those re-check every file's md5 on each load and hand back PIL images one by
one, while the course wants whole uint8 tensors. torchvision is used for what it is good at: downloading.
"""
from __future__ import annotations

import pickle
import shutil
import socket
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import torch
import torchvision.datasets
from torchvision.datasets.mnist import read_image_file, read_label_file

from .._paths import user_cache

Pair = tuple[torch.Tensor, torch.Tensor]  # (images (N, C, H, W) uint8, labels (N,) int64)

_MNIST_FILES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte")
_CIFAR_FILES = tuple(f"data_batch_{i}" for i in range(1, 6)) + ("test_batch", "batches.meta")
_STL_FILES = ("train_X.bin", "train_y.bin", "test_X.bin", "test_y.bin", "class_names.txt")
# name -> (torchvision class, its folder under data_dir()/name, files read from it, what to use offline)
_SOURCES = {
    "mnist": ("MNIST", "MNIST/raw", _MNIST_FILES, "load('mnist5k')"),
    "fashion_mnist": ("FashionMNIST", "FashionMNIST/raw", _MNIST_FILES, "load('mnist5k')"),
    "cifar10": ("CIFAR10", "cifar-10-batches-py", _CIFAR_FILES, "load('shapes') or load('photos')"),
    "stl10": ("STL10", "stl10_binary", _STL_FILES, "load('photos') or load('shapes')"),
}
DOWNLOADABLE = tuple(_SOURCES)
TIMEOUT_SECONDS = 30.0   # a download whose server sends nothing for this long fails (instead of hanging)


def data_dir() -> Path:
    """Folder that holds downloaded datasets: $SSLCOURSE_DATA if set, else the user cache + sslcourse/data.

    The user cache is $XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS and %LOCALAPPDATA% on
    Windows. The folder is not created here; a download creates it.
    """
    return user_cache("data", env="SSLCOURSE_DATA")


# ---- readers, one per on-disk format

def _read_mnist(folder: Path, classes: tuple[str, ...]) -> tuple[Pair, Pair, tuple[str, ...]]:
    # idx files: a big-endian header (magic number, sizes) followed by raw uint8 pixels or labels
    def read(path: Path, reader) -> torch.Tensor:
        with _reading(path):
            return reader(str(path))

    def pair(prefix: str) -> Pair:
        images = read(folder / f"{prefix}-images-idx3-ubyte", read_image_file).unsqueeze(1)  # (N, 1, 28, 28)
        labels = read(folder / f"{prefix}-labels-idx1-ubyte", read_label_file)  # (N,) int64
        if len(images) != len(labels):
            raise RuntimeError(f"{folder} holds {len(images)} {prefix} images but {len(labels)} labels: a file "
                               "is truncated; delete the folder and load again")
        return images, labels
    return pair("train"), pair("t10k"), classes


def _read_cifar10(folder: Path) -> tuple[Pair, Pair, tuple[str, ...]]:
    # Python pickles: {"data": (N, 3072) uint8, rows are R then G then B planes of 32x32, "labels": [N ints]}
    def pair(files: list[str]) -> Pair:
        batches = [_unpickle(folder / name, "data", "labels") for name in files]
        images = np.concatenate([b["data"] for b in batches]).reshape(-1, 3, 32, 32)  # (N, 3, 32, 32)
        labels = np.concatenate([b["labels"] for b in batches]).astype(np.int64)
        return torch.from_numpy(images), torch.from_numpy(labels)
    classes = tuple(_unpickle(folder / "batches.meta", "label_names")["label_names"])
    return pair([f"data_batch_{i}" for i in range(1, 6)]), pair(["test_batch"]), classes


def _unpickle(path: Path, *keys: str) -> dict:
    """The dict pickled in `path`, which must hold `keys`."""
    with _reading(path), open(path, "rb") as f:
        batch = pickle.load(f, encoding="latin1")  # the files were written by Python 2
        if not isinstance(batch, dict) or not set(keys) <= set(batch):
            raise KeyError(f"expected a dict with keys {keys}")
        return batch


def _read_stl10(folder: Path) -> tuple[Pair, Pair, tuple[str, ...]]:
    # Raw uint8: each 96x96 image is stored channel by channel, each channel column by column (Fortran order);
    # labels are one byte each, 1..10.
    def pair(split: str) -> Pair:
        with _reading(folder / f"{split}_X.bin"):
            pixels = np.fromfile(folder / f"{split}_X.bin", dtype=np.uint8).reshape(-1, 3, 96, 96)
        images = torch.from_numpy(pixels).transpose(2, 3).contiguous()  # (N, 3, 96, 96), rows first
        labels = torch.from_numpy(np.fromfile(folder / f"{split}_y.bin", dtype=np.uint8)).long() - 1
        return images, labels
    classes = tuple(line for line in (folder / "class_names.txt").read_text().splitlines() if line)
    return pair("train"), pair("test"), classes


# ---- download, then read

def _download(name: str, root: Path) -> None:
    """Let torchvision fetch `name` into `root`; a server that stops answering for TIMEOUT_SECONDS ends it (the
    socket default timeout, which torchvision's urllib requests use). A failed attempt removes what it wrote."""
    dataset = getattr(torchvision.datasets, _SOURCES[name][0])
    before = _existing(root)
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(TIMEOUT_SECONDS)
    try:
        if name == "stl10":
            dataset(str(root), split="train", download=True)  # one archive holds every split
        else:
            dataset(str(root), train=True, download=True)
            dataset(str(root), train=False, download=True)
    except BaseException:   # Ctrl-C included: no empty folders or partial archives are left behind
        _remove_new(root, before)
        raise
    finally:
        socket.setdefaulttimeout(previous)


def _existing(root: Path) -> set[Path]:
    """Every path at and above `root`'s files that exists now."""
    paths = {p for p in [root, *root.parents] if p.exists()}
    return paths | (set(root.rglob("*")) if root.exists() else set())


def _remove_new(root: Path, before: set[Path]) -> None:
    """Delete what appeared under `root` (and the empty folders above it) since `before` was taken."""
    new = [p for p in (root.rglob("*") if root.exists() else []) if p not in before]
    for path in sorted(new, key=lambda p: len(p.parts), reverse=True):   # files and subfolders first
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    for folder in [root, *root.parents]:
        if folder in before or not folder.exists() or any(folder.iterdir()):
            break
        folder.rmdir()


@contextmanager
def _reading(path: Path):
    """Turn any failure to parse `path` into one RuntimeError that names the file and says what to do."""
    try:
        yield
    except Exception as error:
        raise RuntimeError(f"{path} is damaged or truncated ({type(error).__name__}: "
                           f"{(str(error).splitlines() or [''])[0][:200]}); delete it and load again to download "
                           "it afresh, or copy a good copy there") from error


def load_torchvision(name: str, download: bool = True) -> tuple[Pair, Pair, tuple[str, ...]]:
    """Train and test sets of a torchvision benchmark ("mnist", "fashion_mnist", "cifar10", "stl10").

    Returns ((train images (N, C, H, W) uint8, labels (N,) int64), (test ...), class names). Files already
    under `data_dir() / name` are read without touching the network; otherwise, with `download=True`,
    torchvision fetches them (MNIST 12 MB, CIFAR-10 170 MB, STL-10 2.6 GB). Offline, or with
    `download=False`, raises RuntimeError saying where it looked and which bundled dataset to use instead.
    """
    if name not in _SOURCES:
        raise ValueError(f"name must be one of {DOWNLOADABLE}, got {name!r}")
    if not isinstance(download, bool):
        raise TypeError(f"download must be True or False, got {download!r}")
    _, subfolder, files, alternative = _SOURCES[name]
    root = data_dir() / name
    folder = root / subfolder
    if not all((folder / f).is_file() for f in files):
        if not download:
            raise RuntimeError(f"{name!r} is not in {folder} and download=False. Use {alternative} instead "
                               f"(it ships with the install), or load({name!r}, download=True) when online.")
        try:
            _download(name, root)
        except Exception as error:  # offline, proxy, disk full, server down: all end the same way for a learner
            reason = (str(error).strip().splitlines() or [type(error).__name__])[-1]  # the most specific line
            raise RuntimeError(f"Could not download {name!r} ({reason}); looked for its files in {folder}. "
                               f"Use {alternative} instead (it ships with the install), or copy torchvision's "
                               f"{name} files into that folder.") from error
    if name in ("mnist", "fashion_mnist"):
        names = torchvision.datasets.FashionMNIST.classes if name == "fashion_mnist" else range(10)
        return _read_mnist(folder, tuple(str(c) for c in names))
    return _read_cifar10(folder) if name == "cifar10" else _read_stl10(folder)
