"""Anomalies in tables, the fraud-detection setting: a real tabular data set, a self-supervised encoder for rows, and
a kNN anomaly score, beside scikit-learn's isolation forest.

No real fraud data set ships with an installed package (the usual one, the Kaggle credit-card set, must be downloaded
and has its own licence). The stand-in is real data: scikit-learn's Wisconsin breast-cancer table (569 rows × 30
numeric columns; `sklearn.datasets.load_breast_cancer`, shipped inside scikit-learn) in the anomaly-detection form used
by the ODDS benchmark's "WBC" set: benign rows are normal, and a few malignant rows are the rare anomalies — like
fraud, a small, different minority among many ordinary rows.

The self-supervised encoder is SCARF (Bahri et al. 2022): two views of each row, each with a random share of its
columns replaced by the same column's value in another random row (a draw from the column's marginal distribution),
trained with NT-Xent so that the two views of a row are closer than views of other rows. It trains on the normal rows
only, without a label, with its own small loop (`fit_scarf`): `train.fit` is for images.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from ._checks import check_count, check_fraction, check_positive, check_seed, check_tensor
from .losses import nt_xent


@dataclass
class Table:
    """Standardised rows (statistics of `train`) for anomaly detection: train = normal rows only; test = the other
    normal rows plus the anomalies, `is_anomaly` (M,) bool marks them."""
    train: torch.Tensor          # (N, D) float32
    test: torch.Tensor           # (M, D) float32
    is_anomaly: torch.Tensor     # (M,) bool
    columns: tuple


def breast_cancer(anomalies: int = 20, train_share: float = 0.6, seed: int = 0) -> Table:
    """scikit-learn's breast-cancer table as an anomaly task: `train_share` of the 357 benign rows to train on, the
    other benign rows plus `anomalies` malignant rows (drawn by `seed`, of 212) to test on."""
    from sklearn.datasets import load_breast_cancer

    check_count("anomalies", anomalies, maximum=212)
    check_fraction("train_share", train_share)
    check_seed("seed", seed)
    raw = load_breast_cancer()
    x = torch.tensor(raw.data, dtype=torch.float64)                            # (569, 30)
    benign = torch.tensor(raw.target == 1)                                     # scikit-learn: 1 = benign
    g = torch.Generator().manual_seed(seed)
    normal = benign.nonzero().flatten()[torch.randperm(int(benign.sum()), generator=g)]
    rare = (~benign).nonzero().flatten()[torch.randperm(int((~benign).sum()), generator=g)[:anomalies]]
    n_train = round(train_share * len(normal))
    if not 2 <= n_train < len(normal):
        raise ValueError(f"train_share={train_share} leaves {n_train} training rows of {len(normal)}: no split")
    train, test_normal = x[normal[:n_train]], x[normal[n_train:]]
    mean, std = train.mean(0), train.std(0).clamp_min(1e-8)
    test = torch.cat([test_normal, x[rare]])
    is_anomaly = torch.cat([torch.zeros(len(test_normal), dtype=torch.bool), torch.ones(len(rare), dtype=torch.bool)])
    return Table(((train - mean) / std).float(), ((test - mean) / std).float(), is_anomaly,
                 tuple(raw.feature_names))


def scarf_views(rows: torch.Tensor, corruption: float, generator: torch.Generator) -> torch.Tensor:
    """One SCARF view of `rows` (B, D): each entry replaced, with probability `corruption`, by the same column's value
    in a random row of the batch."""
    B, D = rows.shape
    replace = torch.rand(B, D, generator=generator) < corruption                # (B, D)
    donors = torch.randint(B, (B, D), generator=generator)                      # (B, D) row to borrow from
    borrowed = rows.gather(0, donors)                                           # (B, D) column-wise draws
    return torch.where(replace, borrowed, rows)


class Scarf(nn.Module):
    """An MLP encoder for rows (D -> width -> width) and a projector for the contrastive loss."""

    def __init__(self, columns: int, width: int = 64):
        super().__init__()
        check_count("columns", columns)
        check_count("width", width)
        self.encoder = nn.Sequential(nn.Linear(columns, width), nn.ReLU(), nn.Linear(width, width))
        self.projector = nn.Sequential(nn.ReLU(), nn.Linear(width, width))

    def forward(self, rows: torch.Tensor) -> torch.Tensor:
        return self.encoder(rows)                                               # (B, width)


def fit_scarf(rows: torch.Tensor, *, steps: int = 300, batch_size: int = 128, corruption: float = 0.6,
              temperature: float = 0.5, lr: float = 1e-3, width: int = 64, seed: int = 0) -> Scarf:
    """Train a `Scarf` encoder on float `rows` (N, D) without labels: NT-Xent between two SCARF views per row."""
    check_tensor("rows", rows, ndim=2, floating=True, finite=True)
    check_count("steps", steps)
    check_count("batch_size", batch_size, minimum=2)
    check_fraction("corruption", corruption)
    check_positive("temperature", temperature)
    check_positive("lr", lr)
    check_seed("seed", seed)
    torch.manual_seed(seed)
    model = Scarf(rows.shape[1], width)
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(steps):
        batch = rows[torch.randperm(len(rows), generator=g)[:batch_size]]        # (B, D)
        z1, z2 = (model.projector(model(scarf_views(batch, corruption, g))) for _ in range(2))
        loss = nt_xent(z1, z2, temperature)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model.eval()


@torch.no_grad()
def embed(model: Scarf, rows: torch.Tensor) -> torch.Tensor:
    """The encoder's features (N, width) of float rows (N, D)."""
    check_tensor("rows", rows, ndim=2, floating=True, finite=True)
    return model.eval()(rows)


def isolation_forest_score(train: torch.Tensor, test: torch.Tensor, seed: int = 0) -> torch.Tensor:
    """(M,) anomaly scores (higher = more anomalous) of scikit-learn's IsolationForest fitted on `train` rows."""
    from sklearn.ensemble import IsolationForest

    check_tensor("train", train, ndim=2, floating=True, finite=True)
    check_tensor("test", test, ndim=2, floating=True, finite=True)
    forest = IsolationForest(n_estimators=200, random_state=seed).fit(train.numpy())
    return torch.from_numpy(-forest.score_samples(test.numpy())).float()
