"""A DQN agent for `DigitDoors`, with four kinds of encoder (notebook 09).

The Q-network reads each door's 28×28 panel with the same encoder and a small head maps the two feature vectors to the
two actions' values. `train_dqn(env, encoder, mode)` trains it with experience replay and a target network (Mnih et al.
2015); `mode` says what happens to the encoder:
- "frozen": never trained — a random encoder, or one pretrained with SSL on frames of a random policy
  (`collect_frames`), whose features the head must use as they are. A frozen encoder is a fixed transform of the
  observation, so each frame's features are computed once, when it is seen, and replayed as features;
- "end_to_end": trained by the Q-learning loss alone;
- "curl": trained by the Q-learning loss plus `curl_weight` × a contrastive loss between two augmented views of the
  replayed panels (CURL, Laskin et al. 2020, in SimCLR's form: a projector and NT-Xent, no momentum encoder).
"""
from __future__ import annotations

import copy

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .._checks import check_count, check_fraction, check_positive, check_seed
from ..augment import Augment, as_augment
from ..losses import _nt_xent
from ..models import mlp_head
from .buffer import ReplayBuffer

MODES = ("frozen", "end_to_end", "curl")
# CURL's augmentation is a random crop; for digit panels, a crop with a small shift and rotation.
PANEL_AUG = Augment(scale=(0.6, 1.0), rotation=10, translate=0.1)


class DoorQNet(nn.Module):
    """Q-values (B, actions) of float observations (B, C, H, panels × W): the encoder on each panel, features
    concatenated (B, panels × D), then an MLP head."""

    def __init__(self, encoder: nn.Module, panels: int = 2, actions: int = 2, hidden: int = 64):
        super().__init__()
        if not isinstance(encoder, nn.Module) or not hasattr(encoder, "out_dim"):
            raise TypeError("encoder must be an nn.Module with an `out_dim` attribute (see sslcourse.models)")
        check_count("panels", panels)
        self.encoder, self.panels = encoder, panels
        self.head = nn.Sequential(nn.Linear(panels * encoder.out_dim, hidden), nn.ReLU(), nn.Linear(hidden, actions))

    def split(self, obs: torch.Tensor) -> torch.Tensor:
        """(B, C, H, panels × W) -> (panels × B, C, H, W): panel k of image i is row k × B + i."""
        if obs.ndim != 4 or obs.shape[-1] % self.panels:
            raise ValueError(f"obs must be (B, C, H, W) with W a multiple of {self.panels} panels, got "
                             f"{tuple(obs.shape)}")
        return torch.cat(obs.chunk(self.panels, dim=3))

    def features(self, obs: torch.Tensor) -> torch.Tensor:
        """(B, panels × D) features of float observations."""
        f = self.encoder(self.split(obs))                                        # (panels × B, D)
        return torch.cat(f.chunk(self.panels), dim=1)

    def forward(self, obs: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(obs))                                     # (B, actions)


def _as_float(obs: np.ndarray | torch.Tensor) -> torch.Tensor:
    x = torch.as_tensor(obs)
    if x.dtype != torch.uint8:
        raise TypeError(f"obs must be uint8 images, got {x.dtype}")
    return x.float() / 255


def collect_frames(env, n: int, seed: int = 0) -> torch.Tensor:
    """(n, *observation shape) uint8: observations of a uniformly random policy, resetting after each episode."""
    check_count("n", n)
    check_seed("seed", seed)
    rng = np.random.default_rng(seed)
    obs, _ = env.reset(seed=seed)
    frames = []
    for _ in range(n):
        frames.append(obs)
        obs, _, terminated, truncated, _ = env.step(int(rng.integers(env.action_space.n)))
        if terminated or truncated:
            obs, _ = env.reset()
    return torch.from_numpy(np.stack(frames))


@torch.no_grad()
def evaluate_policy(qnet: DoorQNet, env, episodes: int = 20, seed: int = 10_000) -> float:
    """Mean return of the greedy policy (argmax Q) over `episodes` episodes (seeded: the same rooms every call).

    The episodes are played side by side, one batched forward per step for all those still running (in eval mode a
    network's output for an observation does not depend on the batch), each in a shallow copy of `env`: its own state,
    the digit images shared."""
    check_count("episodes", episodes)
    was_training = qnet.training
    qnet.eval()
    games = [copy.copy(env) for _ in range(episodes)]
    obs = [game.reset(seed=seed + e)[0] for e, game in enumerate(games)]
    running, total = list(range(episodes)), 0.0
    while running:
        actions = qnet(_as_float(np.stack([obs[i] for i in running]))).argmax(1).tolist()   # (len(running),)
        still = []
        for i, action in zip(running, actions):
            obs[i], reward, terminated, truncated, _ = games[i].step(int(action))
            total += reward
            if not (terminated or truncated):
                still.append(i)
        running = still
    qnet.train(was_training)
    return total / episodes


