"""One evaluation harness for every encoder: frozen features, linear probe, kNN, label efficiency.

Raw pixels and a random encoder go through exactly the same code as a pretrained one, so a
comparison is never between two different pipelines. Nothing here trains a network: the supervised
baseline lives in `sslcourse.baselines`.

- `probe(encoder, data, per_class=10)`: linear and kNN accuracy at one label budget (what notebooks quote);
- `label_efficiency(encoder, data, budgets)`: a whole curve over label budgets (what tables and plots show).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ._checks import check_count, check_flag, check_images, check_positive, check_tensor
from .models import check_encoder_input

PIXELS = "pixels"


@torch.no_grad()
def features(encoder: nn.Module | str, images: torch.Tensor, batch_size: int = 1024) -> torch.Tensor:
    """Frozen features (N, D) float32 on the CPU of uint8 `images` (N, C, H, W).

    `encoder` is a module (run in eval mode on its own device; afterwards every submodule is back in the mode it
    was in, so a wrapper such as `nn.Sequential(encoder, head)` leaves `encoder` as it found it)
    or the string "pixels" for the raw-pixel baseline (pixels / 255, flattened).
    """
    check_images("images", images)
    check_count("batch_size", batch_size)
    if isinstance(encoder, str):
        if encoder != PIXELS:
            raise ValueError(f"encoder must be an nn.Module or {PIXELS!r}, got {encoder!r}")
        return images.reshape(len(images), -1).float() / 255
    if not isinstance(encoder, nn.Module):
        raise TypeError(f"encoder must be an nn.Module or {PIXELS!r}, got {type(encoder).__name__}")
    check_encoder_input("images", images, encoder)
    device = next(itertools.chain(encoder.parameters(), encoder.buffers()), torch.empty(0)).device
    modes = [(m, m.training) for m in encoder.modules()]          # each submodule's own train flag
    encoder.eval()
    try:
        out = [encoder(chunk.to(device).float() / 255).float().cpu()
               for chunk in images.split(batch_size)]              # each (b, D)
    finally:
        for m, was_training in modes:
            m.training = was_training
    if out[0].ndim != 2:
        raise ValueError(f"encoder must map images to features (B, D), it gave shape {tuple(out[0].shape)}")
    return torch.cat(out)


def check_data(name: str, data) -> None:
    """TypeError naming `name` unless `data` is like an `sslcourse.data.Data` (e.g. `data.load("mnist5k")`):
    `train` and `test` splits, each with `images` and `labels` tensors."""
    splits = [getattr(data, split, None) for split in ("train", "test")]
    if not all(isinstance(getattr(s, a, None), torch.Tensor) for s in splits for a in ("images", "labels")):
        raise TypeError(f"{name} must be an sslcourse.data.Data such as sslcourse.data.load('mnist5k'), "
                        f"got {type(data).__name__} {data!r:.40}")


def check_budgets(name: str, budgets, data) -> None:
    """Labels per class: a non-empty sequence of distinct whole numbers >= 1 that every class of `data.train`
    can supply, or "all"."""
    if isinstance(budgets, str) or not isinstance(budgets, (list, tuple)) or not budgets:
        raise TypeError(f"{name} must be a non-empty list of labels per class (whole numbers or 'all'), "
                        f"got {budgets!r}")
    fewest = int(torch.bincount(data.train.labels).min())
    for b in budgets:
        if b != "all" and not (isinstance(b, int) and not isinstance(b, bool) and 1 <= b <= fewest):
            raise ValueError(f"{name} must hold whole numbers in [1, {fewest}] (the smallest class of "
                             f"{getattr(data, 'name', 'the data')!r} has {fewest} training images) or 'all', "
                             f"got {b!r}")
    if len(set(budgets)) != len(budgets):
        raise ValueError(f"{name} must not repeat a budget, got {list(budgets)!r}")


def _check_split(prefix: str, x, y) -> None:
    check_tensor(f"{prefix}_features", x, ndim=2, floating=True, finite=True)
    check_tensor(f"{prefix}_labels", y, ndim=1, dtype=torch.int64)
    if len(x) != len(y):
        raise ValueError(f"{prefix}_features has {len(x)} rows but {prefix}_labels has {len(y)}")
    if int(y.min()) < 0:
        raise ValueError(f"{prefix}_labels must be class indices >= 0, found {int(y.min())}")


def check_splits(train_features, train_labels, test_features, test_labels) -> None:
    """Both splits checked, with features of one width."""
    _check_split("train", train_features, train_labels)
    _check_split("test", test_features, test_labels)
    if test_features.shape[1] != train_features.shape[1]:
        raise ValueError(f"test_features must have the width of train_features ({train_features.shape[1]}), "
                         f"got {test_features.shape[1]}")


def linear_probe(train_features: torch.Tensor, train_labels: torch.Tensor,
                 test_features: torch.Tensor, test_labels: torch.Tensor, *, C: float = 1.0,
                 unlabeled: torch.Tensor | None = None, standardize: bool = True) -> float:
    """Test accuracy of a logistic regression on standardized frozen features.

    Features are standardized with the statistics of `unlabeled` (all training features: in SSL the
    unlabelled images are available) or, if None, of the labelled ones; `standardize=False` keeps them as they
    are (sparse counts such as TF-IDF, whose rare words standardizing would blow up). scikit-learn's L-BFGS solver.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    check_splits(train_features, train_labels, test_features, test_labels)
    check_positive("C", C)
    if len(torch.unique(train_labels)) < 2:
        raise ValueError("train_labels must hold at least 2 classes for a classifier to tell apart")
    if unlabeled is not None:
        check_tensor("unlabeled", unlabeled, ndim=2, floating=True, finite=True)
        if unlabeled.shape[1] != train_features.shape[1]:
            raise ValueError(f"unlabeled must have the width of train_features ({train_features.shape[1]}), "
                             f"got {unlabeled.shape[1]}")
    check_flag("standardize", standardize)
    scaler = StandardScaler(with_mean=standardize, with_std=standardize).fit(
        (unlabeled if unlabeled is not None else train_features).numpy())
    clf = LogisticRegression(C=C, max_iter=2000)
    clf.fit(scaler.transform(train_features.numpy()), train_labels.numpy())
    pred = clf.predict(scaler.transform(test_features.numpy()))
    return float((pred == test_labels.numpy()).mean())


