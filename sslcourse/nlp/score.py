"""What a pretrained text model can do, measured on held-out token ids (N, L) int64 — the numbers of notebook 10.

- `masked_accuracy(bert, ids)`: BERT's accuracy at the blanks (<mask>) of its corruption (seeing both sides);
- `next_token_scores(gpt, ids)`: GPT's next-token accuracy and perplexity (seeing the left side only);
- `fill_blanks(bert, ids)`: the ids with every <mask> replaced by BERT's best guess;
- `left_only_accuracy(gpt, ids, positions)`: GPT's accuracy at chosen positions — the same blanks BERT fills, from
  the left context alone;
- `last_position_accuracy(bert, ids)`: BERT asked to continue a text (<mask> in the last position);
- `unigram_scores(train_ids, ids)`: the baseline that knows only how often each token occurs;
- `generate(gpt, prompt_ids, steps)`: GPT's continuation of a prompt, sampled one token at a time.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from .._checks import check_count, check_positive, check_seed, check_tensor
from .masking import IGNORE, mask_tokens
from .objectives import MaskedLM, NextToken
from .tokenizer import SPECIALS

NEVER = tuple(SPECIALS.index(t) for t in ("<pad>", "<unk>", "<mask>", "<bos>"))   # ids generate never samples


def _check(name: str, method, kind: type, ids: torch.Tensor) -> None:
    if not isinstance(method, kind):
        raise TypeError(f"{name} must be an nlp.{kind.__name__}, got {type(method).__name__}")
    method.encoder.check_ids("ids", ids)


@torch.no_grad()
def _logits(method, ids: torch.Tensor, batch_size: int = 256) -> torch.Tensor:
    """(N, L, V) on the CPU, in eval mode (the method's mode is restored)."""
    was_training, device = method.training, next(method.parameters()).device
    method.eval()
    try:
        return torch.cat([method.logits(chunk.to(device)).float().cpu() for chunk in ids.split(batch_size)])
    finally:
        method.train(was_training)


def blank_positions(bert: MaskedLM, ids: torch.Tensor, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """(corrupted inputs, blanks (N, L) bool): BERT's corruption of `ids` with a generator seeded `seed`, and the
    positions it replaced by <mask> — the true blanks (the positions kept or randomised are not among them: a kept
    one shows its answer, a random one a wrong letter)."""
    _check("bert", bert, MaskedLM, ids)
    check_seed("seed", seed)
    inputs, labels = mask_tokens(ids, vocab_size=bert.encoder.vocab_size, mask_id=bert.mask_id,
                                 special_ids=bert.special_ids, p=bert.p,
                                 generator=torch.Generator().manual_seed(seed))
    return inputs, (labels != IGNORE) & (inputs == bert.mask_id)


def masked_accuracy(bert: MaskedLM, ids: torch.Tensor, seed: int = 0) -> float:
    """Accuracy of `bert` at the blanks (<mask> positions) of its corruption of `ids` (N, L), seeded `seed`."""
    inputs, blanks = blank_positions(bert, ids, seed)
    return float((_logits(bert, inputs).argmax(-1)[blanks] == ids[blanks]).float().mean())


def fill_blanks(bert: MaskedLM, ids: torch.Tensor) -> torch.Tensor:
    """`ids` (N, L) with every <mask> position replaced by `bert`'s most likely token there (all blanks at once)."""
    _check("bert", bert, MaskedLM, ids)
    blanks = ids == bert.mask_id
    return torch.where(blanks, _logits(bert, ids).argmax(-1), ids)


def next_token_scores(gpt: NextToken, ids: torch.Tensor) -> tuple[float, float]:
    """(accuracy, perplexity) of `gpt` predicting token t + 1 from tokens ≤ t, over every position of `ids`."""
    _check("gpt", gpt, NextToken, ids)
    logits, targets = _logits(gpt, ids[:, :-1]), ids[:, 1:]                     # (N, L-1, V), (N, L-1)
    loss = F.cross_entropy(logits.flatten(0, 1), targets.flatten())
    return float((logits.argmax(-1) == targets).float().mean()), math.exp(float(loss))


def left_only_accuracy(gpt: NextToken, ids: torch.Tensor, positions: torch.Tensor) -> float:
    """Accuracy of `gpt` at the `positions` (N, L) bool of `ids`, each predicted from the tokens before it (a
    position 0 has nothing before it and is skipped)."""
    _check("gpt", gpt, NextToken, ids)
    if positions.shape != ids.shape or positions.dtype != torch.bool:
        raise ValueError(f"positions must be a bool tensor shaped like ids {tuple(ids.shape)}")
    guess = _logits(gpt, ids[:, :-1]).argmax(-1)                                # (N, L-1): guess of ids[:, 1:]
    keep = positions[:, 1:]
    return float((guess[keep] == ids[:, 1:][keep]).float().mean())


def last_position_accuracy(bert: MaskedLM, ids: torch.Tensor) -> float:
    """Accuracy of `bert` at the last position of each row of `ids`, replaced by <mask>: continuing a text."""
    _check("bert", bert, MaskedLM, ids)
    inputs = ids.clone()
    inputs[:, -1] = bert.mask_id
    return float((_logits(bert, inputs)[:, -1].argmax(-1) == ids[:, -1]).float().mean())


def unigram_scores(train_ids: torch.Tensor, ids: torch.Tensor, vocab_size: int) -> tuple[float, float]:
    """(accuracy, perplexity) on `ids` of always guessing the most frequent token of `train_ids` and of the token
    frequencies in `train_ids` (add-one smoothed): what a model knows that has learnt no context at all."""
    check_count("vocab_size", vocab_size, minimum=2)
    for name, t in (("train_ids", train_ids), ("ids", ids)):
        check_tensor(name, t, dtype=torch.int64)
        if t.numel() == 0 or int(t.min()) < 0 or int(t.max()) >= vocab_size:
            raise ValueError(f"{name} must be non-empty token ids in [0, {vocab_size - 1}]")
    counts = torch.bincount(train_ids.flatten(), minlength=vocab_size).double() + 1       # (V,)
    log_p = (counts / counts.sum()).log()
    accuracy = float((ids == counts.argmax()).double().mean())
    return accuracy, math.exp(-float(log_p[ids.flatten()].mean()))


@torch.no_grad()
def generate(gpt: NextToken, prompt_ids, steps: int, *, temperature: float = 0.8, seed: int = 0) -> list[int]:
    """The prompt's token ids followed by `steps` tokens sampled from `gpt` (softmax at `temperature`; the window
    slides when it reaches the model's max_len)."""
    if not isinstance(gpt, NextToken):
        raise TypeError(f"gpt must be an nlp.NextToken, got {type(gpt).__name__}")
    ids = list(prompt_ids)
    if not ids:
        raise ValueError("prompt_ids must hold at least one token id")
    gpt.encoder.check_ids("prompt_ids", torch.tensor([ids]))
    check_count("steps", steps, minimum=0)
    check_positive("temperature", temperature)
    check_seed("seed", seed)
    g = torch.Generator().manual_seed(seed)
    for _ in range(steps):
        window = torch.tensor([ids[-gpt.encoder.max_len:]])                      # (1, ≤ max_len)
        scores = _logits(gpt, window)[0, -1] / temperature                       # (V,)
        scores[list(NEVER)] = -math.inf                                         # no <pad>, <unk>, <mask>, <bos>
        ids.append(int(torch.multinomial(scores.softmax(-1), 1, generator=g)))
    return ids
