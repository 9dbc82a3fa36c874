"""Throughput of sslcourse.augment against a per-image torchvision loop. Prints figures; asserts nothing.

    python benchmarks/bench_augment.py [--threads N]

Measures images/s of `views(x, 2, augment=preset("mnist5k"))` (two views per image, counted as one image) on
4,000 random MNIST-sized uint8 images (1 x 28 x 28) in batches of 256, and of the same kind of augmentation
done image by image with torchvision.transforms.v2 (RandomResizedCrop + RandomAffine, the usual way to make
per-image views), on a few hundred images. Also prints the colour presets on CIFAR-10 and STL-10 sized images.
On a machine shared with other jobs, fewer threads (--threads 1) can be faster.
"""
from __future__ import annotations

import argparse
import time

import torch
from torchvision.transforms import v2

from sslcourse.augment import preset, views


def images_per_second(augment_batch, x: torch.Tensor, batch_size: int) -> float:
    """Images per second of `augment_batch` over all of x, batch by batch (after one warm-up batch)."""
    augment_batch(x[:batch_size])
    start = time.perf_counter()
    for i in range(0, len(x), batch_size):
        augment_batch(x[i:i + batch_size])
    return len(x) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads (default: torch's choice)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} CPU threads")

    generator = torch.Generator().manual_seed(0)
    mnist = torch.randint(0, 256, (4000, 1, 28, 28), dtype=torch.uint8, generator=generator)
    ours = images_per_second(lambda b: views(b, 2, augment=preset("mnist5k"), generator=generator), mnist, 256)
    print(f"sslcourse views(x, 2, 'mnist5k'), batches of 256:  {ours:10,.0f} images/s (2 views each)")

    per_image = v2.Compose([
        v2.RandomResizedCrop(28, scale=(0.4, 1.0)),
        v2.RandomAffine(degrees=20, translate=(0.1, 0.1), shear=15),
        v2.ToDtype(torch.float32, scale=True),
    ])
    theirs = images_per_second(lambda b: [[per_image(image) for image in b] for _ in range(2)], mnist[:400], 1)
    print(f"torchvision v2 per image, same kind, 2 views:      {theirs:10,.0f} images/s")
    print(f"speed-up: {ours / theirs:.0f}x")

    for name, shape in [("cifar10", (1024, 3, 32, 32)), ("stl10", (512, 3, 96, 96))]:
        x = torch.randint(0, 256, shape, dtype=torch.uint8, generator=generator)
        rate = images_per_second(lambda b: views(b, 2, augment=preset(name), generator=generator), x, 256)
        print(f"sslcourse views(x, 2, {name!r}) on {shape[1]}x{shape[2]}x{shape[3]}: {rate:10,.0f} images/s")


if __name__ == "__main__":
    main()
