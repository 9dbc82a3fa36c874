"""Using a pretrained text model: frozen sentence features for a probe, or a classifier trained through `train.fit`.

- `text_features(model, ids)`: (N, D) — the hidden states averaged over each text's non-padding positions, frozen;
  a text is one row of ids (N, L) or several pieces (N, K, L) (`CharTokenizer.chunks`), averaged over all of them;
- `TextClassifier(model, num_classes)`: the same average and a linear head, trained with labels by `train.fit` —
  from scratch (a fresh model) or as fine-tuning (a pretrained one, its weights at `encoder_lr` × the rate).
"""
from __future__ import annotations

import torch
from torch import nn

from .._checks import check_count, check_positive, check_tensor
from ..methods.base import Method
from ..methods.labelled import LinearHeadClassifier
from .model import TinyTransformer


def _check_model(model) -> None:
    if not isinstance(model, TinyTransformer):
        raise TypeError(f"model must be an nlp.TinyTransformer, got {type(model).__name__}")


def mean_pool(hidden: torch.Tensor, ids: torch.Tensor, pad_id: int) -> torch.Tensor:
    """(B, D): the hidden states (B, L, D) averaged over the positions whose id is not `pad_id`."""
    keep = (ids != pad_id).unsqueeze(-1).to(hidden.dtype)                    # (B, L, 1)
    return (hidden * keep).sum(1) / keep.sum(1).clamp(min=1)


def check_text_ids(name: str, ids: torch.Tensor, model: TinyTransformer) -> None:
    """ValueError/TypeError naming `name` unless `ids` are texts as token ids: (N, L) or chunked (N, K, L) int64."""
    check_tensor(name, ids, dtype=torch.int64)
    if ids.ndim not in (2, 3):
        raise ValueError(f"{name} must be token ids (N, L) or chunks (N, K, L), got shape {tuple(ids.shape)}")
    model.check_ids(name, ids.flatten(0, -2))


def encode_texts(model: TinyTransformer, ids: torch.Tensor) -> torch.Tensor:
    """(N, D): `mean_pool` over all the positions of each text's row (N, L) or pieces (N, K, L)."""
    flat = ids.flatten(0, -2) if ids.ndim == 3 else ids                     # (N * K, L)
    hidden = model(flat).reshape(len(ids), -1, model.out_dim)                # (N, K * L, D)
    return mean_pool(hidden, ids.reshape(len(ids), -1), model.pad_id)


@torch.no_grad()
def text_features(model: TinyTransformer, ids: torch.Tensor, batch_size: int = 256) -> torch.Tensor:
    """Frozen features (N, D) float32 on the CPU of the token ids (N, L): `mean_pool` of the model's hidden states,
    in eval mode (the model's train/eval mode is restored afterwards)."""
    _check_model(model)
    check_text_ids("ids", ids, model)
    check_count("batch_size", batch_size)
    was_training, device = model.training, next(model.parameters()).device
    model.eval()
    try:
        out = [encode_texts(model, chunk.to(device)).float().cpu() for chunk in ids.split(batch_size)]   # (b, D)
    finally:
        model.train(was_training)
    return torch.cat(out)


class TextClassifier(LinearHeadClassifier, Method):
    """Supervised on labelled token ids: cross-entropy of a linear head on `mean_pool` of the model's states.
    `encoder_lr` scales the model's learning rate (1: from scratch; below 1: fine-tuning a pretrained model)."""
    name = "text_classifier"
    input_kind = "tokens"

    def __init__(self, model: TinyTransformer, num_classes: int, *, encoder_lr: float = 1.0, seed: int = 0):
        _check_model(model)
        check_count("num_classes", num_classes, minimum=2)
        check_positive("encoder_lr", encoder_lr)
        super().__init__(model, None, seed)
        self.head = nn.Linear(model.out_dim, num_classes)
        self.encoder_lr = encoder_lr
        self.hparams = {"num_classes": num_classes, "encoder_lr": encoder_lr, "causal": model.causal}

    def check_input(self, x: torch.Tensor, labels: torch.Tensor | None = None) -> None:
        check_text_ids("x", x, self.encoder)
        self.check_labels(labels, len(x))

    def logits(self, ids: torch.Tensor) -> torch.Tensor:
        """(B, num_classes) class scores of the texts' token ids (B, L) or (B, K, L)."""
        return self.head(encode_texts(self.encoder, ids))

    def loss(self, x: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
        return self.scored_loss(self.logits(x), labels)


def few_label_accuracies(features: torch.Tensor, labels: torch.Tensor, per_class: int, draws: int = 5, *,
                         C: float = 1.0, standardize: bool = True) -> list[float]:
    """Linear-probe test accuracy (`evaluate.linear_probe`, standardized with all the features unless
    `standardize=False`) for each of `draws` label draws: `per_class` labelled texts per class (`data.label_budget`,
    seed = draw), tested on every other text."""
    from ..data.budget import label_budget
    from ..evaluate import linear_probe

    check_tensor("features", features, ndim=2, floating=True, finite=True)
    check_count("draws", draws)
    if len(features) != len(labels):
        raise ValueError(f"features has {len(features)} rows but labels has {len(labels)}")
    out = []
    for draw in range(draws):
        train = label_budget(labels, per_class, seed=draw)                          # (K * per_class,)
        test = torch.ones(len(labels), dtype=torch.bool)
        test[train] = False
        out.append(linear_probe(features[train], labels[train], features[test], labels[test], unlabeled=features,
                                C=C, standardize=standardize))
    return out
