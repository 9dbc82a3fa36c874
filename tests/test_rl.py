"""Notebook 09's reinforcement learning: the DigitDoors environment, the replay buffer, the DQN agent's encoders."""
import numpy as np
import pytest
import torch
from gymnasium.utils.env_checker import check_env

from sslcourse.models import ConvEncoder
from sslcourse.rl import (DigitDoors, DoorQNet, ReplayBuffer, collect_frames, evaluate_policy, pretrain_on_frames,
                          train_dqn)
from sslcourse.rl.dqn import curl_loss


def small_env(rooms=3):
    g = torch.Generator().manual_seed(0)
    images = torch.randint(0, 256, (40, 1, 28, 28), generator=g, dtype=torch.uint8)
    return DigitDoors(images, torch.arange(40) % 10, rooms=rooms)


def play(env, actions, seed):
    obs, _ = env.reset(seed=seed)
    seen, rewards = [obs], []
    for a in actions:
        obs, reward, terminated, truncated, _ = env.step(a)
        seen.append(obs), rewards.append(reward)
        if terminated:
            break
    return seen, rewards


def test_env_follows_the_gymnasium_api_and_a_seed_replays_an_episode():
    env = small_env()
    check_env(env, skip_render_check=True)
    obs, info = env.reset(seed=3)
    assert obs.shape == (1, 28, 56) and obs.dtype == np.uint8 and env.observation_space.contains(obs)
    a, b = play(small_env(), [0, 1, 0], seed=5), play(small_env(), [0, 1, 0], seed=5)
    assert all(np.array_equal(x, y) for x, y in zip(a[0], b[0])) and a[1] == b[1]
    assert env.render().shape == (28, 56, 3)


def test_the_right_door_shows_the_large_digit_and_a_wrong_door_ends_the_episode():
    env = small_env(rooms=3)
    obs, _ = env.reset(seed=0)
    right = env._right
    done_rooms = 0
    for _ in range(3):                                       # always the right door: reward 1 per room, then the end
        obs, reward, terminated, truncated, info = env.step(env._right)
        done_rooms += 1
        assert reward == 1.0 and not truncated and terminated == (done_rooms == 3)
    env.reset(seed=0)
    assert env._right == right
    _, reward, terminated, _, _ = env.step(1 - env._right)
    assert reward == 0.0 and terminated
    with pytest.raises(RuntimeError, match="reset"):
        env.step(0)


def test_env_bad_input_gets_a_clear_error():
    env = small_env()
    env.reset(seed=0)
    for bad in (2, -1, 0.5, True, "left"):
        with pytest.raises(ValueError, match="action"):
            env.step(bad)
    with pytest.raises(ValueError, match="images"):
        DigitDoors(torch.zeros(4, 1, 8, 8, dtype=torch.uint8), torch.arange(4))
    with pytest.raises(ValueError, match="threshold"):
        DigitDoors(torch.zeros(4, 1, 28, 28, dtype=torch.uint8), torch.zeros(4, dtype=torch.int64))


def test_replay_buffer_keeps_the_last_transitions_and_samples_them():
    buf = ReplayBuffer(4, (1, 2, 2), seed=0)
    with pytest.raises(ValueError, match="empty"):
        buf.sample(2)
    for i in range(6):
        o = np.full((1, 2, 2), i, np.uint8)
        buf.add(o, i % 2, float(i), o + 1, i == 5)
    assert len(buf) == 4
    obs, actions, rewards, next_obs, dones = buf.sample(200)
    assert obs.shape == (200, 1, 2, 2) and obs.dtype == torch.uint8 and actions.dtype == torch.int64
    assert set(rewards.tolist()) == {2.0, 3.0, 4.0, 5.0}                 # the two oldest were overwritten
    assert torch.equal(next_obs, obs + 1) and torch.equal(dones, (rewards == 5).float())
    with pytest.raises(ValueError, match="obs"):
        buf.add(np.zeros((1, 3, 3), np.uint8), 0, 0.0, np.zeros((1, 3, 3), np.uint8), False)


def test_qnet_reads_each_panel_with_the_shared_encoder():
    torch.manual_seed(0)
    q = DoorQNet(ConvEncoder(1, width=2)).eval()
    x = torch.rand(3, 1, 28, 56)
    assert q(x).shape == (3, 2) and q.split(x).shape == (6, 1, 28, 28)
    swapped = torch.cat([x[..., 28:], x[..., :28]], dim=3)
    assert torch.allclose(q.features(swapped), q.features(x).roll(q.encoder.out_dim, dims=1), atol=1e-6)
    with pytest.raises(ValueError, match="obs"):
        q(torch.rand(3, 1, 28, 55))


