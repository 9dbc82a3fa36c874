"""One evaluation harness for every encoder: frozen features, linear probe, kNN, label efficiency.

Raw pixels and a random encoder go through exactly the same code as a pretrained one, so a
comparison is never between two different pipelines.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ._checks import check_images, check_positive, check_tensor
from .diagnostics import (alignment, diagnose, effective_rank, embedding_std, is_collapsed,  # noqa: F401
                          raw_std, uniformity)

PIXELS = "pixels"


@torch.no_grad()
def features(encoder: nn.Module | str, images: torch.Tensor, batch_size: int = 1024) -> torch.Tensor:
    """Frozen features (N, D) float32 on the CPU of uint8 `images` (N, C, H, W).

    `encoder` is a module (run in eval mode on its own device, its mode restored afterwards) or
    the string "pixels" for the raw-pixel baseline (pixels / 255, flattened).
    """
    check_images("images", images)
    if isinstance(encoder, str):
        if encoder != PIXELS:
            raise ValueError(f"encoder must be an nn.Module or {PIXELS!r}, got {encoder!r}")
        return images.reshape(len(images), -1).float() / 255
    if not isinstance(encoder, nn.Module):
        raise TypeError(f"encoder must be an nn.Module or {PIXELS!r}, got {type(encoder).__name__}")
    device = next(encoder.parameters()).device
    was_training = encoder.training
    encoder.eval()
    out = [encoder(chunk.to(device).float() / 255).float().cpu()
           for chunk in images.split(batch_size)]                  # each (b, D)
    encoder.train(was_training)
    return torch.cat(out)


def _check_split(prefix: str, x, y) -> None:
    check_tensor(f"{prefix}_features", x, ndim=2, floating=True, finite=True)
    check_tensor(f"{prefix}_labels", y, ndim=1)
    if len(x) != len(y):
        raise ValueError(f"{prefix}_features has {len(x)} rows but {prefix}_labels has {len(y)}")


def linear_probe(train_features: torch.Tensor, train_labels: torch.Tensor,
                 test_features: torch.Tensor, test_labels: torch.Tensor, *, C: float = 1.0,
                 unlabeled: torch.Tensor | None = None) -> float:
    """Test accuracy of a logistic regression on standardized frozen features.

    Features are standardized with the statistics of `unlabeled` (all training features: in SSL the
    unlabelled images are available) or, if None, of the labelled ones. scikit-learn's L-BFGS solver.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    _check_split("train", train_features, train_labels)
    _check_split("test", test_features, test_labels)
    check_positive("C", C)
    scaler = StandardScaler().fit((unlabeled if unlabeled is not None else train_features).numpy())
    clf = LogisticRegression(C=C, max_iter=2000)
    clf.fit(scaler.transform(train_features.numpy()), train_labels.numpy())
    pred = clf.predict(scaler.transform(test_features.numpy()))
    return float((pred == test_labels.numpy()).mean())


def knn(train_features: torch.Tensor, train_labels: torch.Tensor, test_features: torch.Tensor,
        test_labels: torch.Tensor, *, k: int = 20, chunk: int = 1024) -> float:
    """Test accuracy of a cosine-similarity k-nearest-neighbour vote (ties: similarity-weighted).

    Processes the test set in chunks of `chunk` rows so memory stays O(chunk x N_train).
    """
    _check_split("train", train_features, train_labels)
    _check_split("test", test_features, test_labels)
    check_positive("k", k)
    k = min(k, len(train_features))
    train = F.normalize(train_features, dim=1)                        # (N, D)
    n_classes = int(max(train_labels.max(), test_labels.max())) + 1
    correct = 0
    for xs, ys in zip(test_features.split(chunk), test_labels.split(chunk)):
        sim = F.normalize(xs, dim=1) @ train.T                        # (b, N)
        top_sim, top_idx = sim.topk(k, dim=1)                         # (b, k)
        votes = torch.zeros(len(xs), n_classes).scatter_add_(1, train_labels[top_idx], top_sim + 1)
        correct += int((votes.argmax(1) == ys).sum())
    return correct / len(test_features)


@dataclass
class Curve:
    """Accuracy against labels per class: `accs[budget]` holds one accuracy per label draw."""
    name: str
    accs: dict = field(default_factory=dict)   # budget (int or "all") -> list[float]

    def mean(self, budget) -> float:
        return float(np.mean(self.accs[budget]))

    def std(self, budget) -> float:
        return float(np.std(self.accs[budget]))

    @property
    def budgets(self) -> list:
        return list(self.accs)

    def as_dict(self) -> dict:
        return {"name": self.name, "accuracy": {str(b): {"mean": self.mean(b), "std": self.std(b),
                                                       "draws": self.accs[b]} for b in self.accs}}


