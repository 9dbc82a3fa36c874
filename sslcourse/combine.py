"""SSL with labels, three ways, beside the supervised baseline: one function per pipeline (notebook 09,
benchmarks/bench_combine.py).

Every pipeline trains the same network (a fresh ConvEncoder, or SimCLR's pretrained one) with the same augmentation
(SimCLR's recipe) and `classifier.SCHEDULE` for `steps` steps, on the labelled draw `label_budget(..., seed=seed)`,
and scores it every `steps // 10` steps on the first `curve_images` test images (`monitor.AccuracyMonitor`: a
learning curve), then once on the whole test set (the final accuracy):
- "supervised": cross-entropy on the labelled images alone — the tuned baseline;
- "SimCLR → fine-tune": a copy of the pretrained encoder fine-tuned, encoder at 0.1 × the rate (as `finetune`);
- "joint": `methods.SupervisedWithSimCLR`, cross-entropy on the labelled batch + `ssl_weight` × NT-Xent on the
  unlabelled one, one encoder, from scratch; its EMA teacher (decay 0.9: 0.99 lags far behind in a few hundred
  steps) is what is scored;
- "SupCon + probe": `methods.SupCon` on the labelled images, scored by a linear probe on the same labels.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

import torch
from torch import nn

from ._checks import check_count, check_positive
from .classifier import schedule_and_augment, train_classifier
from .data import label_budget
from .evaluate import check_budgets, check_data
from .methods import SupCon, SupervisedWithSimCLR
from .models import encoder_for
from .monitor import AccuracyMonitor
from .train import fit

PIPELINES = ("supervised", "SimCLR → fine-tune", "joint", "SupCon + probe")


@dataclass
class Run:
    """One pipeline's learning curve (accuracy on the curve's test images at `steps`) and its final accuracy on the
    whole test set."""
    pipeline: str
    steps: list[int]
    accuracy: list[float]
    final: float


def run_pipeline(pipeline: str, data, *, pretrained: nn.Module | None = None, per_class: int = 10,
                 steps: int = 200, seed: int = 0, width: int = 32, ssl_weight: float = 0.1,
                 curve_images: int = 500) -> Run:
    """Train `pipeline` (one of `PIPELINES`) on `data` with `per_class` labels per class and return its curve.
    "SimCLR → fine-tune" needs `pretrained` (a SimCLR encoder, e.g. `zoo.pretrained("simclr")[0].encoder`); the
    joint objective draws a batch of unlabelled images and as many labelled ones per step."""
    if pipeline not in PIPELINES:
        raise ValueError(f"pipeline must be one of {PIPELINES}, got {pipeline!r}")
    check_data("data", data)
    check_budgets("per_class", [per_class], data)
    check_count("steps", steps, minimum=10)
    check_count("curve_images", curve_images, maximum=len(data.test))
    check_positive("ssl_weight", ssl_weight, allow_zero=True)
    if pipeline == "SimCLR → fine-tune" and not isinstance(pretrained, nn.Module):
        raise TypeError("pretrained must be the SimCLR encoder to fine-tune (e.g. zoo.pretrained('simclr')[0]"
                        f".encoder), got {type(pretrained).__name__}")
    schedule, weak = schedule_and_augment(data, steps, None, None, None, None)
    schedule["record_every"] = steps // 10
    labelled = label_budget(data.train.labels, per_class, seed=seed)                  # (K × per_class,)
    images, labels = data.train.images[labelled], data.train.labels[labelled]
    test = (data.test.images, data.test.labels)
    curve_set = tuple(t[:curve_images] for t in test)                                   # cheaper than all of them
    curve = AccuracyMonitor(*curve_set)

    def fresh() -> nn.Module:
        return encoder_for(data.channels, "conv", width)

    if pipeline == "supervised":
        model = train_classifier(fresh, data, per_class, seed, schedule=schedule, augment=weak, monitor=curve)
        return _run(pipeline, model.history, model, AccuracyMonitor(*test))
    if pipeline == "SimCLR → fine-tune":
        def copy_of() -> nn.Module:                                     # the caller's encoder stays as it is
            return copy.deepcopy(pretrained).train().requires_grad_(True)

        model = train_classifier(copy_of, data, per_class, seed, schedule=schedule, augment=weak, encoder_lr=0.1,
                                 monitor=curve)
        return _run(pipeline, model.history, model, AccuracyMonitor(*test))
    torch.manual_seed(seed)
    if pipeline == "joint":
        method = SupervisedWithSimCLR(fresh(), weak, labelled_images=images, labelled_labels=labels,
                                      num_classes=data.num_classes, ssl_weight=ssl_weight, ema=0.9, seed=seed)
        history = fit(method, data.train.images, seed=seed, progress=False, monitor=curve, **schedule)
        return _run(pipeline, history, method, AccuracyMonitor(*test))
    method = SupCon(fresh(), weak, seed=seed)
    probe = dict(probe_images=images, probe_labels=labels)
    history = fit(method, images, labels, seed=seed, progress=False,
                  monitor=AccuracyMonitor(*curve_set, **probe), **schedule)
    return _run(pipeline, history, method, AccuracyMonitor(*test, **probe))


def _run(pipeline: str, history, model, final: AccuracyMonitor) -> Run:
    """The curve from `history`'s records and `final`'s accuracy of the trained `model` (in eval mode)."""
    model.eval()
    return Run(pipeline, [r["step"] for r in history.records], [r["accuracy"] for r in history.records],
               final(model)["accuracy"])