def knn(train_features: torch.Tensor, train_labels: torch.Tensor, test_features: torch.Tensor,
        test_labels: torch.Tensor, *, k: int = 20, chunk: int = 1024) -> float:
    """Test accuracy of a weighted k-nearest-neighbour vote on cosine similarity.

    The protocol: features are L2-normalised; each test point's `k` most similar training points vote
    for their labels, each vote weighted by its cosine similarity + 1 (in [0, 2], so nearer neighbours
    count more and no vote is negative); the class with the largest total wins. (InstDisc and DINO
    weight by exp(similarity / T) instead.) The test set is processed in chunks of `chunk` rows, so
    memory stays O(chunk x N_train).
    """
    check_splits(train_features, train_labels, test_features, test_labels)
    check_count("k", k)
    check_count("chunk", chunk)
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
        return float(np.mean(self._accs(budget)))

    def std(self, budget) -> float:
        return float(np.std(self._accs(budget)))

    def _accs(self, budget) -> list[float]:
        if budget not in self.accs:
            raise KeyError(f"budget {budget!r} is not on the curve {self.name!r}; its budgets are {self.budgets}")
        return self.accs[budget]

    @property
    def budgets(self) -> list:
        return list(self.accs)

    def as_dict(self) -> dict:
        return {"name": self.name, "accuracy": {str(b): {"mean": self.mean(b), "std": self.std(b),
                                                       "draws": self.accs[b]} for b in self.accs}}


PROBES = ("linear", "knn")


def _probe(kind: str, trf, trl, tef, tel, unlabeled) -> float:
    """One probe's test accuracy: "linear" (`linear_probe`, standardised with all training features)
    or "knn" (`knn` with k = 20, but never more than the labelled examples per class: 20 votes among
    10 examples per class would always include wrong classes)."""
    if kind == "linear":
        return linear_probe(trf, trl, tef, tel, unlabeled=unlabeled)
    fewest = int(torch.unique(trl, return_counts=True)[1].min())
    return knn(trf, trl, tef, tel, k=min(20, fewest))


def _draws(train_f, test_f, data, budget, draws: int, seed: int, kinds) -> dict[str, list[float]]:
    """{probe kind: one accuracy per label draw} at `budget` labels per class ("all": one draw)."""
    from .data import label_budget

    subsets = ([torch.arange(len(train_f))] if budget == "all"
               else [label_budget(data.train.labels, budget, seed=seed + d) for d in range(draws)])
    return {kind: [_probe(kind, train_f[i], data.train.labels[i], test_f, data.test.labels, train_f)
                   for i in subsets] for kind in kinds}


def _name(encoder, name: str | None) -> str:
    return name or (encoder if isinstance(encoder, str) else type(encoder).__name__)


