"""SSL for an agent that learns from pixels: DQN on DigitDoors with four encoders, over several seeds.

    python benchmarks/bench_rl.py [--seeds 3] [--steps 1500] [--width 16] [--pretrain-steps 200] [--update-every 1]

Encoders (the same ConvEncoder of `--width`):
- random, frozen;
- SimCLR-pretrained on the door panels of 2,000 frames a random policy saw, frozen;
- end to end (the Q-learning loss alone);
- end to end + CURL-style contrastive auxiliary loss.

Prints, per encoder, the greedy policy's mean return (20 evaluation episodes of up to 5 rooms) every 250 steps, mean ±
std over seeds; the steps each seed needed to first reach a return of 2.5 (half the rooms); and the seconds per run.
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from sslcourse.models import encoder_for
from sslcourse.monitor import first_step
from sslcourse.rl import DigitDoors, pretrain_on_frames, train_dqn

ENCODERS = ("random, frozen", "SimCLR, frozen", "end to end", "end to end + CURL")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--steps", type=int, default=1500)
    p.add_argument("--width", type=int, default=16)
    p.add_argument("--pretrain-steps", type=int, default=200)
    p.add_argument("--update-every", type=int, default=1, help="environment steps per DQN update")
    args = p.parse_args(argv)
    env = DigitDoors()
    curves, reach, seconds = {}, {}, {}
    for seed in range(args.seeds):
        ssl = pretrain_on_frames(env, width=args.width, steps=args.pretrain_steps, seed=seed)
        for name in ENCODERS:
            torch.manual_seed(seed)
            encoder = ssl if name.startswith("SimCLR") else encoder_for(1, "conv", args.width)
            mode = "frozen" if "frozen" in name else "curl" if "CURL" in name else "end_to_end"
            start = time.perf_counter()
            _, hist = train_dqn(DigitDoors(), encoder, mode, steps=args.steps, update_every=args.update_every,
                                seed=seed)
            seconds.setdefault(name, []).append(time.perf_counter() - start)
            curves.setdefault(name, []).append(hist["eval_returns"])
            reach.setdefault(name, []).append(first_step(hist["eval_steps"], hist["eval_returns"], 2.5))
            print(f"seed {seed} {name:20s} final {hist['eval_returns'][-1]:.2f} ({seconds[name][-1]:.0f} s)",
                  flush=True)
    steps = hist["eval_steps"]
    print(f"\ngreedy return (of 5) at steps {steps}, mean ± std over {args.seeds} seeds")
    for name in ENCODERS:
        c = np.array(curves[name])
        print(f"  {name:20s} " + "  ".join(f"{m:.2f}±{s:.2f}" for m, s in zip(c.mean(0), c.std(0))) +
              f"   first >= 2.5 at {reach[name]}   {np.mean(seconds[name]):.0f} s/run")


if __name__ == "__main__":
    main()
