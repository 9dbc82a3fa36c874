"""The spread behind notebook 12's claims: its image–text and recommendation runs repeated over seeds.

    python benchmarks/bench_multimodal.py [--seeds 0,1,2] [--part clip,pairs,rec]

Same settings as the notebook (ConvEncoder width 16, 400 steps of 256 shapes images; 300 steps of 256 digit pairs;
tiny Transformers over 2,245 MovieLens items, 500 steps of 64 windows of 20, lr 1e-2), with the seed changing the
networks' initial weights, the batches and the augmentations (the data and the held-out pairs stay fixed). Prints, per
seed: CLIP's zero-shot shape and colour accuracy on seen and held-out (shape, colour) pairs, the supervised encoder's
shape accuracy, linear probes at 10 labels per shape; for digit pairs the held-out caption and order accuracy; for
MovieLens the HR@10 of SASRec, BERT4Rec and CL4SRec (whole history and last 3 movies).
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from sslcourse import evaluate, models, multimodal as mm, nlp, recsys
from sslcourse.data import BACKGROUNDS, SHAPES, interactions, label_budget, load, make_shapes
from sslcourse.methods import Supervised
from sslcourse.train import fit

HELD_OUT = [(s, (s + 2) % 8) for s in range(6)]
PAIRS_OUT = [(d, (d + 3) % 10) for d in range(10)]


def split_accuracy(right: torch.Tensor, novel: torch.Tensor) -> str:
    return f"{right[~novel].float().mean():.1%} / {right[novel].float().mean():.1%}"


def clip_part(seed: int) -> None:
    caps = mm.ShapeCaptions(drop=0.3)
    x, y, f = make_shapes(4000, 0, background=BACKGROUNDS, return_factors=True)
    xt, yt, ft = make_shapes(1000, 1, background=BACKGROUNDS, return_factors=True)
    keep, novel = ~mm.ShapeCaptions.pair_mask(f, HELD_OUT), mm.ShapeCaptions.pair_mask(ft, HELD_OUT)
    torch.manual_seed(seed)
    clip = mm.CLIP(models.ConvEncoder(3, width=16), mm.SentenceEncoder(len(caps.vocab), max_len=8), caps, seed=seed)
    fit(clip, x[keep], caps.codes(f)[keep], steps=400, batch_size=256, lr=3e-3, seed=seed, progress=False)
    emb = clip.image_embeddings(xt)
    shape = mm.zero_shot(emb, clip.embed_texts([f"a {s}" for s in SHAPES])) == yt
    colour = mm.zero_shot(emb, clip.embed_texts([f"a {c} shape" for c in mm.COLOURS])) == ft["color_index"]
    torch.manual_seed(seed)
    sup = Supervised(models.ConvEncoder(3, width=16), num_classes=6, seed=seed)
    fit(sup, x[keep], y[keep], steps=400, batch_size=256, lr=3e-3, seed=seed, progress=False)
    sup_right = torch.cat([sup.logits(b.float() / 255).argmax(1) for b in xt.split(500)]) == yt
    probes = {}
    for name, enc in {"CLIP": clip.encoder, "random": models.ConvEncoder(3, width=16)}.items():
        tr, te = evaluate.features(enc, x[keep]), evaluate.features(enc, xt)
        probes[name] = np.mean([evaluate.linear_probe(tr[p], y[keep][p], te, yt, unlabeled=tr)
                                for p in (label_budget(y[keep], 10, seed=d) for d in range(5))])
    print(f"seed {seed} CLIP zero-shot shape (seen / held-out) {split_accuracy(shape, novel)}, colour "
          f"{split_accuracy(colour, novel)}; supervised shape {split_accuracy(sup_right, novel)}; probes at 10 labels: "
          + ", ".join(f"{k} {v:.1%}" for k, v in probes.items()), flush=True)


def pairs_part(seed: int) -> None:
    caps, mnist = mm.PairCaptions(), load("mnist5k")
    x, c = mm.tile_pairs(mnist.train.images, mnist.train.labels, 4000, seed=0, exclude=PAIRS_OUT)
    xn, cn = mm.tile_pairs(mnist.test.images, mnist.test.labels, 500, seed=2, only=PAIRS_OUT)
    torch.manual_seed(seed)
    clip = mm.CLIP(models.ConvEncoder(1, width=16, grid=(1, 2)), mm.SentenceEncoder(len(caps.vocab), max_len=4), caps,
                   seed=seed)
    fit(clip, x, c, steps=300, batch_size=256, lr=3e-3, seed=seed, progress=False)
    emb, codes = clip.image_embeddings(xn), torch.arange(100)
    caption = mm.retrieval(emb, cn, clip.embed_texts([caps.full(int(k)) for k in codes]), codes)["image→text"]
    order = mm.order_accuracy(clip, emb, cn)
    print(f"seed {seed} digit pairs held out: caption of 100 {caption:.1%}, order {order:.1%}", flush=True)


def rec_part(seed: int) -> None:
    movies = interactions.movielens(min_ratings=10)
    n, mask = movies.n_items, movies.n_items + 1
    windows, short = interactions.windows(movies.train, 20), [s[-3:] for s in movies.train]

    def model(causal):
        torch.manual_seed(seed)
        return nlp.TinyTransformer(n + 2, dim=64, layers=2, heads=2, max_len=20, causal=causal, dropout=0.2)

    makers = {"SASRec": lambda: nlp.NextToken(model(True), seed=seed),
              "BERT4Rec": lambda: nlp.MaskedLM(model(False), mask_id=mask, special_ids=(0, mask), p=0.3, seed=seed),
              "CL4SRec": lambda: recsys.ContrastiveNextItem(model(True), mask_id=mask, seed=seed)}
    out = []
    for name, make in makers.items():
        method, t = make(), time.perf_counter()
        fit(method, windows, steps=500, batch_size=64, lr=1e-2, seed=seed, progress=False)
        hr = [recsys.evaluate(recsys.next_item_scores(method, h, 20, n), movies.test, movies.train)["HR@10"]
              for h in (movies.train, short)]
        out.append(f"{name} {hr[0]:.1%} (last 3: {hr[1]:.1%}, {time.perf_counter() - t:.0f} s)")
    print(f"seed {seed} MovieLens HR@10: " + "; ".join(out), flush=True)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seeds", default="0,1,2")
    p.add_argument("--part", default="clip,pairs,rec")
    args = p.parse_args(argv)
    parts = {"clip": clip_part, "pairs": pairs_part, "rec": rec_part}
    for part in args.part.split(","):
        for seed in (int(s) for s in args.seeds.split(",")):
            parts[part](seed)


if __name__ == "__main__":
    main()
