"""A replay buffer: the last `capacity` transitions, sampled uniformly (DQN's experience replay, Mnih et al. 2015)."""
from __future__ import annotations

import numpy as np
import torch

from .._checks import check_count, check_seed


class ReplayBuffer:
    """Transitions (obs, action, reward, next_obs, done) of observations with shape `obs_shape` (uint8 images, or
    float32 features with `dtype=np.float32`), oldest overwritten first; `sample(n)` draws n of them uniformly with
    replacement (seeded by `seed`)."""

    def __init__(self, capacity: int, obs_shape: tuple[int, ...], seed: int = 0, dtype=np.uint8):
        check_count("capacity", capacity)
        check_seed("seed", seed)
        if np.dtype(dtype) not in (np.uint8, np.float32):
            raise ValueError(f"dtype must be numpy.uint8 (images) or numpy.float32 (features), got {dtype!r}")
        self.obs = np.zeros((capacity, *obs_shape), dtype)
        self.next_obs = np.zeros((capacity, *obs_shape), dtype)
        self.actions = np.zeros(capacity, np.int64)
        self.rewards = np.zeros(capacity, np.float32)
        self.dones = np.zeros(capacity, np.float32)
        self.capacity, self.size, self._next = capacity, 0, 0
        self.rng = np.random.default_rng(seed)

    def __len__(self) -> int:
        return self.size

    def add(self, obs: np.ndarray, action: int, reward: float, next_obs: np.ndarray, done: bool) -> None:
        """Store one transition; `done` means the episode terminated there (no value beyond next_obs)."""
        if obs.shape != self.obs.shape[1:] or next_obs.shape != self.obs.shape[1:]:
            raise ValueError(f"obs and next_obs must have shape {self.obs.shape[1:]}, got {obs.shape} and "
                             f"{next_obs.shape}")
        i = self._next
        self.obs[i], self.actions[i], self.rewards[i], self.next_obs[i], self.dones[i] = (obs, action, reward,
                                                                                          next_obs, float(done))
        self._next = (i + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def sample(self, n: int) -> tuple[torch.Tensor, ...]:
        """(obs (n, *obs_shape), actions (n,) int64, rewards (n,), next_obs, dones (n,) float32) tensors."""
        check_count("n", n)
        if not self.size:
            raise ValueError("the buffer is empty: add transitions before sampling")
        idx = self.rng.integers(self.size, size=n)
        return tuple(torch.from_numpy(a[idx]) for a in (self.obs, self.actions, self.rewards, self.next_obs,
                                                        self.dones))