def _probe(kind: str, trf, trl, tef, tel, unlabeled) -> float:
    if kind == "linear":
        return linear_probe(trf, trl, tef, tel, unlabeled=unlabeled)
    if kind == "knn":   # k = 20, but never more than the labelled examples per class: 20 votes among
        fewest = int(torch.unique(trl, return_counts=True)[1].min())   # 10 per class must include wrong ones
        return knn(trf, trl, tef, tel, k=min(20, fewest))
    raise ValueError(f"probe must be 'linear' or 'knn', got {kind!r}")


def label_efficiency(encoder: nn.Module | str, data, budgets=(1, 5, 10, 100, "all"), draws: int = 5,
                     probe: str = "linear", seed: int = 0, name: str | None = None) -> Curve:
    """Probe accuracy (one per label draw) for each number of labels per class in `budgets`.

    `data` is an `sslcourse.data.Data`; features of all training images are computed once; each
    draw picks a balanced labelled subset with `label_budget(…, seed + draw)`. "all" uses every label
    (one draw: nothing random to average over).
    """
    from .data import label_budget

    check_positive("draws", draws)
    train_f = features(encoder, data.train.images)
    test_f = features(encoder, data.test.images)
    curve = Curve(name or (encoder if isinstance(encoder, str) else type(encoder).__name__))
    for b in budgets:
        if b == "all":
            curve.accs[b] = [_probe(probe, train_f, data.train.labels, test_f, data.test.labels,
                                    train_f)]
            continue
        accs = []
        for d in range(draws):
            idx = label_budget(data.train.labels, b, seed=seed + d)
            accs.append(_probe(probe, train_f[idx], data.train.labels[idx], test_f,
                               data.test.labels, train_f))
        curve.accs[b] = accs
    return curve


def table(curves: list[Curve]) -> str:
    """A plain-text table: one row per curve, one column per budget, "mean ± std" in percent."""
    budgets = list(dict.fromkeys(b for c in curves for b in c.budgets))   # union, in order
    width = max(len(c.name) for c in curves) + 2
    head = "labels/class".ljust(width) + "".join(f"{str(b):>14}" for b in budgets)
    rows = [head, "-" * len(head)]
    for c in curves:
        cells = "".join(f"{100 * c.mean(b):>8.1f} ± {100 * c.std(b):<3.1f}" if b in c.accs
                        else f"{'-':>14}" for b in budgets)
        rows.append(c.name.ljust(width) + cells)
    return "\n".join(rows)


def supervised_baseline(data, budgets=(1, 5, 10), draws: int = 3, augment=None, steps: int = 300,
                        seed: int = 0, width: int = 32, progress: bool = False) -> Curve:
    """The honest baseline: the same encoder trained from scratch, with labels only, per budget.

    For each budget and draw, a fresh `ConvEncoder` + linear classifier is trained with `train.fit`
    for `steps` steps on the labelled subset (with `augment`, e.g. the same preset SSL used),
    then scored on the test split.
    """
    from .data import label_budget
    from .methods import Supervised
    from .models import ConvEncoder
    from .train import fit

    curve = Curve("supervised from scratch")
    for b in budgets:
        accs = []
        for d in range(draws):
            idx = label_budget(data.train.labels, b, seed=seed + d)
            torch.manual_seed(seed + d)
            model = Supervised(ConvEncoder(data.train.images.shape[1], width),
                               len(data.classes), augment, seed=seed + d)
            fit(model, data.train.images[idx], data.train.labels[idx], steps=steps,
                batch_size=64, seed=seed + d, cache=False, progress=progress)
            accs.append(accuracy(model, data.test.images, data.test.labels))
        curve.accs[b] = accs
    return curve


@torch.no_grad()
def accuracy(model, images: torch.Tensor, labels: torch.Tensor, batch_size: int = 1024) -> float:
    """Accuracy of a classifier exposing `logits(float_images)` (e.g. methods.Supervised)."""
    check_images("images", images)
    device = next(model.parameters()).device
    model.eval()
    preds = torch.cat([model.logits(c.to(device).float() / 255).argmax(1).cpu()
                       for c in images.split(batch_size)])
    return float((preds == labels).float().mean())
