"""Save an encoder with what it takes to rebuild it; load it back safely (weights_only=True)."""
from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from .models import ConvEncoder, encoder_for

FORMAT = "sslcourse-encoder-v1"


def save_encoder(path: str | Path, encoder: nn.Module, **meta) -> Path:
    """Write the encoder's weights, its architecture and any plain `meta` (str/int/float/dicts)."""
    arch = "conv" if isinstance(encoder, ConvEncoder) else "resnet18"
    width = encoder.out_dim // 4 if arch == "conv" else 0
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"format": FORMAT, "arch": arch, "in_channels": encoder.in_channels, "width": width,
                "state_dict": {k: v.cpu() for k, v in encoder.state_dict().items()}, "meta": meta},
               path)
    return path


def load_encoder(path: str | Path) -> tuple[nn.Module, dict]:
    """(encoder in eval mode on the CPU, meta) from a file written by `save_encoder`."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"encoder file {str(path)!r} does not exist")
    try:
        blob = torch.load(path, map_location="cpu", weights_only=True)
    except OSError:          # unreadable (permissions, a folder): the system's own message names the path
        raise
    except Exception as e:   # truncated, empty, random bytes, a text file, or a pickle that is not plain data
        raise ValueError(f"{str(path)!r} is not an sslcourse encoder file ({FORMAT}): "
                         f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}") from e
    if not isinstance(blob, dict) or blob.get("format") != FORMAT:
        raise ValueError(f"{str(path)!r} is not an sslcourse encoder file ({FORMAT})")
    encoder = encoder_for(blob["in_channels"], blob["arch"], blob["width"] or 32)
    encoder.load_state_dict(blob["state_dict"])
    return encoder.eval(), blob["meta"]
