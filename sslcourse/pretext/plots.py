"""Figures for the pretext tasks: what the network is shown, next to the pseudo-label it must predict."""
from __future__ import annotations

import torch

from .colorization import colorization_task
from .denoising import denoising_task
from .inpainting import inpainting_task
from .jigsaw import center_crop_to_grid, hamming_permutations, jigsaw_task, unshuffle
from .masked_patches import masked_patches_task
from .rotation import rotation_task

TASK_NAMES = ("rotation", "jigsaw", "colorization", "inpainting", "masked_patches", "denoising")


def mosaic(tiles: torch.Tensor, grid: int, spacing: int = 1) -> torch.Tensor:
    """Lay tiles (T, C, s, s) out on a grid x grid board with `spacing` white pixels between them."""
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
    import matplotlib.pyplot as plt

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

    `method` has `predict(inputs)` (inpainting, masked patches, colorization) or is a denoising
    autoencoder (decoder(encoder(inputs)) through a sigmoid).
    """
    import matplotlib.pyplot as plt

    method.eval()
    if hasattr(method, "predict"):
        pred = method.predict(inputs)
    else:
        pred = torch.sigmoid(method.decoder(method.encoder(inputs)))
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
    import matplotlib.pyplot as plt

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
