"""DigitDoors: a corridor of rooms, each with two doors labelled by handwritten digits.

The observation is one grey image (1, 28, 56) uint8: the left door's digit beside the right door's. One door shows a
digit below `threshold` (5), the other a digit of at least `threshold`; the right choice is the door with the larger
kind of digit. Action 0 walks through the left door, 1 through the right. A right door gives reward 1 and the next
room; a wrong one ends the episode (terminated) with reward 0; after `rooms` rooms the episode ends, reward and all.
A random policy passes a room half the time (expected return just under 1 for 5 rooms); the best policy returns
`rooms`. The digits are MNIST-5k's training images by default, so only reading them — not their position or
brightness — tells the doors apart. It follows gymnasium's `Env` API; the same seed replays the same episode.
"""
from __future__ import annotations

import gymnasium as gym
import numpy as np
import torch
from gymnasium import spaces

from .._checks import check_count, check_images, check_tensor


class DigitDoors(gym.Env):
    """gymnasium.Env: observation Box(0, 255, (1, 28, 56), uint8), action Discrete(2) (0 = left, 1 = right)."""

    metadata = {"render_modes": ["rgb_array"]}

    def __init__(self, images: torch.Tensor | None = None, labels: torch.Tensor | None = None, *, rooms: int = 5,
                 threshold: int = 5, render_mode: str | None = None):
        if images is None and labels is None:
            from ..data import load
            train = load("mnist5k").train
            images, labels = train.images, train.labels
        check_images("images", images)
        check_tensor("labels", labels, ndim=1, dtype=torch.int64)
        if images.shape[1:] != (1, 28, 28) or len(labels) != len(images):
            raise ValueError(f"images must be (N, 1, 28, 28) with one label each, got {tuple(images.shape)} and "
                             f"{len(labels)} labels")
        check_count("rooms", rooms)
        self.small = images[labels < threshold].numpy()                 # (S, 1, 28, 28) the wrong doors' digits
        self.large = images[labels >= threshold].numpy()                 # (L, 1, 28, 28) the right doors' digits
        if not len(self.small) or not len(self.large):
            raise ValueError(f"threshold={threshold} must leave digits on both sides of it")
        if render_mode not in (None, "rgb_array"):
            raise ValueError(f"render_mode must be None or 'rgb_array', got {render_mode!r}")
        self.rooms, self.threshold, self.render_mode = rooms, threshold, render_mode
        self.observation_space = spaces.Box(0, 255, (1, 28, 56), np.uint8)
        self.action_space = spaces.Discrete(2)
        self._room, self._right, self._obs = 0, 0, np.zeros((1, 28, 56), np.uint8)

    def _new_room(self) -> np.ndarray:
        rng = self.np_random
        small = self.small[rng.integers(len(self.small))]
        large = self.large[rng.integers(len(self.large))]
        self._right = int(rng.integers(2))                               # which door is right: 0 left, 1 right
        pair = (large, small) if self._right == 0 else (small, large)
        self._obs = np.concatenate(pair, axis=2)                         # (1, 28, 56)
        return self._obs.copy()

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        super().reset(seed=seed)
        self._room = 0
        return self._new_room(), {"room": 0}

    def step(self, action):
        if isinstance(action, (bool, np.bool_)) or not isinstance(action, (int, np.integer)) or action not in (0, 1):
            raise ValueError(f"action must be 0 (left door) or 1 (right door), got {action!r}")
        if self._room >= self.rooms:
            raise RuntimeError("the episode has ended: call reset() before step()")
        passed = int(action) == self._right
        self._room += 1
        terminated = not passed or self._room == self.rooms
        obs = self._obs.copy() if terminated else self._new_room()
        if terminated:
            self._room = self.rooms                                      # any further step is an error
        return obs, float(passed), terminated, False, {"room": self._room}

    def render(self):
        """The observation as an RGB array (28, 56, 3) uint8."""
        return np.repeat(self._obs[0][:, :, None], 3, axis=2)
