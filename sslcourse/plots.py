"""Figures the notebooks share: image grids, label-efficiency curves, training histories."""
from __future__ import annotations

import matplotlib.pyplot as plt
import torch

from ._checks import check_tensor


def image_grid(images: torch.Tensor, ncols: int = 8, ax=None, title: str | None = None,
               labels=None, scale: float = 1.0):
    """Show (N, C, H, W) images, uint8 or float in [0, 1], in a grid; returns the axes.

    `labels` (optional, length N) are written under the images.
    """
    check_tensor("images", images, ndim=4)
    x = images.float() / 255 if images.dtype == torch.uint8 else images.detach().float().clamp(0, 1)
    n, c, h, w = x.shape
    nrows = -(-n // ncols)
    pad = torch.ones(nrows * ncols - n, c, h, w)
    x = torch.cat([x.cpu(), pad])                                          # (rows*cols, C, H, W)
    grid = x.view(nrows, ncols, c, h, w).permute(0, 3, 1, 4, 2).reshape(nrows * h, ncols * w, c)
    if ax is None:
        _, ax = plt.subplots(figsize=(scale * ncols * 0.6 + 0.5, scale * nrows * 0.6 + 0.3))
    ax.imshow(grid.squeeze(-1) if c == 1 else grid, cmap="gray" if c == 1 else None,
              vmin=0, vmax=1, interpolation="nearest")
    for k in range(1, ncols):
        ax.axvline(k * w - 0.5, color="white", lw=0.5)
    for k in range(1, nrows):
        ax.axhline(k * h - 0.5, color="white", lw=0.5)
    if labels is not None:
        for i, lab in enumerate(labels):
            ax.text((i % ncols) * w + w / 2, (i // ncols + 1) * h - 1, str(lab), color="yellow",
                    ha="center", va="bottom", fontsize=7)
    ax.set_xticks([]), ax.set_yticks([])
    if title:
        ax.set_title(title)
    return ax


def label_efficiency_plot(curves, ax=None, title: str = "Linear probe accuracy vs labels"):
    """Accuracy (mean ± std over label draws) against labels per class, log x axis; one line per Curve."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    for c in curves:
        budgets = [b for b in c.budgets if b != "all"]
        means = [100 * c.mean(b) for b in budgets]
        stds = [100 * c.std(b) for b in budgets]
        line = ax.errorbar(budgets, means, yerr=stds, marker="o", capsize=3, label=c.name)
        if "all" in c.accs:
            ax.axhline(100 * c.mean("all"), ls=":", color=line[0].get_color(), lw=1)
    ax.set_xscale("log")
    ax.set_xlabel("labels per class (dotted: all labels)")
    ax.set_ylabel("test accuracy (%)")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend()
    return ax


def history_plot(history, ax=None, smooth: int = 10, label: str | None = None):
    """Training loss against wall-clock seconds, smoothed with a running mean of `smooth` steps."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    losses = torch.tensor(history.losses)
    k = max(1, min(smooth, len(losses)))
    smoothed = losses.unfold(0, k, 1).mean(1) if len(losses) >= k else losses
    ax.plot(history.times[k - 1:], smoothed.tolist(), label=label)
    ax.set_xlabel("seconds")
    ax.set_ylabel("loss")
    ax.grid(alpha=0.3)
    if label:
        ax.legend()
    return ax
