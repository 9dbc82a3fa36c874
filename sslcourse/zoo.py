"""Standard pretrainings shared by the notebooks and the command line: same settings -> same cache entry.

`pretrained("simclr")` in notebook 03 returns, instantly, the encoder notebook 01 trained (when both
ran on this machine), because `train.fit` caches by everything that determines the result.
"""
from __future__ import annotations

from . import data as sdata
from .methods import build
from .train import History, fit

DEFAULT_SECONDS = 60.0
# Per-method settings that measured best on mnist5k for a CPU budget of one to two minutes
# (benchmarks/bench_simclr.py). Anything passed explicitly to `pretrained` wins.
RECIPES: dict[str, dict] = {
    "simclr": {"temperature": 0.2, "batch_size": 128, "lr": 4e-3},
}


def recipe(method: str, **overrides) -> dict:
    """The settings `pretrained` uses for `method`: batch_size, lr and the method's hyper-parameters."""
    settings = {"batch_size": 256, "lr": 2e-3, **RECIPES.get(method, {})}
    settings.update({k: v for k, v in overrides.items() if v is not None})
    return settings


def pretrained(method: str = "simclr", data: str = "mnist5k", *, seconds: float = DEFAULT_SECONDS,
               seed: int = 0, augment=None, batch_size: int | None = None, lr: float | None = None,
               progress: bool = True, cache: bool = True, **hparams):
    """(trained method, History) for `method` pretrained without labels on `data`'s train split.

    `augment` defaults to the data set's preset; batch size, learning rate and hyper-parameters
    default to `RECIPES[method]`; `hparams` go to the method's constructor. Trained once per
    machine (see `train.cache_dir()`), loaded from the cache afterwards.
    """
    ds = sdata.load(data)
    settings = recipe(method, batch_size=batch_size, lr=lr, **hparams)
    batch_size, lr = settings.pop("batch_size"), settings.pop("lr")
    m = build(method, channels=ds.channels, image_size=ds.image_size,
              augment=augment if augment is not None else data, seed=seed, **settings)
    hist: History = fit(m, ds.train.images, seconds=seconds, seed=seed, batch_size=batch_size, lr=lr,
                        progress=progress, cache=cache, desc=f"{method} on {data}")
    return m, hist
