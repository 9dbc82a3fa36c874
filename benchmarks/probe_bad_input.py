"""Probe the public API with bad input, as a hostile-but-fair user would, and classify what each call does.

    OMP_NUM_THREADS=1 python benchmarks/probe_bad_input.py [--json PATH] [--only MODULE] [--timeout S]

Each case calls one public function or class with one bad argument (a wrong type, dtype, shape, a NaN, an
infinity, zero, a huge number, a bool where a number is expected, a string where a bool is expected, a broken
file, a download server that never answers, ...) and is classified:

    clear      raises, and the message names the expected argument (or file, or dataset) as a word;
    confusing  raises, but the message does not name it (a raw conv shape error, ZeroDivisionError, ...);
    silent     returns normally although the input is bad;
    hang       does not finish within the per-case timeout (SIGALRM, default 10 s).

Result-checking cases (the run cache, checkpoints, folders left by a failed download) return True when the
behaviour is right (counted as clear) and False when the call silently did the wrong thing (silent); if they
raise, they are classified by the message like the others.

Prints a table of counts per module, then one line per case that is not clear. Always exits 0: it is a
measurement, not a test; `run(cases)` returns the results for a test to assert on (tests/test_probe.py asserts
that every case is clear). Inputs are tiny (8 images of 1x28x28 or 3x32x32), so the whole probe takes about 5 s
on one thread. Every case gets fresh temporary folders for $SSLCOURSE_CACHE and $SSLCOURSE_DATA, so nothing
outside /tmp is touched and no network is used.

Measured on the 602 cases (clear / confusing / silent / hang): 391 / 137 / 72 / 2 at fe9d591, before issue 8;
602 / 0 / 0 / 0 after it.
"""
from __future__ import annotations

import argparse
import contextlib
import copy
import io
import json
import os
import pickle
import re
import signal
import socket
import struct
import sys
import tempfile
import threading
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np
import torch
from torch import nn

torch.set_num_threads(1)

import sslcourse
from sslcourse import (
    _checks,
    augment,
    checkpoint,
    cli,
    data,
    diagnostics,
    evaluate,
    losses,
    methods,
    models,
    pretext,
    runcache,
    train,
    transforms,
    zoo,
)

CATEGORIES = ("clear", "confusing", "silent", "hang")
NAN, INF = float("nan"), float("inf")


# ---------------------------------------------------------------------------------------------------------
# Cases, results, classification
# ---------------------------------------------------------------------------------------------------------

@dataclass
class Case:
    """One call with bad input. `expected` is the word (or words) a clear error message must contain.

    `check=True`: `fn` returns True when the behaviour is right, False when it silently did the wrong thing.
    """
    module: str
    label: str
    expected: str | tuple[str, ...]
    fn: Callable[[], object]
    check: bool = False
    timeout: float | None = None


@dataclass
class Result:
    module: str
    label: str
    category: str
    error: str
    seconds: float


class CaseTimeout(BaseException):
    """Raised by SIGALRM; a BaseException, so that no `except Exception` in the package can swallow it."""


class CliError(Exception):
    """The command line returned a non-zero exit status; the message is its error line."""


def names_any(message: str, expected) -> bool:
    """Does `message` contain one of the expected names as a whole word (not inside another identifier)?"""
    names = (expected,) if isinstance(expected, str) else expected
    return any(re.search(rf"(?<![A-Za-z0-9_]){re.escape(n)}(?![A-Za-z0-9_])", message) for n in names)


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return f"{type(error).__name__}: {text.splitlines()[0] if text else repr(error)}"


def _alarm(signum, frame):
    raise CaseTimeout()


def run_case(case: Case, timeout: float) -> Result:
    """Call case.fn under a timer, with stdout/stderr captured, and classify what happened."""
    start = time.perf_counter()
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, case.timeout or timeout)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), \
                fresh_env("SSLCOURSE_CACHE"), fresh_env("SSLCOURSE_DATA"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = case.fn()
        signal.setitimer(signal.ITIMER_REAL, 0)
        if case.check:
            category, error = ("clear", "behaves right") if value else ("silent", "wrong result, no error")
        else:
            category, error = "silent", f"returned {short_repr(value)}"
    except CaseTimeout:
        category, error = "hang", f"no answer within {case.timeout or timeout:g} s"
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # noqa: BLE001 - every failure of the call is what we measure
        signal.setitimer(signal.ITIMER_REAL, 0)
        category = "clear" if names_any(str(e), case.expected) else "confusing"
        error = first_line(e)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        close_figures()
    return Result(case.module, case.label, category, error, round(time.perf_counter() - start, 3))


def short_repr(value) -> str:
    if isinstance(value, torch.Tensor):
        return f"tensor{tuple(value.shape)} {value.dtype}"
    text = repr(value).replace("\n", " ")
    return text if len(text) < 60 else text[:57] + "..."


def close_figures() -> None:
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


# ---------------------------------------------------------------------------------------------------------
# Tiny inputs, temporary folders
# ---------------------------------------------------------------------------------------------------------

def seeded(seed: int = 0) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def grey(n: int = 8, size: int = 28) -> torch.Tensor:
    """(n, 1, size, size) uint8 random images."""
    return torch.randint(0, 256, (n, 1, size, size), dtype=torch.uint8, generator=seeded(0))


def colour(n: int = 8, size: int = 32) -> torch.Tensor:
    """(n, 3, size, size) uint8 random images."""
    return torch.randint(0, 256, (n, 3, size, size), dtype=torch.uint8, generator=seeded(1))


def unit(x: torch.Tensor) -> torch.Tensor:
    return x.float() / 255


def targets(n: int = 8, k: int = 2) -> torch.Tensor:
    return torch.arange(n) % k


def emb(b: int = 8, d: int = 16) -> torch.Tensor:
    return torch.randn(b, d, generator=seeded(2))


def with_nan(x: torch.Tensor) -> torch.Tensor:
    x = x.clone()
    x.view(-1)[0] = NAN
    return x


def tmp_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="probe_"))


@contextlib.contextmanager
def fresh_env(variable: str):
    """$variable points to a fresh, not yet existing folder inside a temporary one for the duration."""
    old = os.environ.get(variable)
    os.environ[variable] = str(tmp_dir() / variable.lower())
    try:
        yield Path(os.environ[variable])
    finally:
        if old is None:
            os.environ.pop(variable, None)
        else:
            os.environ[variable] = old


@contextlib.contextmanager
def patched(obj, attr: str, value):
    old = getattr(obj, attr)
    setattr(obj, attr, value)
    try:
        yield
    finally:
        setattr(obj, attr, old)


def build(name: str = "simclr", channels: int = 1, size: int = 28, **hparams):
    """A tiny method of zoo.METHODS (width-4 encoder, no augmentation)."""
    if name == "supervised":
        hparams.setdefault("num_classes", 2)
    hparams.setdefault("augment", None)
    hparams.setdefault("width", 4)
    return zoo.build(name, channels=channels, image_size=size, **hparams)


def tiny_data(n: int = 20, k: int = 2) -> data.Data:
    """A Data of n grey 28x28 train and test images over k classes."""
    split = data.Split(grey(n), targets(n, k))
    return data.Data("tiny", split, data.Split(grey(n), targets(n, k)), tuple(str(c) for c in range(k)))


def fit(method, images=None, labels=None, **kw):
    kw.setdefault("steps", 2)
    kw.setdefault("batch_size", 4)
    kw.setdefault("progress", False)
    return train.fit(method, grey() if images is None else images, labels, **kw)


def weights(module: nn.Module) -> dict:
    return {k: v.detach().clone() for k, v in module.state_dict().items()}


