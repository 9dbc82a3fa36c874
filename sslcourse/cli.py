"""The `sslcourse` command: see SSL work without Jupyter.

    sslcourse info
    sslcourse pretrain --method simclr --data mnist5k --seconds 120 --out simclr.pt
    sslcourse evaluate --encoder simclr.pt --data mnist5k [--json]
    sslcourse evaluate --baseline pixels --data mnist5k
    sslcourse evaluate --encoder simclr.pt --probe finetune --budgets 1,10
"""
from __future__ import annotations

import argparse
import json
import sys

from .augment import PRESETS
from .data import DATASETS
from .zoo import METHODS


def _info(args) -> int:
    import platform

    import torch
    import torchvision

    from . import __version__
    from .train import default_device
    print(f"sslcourse {__version__} | python {platform.python_version()} | torch {torch.__version__}"
          f" | torchvision {torchvision.__version__}")
    print(f"threads {torch.get_num_threads()} | device {default_device()}")
    return 0


def _pretrain(args) -> int:
    from .checkpoint import save_encoder
    from .zoo import pretrained

    _check_out(args.out)                  # before the training, not after it
    method, hist = pretrained(args.method, args.data, seconds=args.seconds, seed=args.seed,
                              augment=args.augment, batch_size=args.batch_size, lr=args.lr,
                              cache=not args.no_cache, arch=args.arch)
    path = save_encoder(args.out, method.encoder, method=args.method, data=args.data,
                        seconds=hist.seconds, steps=hist.steps, images_per_second=hist.images_per_second,
                        final_loss=hist.losses[-1] if hist.losses else float("nan"))
    print(f"{args.method} on {args.data}: {hist.steps} steps in {hist.seconds:.0f} s "
          f"({hist.images_per_second:.0f} images/s{', from cache' if hist.cached else ''}), "
          f"final loss {hist.losses[-1]:.3f} -> {path}")
    return 0


def _evaluate(args) -> int:
    import torch

    from . import data as sdata
    from .checkpoint import load_encoder
    from .evaluate import PIXELS, label_efficiency, table
    from .models import encoder_for

    budgets = _budgets(args.budgets)
    ds = sdata.load(args.data)
    if args.encoder:
        encoder, meta = load_encoder(args.encoder)
        name = meta.get("method", "encoder")
    elif args.baseline == "pixels":
        encoder, name = PIXELS, "raw pixels"
    else:
        torch.manual_seed(args.seed)
        encoder, name = encoder_for(ds.channels, args.arch).eval(), "random encoder"
    if args.probe == "finetune":
        from .finetune import fine_tune
        if encoder == PIXELS:
            raise ValueError("--probe finetune needs a network: give --encoder FILE or --baseline random")
        curve = fine_tune(encoder, ds, budgets=budgets, draws=args.draws, steps=args.steps, name=name)
    else:
        curve = label_efficiency(encoder, ds, budgets=budgets, draws=args.draws, probe=args.probe, name=name)
    print(json.dumps(curve.as_dict(), indent=2) if args.json else table([curve]))
    return 0


def _check_out(out: str) -> None:
    """--out must name a file that can be written: not a folder, and its folder a folder."""
    from pathlib import Path

    path = Path(out)
    if path.is_dir():
        raise ValueError(f"--out {out!r} is a folder; give a file name such as {str(path / 'encoder.pt')!r}")
    parent = next((p for p in path.absolute().parents if p.exists()), None)
    if parent is not None and not parent.is_dir():
        raise ValueError(f"--out {out!r}: {str(parent)!r} is a file, not a folder")


def _budgets(text: str) -> list:
    """"1,5,all" -> [1, 5, "all"]: whole numbers of labels per class >= 1, or "all"."""
    budgets = []
    for item in text.split(","):
        item = item.strip()
        if item != "all" and not (item.isdigit() and int(item) >= 1):
            raise ValueError(f"--budgets must be a comma-separated list of whole numbers >= 1 or 'all', "
                             f"got {text!r} (bad item {item!r})")
        budgets.append("all" if item == "all" else int(item))
    return budgets


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sslcourse", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("info", help="versions, threads, device").set_defaults(run=_info)

    pre = sub.add_parser("pretrain", help="pretrain an encoder without labels")
    pre.add_argument("--method", default="simclr", choices=[n for n in METHODS if n != "supervised"],
                     help="any method of sslcourse.zoo.METHODS that learns without labels")
    pre.add_argument("--data", default="mnist5k", choices=DATASETS)
    pre.add_argument("--augment", default=None, choices=sorted(PRESETS),
                     help="augmentation preset (default: the data's)")
    pre.add_argument("--arch", default="conv", choices=["conv", "resnet18"])
    pre.add_argument("--seconds", type=float, default=120.0, help="wall-clock pretraining budget")
    pre.add_argument("--batch-size", type=int, default=None, help="default: the method's recipe")
    pre.add_argument("--lr", type=float, default=None, help="default: the method's recipe")
    pre.add_argument("--seed", type=int, default=0)
    pre.add_argument("--no-cache", action="store_true")
    pre.add_argument("--out", required=True)
    pre.set_defaults(run=_pretrain)

    ev = sub.add_parser("evaluate", help="label-efficiency table of an encoder or a baseline")
    src = ev.add_mutually_exclusive_group(required=True)
    src.add_argument("--encoder", help="file written by `sslcourse pretrain`")
    src.add_argument("--baseline", choices=["pixels", "random"])
    ev.add_argument("--data", default="mnist5k", choices=DATASETS)
    ev.add_argument("--arch", default="conv", choices=["conv", "resnet18"])
    ev.add_argument("--budgets", default="1,5,10,100,all")
    ev.add_argument("--draws", type=int, default=5)
    ev.add_argument("--probe", default="linear", choices=["linear", "knn", "finetune"],
                    help="frozen linear probe, kNN vote, or fine-tuning the whole encoder with a linear head")
    ev.add_argument("--steps", type=int, default=None,
                    help="finetune: training steps per label draw (default: classifier.SCHEDULE)")
    ev.add_argument("--seed", type=int, default=0)
    ev.add_argument("--json", action="store_true")
    ev.set_defaults(run=_evaluate)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except (ValueError, TypeError, OSError, RuntimeError) as e:   # OSError: missing, unreadable or full files
        print(f"sslcourse: error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
