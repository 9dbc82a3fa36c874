"""Standard pretrainings shared by the notebooks: same settings -> same cache entry.

`pretrained("simclr")` in notebook 03 returns, instantly, the encoder notebook 01 trained (when both
ran on this machine), because `train.fit` caches by everything that determines the result.
"""
from __future__ import annotations

from . import data as sdata
from .methods import build
from .train import History, fit

DEFAULT_SECONDS = 60.0


def pretrained(method: str = "simclr", data: str = "mnist5k", *, seconds: float = DEFAULT_SECONDS,
               seed: int = 0, augment=None, batch_size: int = 256, lr: float = 2e-3,
               progress: bool = True, cache: bool = True, **hparams):
    """(trained method, History) for `method` pretrained without labels on `data`'s train split.

    `augment` defaults to the data set's preset; `hparams` go to the method's constructor.
    Trained once per machine (see `train.cache_dir()`), loaded from the cache afterwards.
    """
    ds = sdata.load(data)
    m = build(method, channels=ds.channels, image_size=ds.image_size,
              augment=augment if augment is not None else data, seed=seed, **hparams)
    hist: History = fit(m, ds.train.images, seconds=seconds, seed=seed, batch_size=batch_size, lr=lr,
                        progress=progress, cache=cache, desc=f"{method} on {data}")
    return m, hist