def same(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


def finite(module: nn.Module) -> bool:
    return all(torch.isfinite(v).all() for v in module.state_dict().values() if v.is_floating_point())


# ---------------------------------------------------------------------------------------------------------
# data
# ---------------------------------------------------------------------------------------------------------

def data_cases() -> list[Case]:
    d = "data"
    cases = [
        Case(d, "load(123)", "name", lambda: data.load(123)),
        Case(d, "load('nosuch')", "name", lambda: data.load("nosuch")),
        Case(d, "load('photos', photos=['china','china']) duplicates", "photos",
             lambda: data.load("photos", n_train=6, n_test=6, photos=["china", "china"])),
        Case(d, "load('photos', photos='china') a string", "photos",
             lambda: data.load("photos", n_train=6, n_test=6, photos="china")),
        Case(d, "load('photos', photos=[])", "photos", lambda: data.load("photos", n_train=6, n_test=6, photos=[])),
        Case(d, "load('photos', n_train=0)", "n_train", lambda: data.load("photos", n_train=0)),
        Case(d, "load('photos', n_test=2.5)", "n_test", lambda: data.load("photos", n_train=6, n_test=2.5)),
        Case(d, "load('photos', size=1)", "size", lambda: data.load("photos", n_train=6, n_test=6, size=1)),
        Case(d, "load('photos', size=10000)", "size", lambda: data.load("photos", n_train=6, n_test=6, size=10000)),
        Case(d, "load('photos', scale=0)", "scale", lambda: data.load("photos", n_train=6, n_test=6, scale=0)),
        Case(d, "load('photos', scale=nan)", "scale", lambda: data.load("photos", n_train=6, n_test=6, scale=NAN)),
        Case(d, "load('photos', scale=inf)", "scale", lambda: data.load("photos", n_train=6, n_test=6, scale=INF)),
        Case(d, "load('photos', seed=-1)", "seed", lambda: data.load("photos", n_train=6, n_test=6, seed=-1)),
        Case(d, "load('shapes', n_train=-1)", "n_train", lambda: data.load("shapes", n_train=-1)),
        Case(d, "load('shapes', noise=nan)", "noise", lambda: data.load("shapes", n_train=6, n_test=6, noise=NAN)),
        Case(d, "load('shapes', size=(0.5, 0.4))", "size",
             lambda: data.load("shapes", n_train=6, n_test=6, size=(0.5, 0.4))),
        Case(d, "load('shapes', classes=['circle','circle']) duplicates", "classes",
             lambda: data.load("shapes", n_train=6, n_test=6, classes=["circle", "circle"])),
        Case(d, "load('shapes', image_size=7)", "image_size",
             lambda: data.load("shapes", n_train=6, n_test=6, image_size=7)),
        Case(d, "load('shapes', colors=[(1, 2)])", "colors",
             lambda: data.load("shapes", n_train=6, n_test=6, colors=[(1, 2)])),
        Case(d, "load('shapes', color_by_class=2)", "color_by_class",
             lambda: data.load("shapes", n_train=6, n_test=6, color_by_class=2)),
        Case(d, "load('shapes', background='nosuch')", "background",
             lambda: data.load("shapes", n_train=6, n_test=6, background="nosuch")),
        Case(d, "load('shapes', rotation=(nan, nan))", "rotation",
             lambda: data.load("shapes", n_train=6, n_test=6, rotation=(NAN, NAN))),
        Case(d, "load('shapes', position=inf)", "position",
             lambda: data.load("shapes", n_train=6, n_test=6, position=INF)),
        Case(d, "load('shapes', bogus=1)", "bogus", lambda: data.load("shapes", n_train=6, n_test=6, bogus=1)),
        Case(d, "load('shapes', seed=2**70)", "seed", lambda: data.load("shapes", n_train=6, n_test=6, seed=2 ** 70)),
        Case(d, "load('mnist5k', n_train=10)", "n_train", lambda: data.load("mnist5k", n_train=10)),
        Case(d, "load('mnist', download='yes')", "download", lambda: data.load("mnist", download="yes")),
        Case(d, "load('mnist', download=False), nothing on disk", "mnist", lambda: data.load("mnist", download=False)),
        Case(d, "make_shapes(0)", "n", lambda: data.make_shapes(0)),
        Case(d, "make_shapes(4, image_size=True)", "image_size", lambda: data.make_shapes(4, image_size=True)),
        Case(d, "make_photos(4, region='val')", "region", lambda: data.make_photos(4, region="val")),
        Case(d, "label_budget(float labels)", "labels", lambda: data.label_budget(targets().float(), 1)),
        Case(d, "label_budget(per_class=0)", "per_class", lambda: data.label_budget(targets(), 0)),
        Case(d, "label_budget(per_class=2.5)", "per_class", lambda: data.label_budget(targets(), 2.5)),
        Case(d, "label_budget(per_class=100) > smallest class", "per_class", lambda: data.label_budget(targets(), 100)),
        Case(d, "label_budget(seed=-1)", "seed", lambda: data.label_budget(targets(), 1, seed=-1)),
        Case(d, "label_budget(seed=2**70)", "seed", lambda: data.label_budget(targets(), 1, seed=2 ** 70)),
        Case(d, "label_budget(empty labels)", "labels",
             lambda: data.label_budget(torch.zeros(0, dtype=torch.int64), 1)),
        Case(d, "resize(float images)", "images", lambda: data.resize(unit(grey()), 28)),
        Case(d, "resize(size=0)", "size", lambda: data.resize(grey(), 0)),
        Case(d, "resize(size=2.5)", "size", lambda: data.resize(grey(), 2.5)),
        Case(d, "resize(grey='yes')", "grey", lambda: data.resize(grey(), 28, grey="yes")),
        Case(d, "Split(float images)", "images", lambda: data.Split(unit(grey()), targets())),
        Case(d, "Split(int32 labels)", "labels", lambda: data.Split(grey(), targets().int())),
        Case(d, "Split(8 images, 4 labels)", "labels", lambda: data.Split(grey(), targets(4))),
        Case(d, "Data(train 1x28x28, test 3x32x32)", "test",
             lambda: data.Data("x", data.Split(grey(), targets()), data.Split(colour(), targets()), ("a", "b"))),
        Case(d, "Data(classes=('a',)) but labels 0..1", "classes",
             lambda: data.Data("x", data.Split(grey(), targets()), data.Split(grey(), targets()), ("a",))),
    ]
    return cases + download_cases()


# ---- downloads: a local server that never answers, a port that refuses, truncated files on disk

_SERVER: dict = {}


def silent_port() -> int:
    """Port of a local server that accepts connections and never sends a byte (started once)."""
    if "port" not in _SERVER:
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        held = _SERVER.setdefault("held", [])

        def serve():
            while True:
                held.append(server.accept()[0])
        threading.Thread(target=serve, daemon=True).start()
        _SERVER.update(port=server.getsockname()[1], server=server)
    return _SERVER["port"]


def refused_port() -> int:
    """A local port with nothing listening: connections are refused at once."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@contextlib.contextmanager
def local_mirrors(port: int):
    """torchvision's MNIST mirrors and CIFAR-10 url point at 127.0.0.1:port."""
    import torchvision.datasets as tvd
    with patched(tvd.MNIST, "mirrors", [f"http://127.0.0.1:{port}/"]), \
            patched(tvd.CIFAR10, "url", f"http://127.0.0.1:{port}/cifar-10-python.tar.gz"):
        yield


def load_from(port: int, name: str):
    """data.load(name) with torchvision pointed at 127.0.0.1:port; a package that has a download timeout
    (`downloads.TIMEOUT_SECONDS`) gets 2 s of it, so a stalled server shows within the probe's limit."""
    from sslcourse.data import downloads
    timeout = patched(downloads, "TIMEOUT_SECONDS", 2.0) if hasattr(downloads, "TIMEOUT_SECONDS") \
        else contextlib.nullcontext()
    with local_mirrors(port), timeout:
        return data.load(name)


def leaves_no_empty_folders(name: str) -> bool:
    """A failed download (connection refused) must not leave empty folders in data_dir()."""
    root = data.data_dir()
    with contextlib.suppress(Exception):
        load_from(refused_port(), name)
    return not root.exists() or not any(p.is_dir() and not any(p.iterdir()) for p in [root, *root.rglob("*")])


def write_cifar(folder: Path, broken: str) -> None:
    """Tiny valid CIFAR-10 pickles, except `broken`, which is cut in half."""
    folder.mkdir(parents=True)
    batch = {"data": np.zeros((2, 3072), np.uint8), "labels": [0, 1]}
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch", "batches.meta"]:
        blob = pickle.dumps({"label_names": [str(i) for i in range(10)]} if name == "batches.meta" else batch)
        (folder / name).write_bytes(blob[:len(blob) // 2] if name == broken else blob)


def write_mnist(folder: Path, broken: str) -> None:
    """Tiny valid MNIST idx files, except `broken`, which is cut in half."""
    folder.mkdir(parents=True)
    for prefix in ("train", "t10k"):
        files = {f"{prefix}-images-idx3-ubyte": struct.pack(">IIII", 0x803, 2, 28, 28) + bytes(2 * 784),
                 f"{prefix}-labels-idx1-ubyte": struct.pack(">II", 0x801, 2) + bytes(2)}
        for name, blob in files.items():
            (folder / name).write_bytes(blob[:len(blob) // 2] if name == broken else blob)


def write_stl(folder: Path) -> None:
    folder.mkdir(parents=True)
    for split in ("train", "test"):
        (folder / f"{split}_X.bin").write_bytes(bytes(1000))   # not a whole 3x96x96 image
        (folder / f"{split}_y.bin").write_bytes(bytes([1, 2]))
    (folder / "class_names.txt").write_text("\n".join(str(i) for i in range(10)))


def download_cases() -> list[Case]:
    d = "data"

    def truncated(name: str, writer, subfolder: str, broken: str):
        def fn():
            writer(data.data_dir() / name / subfolder, broken)
            return data.load(name, download=False)
        return fn

    def stl():
        write_stl(data.data_dir() / "stl10" / "stl10_binary")
        return data.load("stl10", download=False)
    return [
        Case(d, "load('mnist'), mirror never answers", "mnist", lambda: load_from(silent_port(), "mnist")),
        Case(d, "load('cifar10'), server never answers", "cifar10", lambda: load_from(silent_port(), "cifar10")),
        Case(d, "load('mnist'), connection refused", "mnist", lambda: load_from(refused_port(), "mnist")),
        Case(d, "load('cifar10'), connection refused", "cifar10", lambda: load_from(refused_port(), "cifar10")),
        Case(d, "load('mnist') failed: no empty folders left", "mnist",
             lambda: leaves_no_empty_folders("mnist"), check=True),
        Case(d, "load('cifar10') failed: no empty folders left", "cifar10",
             lambda: leaves_no_empty_folders("cifar10"), check=True),
        Case(d, "load('cifar10') with truncated data_batch_3", "data_batch_3",
             truncated("cifar10", write_cifar, "cifar-10-batches-py", "data_batch_3")),
        Case(d, "load('cifar10') with truncated batches.meta", "batches.meta",
             truncated("cifar10", write_cifar, "cifar-10-batches-py", "batches.meta")),
        Case(d, "load('mnist') with truncated train-images-idx3-ubyte", "train-images-idx3-ubyte",
             truncated("mnist", write_mnist, "MNIST/raw", "train-images-idx3-ubyte")),
        Case(d, "load('mnist') with truncated t10k-labels-idx1-ubyte", "t10k-labels-idx1-ubyte",
             truncated("mnist", write_mnist, "MNIST/raw", "t10k-labels-idx1-ubyte")),
        Case(d, "load('stl10') with a short train_X.bin", "train_X.bin", stl),
    ]


# ---------------------------------------------------------------------------------------------------------
# transforms, augment
# ---------------------------------------------------------------------------------------------------------

COMPONENTS = ("random_resized_affine", "color_jitter", "random_grayscale", "gaussian_blur", "gaussian_noise",
              "random_erasing")
# what each component needs besides x and the generator, so that it does something
NEEDS = {"color_jitter": {"brightness": 0.4}, "random_grayscale": {"p": 0.5}, "gaussian_blur": {"sigma": (0.1, 2.0)},
         "gaussian_noise": {"std": 0.1}}


def component(name: str, x, generator="seeded", **kw):
    """transforms.<name>(x, generator, ...) with what it needs, `kw` overriding."""
    generator = seeded() if generator == "seeded" else generator
    return getattr(transforms, name)(x, generator, **{**NEEDS.get(name, {}), **kw})


def transforms_cases() -> list[Case]:
    t = "transforms"
    cases = []
    for name in COMPONENTS:
        cases += [
            Case(t, f"{name}(uint8 x)", "x", lambda n=name: component(n, colour())),
            Case(t, f"{name}(float x in 0..255)", "x", lambda n=name: component(n, colour().float())),
            Case(t, f"{name}(x with NaN)", "x", lambda n=name: component(n, with_nan(unit(colour())))),
            Case(t, f"{name}(3-D x)", "x", lambda n=name: component(n, unit(colour())[0])),
            Case(t, f"{name}(empty x)", "x", lambda n=name: component(n, unit(colour(0)))),
            Case(t, f"{name}(generator=None)", "generator", lambda n=name: component(n, unit(colour()), None)),
        ]
    bad = [
        ("random_resized_affine", "scale", (0, 1)), ("random_resized_affine", "scale", (NAN, NAN)),
        ("random_resized_affine", "ratio", (1, INF)), ("random_resized_affine", "rotation", NAN),
        ("random_resized_affine", "rotation", 400), ("random_resized_affine", "rotation", True),
        ("random_resized_affine", "shear", 90), ("random_resized_affine", "translate", INF),
        ("random_resized_affine", "translate", NAN), ("random_resized_affine", "flip", 2),
        ("random_resized_affine", "padding", "wrap"),
        ("color_jitter", "brightness", -1), ("color_jitter", "brightness", NAN), ("color_jitter", "brightness", INF),
        ("color_jitter", "brightness", True), ("color_jitter", "contrast", "0.5"), ("color_jitter", "saturation", INF),
        ("color_jitter", "hue", 0.6), ("color_jitter", "hue", NAN), ("color_jitter", "p", 1.5),
        ("color_jitter", "p", NAN),
        ("random_grayscale", "p", 2), ("random_grayscale", "p", "0.5"),
        ("gaussian_blur", "sigma", (0, 1)), ("gaussian_blur", "sigma", (1, INF)), ("gaussian_blur", "sigma", 5),
        ("gaussian_blur", "sigma", (NAN, NAN)), ("gaussian_blur", "kernel_size", 4),
        ("gaussian_blur", "kernel_size", True), ("gaussian_blur", "p", NAN),
        ("gaussian_noise", "std", -1), ("gaussian_noise", "std", INF), ("gaussian_noise", "std", NAN),
        ("gaussian_noise", "std", "0.1"),
        ("random_erasing", "value", 2), ("random_erasing", "value", NAN), ("random_erasing", "scale", (0.5, 0.2)),
        ("random_erasing", "ratio", (0, 1)), ("random_erasing", "p", True),
    ]
    cases += [Case(t, f"{name}({arg}={value!r})", arg, lambda n=name, a=arg, v=value: component(
        n, unit(colour()), **{a: v})) for name, arg, value in bad]
    cases += [
        Case(t, "to_grey(uint8 x)", "x", lambda: transforms.to_grey(colour())),
        Case(t, "to_grey('image')", "x", lambda: transforms.to_grey("image")),
        Case(t, "to_grey(2-D x)", "x", lambda: transforms.to_grey(unit(colour())[0, 0])),
    ]
    return cases


def augment_cases() -> list[Case]:
    a = "augment"
    bad = [("scale", (0, 1)), ("rotation", NAN), ("rotation", (10, -10)), ("hue", 1), ("padding", 1),
           ("brightness", INF), ("translate", INF), ("noise", INF), ("jitter_p", NAN), ("flip", True),
           ("blur_sigma", (1, INF)), ("erase_value", -1), ("grayscale", "0.2"), ("contrast", None)]
    cases = [Case(a, f"Augment({arg}={value!r})", arg, lambda k=arg, v=value: augment.Augment(**{k: v}))
             for arg, value in bad]
    cases += [
        Case(a, "Augment(blur=1, blur_sigma=(1, inf))(x)", "blur_sigma",
             lambda: augment.Augment(blur=1.0, blur_sigma=(1, INF))(colour(), seeded())),
        Case(a, "Augment(brightness=inf)(x)", "brightness",
             lambda: augment.Augment(brightness=INF)(colour(), seeded())),
        Case(a, "Augment()(float x)", "x", lambda: augment.Augment()(unit(grey()), seeded())),
        Case(a, "Augment()(3-D x)", "x", lambda: augment.Augment()(grey()[0], seeded())),
        Case(a, "Augment()(x, generator=None)", "generator", lambda: augment.Augment()(grey(), None)),
        Case(a, "Augment().replace(bogus=1)", "bogus", lambda: augment.Augment().replace(bogus=1)),
        Case(a, "views(x, n=0)", "n", lambda: augment.views(grey(), 0, augment="none", generator=seeded())),
        Case(a, "views(x, n=2.0)", "n", lambda: augment.views(grey(), 2.0, augment="none", generator=seeded())),
        Case(a, "views(x, n=True)", "n", lambda: augment.views(grey(), True, augment="none", generator=seeded())),
        Case(a, "views(augment='nosuch')", "augment", lambda: augment.views(grey(), augment="nosuch",
                                                                             generator=seeded())),
        Case(a, "views(augment=None)", "augment", lambda: augment.views(grey(), augment=None, generator=seeded())),
        Case(a, "views(float x)", "x", lambda: augment.views(unit(grey()), augment="none", generator=seeded())),
        Case(a, "views(generator=0)", "generator", lambda: augment.views(grey(), augment="none", generator=0)),
        Case(a, "preset(3)", "name", lambda: augment.preset(3)),
        Case(a, "preset('MNIST')", "name", lambda: augment.preset("MNIST")),
    ]
    return cases


# ---------------------------------------------------------------------------------------------------------
# losses, diagnostics, models
# ---------------------------------------------------------------------------------------------------------

def losses_cases() -> list[Case]:
    l_ = "losses"
    z = emb()
    pair_losses = {"nt_xent": losses.nt_xent, "barlow_twins": losses.barlow_twins, "vicreg": losses.vicreg,
                   "cross_correlation": losses.cross_correlation, "negative_cosine": losses.negative_cosine}
    names = {"negative_cosine": ("p", "z")}
    cases = []
    for name, f in pair_losses.items():
        first, second = names.get(name, ("z1", "z2"))
        cases += [
            Case(l_, f"{name}(shapes (8,16) and (8,15))", (first, second), lambda f=f: f(emb(), emb(8, 15))),
            Case(l_, f"{name}(1-D tensors)", first, lambda f=f: f(emb()[0], emb()[0])),
            Case(l_, f"{name}(int tensors)", first, lambda f=f: f(emb().long(), emb().long())),
            Case(l_, f"{name}(NaN in first)", first, lambda f=f: f(with_nan(emb()), emb())),
            Case(l_, f"{name}(empty (0, 16))", first, lambda f=f: f(emb(0), emb(0))),
            Case(l_, f"{name}(lists)", first, lambda f=f: f(emb().tolist(), emb().tolist())),
        ]
    bad = [("nt_xent", "temperature", 0), ("nt_xent", "temperature", NAN), ("nt_xent", "temperature", INF),
           ("nt_xent", "temperature", True), ("nt_xent", "temperature", "0.5"), ("nt_xent", "temperature", -1),
           ("barlow_twins", "lambda_offdiag", -1), ("barlow_twins", "lambda_offdiag", NAN),
           ("barlow_twins", "lambda_offdiag", INF), ("vicreg", "sim_weight", -1), ("vicreg", "var_weight", NAN),
           ("vicreg", "cov_weight", INF), ("vicreg_terms", "gamma", NAN), ("vicreg_terms", "gamma", "1"),
           ("vicreg_terms", "eps", -1), ("negative_cosine", "stop_gradient", "no"),
           ("negative_cosine", "stop_gradient", None)]
    cases += [Case(l_, f"{name}({arg}={value!r})", arg, lambda n=name, a=arg, v=value: getattr(losses, n)(
        z, z.flip(0), **{a: v})) for name, arg, value in bad]
    cases += [
        Case(l_, "nt_xent(batch of 1)", "z1", lambda: losses.nt_xent(emb(1), emb(1))),
        Case(l_, "info_nce(no negatives (0, 16))", "negative_keys", lambda: losses.info_nce(z, z, emb(0))),
        Case(l_, "info_nce(negatives (4, 15))", "negative_keys", lambda: losses.info_nce(z, z, emb(4, 15))),
        Case(l_, "info_nce(negatives with NaN)", "negative_keys", lambda: losses.info_nce(z, z, with_nan(emb(4)))),
        Case(l_, "info_nce(1-D negatives)", "negative_keys", lambda: losses.info_nce(z, z, emb(4)[0])),
        Case(l_, "info_nce(temperature=-1)", "temperature", lambda: losses.info_nce(z, z, emb(4), temperature=-1)),
        Case(l_, "info_nce(temperature=inf)", "temperature", lambda: losses.info_nce(z, z, emb(4), temperature=INF)),
    ]
    return cases


def diagnostics_cases() -> list[Case]:
    g = "diagnostics"
    z = emb()
    return [
        Case(g, "alignment(alpha=0)", "alpha", lambda: diagnostics.alignment(z, z, alpha=0)),
        Case(g, "alignment(alpha=nan)", "alpha", lambda: diagnostics.alignment(z, z, alpha=NAN)),
        Case(g, "alignment(alpha=inf)", "alpha", lambda: diagnostics.alignment(z, z.flip(0), alpha=INF)),
        Case(g, "uniformity(t=-1)", "t", lambda: diagnostics.uniformity(z, t=-1)),
        Case(g, "uniformity(batch of 1)", "z", lambda: diagnostics.uniformity(emb(1))),
        Case(g, "effective_rank(NaN)", "z", lambda: diagnostics.effective_rank(with_nan(z))),
        Case(g, "embedding_std(1-D)", "z", lambda: diagnostics.embedding_std(z[0])),
        Case(g, "raw_std(int tensor)", "z", lambda: diagnostics.raw_std(z.long())),
        Case(g, "diagnose(z1 (8,16), z2 (8,15))", "z2", lambda: diagnostics.diagnose(z, emb(8, 15))),
        Case(g, "is_collapsed(threshold=0)", "threshold", lambda: diagnostics.is_collapsed(z, threshold=0)),
        Case(g, "is_collapsed(threshold=inf)", "threshold", lambda: diagnostics.is_collapsed(z, threshold=INF)),
    ]


def models_cases() -> list[Case]:
    m = "models"
    return [
        Case(m, "ConvEncoder(in_channels=0)", "in_channels", lambda: models.ConvEncoder(0)),
        Case(m, "ConvEncoder(in_channels=2.5)", "in_channels", lambda: models.ConvEncoder(2.5)),
        Case(m, "ConvEncoder(width=True)", "width", lambda: models.ConvEncoder(1, width=True)),
        Case(m, "ConvEncoder(width=0.5)", "width", lambda: models.ConvEncoder(1, width=0.5)),
        Case(m, "ConvEncoder(width=nan)", "width", lambda: models.ConvEncoder(1, width=NAN)),
        Case(m, "ConvEncoder(1)(3-channel x)", "x", lambda: models.ConvEncoder(1, 4)(unit(colour()))),
        Case(m, "ConvEncoder(1)(uint8 x)", "x", lambda: models.ConvEncoder(1, 4)(grey())),
        Case(m, "ConvEncoder(1)(3-D x)", "x", lambda: models.ConvEncoder(1, 4)(unit(grey())[0])),
        Case(m, "resnet18(in_channels=0)", "in_channels", lambda: models.resnet18(0)),
        Case(m, "mlp_head(layers=0)", "layers", lambda: models.mlp_head(16, layers=0)),
        Case(m, "mlp_head(layers=1.5)", "layers", lambda: models.mlp_head(16, layers=1.5)),
        Case(m, "mlp_head(in_dim=0)", "in_dim", lambda: models.mlp_head(0)),
        Case(m, "mlp_head(batch_norm='no')", "batch_norm", lambda: models.mlp_head(16, batch_norm="no")),
        Case(m, "encoder_for(1, arch='vit')", "arch", lambda: models.encoder_for(1, "vit")),
        Case(m, "encoder_for(0)", "in_channels", lambda: models.encoder_for(0)),
        Case(m, "ConvDecoder(image_size=30)", "image_size", lambda: models.ConvDecoder(16, 1, 30)),
        Case(m, "ConvDecoder(width=1)", "width", lambda: models.ConvDecoder(16, 1, 28, width=1)),
        Case(m, "ConvDecoder(16, 1, 28)(features (8, 15))", "h", lambda: models.ConvDecoder(16, 1, 28)(emb(8, 15))),
        Case(m, "count_parameters('model')", "model", lambda: models.count_parameters("model")),
    ]


# ---------------------------------------------------------------------------------------------------------
# methods and pretext tasks: forward with bad images, constructors with bad hyper-parameters
# ---------------------------------------------------------------------------------------------------------

SSL = ("simclr", "moco", "byol", "simsiam", "barlow", "vicreg")
PRETEXT = ("rotation", "jigsaw", "colorization", "inpainting", "masked_patches", "denoising")
DECODERS = ("colorization", "inpainting", "masked_patches", "denoising")


def module_of(name: str) -> str:
    return "pretext" if name in PRETEXT else "methods"


def forward(name: str, x: torch.Tensor, *args, channels: int = 1, size: int | None = None, **hp):
    """A tiny `name` method (image_size 32 for colorization, else 28) called on x (and labels)."""
    size = size or (32 if name == "colorization" else 28)
    return build(name, channels=channels, size=size, **hp)(x, *args)


def forward_cases() -> list[Case]:
    cases = []
    for name in SSL + PRETEXT + ("supervised",):
        mod, y = module_of(name), ((targets(),) if name == "supervised" else ())
        ch, ok = (3, colour()) if name == "colorization" else (1, grey())
        cases += [
            Case(mod, f"{name}(float images)", "x",
                 lambda n=name, c=ch, x=ok, y=y: forward(n, unit(x), *y, channels=c)),
            Case(mod, f"{name}(batch of 1)", "x",
                 lambda n=name, c=ch, x=ok, y=y: forward(n, x[:1], *[t[:1] for t in y], channels=c)),
            Case(mod, f"{name}(empty batch)", "x", lambda n=name, c=ch, x=ok: forward(
                n, x[:0], *([targets()[:0]] if n == "supervised" else []), channels=c)),
            Case(mod, f"{name}(3-D tensor)", "x", lambda n=name, c=ch, x=ok, y=y: forward(n, x[0], *y, channels=c)),
        ]
        if name == "colorization":
            cases.append(Case(mod, "colorization(1-channel images)", "x", lambda: forward("colorization", grey(),
                                                                                          channels=3)))
        else:
            cases.append(Case(mod, f"{name}(3-channel images, 1-channel encoder)", "x",
                              lambda n=name, y=y: forward(n, colour(size=28), *y)))
        if name in DECODERS:
            cases.append(Case(mod, f"{name}(32x32 images, image_size=28)", ("x", "image_size"),
                              lambda n=name, c=ch: forward(n, colour() if c == 3 else grey(size=32),
                                                           channels=c, size=28)))
        if name in SSL + PRETEXT:
            cases.append(Case(mod, f"{name}(x, labels) labels to a label-free method", "labels",
                              lambda n=name, c=ch, x=ok: forward(n, x, targets(), channels=c)))
    cases.append(Case("pretext", "jigsaw(8x8 images)", ("x", "gap", "image"), lambda: forward("jigsaw", grey(size=8))))
    return cases


def supervised_cases() -> list[Case]:
    s = "methods"
    return [
        Case(s, "supervised(x) without labels", "labels", lambda: forward("supervised", grey())),
        Case(s, "supervised(labels == num_classes)", "labels", lambda: forward("supervised", grey(),
                                                                              torch.full((8,), 2))),
        Case(s, "supervised(labels = -1)", "labels", lambda: forward("supervised", grey(), torch.full((8,), -1))),
        Case(s, "supervised(float labels)", "labels", lambda: forward("supervised", grey(), targets().float())),
        Case(s, "supervised(4 labels for 8 images)", "labels", lambda: forward("supervised", grey(), targets(4))),
        Case(s, "supervised(2-D labels)", "labels", lambda: forward("supervised", grey(), targets()[None])),
        Case(s, "Supervised(num_classes=0)", "num_classes", lambda: build("supervised", num_classes=0)),
        Case(s, "Supervised(num_classes=2.5)", "num_classes", lambda: build("supervised", num_classes=2.5)),
        Case(s, "Supervised(num_classes=True)", "num_classes", lambda: build("supervised", num_classes=True)),
        Case(s, "Supervised() without num_classes", "num_classes",
             lambda: methods.Supervised(models.ConvEncoder(1, 4))),
    ]


def hparam_cases() -> list[Case]:
    bad = [("simclr", "temperature", 0), ("simclr", "temperature", NAN), ("simclr", "temperature", INF),
           ("simclr", "temperature", True), ("simclr", "temperature", "0.5"), ("simclr", "proj_dim", 0),
           ("simclr", "hidden_dim", 2.5), ("moco", "queue_size", 0), ("moco", "queue_size", 2.5),
           ("moco", "momentum", 1.5), ("moco", "momentum", NAN), ("moco", "temperature", INF),
           ("byol", "momentum", -0.1), ("byol", "momentum", True), ("simsiam", "stop_gradient", "no"),
           ("simsiam", "predictor", "no"), ("simsiam", "pred_hidden_dim", 0), ("barlow", "lambda_offdiag", -1),
           ("barlow", "lambda_offdiag", INF), ("vicreg", "sim_weight", -1), ("vicreg", "var_weight", NAN),
           ("vicreg", "cov_weight", INF), ("vicreg", "proj_dim", 0),
           ("rotation", "turns", (0, 0)), ("rotation", "turns", (0, 4)), ("rotation", "mark", -1),
           ("jigsaw", "grid", 0), ("jigsaw", "grid", 4), ("jigsaw", "permutations", 1),
           ("jigsaw", "permutations", 400000), ("jigsaw", "hidden_dim", 0),
           ("colorization", "decoder_width", 0), ("inpainting", "area", 0), ("inpainting", "area", 1),
           ("inpainting", "area", NAN), ("inpainting", "fill", 2), ("masked_patches", "patch", 0),
           ("masked_patches", "ratio", 1), ("masked_patches", "fill", NAN), ("denoising", "noise_std", -1),
           ("denoising", "noise_std", INF), ("denoising", "drop", NAN)]
    cases = [Case(module_of(n), f"{n}({a}={v!r})", a, lambda n=n, a=a, v=v: build(
        n, channels=3 if n == "colorization" else 1, size=32 if n == "colorization" else 28, **{a: v}))
        for n, a, v in bad]
    at_forward = [("moco", "queue_size", 4), ("rotation", "mark", 100), ("jigsaw", "gap", -1), ("jigsaw", "gap", 100),
                  ("inpainting", "area", 0.0001), ("masked_patches", "patch", 5), ("masked_patches", "ratio", 0.01)]
    cases += [Case(module_of(n), f"{n}({a}={v!r}) then forward", a,
                   lambda n=n, a=a, v=v: forward(n, grey(), **{a: v})) for n, a, v in at_forward]
    cases += [
        Case("methods", "SimCLR(encoder='conv')", "encoder", lambda: methods.SimCLR("conv")),
        Case("methods", "SimCLR(nn.Linear without out_dim)", "encoder", lambda: methods.SimCLR(nn.Linear(4, 4))),
        Case("methods", "SimCLR(augment='mnist5k') a preset name, then forward: accepted, the preset is used",
             "augment", lambda: torch.isfinite(methods.SimCLR(models.ConvEncoder(1, 4), "mnist5k")(grey())).item()
             and methods.SimCLR(models.ConvEncoder(1, 4), "mnist5k").augment is augment.PRESETS["mnist5k"],
             check=True),
        Case("methods", "SimCLR(augment=42), then forward", "augment",
             lambda: methods.SimCLR(models.ConvEncoder(1, 4), 42)(grey())),
        Case("methods", "SimCLR(seed=2.5)", "seed", lambda: methods.SimCLR(models.ConvEncoder(1, 4), seed=2.5)),
        Case("methods", "SimCLR(seed=-1)", "seed", lambda: methods.SimCLR(models.ConvEncoder(1, 4), seed=-1)),
        Case("methods", "ema_update(momentum=nan)", "momentum",
             lambda: methods.ema_update(nn.Linear(2, 2), nn.Linear(2, 2), NAN)),
        Case("methods", "ema_update(target, online of another shape)", "online",
             lambda: methods.ema_update(nn.Linear(2, 2), nn.Linear(3, 3), 0.5)),
    ]
    return cases


def pretext_task_cases() -> list[Case]:
    p = "pretext"
    perms = pretext.hamming_permutations(4, 4)
    return [
        Case(p, "rotation_task(x, generator=None)", "generator", lambda: pretext.rotation_task(grey(), None)),
        Case(p, "rotation_task(non-square x)", "x", lambda: pretext.rotation_task(grey()[..., :20], seeded())),
        Case(p, "rotation_task(int32 x)", "x", lambda: pretext.rotation_task(grey().int(), seeded())),
        Case(p, "rotation_task(float x in 0..255)", "x", lambda: pretext.rotation_task(grey().float(), seeded())),
        Case(p, "rotation_task(turns=(1,))", "turns", lambda: pretext.rotation_task(grey(), seeded(), turns=(1,))),
        Case(p, "rotate(x, quarter_turns=1.5 floats)", "quarter_turns",
             lambda: pretext.rotate(grey(), torch.full((8,), 1.5))),
        Case(p, "rotate(x, 4 quarter_turns for 8 images)", "quarter_turns",
             lambda: pretext.rotate(grey(), torch.zeros(4))),
        Case(p, "mark_corner(size=0)", "size", lambda: pretext.mark_corner(grey(), 0)),
        Case(p, "mark_corner(size=100)", "size", lambda: pretext.mark_corner(grey(), 100)),
        Case(p, "jigsaw_task(28x28, grid=3)", "grid", lambda: pretext.jigsaw_task(grey(), seeded(),
                                                                                 pretext.hamming_permutations(9, 4))),
        Case(p, "jigsaw_task(float permutations)", "permutations",
             lambda: pretext.jigsaw_task(grey(), seeded(), perms.float(), grid=2)),
        Case(p, "jigsaw_task(permutations of range(3))", "permutations",
             lambda: pretext.jigsaw_task(grey(), seeded(), pretext.hamming_permutations(3, 2), grid=2)),
        Case(p, "hamming_permutations(9, 1)", "count", lambda: pretext.hamming_permutations(9, 1)),
        Case(p, "hamming_permutations(10, 2)", "n_tiles", lambda: pretext.hamming_permutations(10, 2)),
        Case(p, "cut_tiles(grid=0)", "grid", lambda: pretext.cut_tiles(grey(), 0)),
        Case(p, "cut_tiles(gap=2, generator=None)", "generator", lambda: pretext.cut_tiles(grey(), 2, gap=2)),
        Case(p, "unshuffle(targets out of range)", "targets",
             lambda: pretext.unshuffle(torch.zeros(8, 4, 1, 5, 5), perms, torch.full((8,), 9))),
        Case(p, "center_crop_to_grid(x, grid=0)", "grid", lambda: pretext.center_crop_to_grid(grey(), 0)),
        Case(p, "center_crop_to_grid(x, grid=-1)", "grid", lambda: pretext.center_crop_to_grid(grey(), -1)),
        Case(p, "colorization_task(1-channel x)", "x", lambda: pretext.colorization_task(grey())),
        Case(p, "inpainting_task(fill=nan)", "fill", lambda: pretext.inpainting_task(grey(), seeded(), fill=NAN)),
        Case(p, "inpainting_task(area=0.99)", "area", lambda: pretext.inpainting_task(grey(), seeded(), area=0.99)),
        Case(p, "box_mask(shape of 3 numbers)", "shape", lambda: pretext.box_mask((8, 28, 28), 0.25, seeded())),
        Case(p, "masked_patches_task(patch=3 on 28x28)", "patch",
             lambda: pretext.masked_patches_task(grey(), seeded(), patch=3)),
        Case(p, "patch_mask(generator=None)", "generator", lambda: pretext.patch_mask((8, 1, 28, 28), 4, 0.5, None)),
        Case(p, "denoising_task(x, generator=None)", "generator", lambda: pretext.denoising_task(grey(), None)),
        Case(p, "corrupt(uint8 x)", "x", lambda: pretext.corrupt(grey(), seeded())),
        Case(p, "corrupt(x, generator=None)", "generator", lambda: pretext.corrupt(unit(grey()), None)),
        Case(p, "corrupt(x, generator='g')", "generator", lambda: pretext.corrupt(unit(grey()), "g")),
        Case(p, "masked_mse(prediction (8,1,28,28), target (8,1,27,27))", ("prediction", "target"),
             lambda: pretext.masked_mse(unit(grey()), unit(grey())[..., :27, :27], torch.ones(8, 1, 28, 28).bool())),
        Case(p, "masked_mse('a', 'b', mask)", "prediction", lambda: pretext.masked_mse("a", "b", torch.ones(1))),
        Case(p, "rotation_confusion(float images)", "images",
             lambda: pretext.rotation_confusion(build("rotation"), unit(grey()), targets())),
        Case(p, "rotation_confusion(4 labels for 8 images)", "labels",
             lambda: pretext.rotation_confusion(build("rotation"), grey(), targets(4))),
        Case(p, "rotation_confusion(num_classes=1, labels 0..1)", "num_classes",
             lambda: pretext.rotation_confusion(build("rotation"), grey(), targets(), num_classes=1)),
    ]


# ---------------------------------------------------------------------------------------------------------
# zoo, train, runcache, evaluate, checkpoint
# ---------------------------------------------------------------------------------------------------------

def zoo_cases() -> list[Case]:
    z = "zoo"
    return [
        Case(z, "build('nosuch')", "name", lambda: build("nosuch")),
        Case(z, "build(channels=0)", "channels", lambda: build("simclr", channels=0)),
        Case(z, "build(channels=2.5)", "channels", lambda: build("simclr", channels=2.5)),
        Case(z, "build('simclr', image_size=-5)", "image_size", lambda: build("simclr", size=-5)),
        Case(z, "build('inpainting', image_size=30)", "image_size", lambda: build("inpainting", size=30)),
        Case(z, "build(augment='nosuch')", "augment", lambda: build("simclr", augment="nosuch")),
        Case(z, "build(augment=42)", "augment", lambda: build("simclr", augment=42)),
        Case(z, "build(arch='vit')", "arch", lambda: build("simclr", arch="vit")),
        Case(z, "build(width=0)", "width", lambda: build("simclr", width=0)),
        Case(z, "build(seed=2.5)", "seed", lambda: build("simclr", seed=2.5)),
        Case(z, "build('simclr', bogus=1)", "bogus", lambda: build("simclr", bogus=1)),
        Case(z, "recipe('nosuch')", "method", lambda: zoo.recipe("nosuch")),
        Case(z, "recipe('simclr', batch_size=0)", "batch_size", lambda: zoo.recipe("simclr", batch_size=0)),
        Case(z, "pretrained('nosuch', steps=1)", "method", lambda: zoo.pretrained("nosuch", steps=1, progress=False)),
        Case(z, "pretrained(data='nosuch', steps=1)", "data",
             lambda: zoo.pretrained(data="nosuch", steps=1, progress=False)),
        Case(z, "pretrained(steps=0)", "steps", lambda: zoo.pretrained(steps=0, progress=False)),
        Case(z, "pretrained(seconds=inf)", "seconds", lambda: zoo.pretrained(seconds=INF, progress=False)),
        Case(z, "pretrained(steps=1, batch_size=0)", "batch_size",
             lambda: zoo.pretrained(steps=1, batch_size=0, progress=False)),
    ]


def train_cases() -> list[Case]:
    t = "train"
    bad = [("steps", 0), ("steps", 2.5), ("steps", INF), ("steps", 0.001), ("steps", True), ("epochs", 0.01),
           ("seconds", INF), ("seconds", NAN), ("seconds", 0), ("seconds", -1), ("record_every", 0),
           ("record_every", 2.5), ("batch_size", 0), ("batch_size", 2.5), ("batch_size", True), ("batch_size", 1),
           ("lr", 0), ("lr", NAN), ("lr", INF), ("lr", -1e-3), ("weight_decay", -1), ("weight_decay", NAN),
           ("weight_decay", INF), ("warmup", NAN), ("warmup", -1), ("warmup", 2), ("warmup", "0.1"),
           ("seed", 2.5), ("seed", 2 ** 70), ("device", "nosuch"), ("cache", "no"), ("progress", "no")]
    cases = []
    for arg, value in bad:
        kw = {arg: value} if arg in ("steps", "seconds", "epochs") else {"steps": 2, arg: value}
        if arg in ("seconds", "epochs"):
            kw["steps"] = None
        cases.append(Case(t, f"fit({arg}={value!r})", arg, lambda kw=kw: fit(build(), **kw)))
    cases += [
        Case(t, "fit(steps=2, seconds=1)", ("steps", "seconds"), lambda: fit(build(), seconds=1)),
        Case(t, "fit() without a budget", ("steps", "seconds", "epochs"), lambda: fit(build(), steps=None)),
        Case(t, "fit(float images)", "images", lambda: fit(build(), unit(grey()))),
        Case(t, "fit(3-D images)", "images", lambda: fit(build(), grey()[0])),
        Case(t, "fit(empty images)", "images", lambda: fit(build(), grey(0))),
        Case(t, "fit(a single image)", "images", lambda: fit(build(), grey(1))),
        Case(t, "fit(3-channel images, 1-channel method)", "images", lambda: fit(build(), colour(size=28))),
        Case(t, "fit(simclr, X, Y) labels to a label-free method", "labels", lambda: fit(build(), labels=targets())),
        Case(t, "fit(supervised, X) without labels", "labels", lambda: fit(build("supervised"))),
        Case(t, "fit(supervised, labels out of range)", "labels",
             lambda: fit(build("supervised"), labels=torch.full((8,), 5))),
        Case(t, "fit(float labels)", "labels", lambda: fit(build("supervised"), labels=targets().float())),
        Case(t, "fit(4 labels for 8 images)", "labels", lambda: fit(build("supervised"), labels=targets(4))),
        Case(t, "fit('simclr', X) a name, not a method", "method", lambda: fit("simclr")),
        Case(t, "fit with $SSLCOURSE_CACHE a file", "sslcourse_cache", cache_is_a_file),
        Case(t, "lr_factor(0.5, warmup=nan)", "warmup", lambda: train.lr_factor(0.5, NAN)),
    ]
    return cases


def cache_is_a_file():
    path = Path(os.environ["SSLCOURSE_CACHE"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("not a folder")
    return fit(build())


# ---- the run cache: result checks

def reseeded_build_retrains() -> bool:
    """(a) build(seed=1) then fit must not get the seed-0 result."""
    first = build(seed=0)
    fit(first)
    second = build(seed=1)
    history = fit(second)
    return not history.cached and not same(weights(first), weights(second))


def second_fit_trains() -> bool:
    """(b) fit(m, X, steps=2) twice: the second call must train on from where the first ended."""
    method = build()
    fit(method)
    before = weights(method)
    history = fit(method)
    return not history.cached and not same(before, weights(method))


def pretrained_encoder_not_confused() -> bool:
    """(c) Supervised(pretrained encoder) after Supervised(fresh encoder) must not load the fresh result."""
    ssl = build()
    fit(ssl, steps=3)
    torch.manual_seed(0)
    fresh = methods.Supervised(models.ConvEncoder(1, 4), num_classes=2)
    fit(fresh, labels=targets())
    torch.manual_seed(0)
    warm = methods.Supervised(copy.deepcopy(ssl.encoder), num_classes=2)
    history = fit(warm, labels=targets())
    return not history.cached and not same(weights(fresh), weights(warm))


def corrupt_bytes(path: Path, how: str) -> None:
    blob = path.read_bytes()
    if how == "flip":
        middle = len(blob) // 2
        path.write_bytes(blob[:middle] + bytes([blob[middle] ^ 0xFF]) + blob[middle + 1:])
    elif how == "random":
        path.write_bytes(np.random.default_rng(0).bytes(len(blob)))
    elif how == "truncated":
        path.write_bytes(blob[:len(blob) // 2])


def broken_entry_retrains(how: str) -> Callable[[], bool]:
    """(d) a cache entry broken by `how` must make fit retrain without crashing and leave a sane model."""
    def check() -> bool:
        fit(build())
        folder = runcache.cache_dir()
        pt = next(folder.glob("*.pt"))
        if how in ("flip", "random", "truncated"):
            corrupt_bytes(pt, how)
        else:
            pt.with_suffix(".json").write_text({"garbage": "{not json", "wrong keys": '{"bogus": 1}',
                                                "a list": "[1, 2]"}[how])
        method = build()
        history = fit(method)
        return not history.cached and finite(method) and history.steps == 2
    return check


def runcache_cases() -> list[Case]:
    r = "runcache"
    cases = [
        Case(r, "(a) build(seed=1) then fit: not the seed-0 result", "seed", reseeded_build_retrains, check=True),
        Case(r, "(b) fit(m, X) twice: the second call trains", "cache", second_fit_trains, check=True),
        Case(r, "(c) Supervised(pretrained enc) after Supervised(fresh enc)", "encoder",
             pretrained_encoder_not_confused, check=True),
    ]
    for how in ("flip", "random", "truncated", "garbage", "wrong keys", "a list"):
        where = ".pt" if how in ("flip", "random", "truncated") else ".json"
        cases.append(Case(r, f"(d) cache entry: {how} {where} -> retrain", (".pt", ".json", "cache"),
                          broken_entry_retrains(how), check=True))
    cases += [
        Case(r, "fingerprint('x')", "tensor", lambda: runcache.fingerprint("x")),
        Case(r, "key('simclr', ...) a name, not a method", "method", lambda: runcache.key("simclr", grey(), None, {})),
        Case(r, "save(history with a tensor)", "history",
             lambda: runcache.save(build(), "probe", {"loss": torch.tensor(1.0)})),
    ]
    return cases


def evaluate_cases() -> list[Case]:
    e = "evaluate"
    enc = lambda: models.ConvEncoder(1, 4)
    f, y = emb(20), targets(20)
    return [
        Case(e, "features(enc, float images)", "images", lambda: evaluate.features(enc(), unit(grey()))),
        Case(e, "features(1-channel enc, 3-channel images)", "images", lambda: evaluate.features(enc(), colour())),
        Case(e, "features(enc, batch_size=0)", "batch_size", lambda: evaluate.features(enc(), grey(), batch_size=0)),
        Case(e, "features(enc, batch_size=-1)", "batch_size", lambda: evaluate.features(enc(), grey(), batch_size=-1)),
        Case(e, "features(enc, batch_size=2.5)", "batch_size",
             lambda: evaluate.features(enc(), grey(), batch_size=2.5)),
        Case(e, "features('pixel', images)", "encoder", lambda: evaluate.features("pixel", grey())),
        Case(e, "features(42, images)", "encoder", lambda: evaluate.features(42, grey())),
        Case(e, "features(enc, empty images)", "images", lambda: evaluate.features(enc(), grey(0))),
        Case(e, "features(nn.Identity(), images)", "encoder", lambda: evaluate.features(nn.Identity(), grey())),
        Case(e, "linear_probe(int features)", "train_features", lambda: evaluate.linear_probe(f.long(), y, f, y)),
        Case(e, "linear_probe(NaN features)", "train_features", lambda: evaluate.linear_probe(with_nan(f), y, f, y)),
        Case(e, "linear_probe(10 labels for 20 rows)", "train_labels", lambda: evaluate.linear_probe(f, y[:10], f, y)),
        Case(e, "linear_probe(C=0)", "C", lambda: evaluate.linear_probe(f, y, f, y, C=0)),
        Case(e, "linear_probe(C=nan)", "C", lambda: evaluate.linear_probe(f, y, f, y, C=NAN)),
        Case(e, "linear_probe(test features of another width)", "test_features",
             lambda: evaluate.linear_probe(f, y, emb(20, 15), y)),
        Case(e, "linear_probe(one class only)", "train_labels",
             lambda: evaluate.linear_probe(f, torch.zeros(20, dtype=torch.long), f, y)),
        Case(e, "linear_probe(unlabeled='x')", "unlabeled", lambda: evaluate.linear_probe(f, y, f, y, unlabeled="x")),
        Case(e, "knn(k=0)", "k", lambda: evaluate.knn(f, y, f, y, k=0)),
        Case(e, "knn(k=2.5)", "k", lambda: evaluate.knn(f, y, f, y, k=2.5)),
        Case(e, "knn(chunk=0)", "chunk", lambda: evaluate.knn(f, y, f, y, chunk=0)),
        Case(e, "knn(chunk=-1)", "chunk", lambda: evaluate.knn(f, y, f, y, chunk=-1)),
        Case(e, "knn(test features of another width)", "test_features", lambda: evaluate.knn(f, y, emb(20, 15), y)),
        Case(e, "knn(labels = -1)", "train_labels", lambda: evaluate.knn(f, torch.full((20,), -1), f, y)),
        Case(e, "knn(float labels)", "train_labels", lambda: evaluate.knn(f, y.float(), f, y)),
        Case(e, "label_efficiency(budgets=(0,))", "budgets",
             lambda: evaluate.label_efficiency("pixels", tiny_data(), budgets=(0,))),
        Case(e, "label_efficiency(budgets=(1.5,))", "budgets",
             lambda: evaluate.label_efficiency("pixels", tiny_data(), budgets=(1.5,))),
        Case(e, "label_efficiency(budgets=[1, 1]) duplicates", "budgets",
             lambda: evaluate.label_efficiency("pixels", tiny_data(), budgets=[1, 1], draws=1)),
        Case(e, "label_efficiency(budgets=())", "budgets",
             lambda: evaluate.label_efficiency("pixels", tiny_data(), budgets=())),
        Case(e, "label_efficiency(draws=0)", "draws",
             lambda: evaluate.label_efficiency("pixels", tiny_data(), draws=0)),
        Case(e, "label_efficiency(probe='svm')", "probe",
             lambda: evaluate.label_efficiency("pixels", tiny_data(), probe="svm")),
        Case(e, "label_efficiency(data='mnist5k') a name", "data", lambda: evaluate.label_efficiency("pixels",
                                                                                                   "mnist5k")),
        Case(e, "probe(per_class=0)", "per_class", lambda: evaluate.probe("pixels", tiny_data(), per_class=0)),
        Case(e, "probe(per_class=1000)", "per_class", lambda: evaluate.probe("pixels", tiny_data(), per_class=1000)),
        Case(e, "probe(per_class='ten')", "per_class", lambda: evaluate.probe("pixels", tiny_data(), per_class="ten")),
        Case(e, "probe(draws=2.5)", "draws", lambda: evaluate.probe("pixels", tiny_data(), draws=2.5)),
        Case(e, "Probe.mean('svm')", "kind", lambda: evaluate.Probe("x", 1, [0.5], [0.5]).mean("svm")),
        Case(e, "Curve.mean(99) unknown budget", "budget", lambda: evaluate.Curve("x", {1: [0.5]}).mean(99)),
        Case(e, "table([])", "curves", lambda: evaluate.table([])),
        Case(e, "accuracy(float images)", "images", lambda: evaluate.accuracy(build("supervised"), unit(grey()),
                                                                             targets())),
        Case(e, "accuracy(4 labels for 8 images)", "labels",
             lambda: evaluate.accuracy(build("supervised"), grey(), targets(4))),
        Case(e, "accuracy(batch_size=0)", "batch_size",
             lambda: evaluate.accuracy(build("supervised"), grey(), targets(), batch_size=0)),
        Case(e, "accuracy(a SimCLR, no classifier)", "model", lambda: evaluate.accuracy(build(), grey(), targets())),
    ]


def colorization_round_trip() -> bool:
    """(e) the colorization encoder saved by save_encoder loads back and gives identical features."""
    method = build("colorization", channels=3, size=32)
    path = checkpoint.save_encoder(tmp_dir() / "colorization.pt", method.encoder)
    encoder, _ = checkpoint.load_encoder(path)
    return torch.equal(evaluate.features(method.encoder, colour()), evaluate.features(encoder, colour()))


def unplain_meta_round_trip() -> bool:
    """save_encoder with meta it cannot load back must refuse at save time, not write an unloadable file."""
    path = checkpoint.save_encoder(tmp_dir() / "enc.pt", models.ConvEncoder(1, 4), note=Path("x"))
    try:
        checkpoint.load_encoder(path)
    except Exception:  # noqa: BLE001 - any failure to load back is the silent wrong result measured here
        return False
    return True


def bad_file(kind: str) -> Callable[[], object]:
    """load_encoder on a broken file named after `kind`."""
    def fn():
        path = tmp_dir() / f"{kind}.pt"
        good = tmp_dir() / "good.pt"
        checkpoint.save_encoder(good, models.ConvEncoder(1, 4))
        blob = good.read_bytes()
        contents = {"empty": b"", "truncated": blob[:len(blob) // 2], "random": np.random.default_rng(0).bytes(4096),
                    "text": b"this is a text file\n"}
        if kind in contents:
            path.write_bytes(contents[kind])
        elif kind == "a_list":
            torch.save([1, 2, 3], path)
        elif kind == "missing_keys":
            torch.save({"format": checkpoint.FORMAT}, path)
        elif kind == "wrong_arch":
            torch.save({"format": checkpoint.FORMAT, "arch": "vit", "in_channels": 1, "width": 4,
                        "state_dict": {}, "meta": {}}, path)
        elif kind == "wrong_weights":
            torch.save({**torch.load(good, weights_only=True), "width": 8}, path)
        elif kind == "a_folder":
            path.mkdir()
        return checkpoint.load_encoder(path)
    return fn


def checkpoint_cases() -> list[Case]:
    c = "checkpoint"
    cases = [Case(c, f"load_encoder({kind} file)", f"{kind}.pt", bad_file(kind))
             for kind in ("empty", "truncated", "random", "text", "a_list", "missing_keys", "wrong_arch",
                          "wrong_weights", "a_folder")]
    cases += [
        Case(c, "load_encoder(missing file)", "missing.pt", lambda: checkpoint.load_encoder(tmp_dir() / "missing.pt")),
        Case(c, "(e) colorization encoder: save, load, same features", "encoder", colorization_round_trip, check=True),
        Case(c, "save_encoder(meta with a Path) then load", "meta", unplain_meta_round_trip, check=True),
        Case(c, "save_encoder(path, 'conv')", "encoder", lambda: checkpoint.save_encoder(tmp_dir() / "s.pt", "conv")),
        Case(c, "save_encoder(path, nn.Linear)", "encoder",
             lambda: checkpoint.save_encoder(tmp_dir() / "l.pt", nn.Linear(2, 2))),
        Case(c, "save_encoder(an existing folder)", "existing",
             lambda: checkpoint.save_encoder(make_folder("existing"), models.ConvEncoder(1, 4))),
    ]
    return cases


def make_folder(name: str) -> Path:
    path = tmp_dir() / name
    path.mkdir()
    return path


# ---------------------------------------------------------------------------------------------------------
# the command line, plots, baselines, _checks
# ---------------------------------------------------------------------------------------------------------

def cli_call(*argv: str) -> int:
    """sslcourse.cli.main(argv) with its output captured; a non-zero exit raises CliError(its error line)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(list(argv))
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    if code:
        lines = [line for line in err.getvalue().splitlines() if line.strip()]
        message = next((line for line in reversed(lines) if "error" in line), lines[-1] if lines else "")
        raise CliError(f"exit {code}: {message}")
    return code


def pretrain_to_folder_fails_first() -> bool:
    """`pretrain --out <an existing folder>` must fail before training (one backward() call is training)."""
    folder = make_folder("out_folder")
    calls = []
    backward = torch.Tensor.backward

    def counting(self, *args, **kwargs):
        calls.append(1)
        return backward(self, *args, **kwargs)
    try:
        with patched(torch.Tensor, "backward", counting):
            cli_call("pretrain", "--seconds", "1", "--no-cache", "--out", str(folder))
    except Exception:
        if not calls:
            raise
    return not calls


def cli_cases() -> list[Case]:
    c = "cli"
    pixels = ("evaluate", "--baseline", "pixels")
    cases = [
        Case(c, "(no command)", "command", lambda: cli_call()),
        Case(c, "evaluate --budgets 1,x", ("--budgets", "budgets"), lambda: cli_call(*pixels, "--budgets", "1,x")),
        Case(c, "evaluate --budgets ''", ("--budgets", "budgets"), lambda: cli_call(*pixels, "--budgets", "")),
        Case(c, "evaluate --budgets 0", ("--budgets", "budgets"), lambda: cli_call(*pixels, "--budgets", "0")),
        Case(c, "evaluate --budgets -1", ("--budgets", "budgets"), lambda: cli_call(*pixels, "--budgets", "-1")),
        Case(c, "evaluate --budgets 100000", ("--budgets", "budgets"),
             lambda: cli_call(*pixels, "--budgets", "100000")),
        Case(c, "evaluate --draws 0", ("--draws", "draws"), lambda: cli_call(*pixels, "--draws", "0")),
        Case(c, "evaluate --draws x", ("--draws", "draws"), lambda: cli_call(*pixels, "--draws", "x")),
        Case(c, "evaluate --data nosuch", ("--data", "data"), lambda: cli_call(*pixels, "--data", "nosuch")),
        Case(c, "evaluate --encoder missing.pt", "missing.pt", lambda: cli_call("evaluate", "--encoder",
                                                                                str(tmp_dir() / "missing.pt"))),
        Case(c, "evaluate --encoder <a text file>", "notes.txt", lambda: cli_call("evaluate", "--encoder",
                                                                                  str(text_file("notes.txt")))),
        Case(c, "evaluate --baseline pixels --encoder x.pt (both)", ("--encoder", "--baseline"),
             lambda: cli_call(*pixels, "--encoder", "x.pt")),
        Case(c, "pretrain (no --out)", "--out", lambda: cli_call("pretrain")),
        Case(c, "pretrain --method supervised", "--method", lambda: cli_call("pretrain", "--method", "supervised",
                                                                             "--out", "x.pt")),
        Case(c, "pretrain --out <an existing folder>: fails before training", ("--out", "out_folder"),
             pretrain_to_folder_fails_first, check=True),
    ]
    for option, value in (("--seconds", "0"), ("--seconds", "nan"), ("--seconds", "inf"), ("--seconds", "x"),
                          ("--batch-size", "0"), ("--lr", "-1"), ("--data", "nosuch"), ("--augment", "nosuch")):
        expected = (option, option[2:].replace("-", "_"))   # the option, or the argument it becomes
        cases.append(Case(c, f"pretrain {option} {value}", expected, lambda o=option, v=value: cli_call(
            "pretrain", "--no-cache", "--seconds", "1", o, v, "--out", str(tmp_dir() / "enc.pt"))))
    return cases


def text_file(name: str) -> Path:
    path = tmp_dir() / name
    path.write_text("not an encoder\n")
    return path


def plots_cases() -> list[Case]:
    from sslcourse import plots
    p = "plots"
    return [
        Case(p, "image_grid(3-D images)", "images", lambda: plots.image_grid(grey()[0])),
        Case(p, "image_grid(ncols=0)", "ncols", lambda: plots.image_grid(grey(), ncols=0)),
        Case(p, "image_grid(2-channel images)", "images", lambda: plots.image_grid(grey().expand(-1, 2, -1, -1))),
        Case(p, "show_task('nosuch', x)", "task", lambda: plots.show_task("nosuch", grey(2))),
        Case(p, "show_task('rotation', float x)", "x", lambda: plots.show_task("rotation", unit(grey(2)))),
        Case(p, "mosaic(tiles, grid=0)", "grid", lambda: plots.mosaic(torch.zeros(4, 1, 5, 5), 0)),
        Case(p, "history_plot('history')", "history", lambda: plots.history_plot("history")),
    ]


def baselines_cases() -> list[Case]:
    from sslcourse import baselines
    b = "baselines"
    return [
        Case(b, "supervised_baseline(draws=0)", "draws",
             lambda: baselines.supervised_baseline(tiny_data(), draws=0, augment="none")),
        Case(b, "supervised_baseline(budgets=(0,))", "budgets",
             lambda: baselines.supervised_baseline(tiny_data(), budgets=(0,), augment="none")),
        Case(b, "supervised_baseline(steps=0)", "steps",
             lambda: baselines.supervised_baseline(tiny_data(), budgets=(1,), steps=0, augment="none")),
        Case(b, "supervised_baseline(lr=-1)", "lr",
             lambda: baselines.supervised_baseline(tiny_data(), budgets=(1,), lr=-1, augment="none")),
        Case(b, "supervised_baseline(data='mnist5k') a name", "data",
             lambda: baselines.supervised_baseline("mnist5k")),
        Case(b, "supervised_baseline(augment='nosuch')", "augment",
             lambda: baselines.supervised_baseline(tiny_data(), budgets=(1,), augment="nosuch")),
    ]


def combine_cases() -> list[Case]:
    """Notebooks 08 and 09: pools, SupCon, the joint objective, the DigitDoors environment and the DQN."""
    from sslcourse import combine, labelselect, losses, monitor, nlp, pools, results, rl, zoo

    m, p, r = "methods", "pools", "rl"
    lab = dict(labelled_images=grey(6), labelled_labels=torch.tensor([0, 1, 0, 1, 0, 1]), num_classes=2)
    doors = lambda **kw: rl.DigitDoors(grey(20, 28), torch.arange(20) % 10, **kw)

    def played():
        env = doors()
        env.reset(seed=0)
        return env

    return [
        Case(m, "SupCon(temperature=0)", "temperature",
             lambda: methods.SupCon(models.ConvEncoder(1, 4), temperature=0)),
        Case(m, "fit(SupCon, images) without labels", "labels",
             lambda: fit(methods.SupCon(models.ConvEncoder(1, 4)), grey(8), steps=1, progress=False, cache=False)),
        Case(m, "supcon(labels of another length)", "labels", lambda: losses.supcon(emb(4), emb(4), targets(3))),
        Case(m, "SupervisedWithSimCLR(ssl_weight=-1)", "ssl_weight",
             lambda: methods.SupervisedWithSimCLR(models.ConvEncoder(1, 4), **lab, ssl_weight=-1.0)),
        Case(m, "pretrain_pool(pool of floats)", "pool",
             lambda: zoo.pretrain_pool(unit(grey()), steps=1, augment=None)),
        Case(m, "atypicality(labels of another length)", "labels",
             lambda: labelselect.atypicality(emb(5), targets(4))),
        Case(p, "sample(n larger than the images)", "n", lambda: pools.sample(grey(4), 5)),
        Case(p, "colour_digits(colour images)", "images", lambda: pools.colour_digits(colour(2))),
        Case(r, "DigitDoors(8x8 images)", "images", lambda: rl.DigitDoors(grey(4, 8), targets(4))),
        Case(r, "DigitDoors(rooms=0)", "rooms", lambda: doors(rooms=0)),
        Case(r, "DigitDoors.step(2)", "action", lambda: played().step(2)),
        Case(r, "DigitDoors.step('left')", "action", lambda: played().step("left")),
        Case(r, "train_dqn(mode='finetune')", "mode", lambda: rl.train_dqn(doors(), models.ConvEncoder(1, 4), "x")),
        Case(r, "train_dqn(gamma=1.5)", "gamma", lambda: rl.train_dqn(doors(), models.ConvEncoder(1, 4), gamma=1.5)),
        Case(r, "DoorQNet(obs of odd width)", "obs",
             lambda: rl.DoorQNet(models.ConvEncoder(1, 4))(torch.rand(2, 1, 28, 55))),
        Case(r, "ReplayBuffer(capacity=0)", "capacity", lambda: rl.ReplayBuffer(0, (1, 2, 2))),
        Case(r, "train_dqn(update_every=0)", "update_every",
             lambda: rl.train_dqn(doors(), models.ConvEncoder(1, 4), update_every=0)),
        Case(r, "pretrain_on_frames(frames=0)", "frames", lambda: rl.pretrain_on_frames(doors(), frames=0)),
        Case("train", "fit(monitor=3)", "monitor",
             lambda: fit(methods.Supervised(models.ConvEncoder(1, 4), num_classes=2), grey(8), targets(8) % 2,
                         steps=1, progress=False, cache=False, monitor=3)),
        Case("monitor", "AccuracyMonitor(labels of another length)", "labels",
             lambda: monitor.AccuracyMonitor(grey(4), targets(3))),
        Case("monitor", "AccuracyMonitor(probe_images without probe_labels)", "probe_labels",
             lambda: monitor.AccuracyMonitor(grey(4), targets(4), probe_images=grey(4))),
        Case("combine", "run_pipeline('dino')", "pipeline", lambda: combine.run_pipeline("dino", None)),
        Case("combine", "run_pipeline(fine-tune without pretrained)", "pretrained",
             lambda: combine.run_pipeline("SimCLR → fine-tune", data.load("mnist5k"))),
        Case("combine", "run_pipeline(steps=5)", "steps",
             lambda: combine.run_pipeline("supervised", data.load("mnist5k"), steps=5)),
        Case("data", "text.wiki_articles(min_words=-1)", "min_words",
             lambda: __import__("sslcourse.data.text", fromlist=["text"]).wiki_articles(min_words=-1)),
        Case("nlp", "CharTokenizer('one string')", "texts", lambda: nlp.CharTokenizer("banana")),
        Case("nlp", "CharTokenizer.decode(an id past the vocabulary)", "ids",
             lambda: nlp.CharTokenizer(["ab"]).decode([99])),
        Case("nlp", "mask_tokens(ids of floats)", "ids",
             lambda: nlp.mask_tokens(torch.rand(2, 3), vocab_size=9, mask_id=2, special_ids=(0, 1, 2))),
        Case("nlp", "mask_tokens(p=1.5)", "p",
             lambda: nlp.mask_tokens(torch.ones(2, 3, dtype=torch.int64) * 5, vocab_size=9, mask_id=2,
                                     special_ids=(0, 1, 2), p=1.5)),
        Case("nlp", "TinyTransformer(dim=10, heads=4)", "dim", lambda: nlp.TinyTransformer(9, dim=10, heads=4)),
        Case("nlp", "TinyTransformer(ids longer than max_len)", "ids",
             lambda: nlp.TinyTransformer(9, dim=8, heads=2, max_len=3)(torch.ones(1, 4, dtype=torch.int64))),
        Case("nlp", "MaskedLM(a causal model)", "causal",
             lambda: nlp.MaskedLM(nlp.TinyTransformer(9, dim=8, heads=2, causal=True), mask_id=2, special_ids=(0,))),
        Case("train", "fit(NextToken, float images)", "images",
             lambda: fit(nlp.NextToken(nlp.TinyTransformer(9, dim=8, heads=2, causal=True)), unit(grey(4)),
                         steps=1, progress=False, cache=False)),
        Case("results", "record(units={'acc': 'seconds'})", "unit",
             lambda: results.record("nb99", {"acc": 0.5}, units={"acc": "seconds"})),
        *text_and_signal_cases(),
        *multimodal_and_recsys_cases(),
    ]


def text_and_signal_cases() -> list[Case]:
    """Notebooks 10 and 11: text features and scores, word vectors, sequence data, augmentations and methods."""
    from sslcourse import nlp, signals
    from sslcourse.data import signals as signal_data

    bert = lambda: nlp.MaskedLM(nlp.TinyTransformer(9, dim=8, heads=2), mask_id=2, special_ids=(0, 1, 2))  # noqa: E731
    gpt = lambda: nlp.NextToken(nlp.TinyTransformer(9, dim=8, heads=2, causal=True))  # noqa: E731
    ids = torch.full((2, 4), 5, dtype=torch.int64)
    enc = lambda: signals.SequenceEncoder(3, dim=8, heads=2, max_len=8)  # noqa: E731
    frames = torch.randn(4, 8, 3)
    return [
        Case("nlp", "text_features(ids of one row)", "ids",
             lambda: nlp.text_features(nlp.TinyTransformer(9, dim=8, heads=2), ids[0])),
        Case("nlp", "TextClassifier(num_classes=1)", "num_classes",
             lambda: nlp.TextClassifier(nlp.TinyTransformer(9, dim=8, heads=2), 1)),
        Case("nlp", "fit(TextClassifier, ids) without labels", "labels",
             lambda: fit(nlp.TextClassifier(nlp.TinyTransformer(9, dim=8, heads=2), 2), ids, steps=1,
                         progress=False, cache=False)),
        Case("nlp", "score.next_token_scores(a BERT)", "gpt", lambda: nlp.score.next_token_scores(bert(), ids)),
        Case("nlp", "score.left_only_accuracy(positions of another shape)", "positions",
             lambda: nlp.score.left_only_accuracy(gpt(), ids, torch.ones(2, 3, dtype=torch.bool))),
        Case("nlp", "score.generate(temperature=0)", "temperature",
             lambda: nlp.score.generate(gpt(), [5], steps=2, temperature=0)),
        Case("nlp", "score.unigram_scores(ids past the vocabulary)", "ids",
             lambda: nlp.score.unigram_scores(ids, ids + 10, 9)),
        Case("nlp", "words.word2vec(dim=0)", "dim", lambda: nlp.words.word2vec(["a b c"], dim=0)),
        Case("nlp", "words.tfidf_features('one string')", "texts", lambda: nlp.words.tfidf_features("a b")),
        Case("nlp", "few_label_accuracies(features of another length)", "features",
             lambda: nlp.few_label_accuracies(torch.rand(3, 2), torch.tensor([0, 1, 0, 1]), 1)),
        Case("data", "signals.ucr('Unknown')", "name", lambda: signal_data.ucr("Unknown")),
        Case("data", "signals.spoken_digits(frames=1)", "frames", lambda: signal_data.spoken_digits(frames=1)),
        Case("signals", "SequenceEncoder(dim=10, heads=4)", "dim", lambda: signals.SequenceEncoder(3, dim=10, heads=4)),
        Case("signals", "SequenceEncoder(frames with 2 channels)", "x", lambda: enc()(torch.randn(2, 8, 2))),
        Case("signals", "span_mask(span=9 > frames=8)", "span",
             lambda: signals.span_mask(2, 8, 0.2, 9, torch.Generator())),
        Case("signals", "distractors(one masked frame)", "mask",
             lambda: signals.distractors(torch.eye(4, dtype=torch.bool), 2, torch.Generator())),
        Case("signals", "MaskedContrastive(span=1)", "span", lambda: signals.MaskedContrastive(enc(), span=1)),
        Case("signals", "jitter(sigma=-1)", "sigma", lambda: signals.jitter(frames, -1.0, torch.Generator())),
        Case("signals", "crop(fraction=2)", "fraction", lambda: signals.crop(frames, 2.0, torch.Generator())),
        Case("signals", "SignalContrastive(augment='strong')", "augment",
             lambda: signals.SignalContrastive(enc(), "strong")),
        Case("signals", "fit(SequenceClassifier, frames) without labels", "labels",
             lambda: fit(signals.SequenceClassifier(enc(), 2), frames, steps=1, progress=False, cache=False)),
        Case("signals", "statistics(frames without channels)", "x", lambda: signals.statistics(torch.randn(4, 8))),
    ]


def multimodal_and_recsys_cases() -> list[Case]:
    """Notebook 12: captions, CLIP, zero-shot and retrieval; interactions, recommenders' metrics and augmentations."""
    from sslcourse import multimodal as mm, nlp, recsys
    from sslcourse.data import interactions

    caps = mm.PairCaptions()
    clip = lambda: mm.CLIP(models.ConvEncoder(1, 4), mm.BagOfWords(len(caps.vocab), dim=4), caps, dim=4)  # noqa: E731
    seqs = [torch.tensor([1, 2, 3]), torch.tensor([2, 3])]
    gpt = lambda: nlp.NextToken(nlp.TinyTransformer(6, dim=8, heads=2, max_len=4, causal=True))  # noqa: E731
    return [
        Case("losses", "clip_loss(scale=-1)", "scale", lambda: losses.clip_loss(emb(4), emb(4), -1.0)),
        Case("losses", "clip_loss(rows of other widths)", "text_z", lambda: losses.clip_loss(emb(4), emb(4, 3), 1.0)),
        Case("multimodal", "ShapeCaptions(drop=2)", "drop", lambda: mm.ShapeCaptions(drop=2.0)),
        Case("multimodal", "captions.encode(an unknown word)", "texts", lambda: caps.encode(["3 above 7"])),
        Case("multimodal", "CLIP(temperature=0)", "temperature",
             lambda: mm.CLIP(models.ConvEncoder(1, 4), mm.BagOfWords(14, dim=4), caps, temperature=0)),
        Case("multimodal", "fit(CLIP, images) without caption codes", "labels",
             lambda: fit(clip(), grey(4), steps=1, progress=False, cache=False)),
        Case("multimodal", "CLIP.embed_texts('3 left of 7')", "texts", lambda: clip().embed_texts("3 left of 7")),
        Case("multimodal", "zero_shot(class embeddings of another width)", "class_emb",
             lambda: mm.zero_shot(emb(4), emb(3, 5))),
        Case("multimodal", "retrieval(k=0)", "k",
             lambda: mm.retrieval(emb(4), torch.arange(4), emb(2), torch.arange(2), k=0)),
        Case("multimodal", "tile_pairs(labels past 9)", "labels",
             lambda: mm.tile_pairs(grey(2), torch.tensor([3, 12]), 2)),
        Case("models", "ConvEncoder(grid=2)", "grid", lambda: models.ConvEncoder(1, 4, grid=2)),
        Case("data", "interactions.movielens(min_ratings=0)", "min_ratings",
             lambda: interactions.movielens(min_ratings=0)),
        Case("data", "interactions.windows(length=1)", "length", lambda: interactions.windows(seqs, 1)),
        Case("data", "interactions.recent(a tensor, not a list)", "sequences",
             lambda: interactions.recent(torch.tensor([1, 2]), 2)),
        Case("recsys", "popularity(items past n_items)", "train", lambda: recsys.popularity(seqs, seqs, 2)),
        Case("recsys", "item_knn(recent=0)", "recent", lambda: recsys.item_knn(seqs, seqs, 3, recent=0)),
        Case("recsys", "ranks(targets of another length)", "targets",
             lambda: recsys.ranks(torch.zeros(2, 4), torch.tensor([1]), seqs)),
        Case("recsys", "hit_rate_ndcg(k=0)", "k", lambda: recsys.hit_rate_ndcg(torch.tensor([1, 2]), k=0)),
        Case("recsys", "augment_sequences(crop=1.5)", "crop",
             lambda: recsys.augment_sequences(torch.ones(2, 3, dtype=torch.int64), mask_id=5, crop=1.5)),
        Case("recsys", "next_item_scores(length past max_len)", "length",
             lambda: recsys.next_item_scores(gpt(), seqs, 9, 3)),
        Case("recsys", "ContrastiveNextItem(temperature=0)", "temperature",
             lambda: recsys.ContrastiveNextItem(gpt().encoder, mask_id=5, temperature=0)),
    ]


def semi_cases() -> list[Case]:
    """Notebook 06's API: semi-supervised methods, strong augmentation, self-training, label selection."""
    from sslcourse import labelselect, randaugment, selftrain
    from sslcourse.finetune import fine_tuned
    from sslcourse.methods.fixmatch import fixmatch_loss

    m, r, st, ls = "methods", "randaugment", "selftrain", "labelselect"
    lab = dict(labelled_images=grey(6), labelled_labels=torch.tensor([0, 1, 0, 1, 0, 1]), num_classes=2)

    def semi(cls=methods.FixMatch, **kw):
        return cls(models.ConvEncoder(1, 4), None, **{**lab, **kw})

    sup = lambda: methods.Supervised(models.ConvEncoder(1, 4), None, num_classes=2)
    f, y = emb(20), targets(20)
    return [
        Case(m, "FixMatch(threshold=1.5)", "threshold", lambda: semi(threshold=1.5)),
        Case(m, "FixMatch(threshold=nan)", "threshold", lambda: semi(threshold=NAN)),
        Case(m, "FixMatch(mu=0)", "mu", lambda: semi(mu=0)),
        Case(m, "FixMatch(mu=2.5)", "mu", lambda: semi(mu=2.5)),
        Case(m, "FixMatch(unlabelled_weight=-1)", "unlabelled_weight", lambda: semi(unlabelled_weight=-1.0)),
        Case(m, "FixMatch(swap_views='yes')", "swap_views", lambda: semi(swap_views="yes")),
        Case(m, "FixMatch(strong='nosuch')", "strong", lambda: semi(strong="nosuch")),
        Case(m, "FixMatch(labelled set missing a class)", "labelled_labels",
             lambda: semi(labelled_labels=torch.zeros(6, dtype=torch.long))),
        Case(m, "FixMatch(labelled_labels of another length)", "labelled_labels",
             lambda: semi(labelled_labels=torch.tensor([0, 1]))),
        Case(m, "FixMatch(float labelled_images)", "labelled_images", lambda: semi(labelled_images=unit(grey(6)))),
        Case(m, "FixMatch(3-channel labelled_images, 1-channel encoder)", "labelled_images",
             lambda: semi(labelled_images=colour(6))),
        Case(m, "FixMatch(labelled_labels = 5 with num_classes=2)", "labelled_labels",
             lambda: semi(labelled_labels=torch.tensor([0, 1, 5, 1, 0, 1]))),
        Case(m, "FixMatch(monitor_images without labels)", "monitor_labels", lambda: semi(monitor_images=grey(4))),
        Case(m, "FixMatch(ema=1.5)", "ema", lambda: semi(ema=1.5)),
        Case(m, "fit(FixMatch, images, labels)", "labels", lambda: fit(semi(), grey(8), targets(8))),
        Case(m, "MeanTeacher(consistency=-1)", "consistency", lambda: semi(methods.MeanTeacher, consistency=-1.0)),
        Case(m, "MeanTeacher(rampup=0)", "rampup", lambda: semi(methods.MeanTeacher, rampup=0)),
        Case(m, "Distillation(teacher=nn.Linear)", "teacher",
             lambda: methods.Distillation(models.ConvEncoder(1, 4), teacher=nn.Linear(2, 2), num_classes=2)),
        Case(m, "Distillation(temperature=0)", "temperature",
             lambda: methods.Distillation(models.ConvEncoder(1, 4), teacher=sup(), num_classes=2, temperature=0)),
        Case(m, "fixmatch_loss(threshold=2)", "threshold", lambda: fixmatch_loss(emb(4, 3), emb(4, 3), 2.0)),
        Case(r, "RandAugment(n=0)", "n", lambda: randaugment.RandAugment(n=0)),
        Case(r, "RandAugment(magnitude=-0.5)", "magnitude", lambda: randaugment.RandAugment(magnitude=-0.5)),
        Case(r, "RandAugment(ops=('blur',))", "ops", lambda: randaugment.RandAugment(ops=("blur",))),
        Case(r, "RandAugment(ops='rotate')", "ops", lambda: randaugment.RandAugment(ops="rotate")),
        Case(r, "RandAugment(cutout=2)", "cutout", lambda: randaugment.RandAugment(cutout=2.0)),
        Case(r, "RandAugment()(float images)", "x", lambda: randaugment.RandAugment()(unit(grey()), seeded())),
        Case(r, "RandAugment()(images, generator=None)", "generator",
             lambda: randaugment.RandAugment()(grey(), None)),
        Case(st, "pseudo_labels(threshold=1.5)", "threshold", lambda: selftrain.pseudo_labels(sup(), grey(), 1.5)),
        Case(st, "pseudo_labels(model=nn.Linear)", "model",
             lambda: selftrain.pseudo_labels(nn.Linear(2, 2), grey(), 0.5)),
        Case(st, "pseudo_labels(float images)", "images", lambda: selftrain.pseudo_labels(sup(), unit(grey()), 0.5)),
        Case(st, "quality(pseudo and truth of other lengths)", "truth",
             lambda: selftrain.quality(targets(4), targets(3), 10, 2)),
        Case(st, "quality(pool_size=0)", "pool_size", lambda: selftrain.quality(targets(4), targets(4), 0, 2)),
        Case(st, "self_training(rounds=-1)", "rounds",
             lambda: selftrain.self_training(tiny_data(), torch.tensor([0, 1]), rounds=-1, steps=1)),
        Case(st, "self_training(repeated labelled indices)", "labelled",
             lambda: selftrain.self_training(tiny_data(), torch.tensor([0, 0]), steps=1)),
        Case(st, "self_training(labelled index out of range)", "labelled",
             lambda: selftrain.self_training(tiny_data(), torch.tensor([0, 99]), steps=1)),
        Case(st, "self_training(data='mnist5k') a name", "data",
             lambda: selftrain.self_training("mnist5k", torch.tensor([0, 1]))),
        Case(st, "fine_tuned(draw=-1)", "draw", lambda: fine_tuned(models.ConvEncoder(1, 4), tiny_data(), 1, draw=-1)),
        Case(st, "fine_tuned(per_class=0)", "per_class",
             lambda: fine_tuned(models.ConvEncoder(1, 4), tiny_data(), 0)),
        Case(ls, "choose_labels(strategy='best')", "strategy", lambda: labelselect.choose_labels(f, y, 1, "best")),
        Case(ls, "choose_labels(per_class=0)", "per_class", lambda: labelselect.choose_labels(f, y, 0)),
        Case(ls, "choose_labels(per_class larger than a class)", "per_class",
             lambda: labelselect.choose_labels(f, y, 50, "prototypical")),
        Case(ls, "choose_labels(NaN features)", "features", lambda: labelselect.choose_labels(with_nan(f), y, 1)),
        Case(ls, "choose_labels(labels of another length)", "labels", lambda: labelselect.choose_labels(f, y[:5], 1)),
        Case(ls, "choose_labels(too many clusters)", "clusters",
             lambda: labelselect.choose_labels(f, y, 15, "clusters")),
    ]


def checks_cases() -> list[Case]:
    c = "_checks"
    return [
        Case(c, "check_positive('v', inf)", "v", lambda: _checks.check_positive("v", INF)),
        Case(c, "check_range('r', (1, inf))", "r", lambda: _checks.check_range("r", (1, INF))),
        Case(c, "check_count('n', 2**70)", "n", lambda: _checks.check_count("n", 2 ** 70)),
        Case(c, "check_tensor('t', [1, 2])", "t", lambda: _checks.check_tensor("t", [1, 2])),
    ]


def all_cases() -> list[Case]:
    return (data_cases() + transforms_cases() + augment_cases() + losses_cases() + diagnostics_cases()
            + models_cases() + forward_cases() + supervised_cases() + hparam_cases() + pretext_task_cases()
            + zoo_cases() + train_cases() + runcache_cases() + evaluate_cases() + checkpoint_cases()
            + cli_cases() + plots_cases() + baselines_cases() + semi_cases() + combine_cases() + checks_cases())


# ---------------------------------------------------------------------------------------------------------
# run, report
# ---------------------------------------------------------------------------------------------------------

def run(cases: list[Case] | None = None, timeout: float = 10.0) -> list[Result]:
    """Run every case (default: all of them), each isolated, and return one Result per case."""
    return [run_case(case, timeout) for case in (all_cases() if cases is None else cases)]


def summary(results: list[Result]) -> dict[str, Counter]:
    table: dict[str, Counter] = {}
    for r in results:
        table.setdefault(r.module, Counter())[r.category] += 1
    return table


def report(results: list[Result]) -> str:
    table = summary(results)
    head = f"{'module':<12}" + "".join(f"{c:>10}" for c in CATEGORIES) + f"{'total':>8}"
    rows = [head, "-" * len(head)]
    for module, counts in table.items():
        rows.append(f"{module:<12}" + "".join(f"{counts[c]:>10}" for c in CATEGORIES)
                    + f"{sum(counts.values()):>8}")
    total = Counter(r.category for r in results)
    rows += ["-" * len(head), f"{'total':<12}" + "".join(f"{total[c]:>10}" for c in CATEGORIES)
             + f"{len(results):>8}", ""]
    rows += [f"{r.module:<11} {r.category:<9} {r.label}  |  {r.error}" for r in results if r.category != "clear"]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write the results to this file")
    parser.add_argument("--only", help="run only the cases of this module (e.g. losses, cli)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per case before it counts as a hang")
    args = parser.parse_args(argv)
    print(f"probing {sslcourse.__file__}, torch threads {torch.get_num_threads()}", flush=True)
    cases = [c for c in all_cases() if args.only in (None, c.module)]
    start = time.perf_counter()
    results = run(cases, args.timeout)
    print(report(results))
    print(f"\n{len(results)} cases in {time.perf_counter() - start:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "package": sslcourse.__file__,
            "totals": dict(Counter(r.category for r in results)),
            "modules": {m: dict(c) for m, c in summary(results).items()},
            "results": [asdict(r) for r in results]}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