def train_dqn(env, encoder: nn.Module, mode: str = "end_to_end", *, steps: int = 1500, batch_size: int = 32,
              lr: float = 1e-3, gamma: float = 0.9, epsilon_decay: float = 0.5, learn_start: int = 100,
              target_every: int = 100, curl_weight: float = 1.0, augment=PANEL_AUG, eval_every: int = 250,
              eval_episodes: int = 20, update_every: int = 1, seed: int = 0) -> tuple[DoorQNet, dict]:
    """Train a DQN on `env` for `steps` environment steps; returns (the Q-network, its history).

    ε-greedy exploration from 1 to 0.05 over the first `epsilon_decay` of the steps; one update of `batch_size`
    replayed transitions every `update_every` steps after `learn_start` steps; the target network copied every
    `target_every` steps.
    The history holds every finished episode's return and the step it ended at, the losses, and the greedy policy's
    mean return (`evaluate_policy` on a copy of `env`) every `eval_every` steps ("eval_steps", "eval_returns").
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    for name, value in (("steps", steps), ("batch_size", batch_size), ("learn_start", learn_start),
                        ("target_every", target_every), ("eval_every", eval_every), ("update_every", update_every)):
        check_count(name, value)
    check_positive("lr", lr)
    check_fraction("gamma", gamma)
    check_fraction("epsilon_decay", epsilon_decay)
    check_positive("curl_weight", curl_weight, allow_zero=True)
    check_seed("seed", seed)
    torch.manual_seed(seed)
    encoder = copy.deepcopy(encoder)                # the caller's encoder is left as it was
    qnet = DoorQNet(encoder, panels=env.observation_space.shape[-1] // env.observation_space.shape[-2])
    frozen = mode == "frozen"
    encoder.requires_grad_(not frozen)
    qnet.train(not frozen)                          # a frozen encoder keeps its BatchNorm statistics
    projector = mlp_head(encoder.out_dim, 128, 64) if mode == "curl" else None
    params = [p for p in qnet.parameters() if p.requires_grad] + (list(projector.parameters()) if projector else [])
    optimizer = torch.optim.Adam(params, lr=lr)
    target = copy.deepcopy(qnet).requires_grad_(False).eval()
    seen = _features_of(qnet) if frozen else (lambda o: o)          # what the buffer stores of an observation
    values = (lambda s: qnet.head(torch.from_numpy(s)[None])) if frozen else (lambda o: qnet(_as_float(o[None])))
    buffer = (ReplayBuffer(10_000, (qnet.panels * encoder.out_dim,), seed=seed, dtype=np.float32) if frozen
              else ReplayBuffer(10_000, env.observation_space.shape, seed=seed))
    augment, generator = as_augment(augment), torch.Generator().manual_seed(seed)
    rng, eval_env = np.random.default_rng(seed), copy.deepcopy(env)
    history = {"returns": [], "episode_end_steps": [], "losses": [], "eval_steps": [], "eval_returns": []}
    obs, _ = env.reset(seed=seed)
    state, episode_return = seen(obs), 0.0
    for step in range(1, steps + 1):
        epsilon = max(0.05, 1 - 0.95 * step / max(1, epsilon_decay * steps))
        if rng.random() < epsilon:
            action = int(rng.integers(env.action_space.n))
        else:
            action = _greedy(qnet, values, state)                   # a frozen encoder's features are reused
        obs, reward, terminated, truncated, _ = env.step(action)
        next_state = seen(obs)
        buffer.add(state, action, reward, next_state, terminated)
        state, episode_return = next_state, episode_return + reward
        if terminated or truncated:
            history["returns"].append(episode_return)
            history["episode_end_steps"].append(step)
            obs, _ = env.reset()
            state, episode_return = seen(obs), 0.0
        if step >= learn_start and step % update_every == 0:
            x, actions, rewards, next_x, dones = buffer.sample(batch_size)
            if frozen:                                              # features: only the head learns
                loss = td_loss(qnet.head, target.head, x, actions, rewards, next_x, dones, gamma)
            else:
                loss = td_loss(qnet, target, x.float() / 255, actions, rewards, next_x.float() / 255, dones, gamma)
            if projector is not None:
                loss = loss + curl_weight * curl_loss(qnet, projector, x, augment, generator)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            history["losses"].append(loss.item())
        if step % target_every == 0:
            target.load_state_dict(qnet.state_dict())
        if step % eval_every == 0:
            history["eval_steps"].append(step)
            history["eval_returns"].append(evaluate_policy(qnet, eval_env, eval_episodes))
    qnet.eval()
    return qnet, history


def _features_of(qnet: DoorQNet):
    @torch.no_grad()
    def seen(obs: np.ndarray) -> np.ndarray:
        return qnet.features(_as_float(obs[None]))[0].numpy()                  # (panels × D,) float32
    return seen


@torch.no_grad()
def _greedy(qnet: DoorQNet, values, state: np.ndarray) -> int:
    """argmax of `values(state)` (Q-values (1, actions) of one stored state), with BatchNorm in eval mode (a batch
    of one has no statistics of its own)."""
    was_training = qnet.training
    qnet.eval()
    action = int(values(state).argmax(1))
    qnet.train(was_training)
    return action


def td_loss(net, target, x, actions, rewards, next_x, dones, gamma: float) -> torch.Tensor:
    """Huber loss between Q(s, a) and r + γ (1 − done) max_a' Q_target(s', a'): `net` and `target` map the float
    inputs x, next_x (B, ...) — observations / 255, or a frozen encoder's features — to Q-values (B, actions)."""
    q = net(x).gather(1, actions[:, None]).squeeze(1)                            # (B,)
    with torch.no_grad():
        goal = rewards + gamma * (1 - dones) * target(next_x).max(1).values       # (B,)
    return F.smooth_l1_loss(q, goal)


def curl_loss(qnet: DoorQNet, projector: nn.Module, obs: torch.Tensor, augment, generator) -> torch.Tensor:
    """NT-Xent between two augmented views of every panel of the uint8 observations (B, ...): it trains the encoder
    and the projector, never the Q-head."""
    panels = qnet.split(obs)                                                     # (panels × B, C, H, W) uint8
    z1, z2 = (projector(qnet.encoder(augment(panels, generator))) for _ in range(2))
    return _nt_xent(z1, z2, 0.3)
