"""The cache of trained methods behind `train.fit`: a later notebook reuses a pretraining instead of repeating it.

An entry is two files in `cache_dir()`: `{key}.pt` (the method's state dict) and `{key}.json` (its History).
The key is a hash of everything that determines the result of training: the method's configuration
(`method.config()`), the data and labels by content, the budget, the optimizer settings, the seed and the
package version. Delete the folder (or set $SSLCOURSE_CACHE) to retrain.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path

import torch

from . import __version__
from ._paths import user_cache


def cache_dir() -> Path:
    """Where trained methods are cached: $SSLCOURSE_CACHE if set, else the user cache + sslcourse/runs (the
    platform's rules, as `data.data_dir()`: ~/.cache on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA%)."""
    return user_cache("runs", env="SSLCOURSE_CACHE")


def fingerprint(tensor: torch.Tensor) -> str:
    """A short hash of a tensor's shape and bytes: data enter the cache key by content."""
    h = hashlib.sha1(str(tuple(tensor.shape)).encode())
    h.update(tensor.contiguous().cpu().numpy().tobytes())
    return h.hexdigest()[:16]


def key(method, images: torch.Tensor, labels: torch.Tensor | None, settings: dict) -> str:
    """The entry's name: the method's name and a hash of everything that determines the trained state."""
    blob = json.dumps({"config": method.config(), "data": fingerprint(images),
                       "labels": None if labels is None else fingerprint(labels),
                       "settings": settings, "version": __version__}, sort_keys=True, default=str)
    return f"{method.name}-{hashlib.sha1(blob.encode()).hexdigest()[:20]}"


def load(method, name: str, device) -> dict | None:
    """Load entry `name` into `method` and return its saved History fields; None if there is no usable entry.

    Both files are read before the method is touched, and a state dict that does not fit leaves the method as
    it was, so a broken or stale entry means "train again from the same start", never a half-loaded model.
    """
    path = cache_dir() / f"{name}.pt"
    if not path.exists() or not path.with_suffix(".json").exists():
        return None
    try:
        state = torch.load(path, map_location=device, weights_only=True)
        history = json.loads(path.with_suffix(".json").read_text())
    except (RuntimeError, OSError, EOFError, KeyError, ValueError, pickle.UnpicklingError):   # broken: retrain
        return None
    before = {k: v.clone() for k, v in method.state_dict().items()}
    try:
        method.load_state_dict(state)
    except (RuntimeError, KeyError, TypeError):              # stale (another architecture): retrain
        method.load_state_dict(before)
        return None
    return history


def save(method, name: str, history: dict) -> None:
    """Write entry `name`: the method's state dict, then its History fields (the .json marks it complete)."""
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"{name}.tmp"
    torch.save(method.state_dict(), tmp)
    os.replace(tmp, folder / f"{name}.pt")
    (folder / f"{name}.json").write_text(json.dumps(history))
