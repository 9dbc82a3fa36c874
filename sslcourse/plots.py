"""Figures the notebooks share: image grids, label-efficiency curves, training histories, and the pretext tasks'
pseudo-labels, reconstructions and rotation confusions."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import torch

from ._checks import check_count, check_images, check_tensor
from .pretext import (center_crop_to_grid, colorization_task, denoising_task, hamming_permutations, inpainting_task,
                      jigsaw_task, masked_patches_task, rotation_task, unshuffle)


def image_grid(images: torch.Tensor, ncols: int = 8, ax=None, title: str | None = None,
               labels=None, scale: float = 1.0):
    """Show (N, C, H, W) images, uint8 or float in [0, 1], in a grid; returns the axes.

    `labels` (optional, length N) are written under the images.
    """
    check_tensor("images", images, ndim=4)
    check_count("ncols", ncols)
    if images.shape[1] not in (1, 3):
        raise ValueError(f"images must have 1 (grey) or 3 (RGB) channels to be shown, got shape {tuple(images.shape)}")
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
    if not hasattr(history, "losses") or not hasattr(history, "times"):
        raise TypeError(f"history must be the History that train.fit returns, got {type(history).__name__}")
    check_count("smooth", smooth)
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


# -- the pretext tasks (notebook 02) ----------------------------------------------------------------------
TASK_NAMES = ("rotation", "jigsaw", "colorization", "inpainting", "masked_patches", "denoising")


def mosaic(tiles: torch.Tensor, grid: int, spacing: int = 1) -> torch.Tensor:
    """Lay tiles (T, C, s, s) out on a grid x grid board with `spacing` white pixels between them."""
    check_tensor("tiles", tiles, ndim=4)
    check_count("grid", grid)
    check_count("spacing", spacing, minimum=0)
    if len(tiles) > grid * grid:
        raise ValueError(f"tiles holds {len(tiles)} tiles, more than a {grid} x {grid} board")
    T, C, s, _ = tiles.shape
    side = grid * s + (grid - 1) * spacing
    board = torch.ones(C, side, side)
    for t in range(T):
        r, c = divmod(t, grid)
        board[:, r * (s + spacing):r * (s + spacing) + s, c * (s + spacing):c * (s + spacing) + s] = tiles[t]
    return board


def _show(ax, image: torch.Tensor, title: str = "") -> None:
    """One (C, H, W) float image on a matplotlib axis, grey or RGB."""
    img = image.detach().cpu().clamp(0, 1)
    if img.shape[0] == 1:
        ax.imshow(img[0], cmap="gray", vmin=0, vmax=1)
    else:
        ax.imshow(img.permute(1, 2, 0))
    ax.set_title(title, fontsize=8)
    ax.set_xticks([])
    ax.set_yticks([])


def pseudo_label_rows(task: str, x: torch.Tensor, generator: torch.Generator, **options):
    """The rows of `show_task`: [(row name, list of (image, caption))] for `task` on uint8 images x."""
    check_images("x", x)
    clean = x.float() / 255
    n = len(x)
    if task == "rotation":
        inputs, targets = rotation_task(x, generator, **options)
        turns = options.get("turns", (0, 1, 2, 3))
        return [("image", [(im, "") for im in clean]),
                ("input", [(im, f"label {int(t)}: {90 * turns[int(t)]} deg") for im, t in zip(inputs, targets)])]
    if task == "jigsaw":
        grid, gap, count = options.get("grid", 3), options.get("gap", 2), options.get("permutations", 24)
        perms = hamming_permutations(grid * grid, count)
        tiles, targets = jigsaw_task(center_crop_to_grid(x, grid), generator, perms, grid, gap)
        back = unshuffle(tiles, perms, targets)
        return [("image", [(im, "") for im in clean]),
                ("puzzle", [(mosaic(t, grid), f"label {int(k)}") for t, k in zip(tiles, targets)]),
                ("solved", [(mosaic(b, grid), "".join(map(str, perms[k].tolist())))
                            for b, k in zip(back, targets)])]
    if task == "colorization":
        inputs, targets = colorization_task(x)
        return [("input (grey)", [(im, "") for im in inputs]), ("target (colour)", [(im, "") for im in targets])]
    makers = {"inpainting": inpainting_task, "masked_patches": masked_patches_task,
              "denoising": denoising_task}
    if task not in makers:
        raise ValueError(f"task must be one of {TASK_NAMES}, got {task!r}")
    inputs, targets = makers[task](x, generator, **options)[:2]
    return [("input", [(im, "") for im in inputs]), ("target", [(im, "") for im in targets[:n]])]


def show_task(task: str, x: torch.Tensor, generator: torch.Generator | None = None, **options):
    """A figure: uint8 images x (n, C, H, W), what `task` feeds the network, and the pseudo-label.

    `options` go to the task's generator (e.g. turns=(0, 2), gap=0, ratio=0.5). Returns the figure.
    """
    generator = generator if generator is not None else torch.Generator().manual_seed(0)
    rows = pseudo_label_rows(task, x, generator, **options)
    fig, axes = plt.subplots(len(rows), len(x), figsize=(1.3 * len(x), 1.45 * len(rows)), squeeze=False)
    for r, (name, cells) in enumerate(rows):
        for c, (image, caption) in enumerate(cells):
            _show(axes[r, c], image, caption)
        axes[r, 0].set_ylabel(name, fontsize=9)
    fig.suptitle(task, fontsize=10)
    fig.tight_layout()
    return fig


@torch.no_grad()
def show_reconstructions(method, inputs: torch.Tensor, targets: torch.Tensor, title: str = ""):
    """A figure of three rows: the inputs (n, C, H, W), the method's prediction, the target.

    `method` has `predict(inputs)`: the reconstruction tasks and colorization.
    """
    method.eval()
    pred = method.predict(inputs)
    fig, axes = plt.subplots(3, len(inputs), figsize=(1.3 * len(inputs), 4.2), squeeze=False)
    for c in range(len(inputs)):
        for r, row in enumerate((inputs, pred, targets)):
            _show(axes[r, c], row[c])
    for r, name in enumerate(("input", "prediction", "target")):
        axes[r, 0].set_ylabel(name, fontsize=9)
    fig.suptitle(title or method.name, fontsize=10)
    fig.tight_layout()
    return fig


def show_rotation_confusion(counts: torch.Tensor, classes, turns=(0, 1, 2, 3)):
    """Per class, a small matrix true rotation x predicted rotation (row-normalised) from `rotation_confusion`."""
    K = counts.shape[0]
    fig, axes = plt.subplots(1, K, figsize=(1.5 * K, 1.9))
    ticks = [f"{90 * t}" for t in turns]
    for k, ax in enumerate(axes):
        rates = counts[k].float() / counts[k].sum(1, keepdim=True).clamp(min=1)
        ax.imshow(rates, cmap="Blues", vmin=0, vmax=1)
        ax.set_title(f"{classes[k]}: {rates.diag().mean():.0%}", fontsize=9)
        ax.set_xticks(range(len(turns)), ticks, fontsize=6)
        ax.set_yticks(range(len(turns)), ticks if k == 0 else [], fontsize=6)
    axes[0].set_ylabel("true turn", fontsize=8)
    fig.supxlabel("predicted turn (deg)", fontsize=8)
    fig.tight_layout()
    return fig


def mean_band(ax, x, curves, label: str, **style):
    """The mean of `curves` (runs × points, e.g. one row per seed) as a line over `x`, its min–max as a shaded band."""
    curves = np.asarray(curves, dtype=float)
    if curves.ndim != 2 or curves.shape[1] != len(x):
        raise ValueError(f"curves must be (runs, {len(x)} points), got shape {curves.shape}")
    line, = ax.plot(x, curves.mean(0), label=label, **style)
    ax.fill_between(x, curves.min(0), curves.max(0), color=line.get_color(), alpha=0.2)
    return line
