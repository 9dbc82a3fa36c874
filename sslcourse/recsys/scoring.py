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
def next_item_scores(method, histories, length: int, n_items: int, batch_size: int = 256) -> torch.Tensor:
    """(U, n_items + 1) scores of the item each history continues with, from its last `length - 1` items, in eval
    mode; column i scores item i (column 0, padding, and the special ids past n_items are not items).

    `method` is an `nlp.NextToken` (the hidden state at the last item scores the next one) or an `nlp.MaskedLM` (a
    <mask> appended after the items is filled). Trained on windows of `length`, both have learnt positions
    0..length - 2 as places to predict from: next-token training never predicts from the last position of a window.
    """
    if not hasattr(method, "logits") or not hasattr(getattr(method, "encoder", None), "causal"):
        raise TypeError(f"method must be an nlp.NextToken or nlp.MaskedLM over item ids, got {type(method).__name__}")
    check_count("length", length, minimum=2, maximum=method.encoder.max_len)
    check_count("n_items", n_items, maximum=method.encoder.vocab_size - 1)
    check_sequences("histories", histories, n_items)
    if any(len(s) == 0 for s in histories):
        raise ValueError("histories must each hold at least one item (a user with no history gets popularity)")
    check_count("batch_size", batch_size)
    causal = method.encoder.causal
    keep = length - 1
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
    return torch.cat(out)[:, :n_items + 1]                           # (U, n_items + 1): items only