def test_curl_gradient_reaches_the_encoder_and_never_the_q_head():
    from sslcourse.models import mlp_head
    from sslcourse.rl.dqn import PANEL_AUG

    torch.manual_seed(0)
    q = DoorQNet(ConvEncoder(1, width=2))
    projector = mlp_head(q.encoder.out_dim, 8, 4)
    obs = torch.randint(0, 256, (4, 1, 28, 56), dtype=torch.uint8)
    curl_loss(q, projector, obs, PANEL_AUG, torch.Generator().manual_seed(0)).backward()
    assert all(p.grad is None for p in q.head.parameters())
    assert all(p.grad is not None and p.grad.abs().sum() > 0 for p in q.encoder.parameters() if p.ndim > 1)


def test_train_dqn_is_seeded_keeps_a_frozen_encoder_and_logs_its_history():
    env = small_env()
    torch.manual_seed(0)
    encoder = ConvEncoder(1, width=2)
    before = [p.clone() for p in encoder.parameters()]
    kw = dict(steps=30, batch_size=4, learn_start=10, target_every=10, eval_every=15, eval_episodes=2, seed=1)
    q1, h1 = train_dqn(env, encoder, "frozen", **kw)
    q2, h2 = train_dqn(small_env(), encoder, "frozen", **kw)
    assert h1["returns"] == h2["returns"] and h1["losses"] == h2["losses"] and h1["eval_steps"] == [15, 30]
    assert all(torch.equal(a, b) for a, b in zip(before, q1.encoder.parameters()))          # frozen: unchanged
    assert all(torch.equal(a, b) for a, b in zip(before, encoder.parameters()))             # the caller's, too
    q3, h3 = train_dqn(small_env(), encoder, "curl", **kw)
    assert any(not torch.equal(a, b) for a, b in zip(before, q3.encoder.parameters()))      # trained
    assert len(h3["losses"]) == 21 and 0 <= evaluate_policy(q3, small_env(), 3) <= 3
    with pytest.raises(ValueError, match="mode"):
        train_dqn(env, encoder, "finetune")


def test_collect_frames_plays_a_random_policy():
    frames = collect_frames(small_env(), 25, seed=0)
    assert frames.shape == (25, 1, 28, 56) and frames.dtype == torch.uint8
    assert torch.equal(frames, collect_frames(small_env(), 25, seed=0))


def test_update_every_spaces_the_updates_and_frames_pretrain_a_frozen_encoder():
    kw = dict(steps=30, batch_size=4, learn_start=10, target_every=10, eval_every=30, eval_episodes=2, seed=1)
    torch.manual_seed(0)
    encoder = ConvEncoder(1, width=2)
    _, every = train_dqn(small_env(), encoder, "end_to_end", **kw)
    _, second = train_dqn(small_env(), encoder, "end_to_end", update_every=2, **kw)
    assert len(every["losses"]) == 21 and len(second["losses"]) == 11            # steps 10, 12, ..., 30
    with pytest.raises(ValueError, match="update_every"):
        train_dqn(small_env(), encoder, "frozen", update_every=0)
    a = pretrain_on_frames(small_env(), frames=20, width=2, steps=2, seed=0)
    b = pretrain_on_frames(small_env(), frames=20, width=2, steps=2, seed=0)
    assert a.out_dim == ConvEncoder(1, width=2).out_dim
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))  # seeded (or cached): the same
    with pytest.raises(ValueError, match="frames"):
        pretrain_on_frames(small_env(), frames=0)


def test_evaluate_policy_plays_the_episodes_side_by_side_as_one_by_one():
    torch.manual_seed(0)
    q = DoorQNet(ConvEncoder(1, width=2)).eval()
    env, total = small_env(), 0.0
    for e in range(6):                                         # the same episodes, one at a time
        obs, _ = env.reset(seed=7 + e)
        done = False
        while not done:
            obs, reward, terminated, truncated, _ = env.step(int(q(torch.from_numpy(obs[None]).float() / 255).argmax()))
            total, done = total + reward, terminated or truncated
    assert evaluate_policy(q, small_env(), episodes=6, seed=7) == pytest.approx(total / 6)
