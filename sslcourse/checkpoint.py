"""Save an encoder with what it takes to rebuild it; load it back safely (weights_only=True).

The architecture is read from the encoder object itself (`describe`): a ConvEncoder (its channels and width),
the CIFAR-stem ResNet-18 (its channels), or colorization's GreyInput around either of them. An encoder of any
other kind is refused when saving, so every file `save_encoder` writes can be loaded back.
"""
from __future__ import annotations

import io
from pathlib import Path

import torch
from torch import nn

from ._files import write_atomic
from .models import ConvEncoder, encoder_for
from .pretext.colorization import GreyInput

FORMAT = "sslcourse-encoder-v1"
PLAIN = (str, int, float, bool, type(None))


def describe(encoder: nn.Module) -> dict:
    """The architecture of `encoder` as plain data: {"arch": "conv" | "resnet18" | "grey", ...}."""
    if isinstance(encoder, GreyInput):
        return {"arch": "grey", "in_channels": 3, "width": 0, "inner": describe(encoder.inner)}
    if isinstance(encoder, ConvEncoder):
        return {"arch": "conv", "in_channels": encoder.in_channels, "width": encoder.out_dim // 4}
    from torchvision.models import ResNet
    if isinstance(encoder, ResNet) and getattr(encoder, "out_dim", None) == 512:
        return {"arch": "resnet18", "in_channels": encoder.in_channels, "width": 0}
    raise TypeError("encoder must be a ConvEncoder, a models.resnet18() or a GreyInput around one of them, "
                    f"got {type(encoder).__name__}")


def rebuild(arch: dict) -> nn.Module:
    """A fresh encoder of the architecture `describe` recorded."""
    if arch["arch"] == "grey":
        return GreyInput(rebuild(arch["inner"]))
    return encoder_for(arch["in_channels"], arch["arch"], arch["width"] or 32)


def _check_meta(meta: dict) -> None:
    """Meta must be plain data (what weights_only loading accepts), or the file could not be read back."""
    def plain(v) -> bool:
        if isinstance(v, (list, tuple)):
            return all(plain(x) for x in v)
        if isinstance(v, dict):
            return all(isinstance(k, str) and plain(x) for k, x in v.items())
        return isinstance(v, PLAIN)
    for k, v in meta.items():
        if not plain(v):
            raise TypeError(f"meta {k!r} must be plain data (str, int, float, bool, None, lists and dicts of "
                            f"them), got {type(v).__name__}")


def save_encoder(path: str | Path, encoder: nn.Module, **meta) -> Path:
    """Write the encoder's weights, its architecture and any plain `meta` (str/int/float/dicts) to `path`.

    The file is written under a temporary name and renamed into place: an interrupted save never leaves a
    half-written file under `path`. Raises TypeError for an encoder `describe` does not know or non-plain meta,
    IsADirectoryError if `path` is a folder.
    """
    arch = describe(encoder)
    _check_meta(meta)
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"path {str(path)!r} is a folder; give a file name such as "
                                f"{str(path / 'encoder.pt')!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    blob = {"format": FORMAT, **arch, "state_dict": {k: v.cpu() for k, v in encoder.state_dict().items()},
            "meta": meta}
    buffer = io.BytesIO()
    torch.save(blob, buffer)
    write_atomic(path, buffer.getvalue())
    return path


def load_encoder(path: str | Path) -> tuple[nn.Module, dict]:
    """(encoder in eval mode on the CPU, meta) from a file written by `save_encoder`.

    Raises FileNotFoundError if there is no such file, and ValueError naming the file for anything that is not
    a whole sslcourse encoder file (empty, truncated, random bytes, text, a pickle of arbitrary objects, which
    is refused unread, or a state dict that does not fit its recorded architecture).
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"encoder file {str(path)!r} does not exist")
    data = path.read_bytes()   # unreadable (permissions, a folder): the system's own error names the path
    try:
        blob = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
    except Exception as e:     # truncated, empty, random bytes, a text file, or a pickle that is not plain data
        raise ValueError(_not_ours(path, e)) from e
    if not isinstance(blob, dict) or blob.get("format") != FORMAT:
        raise ValueError(_not_ours(path))
    try:
        encoder = rebuild(blob)
        encoder.load_state_dict(blob["state_dict"])
    except (KeyError, TypeError, ValueError, RuntimeError) as e:   # a damaged or hand-edited file
        raise ValueError(_not_ours(path, e)) from e
    return encoder.eval(), dict(blob.get("meta") or {})


def _not_ours(path: Path, error: Exception | None = None) -> str:
    why = "" if error is None else f": {type(error).__name__}: {(str(error).splitlines() or [''])[0][:200]}"
    return f"{str(path)!r} is not a whole sslcourse encoder file ({FORMAT}){why}"
