"""BERT and GPT at equal compute, against the window length: where BERT's plateau comes from (notebook 10).

    python benchmarks/bench_text.py [--lengths 32,64,128] [--steps 800] [--tokens 4096] [--seeds 1]

For each window length L the same tiny Transformer (width 64, 2 layers, 4 heads) is pretrained twice on notebook 10's
Wikipedia articles — masked (BERT) and next-token (GPT) — for `--steps` steps of `--tokens` characters (batch =
tokens / L, so every length costs about the same), learning rate 1e-2. Prints, on the 6 held-out articles: BERT's
accuracy at its blanks (<mask> positions, both sides seen), GPT's accuracy at the same blanks (left side only), GPT's
next-character accuracy and perplexity, and the seconds of each run.
"""
from __future__ import annotations

import argparse
import time

import torch

from sslcourse import nlp
from sslcourse.data import text
from sslcourse.train import fit


def pretrain(tok, windows, causal: bool, steps: int, batch: int, seed: int):
    torch.manual_seed(seed)
    model = nlp.TinyTransformer(len(tok), dim=64, layers=2, heads=4, max_len=windows.shape[1], causal=causal)
    method = (nlp.NextToken(model, seed=seed) if causal else
              nlp.MaskedLM(model, mask_id=tok.mask, special_ids=tok.special_ids, seed=seed))
    start = time.perf_counter()
    fit(method, windows, steps=steps, batch_size=batch, lr=1e-2, seed=seed, progress=False)
    return method, time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lengths", default="32,64,128")
    p.add_argument("--steps", type=int, default=800)
    p.add_argument("--tokens", type=int, default=4096)
    p.add_argument("--seeds", type=int, default=1)
    args = p.parse_args(argv)
    articles = [a.lower() for a in text.wiki_articles()]
    tok = nlp.CharTokenizer(articles[:-6], min_count=20)
    print(f"held-out accuracy (%), {args.steps} steps of {args.tokens} characters, 1e-2; per seed")
    print(f"{'L':>4} {'seed':>4} {'BERT blanks':>12} {'GPT same':>9} {'GPT next':>9} {'perplexity':>11} "
          f"{'s BERT/GPT':>11}")
    for length in [int(x) for x in args.lengths.split(",")]:
        windows, held = tok.windows(articles[:-6], length), tok.windows(articles[-6:], length)
        for seed in range(args.seeds):
            bert, s_bert = pretrain(tok, windows, False, args.steps, args.tokens // length, seed)
            gpt, s_gpt = pretrain(tok, windows, True, args.steps, args.tokens // length, seed)
            _, chosen = nlp.score.blank_positions(bert, held, seed=0)
            blanks = nlp.score.masked_accuracy(bert, held, seed=0)
            same = nlp.score.left_only_accuracy(gpt, held, chosen)
            accuracy, perplexity = nlp.score.next_token_scores(gpt, held)
            print(f"{length:4d} {seed:4d} {100 * blanks:12.1f} {100 * same:9.1f} {100 * accuracy:9.1f} "
                  f"{perplexity:11.2f} {s_bert:5.0f}/{s_gpt:<5.0f}", flush=True)


if __name__ == "__main__":
    main()
