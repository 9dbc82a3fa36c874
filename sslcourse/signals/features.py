"""Sequence features for a probe: a frozen encoder's, or the plain statistics baseline."""
from __future__ import annotations

import torch

from .._checks import check_count
from .augment import check_sequences
from .encoder import SequenceEncoder


@torch.no_grad()
def features(encoder: SequenceEncoder, x: torch.Tensor, batch_size: int = 512) -> torch.Tensor:
    """(N, 2D) float32 on the CPU: the mean and standard deviation over time of the encoder's context outputs for
    frames x (N, T, C) — the same summary `statistics` makes of the raw frames — in eval mode (restored after)."""
    if not isinstance(encoder, SequenceEncoder):
        raise TypeError(f"encoder must be a signals.SequenceEncoder, got {type(encoder).__name__}")
    encoder.check_frames("x", x)
    check_count("batch_size", batch_size)
    was_training, device = encoder.training, next(encoder.parameters()).device
    encoder.eval()
    try:
        return torch.cat([statistics(encoder.context(encoder.features(chunk.to(device)))).float().cpu()
                          for chunk in x.split(batch_size)])
    finally:
        encoder.train(was_training)


def statistics(x: torch.Tensor) -> torch.Tensor:
    """(N, 2C): each channel's mean and standard deviation over time — the classic hand-made summary of a
    sequence of MFCCs or sensor samples, and the baseline every learnt feature must beat."""
    check_sequences("x", x)
    return torch.cat([x.mean(1), x.std(1)], 1)
