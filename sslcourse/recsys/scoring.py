"""Scores for every item from a sequence model trained on item ids (`nlp.NextToken`: SASRec; `nlp.MaskedLM`: BERT4Rec).

A recommender is a language model whose words are items: SASRec (Kang & McAuley 2018) reads a history left to right and
predicts the next item; BERT4Rec (Sun et al. 2019) learns to fill masked items and recommends by appending one <mask>
to the history and filling it.
"""
from __future__ import annotations

import torch

from .._checks import check_count
from ..data.interactions import check_sequences


@torch.no_grad()
def next_item_scores(method, histories, length: int, batch_size: int = 256) -> torch.Tensor:
    """(U, V) scores of the item each history continues with, from its last `length` items, in eval mode.

    `method` is an `nlp.NextToken` (the hidden state at the last item scores the next one) or an `nlp.MaskedLM` (a
    <mask> appended after the last `length - 1` items is filled). V = the vocabulary: item ids plus the special ids.
    """
    if not hasattr(method, "logits") or not hasattr(method.encoder, "causal"):
        raise TypeError(f"method must be an nlp.NextToken or nlp.MaskedLM over item ids, got {type(method).__name__}")
    check_count("length", length, minimum=2, maximum=method.encoder.max_len)
    check_sequences("histories", histories, method.encoder.vocab_size - 1)
    check_count("batch_size", batch_size)
    causal = method.encoder.causal
    keep = length if causal else length - 1
    ids = torch.zeros(len(histories), length, dtype=torch.int64)     # (U, length), right-padded with 0
    last = torch.zeros(len(histories), dtype=torch.int64)            # (U,) the position that scores the next item
    for u, s in enumerate(histories):
        part = s[-keep:]
        ids[u, :len(part)] = part
        last[u] = len(part) - 1 if causal else len(part)
        if not causal:
            ids[u, len(part)] = method.mask_id
    was_training, device = method.training, next(method.parameters()).device
    method.eval()
    try:
        out = []
        for rows, at in zip(ids.split(batch_size), last.split(batch_size)):
            logits = method.logits(rows.to(device))                  # (B, length, V)
            out.append(logits[torch.arange(len(rows)), at.to(device)].float().cpu())
    finally:
        method.train(was_training)
    return torch.cat(out)                                            # (U, V)
