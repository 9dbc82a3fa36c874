"""Every method by name, and the standard pretrainings the notebooks and the command line share.

`METHODS` is the one table of all methods (SSL, pretext tasks, supervised); `build(name, ...)` makes any of them
with a fresh, seeded encoder. `pretrained("simclr", steps=220)` trains with the course's recipe for that method
and data set, or returns, instantly, the encoder an earlier notebook trained with the same settings, because
`train.fit` caches by everything that determines the result. `pretrain_pool(images, ...)` does the same for any
unlabelled pool of images (notebook 08 compares pools).
"""
from __future__ import annotations

import torch

from . import data as sdata
from . import methods as m
from . import pretext as p
from ._checks import check_count, check_counts, check_images, check_positive, check_seed
from .augment import Augment, as_augment, preset
from .methods import Method
from .mixup import IMix
from .models import encoder_for
from .train import History, fit

METHODS: dict[str, type[Method]] = {
    # joint-embedding SSL (notebooks 01, 03, 04)
    "simclr": m.SimCLR, "moco": m.MoCo, "byol": m.BYOL, "simsiam": m.SimSiam, "barlow": m.BarlowTwins,
    "vicreg": m.VICReg,
    # mixed positives: SimCLR with i-Mix (notebook 08)
    "imix": IMix,
    # pretext tasks (notebook 02)
    "rotation": p.RotationPrediction, "jigsaw": p.Jigsaw, "colorization": p.Colorization,
    "inpainting": p.Inpainting, "masked_patches": p.MaskedPatches, "denoising": p.DenoisingAutoencoder,
    # labels (the baseline)
    "supervised": m.Supervised,
}


def build(name: str, *, channels: int, image_size: int, augment: Augment | str | None = "mnist5k",
          arch: str = "conv", width: int = 32, seed: int = 0, **hparams) -> Method:
    """`METHODS[name]` with a fresh encoder whose weights depend on `seed` only.

    `augment` is a preset name, an `augment.Augment` or None; `hparams` go to the method's constructor
    (e.g. temperature=0.2; num_classes=10 for "supervised"); `image_size` reaches the methods with a decoder.
    """
    check_method("name", name)
    check_counts(channels=channels, image_size=image_size)
    check_seed("seed", seed)
    augment = as_augment(augment)
    cls = METHODS[name]
    torch.manual_seed(seed)                       # fresh weights depend on the seed only
    encoder = encoder_for(cls.encoder_channels or channels, arch, width)
    if cls.needs_image_size:
        hparams["image_size"] = image_size
    return cls(encoder, augment, seed=seed, **hparams)


DEFAULT_SECONDS = 60.0
# Per-method settings that measured best on mnist5k for a CPU budget of one to two minutes
# (benchmarks/bench_simclr.py). Anything passed explicitly to `pretrained` wins.
# Measured at 520 steps of 128 images: tau 0.5 / batch 256 / preset gave 88.6 % at 10 labels per class;
# tau 0.3, batch 128, lr 4e-3 and a milder affine warp gave 91.9 %. In 120 s on an idle 2-core Zen 5 CPU
# (about 1,300 steps) the recipe reaches 93.6 % (the README's tables).
RECIPES: dict[tuple[str, str], dict] = {
    ("simclr", "mnist5k"): {"temperature": 0.3, "batch_size": 128, "lr": 4e-3,
                            "augment": preset("mnist5k").replace(scale=(0.5, 1.0), rotation=10, shear=10,
                                                                 translate=0.05)},
}


def check_method(name: str, value) -> None:
    """ValueError naming `name` unless `value` is a key of METHODS."""
    if value not in METHODS:
        raise ValueError(f"{name} must be one of {sorted(METHODS)}, got {value!r}")


def check_dataset(name: str, value) -> None:
    """ValueError naming `name` unless `value` is one of `sslcourse.data.DATASETS`."""
    if not (isinstance(value, str) and value.lower().replace("-", "_") in sdata.DATASETS):
        raise ValueError(f"{name} must be one of {', '.join(sdata.DATASETS)}, got {value!r}")


def recipe(method: str, data: str = "mnist5k", **overrides) -> dict:
    """The settings `pretrained` uses: batch_size, lr, augment and the method's hyper-parameters."""
    check_method("method", method)
    check_dataset("data", data)
    if overrides.get("batch_size") is not None:
        check_count("batch_size", overrides["batch_size"], minimum=2)
    if overrides.get("lr") is not None:
        check_positive("lr", overrides["lr"])
    settings = {"batch_size": 256, "lr": 2e-3, "augment": data, **RECIPES.get((method, data), {})}
    settings.update({k: v for k, v in overrides.items() if v is not None})
    return settings


def pretrained(method: str = "simclr", data: str = "mnist5k", *, seconds: float | None = None,
               steps: int | None = None, seed: int = 0, augment=None, batch_size: int | None = None,
               lr: float | None = None, progress: bool = True, cache: bool = True, **hparams):
    """(trained method, History) for `method` pretrained without labels on `data`'s train split.

    The budget is `steps` (the same result on any machine) or wall-clock `seconds` (default
    DEFAULT_SECONDS when neither is given). Batch size, learning rate, augmentation (else the data
    set's preset) and hyper-parameters default to `RECIPES[(method, data)]`; `hparams` go to the
    method's constructor. Trained once per machine (see `runcache.cache_dir()`), loaded from the cache
    afterwards.
    """
    if seconds is None and steps is None:
        seconds = DEFAULT_SECONDS
    settings = recipe(method, data, batch_size=batch_size, lr=lr, augment=augment, **hparams)   # checks them
    ds = sdata.load(data)
    batch_size, lr = settings.pop("batch_size"), settings.pop("lr")
    m = build(method, channels=ds.channels, image_size=ds.image_size, seed=seed, **settings)
    hist: History = fit(m, ds.train.images, seconds=seconds, steps=steps, seed=seed,
                        batch_size=batch_size, lr=lr, progress=progress, cache=cache,
                        desc=f"{method} on {data}")
    return m, hist


def pretrain_pool(pool: torch.Tensor, method: str = "simclr", *, steps: int, augment, batch_size: int = 128,
                  lr: float = 4e-3, seed: int = 0, progress: bool = True, desc: str | None = None, **hparams):
    """(trained method, History): `method` pretrained without labels for `steps` steps on the uint8 images `pool`
    (N, C, H, W), with a fresh encoder seeded by `seed` (the same for every pool of that shape), cached by `fit`.
    `hparams` go to the method (e.g. temperature=0.3, alpha=1.0 for "imix")."""
    check_images("pool", pool)
    check_count("steps", steps)
    m = build(method, channels=pool.shape[1], image_size=pool.shape[-1], augment=augment, seed=seed, **hparams)
    hist = fit(m, pool, steps=steps, seed=seed, batch_size=batch_size, lr=lr, progress=progress,
               desc=desc or f"{method}, {len(pool)} images")
    return m, hist
