"""Reinforcement learning from pixels, small enough for a CPU (notebook 09).

- `env.DigitDoors`: a gymnasium environment whose rooms have two doors labelled by MNIST digits; only reading the
  digits tells which door is right;
- `buffer.ReplayBuffer`: transitions for off-policy learning;
- `dqn`: a DQN agent whose encoder is random and frozen, SSL-pretrained and frozen, trained end to end, or trained
  end to end with a CURL-style contrastive auxiliary loss (Laskin et al. 2020);
- `pretrain.pretrain_on_frames`: SimCLR on the panels of frames a random policy saw (the pretrained encoder).
"""
from .buffer import ReplayBuffer
from .dqn import MODES, DoorQNet, collect_frames, evaluate_policy, train_dqn
from .env import DigitDoors
from .pretrain import pretrain_on_frames

__all__ = ["DigitDoors", "ReplayBuffer", "DoorQNet", "MODES", "train_dqn", "evaluate_policy", "collect_frames",
           "pretrain_on_frames"]
