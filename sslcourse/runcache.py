"""The cache of trained methods behind `train.fit`: a later notebook reuses a pretraining instead of repeating it.

An entry is two files in `cache_dir()`: `{key}.pt` (the trained state dict) and `{key}.json` (the History and
the SHA-256 of the .pt). The key is a hash of everything that determines the result of training: the method's
configuration (`method.config()`), its initial state (every parameter and buffer at the start of `fit`, so a
changed seed, a pretrained encoder or a second call that continues training is a different run), the data and
labels by content, the budget, the optimizer settings, the seed, the device type, the package version and a hash of
the package's source code (`code_fingerprint`: every .py file but the interview text), so an edit to a loss, a method
or an augmentation can never bring back a result the old code trained.

Also in the key: the numerics (`numerics()`: PyTorch's thread count and CPU capability). One thread and two, or
AVX-512 and AVX2, sum floats in another order; the last bits differ after one step and, through hundreds of steps,
self-training rounds or an agent's returns, grow into points of accuracy. A cached run is therefore always the run
this process would train now, bit for bit (a run under `OMP_NUM_THREADS=1` or another `ATEN_CPU_CAPABILITY` never
stands in for the default one).

Reliability: each file is written under a unique temporary name and renamed into place (atomic on one file
system), so two processes finishing the same run at once, or a save interrupted by Ctrl-C, never leave a
half-written entry. A load verifies the checksum and that the state dict fits the method exactly before it
touches the method; an entry that cannot be used (truncated, corrupted, stale, unreadable) is a miss: `fit`
warns, trains again and overwrites it. Delete the folder (or set $SSLCOURSE_CACHE) to retrain everything.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import time
import warnings
from pathlib import Path

import torch

from . import __version__
from ._files import write_atomic
from ._paths import user_cache

FORMAT = 2                      # bump when the layout of an entry changes
STALE_TMP_SECONDS = 24 * 3600   # a temporary file this old belongs to a save that was killed: removed


def cache_dir() -> Path:
    """Where trained methods are cached: $SSLCOURSE_CACHE if set, else the user cache + sslcourse/runs (the
    platform's rules, as `data.data_dir()`: ~/.cache on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA%)."""
    return user_cache("runs", env="SSLCOURSE_CACHE")


def fingerprint(tensor: torch.Tensor) -> str:
    """A short hash of a tensor's shape, dtype and bytes: data enter the cache key by content."""
    if not isinstance(tensor, torch.Tensor):
        raise TypeError(f"tensor must be a torch.Tensor, got {type(tensor).__name__}")
    h = hashlib.sha1(f"{tuple(tensor.shape)} {tensor.dtype}".encode())
    h.update(tensor.detach().contiguous().cpu().reshape(-1).view(torch.uint8).numpy().tobytes())
    return h.hexdigest()[:16]


def state_fingerprint(module: torch.nn.Module) -> str:
    """A hash of every parameter and buffer of `module` (names included): its state at the start of training."""
    h = hashlib.sha1()
    for name, tensor in module.state_dict().items():
        h.update(f"{name}={fingerprint(tensor)};".encode())
    return h.hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the package's source files (their paths and bytes; all but interview/, which trains nothing)."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha1()
    for path in sorted(root.rglob("*.py")):
        name = path.relative_to(root).as_posix()
        if not name.startswith("interview/"):
            h.update(f"{name}\n".encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def key(method, images: torch.Tensor, labels: torch.Tensor | None, settings: dict) -> str:
    """The entry's name: the method's name and a hash of everything that determines the trained state."""
    if not isinstance(method, torch.nn.Module) or not callable(getattr(method, "config", None)):
        raise TypeError(f"method must be a method object (with config()), got {type(method).__name__}")
    blob = json.dumps({"config": method.config(), "initial_state": state_fingerprint(method),
                       "data": fingerprint(images), "labels": None if labels is None else fingerprint(labels),
                       "settings": settings, "version": __version__, "code": code_fingerprint(),
                       "numerics": numerics(), "format": FORMAT},
                      sort_keys=True, default=str)
    return f"{method.name}-{hashlib.sha1(blob.encode()).hexdigest()[:20]}"


def numerics() -> dict:
    """What decides the last bits of a CPU training besides the code and the data: threads and vector width."""
    return {"threads": torch.get_num_threads(), "cpu_capability": torch.backends.cpu.get_cpu_capability()}


class Unusable(Exception):
    """An entry exists but cannot be used (the message says why): the caller trains again."""


def load(method, name: str, device, fields: set[str] | None = None) -> dict | None:
    """Load entry `name` into `method` and return its saved History fields; None if there is no entry.

    Raises `Unusable` (the method untouched) when the entry is broken: unreadable or garbage .json, a .pt
    whose SHA-256 differs from the one recorded, one torch cannot read, a state dict whose names, shapes or
    dtypes differ from the method's, or History fields other than `fields`.
    """
    pt, meta = _paths(name)
    if not pt.exists() or not meta.exists():
        return None
    try:
        record = json.loads(meta.read_text())
        blob = pt.read_bytes()
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise Unusable(f"cannot read it ({type(error).__name__}: {error})") from error
    if not isinstance(record, dict) or record.get("format") != FORMAT or not isinstance(record.get("history"), dict):
        raise Unusable("its .json is not an entry of this version")
    if hashlib.sha256(blob).hexdigest() != record.get("sha256"):
        raise Unusable("its .pt does not match the checksum in its .json (corrupted or half-written)")
    history = record["history"]
    if fields is not None and set(history) != fields:
        raise Unusable(f"its history has fields {sorted(history)}, expected {sorted(fields)}")
    try:
        state = torch.load(io.BytesIO(blob), map_location=device, weights_only=True)
    except Exception as error:   # any failure to unpickle: the checksum matched, so it was written broken
        raise Unusable(f"torch cannot read its .pt ({type(error).__name__})") from error
    _check_fits(method, state)
    method.load_state_dict(state)     # cannot fail now: every name, shape and dtype was checked
    return history


def _check_fits(method, state) -> None:
    """Raise Unusable unless `state` has exactly the method's tensor names, shapes and dtypes."""
    own = method.state_dict()
    if not isinstance(state, dict) or set(state) != set(own):
        raise Unusable("its state dict names other tensors than the method's (stale)")
    for k, v in own.items():
        if not isinstance(state[k], torch.Tensor) or state[k].shape != v.shape or state[k].dtype != v.dtype:
            raise Unusable(f"its tensor {k!r} does not fit the method's (stale)")


def save(method, name: str, history: dict) -> None:
    """Write entry `name`: the state dict, then the History and checksum (.json last: it marks the entry whole).

    Each file goes to a unique temporary file in the same folder and is renamed into place, so concurrent
    writers and interrupted saves never leave a partial file under the entry's name.
    """
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    _remove_stale_tmp(folder)
    buffer = io.BytesIO()
    torch.save({k: v.detach().cpu() for k, v in method.state_dict().items()}, buffer)
    blob = buffer.getvalue()
    record = {"format": FORMAT, "sha256": hashlib.sha256(blob).hexdigest(), "history": history}
    try:
        text = json.dumps(record)
    except (TypeError, ValueError) as error:
        raise TypeError(f"history must hold plain numbers, lists and dicts (JSON): {error}") from error
    pt, meta = _paths(name)
    write_atomic(pt, blob)
    write_atomic(meta, text.encode())


def _paths(name: str) -> tuple[Path, Path]:
    folder = cache_dir()
    return folder / f"{name}.pt", folder / f"{name}.json"


def _remove_stale_tmp(folder: Path) -> None:
    """Remove temporary files left by saves that were killed (SIGKILL, power loss) more than a day ago."""
    now = time.time()
    for tmp in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if now - tmp.stat().st_mtime > STALE_TMP_SECONDS:
                tmp.unlink()


def warn_unusable(name: str, reason: str) -> None:
    """Say once per entry that it is being replaced: the user sees why a cached run trains again."""
    warnings.warn(f"sslcourse run cache: entry {name!r} in {cache_dir()} is unusable ({reason}); "
                  "training again and overwriting it", RuntimeWarning, stacklevel=3)
