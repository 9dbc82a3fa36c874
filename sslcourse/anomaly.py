"""Anomaly and out-of-distribution scores, and the protocols that score them.

A score is a number per test image, higher = more anomalous; `auroc` measures how well it ranks the anomalies above
the normal images (1: perfectly, 0.5: chance; scikit-learn's `roc_auc_score`). Scores:

- `knn_score`: the mean cosine *distance* from a test feature to its k nearest normal training features (kNN on
  frozen features: pixels, SSL or supervised; Bergman et al. 2020 showed it is a strong baseline);
- `rotation_score`: how badly a rotation-prediction network recognises the four rotations of the image (Golan &
  El-Yaniv 2018; Hendrycks et al. 2019): the mean negative log-probability of the true rotation.

Protocols on a labelled data set: `one_class` (normal = one class; anomalies = every other class) and `held_out`
(normal = every class but one; anomalies = that one, a "near" OOD set).
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from ._checks import check_count, check_images, check_tensor
from .pretext.rotation import ALL_TURNS, rotate


def _check_features(name: str, x) -> None:
    check_tensor(name, x, ndim=2, floating=True, finite=True)


METRICS = ("cosine", "euclidean")


def knn_score(train_features: torch.Tensor, test_features: torch.Tensor, k: int = 5, *, metric: str = "cosine",
              chunk: int = 1024) -> torch.Tensor:
    """(M,) mean distance of each test feature to its k nearest training features: cosine distance (1 - cosine
    similarity; for image features, whose length carries little) or euclidean (for standardised table rows, where a
    row far out in every column is the anomaly and its direction alone would hide it)."""
    _check_features("train_features", train_features)
    _check_features("test_features", test_features)
    if train_features.shape[1] != test_features.shape[1]:
        raise ValueError(f"test_features has {test_features.shape[1]} columns, train_features "
                         f"{train_features.shape[1]}")
    check_count("k", k, maximum=len(train_features))
    check_count("chunk", chunk)
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {METRICS}, got {metric!r}")
    if metric == "euclidean":
        bank, test = train_features.double(), test_features.double()
        return torch.cat([torch.cdist(part, bank).topk(k, dim=1, largest=False).values.mean(1)
                          for part in test.split(chunk)]).float()
    bank = F.normalize(train_features.double(), dim=1)                      # (N, D)
    out = []
    for part in F.normalize(test_features.double(), dim=1).split(chunk):   # (c, D)
        sims = (part @ bank.T).topk(k, dim=1).values                        # (c, k)
        out.append(1 - sims.mean(1))
    return torch.cat(out).float()


@torch.no_grad()
def rotation_score(method, images: torch.Tensor, batch_size: int = 512) -> torch.Tensor:
    """(N,) mean over the four quarter turns of -log p(true turn) under a trained `pretext.RotationPrediction`."""
    if not callable(getattr(method, "logits", None)) or list(getattr(method, "turns", ())) != list(ALL_TURNS):
        raise TypeError(f"method must be a trained pretext.RotationPrediction over all four turns, "
                        f"got {type(method).__name__}")
    check_images("images", images)
    check_count("batch_size", batch_size)
    method.eval()
    device = next(method.parameters()).device
    scores = []
    for chunk in images.split(batch_size):
        x = chunk.to(device).float() / 255
        nll = [-F.log_softmax(method.logits(rotate(x, torch.full((len(x),), t))), 1)[:, i]
               for i, t in enumerate(ALL_TURNS)]                            # 4 x (b,)
        scores.append(torch.stack(nll).mean(0).cpu())
    return torch.cat(scores)


def auroc(scores: torch.Tensor, is_anomaly: torch.Tensor) -> float:
    """Area under the ROC curve of `scores` (N,) (higher = more anomalous) against boolean `is_anomaly` (N,)."""
    from sklearn.metrics import roc_auc_score

    check_tensor("scores", scores, ndim=1, floating=True, finite=True)
    check_tensor("is_anomaly", is_anomaly, ndim=1, dtype=torch.bool)
    if len(scores) != len(is_anomaly):
        raise ValueError(f"is_anomaly has {len(is_anomaly)} entries but scores has {len(scores)}")
    if is_anomaly.all() or not is_anomaly.any():
        raise ValueError("is_anomaly must hold both anomalies (True) and normal images (False)")
    return float(roc_auc_score(is_anomaly.numpy(), scores.double().numpy()))


def _check_class(name: str, value, labels: torch.Tensor) -> None:
    classes = labels.unique().tolist()
    if isinstance(value, bool) or not isinstance(value, int) or value not in classes:
        raise ValueError(f"{name} must be one of the classes {classes}, got {value!r}")


def one_class(train_labels: torch.Tensor, test_labels: torch.Tensor, normal: int):
    """(training indices of class `normal`, test is_anomaly = every other class): the one-class protocol."""
    check_tensor("train_labels", train_labels, ndim=1, dtype=torch.int64)
    check_tensor("test_labels", test_labels, ndim=1, dtype=torch.int64)
    _check_class("normal", normal, train_labels)
    return (train_labels == normal).nonzero().flatten(), test_labels != normal


def held_out(train_labels: torch.Tensor, test_labels: torch.Tensor, anomaly: int):
    """(training indices of every class but `anomaly`, test is_anomaly = class `anomaly`): near-OOD protocol."""
    check_tensor("train_labels", train_labels, ndim=1, dtype=torch.int64)
    check_tensor("test_labels", test_labels, ndim=1, dtype=torch.int64)
    _check_class("anomaly", anomaly, train_labels)
    return (train_labels != anomaly).nonzero().flatten(), test_labels == anomaly