def label_efficiency(encoder: nn.Module | str, data, budgets=(1, 5, 10, 100, "all"), draws: int = 5,
                     probe: str = "linear", seed: int = 0, name: str | None = None) -> Curve:
    """Probe accuracy (one per label draw) for each number of labels per class in `budgets`.

    `data` is an `sslcourse.data.Data`; features of all training images are computed once; each
    draw picks a balanced labelled subset with `label_budget(…, seed + draw)`. "all" uses every label
    (one draw: nothing random to average over). `probe` is "linear" or "knn" (see `knn`).
    """
    check_count("draws", draws)
    if probe not in PROBES:
        raise ValueError(f"probe must be one of {PROBES}, got {probe!r}")
    check_data("data", data)
    check_budgets("budgets", budgets, data)
    train_f, test_f = features(encoder, data.train.images), features(encoder, data.test.images)
    curve = Curve(_name(encoder, name))
    for b in budgets:
        curve.accs[b] = _draws(train_f, test_f, data, b, draws, seed, (probe,))[probe]
    return curve


@dataclass
class Probe:
    """Linear-probe and kNN accuracy of one encoder at `per_class` labels per class, one value per draw."""
    name: str
    per_class: int | str
    linear: list[float]
    knn: list[float]

    def mean(self, kind: str = "linear") -> float:
        """Mean accuracy over the draws of probe `kind`: "linear" or "knn"."""
        if kind not in PROBES:
            raise ValueError(f"kind must be one of {PROBES}, got {kind!r}")
        return float(np.mean(getattr(self, kind)))

    def means(self) -> dict[str, float]:
        """{"linear": mean accuracy, "knn": mean accuracy} over the draws."""
        return {kind: self.mean(kind) for kind in PROBES}

    def __str__(self) -> str:
        return (f"{self.name}: linear {self.mean('linear'):.1%}, kNN {self.mean('knn'):.1%} "
                f"({self.per_class} labels/class, {len(self.linear)} draws)")


def probe(encoder: nn.Module | str, data, per_class: int | str = 10, draws: int = 3, *, seed: int = 0,
          name: str | None = None) -> Probe:
    """How good are `encoder`'s frozen features with few labels? The one call the notebooks quote.

    Features of every image are computed once; for each of `draws` class-balanced labelled subsets of
    `per_class` images per class (`label_budget(…, seed + draw)`, the subsets `label_efficiency` and
    `baselines.supervised_baseline` use; "all": every label, one draw) both probes are scored on the test
    split: a logistic regression (`linear_probe`) and a weighted kNN vote (`knn`, k = min(20, per_class)).
    """
    check_count("draws", draws)
    check_data("data", data)
    check_budgets("per_class", [per_class], data)
    train_f, test_f = features(encoder, data.train.images), features(encoder, data.test.images)
    accs = _draws(train_f, test_f, data, per_class, draws, seed, PROBES)
    return Probe(_name(encoder, name), per_class, accs["linear"], accs["knn"])


def table(curves: list[Curve]) -> str:
    """A plain-text table: one row per curve, one column per budget, "mean ± std" in percent."""
    if not isinstance(curves, (list, tuple)) or not curves or not all(isinstance(c, Curve) for c in curves):
        raise TypeError(f"curves must be a non-empty list of Curve, got {curves!r:.60}")
    budgets = list(dict.fromkeys(b for c in curves for b in c.budgets))   # union, in order
    width = max(len(c.name) for c in curves) + 2
    head = "labels/class".ljust(width) + "".join(f"{str(b):>14}" for b in budgets)
    rows = [head, "-" * len(head)]
    for c in curves:
        cells = "".join(f"{100 * c.mean(b):>8.1f} ± {100 * c.std(b):<3.1f}" if b in c.accs
                        else f"{'-':>14}" for b in budgets)
        rows.append(c.name.ljust(width) + cells)
    return "\n".join(rows)


@torch.no_grad()
def accuracy(model, images: torch.Tensor, labels: torch.Tensor, batch_size: int = 1024) -> float:
    """Accuracy of a classifier exposing `logits(float_images)` (e.g. methods.Supervised)."""
    if not callable(getattr(model, "logits", None)):
        raise TypeError(f"model must be a classifier with a logits(images) method, such as methods.Supervised; "
                        f"got {type(model).__name__}")
    check_images("images", images)
    check_tensor("labels", labels, ndim=1, dtype=torch.int64)
    if len(labels) != len(images):
        raise ValueError(f"labels has {len(labels)} entries but images has {len(images)}")
    check_count("batch_size", batch_size)
    device = next(model.parameters()).device
    model.eval()
    preds = torch.cat([model.logits(c.to(device).float() / 255).argmax(1).cpu()
                       for c in images.split(batch_size)])
    return float((preds == labels).float().mean())
