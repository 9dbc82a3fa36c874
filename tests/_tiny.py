"""Tiny stand-ins shared by the method and training tests: fast, seeded, deterministic."""
import torch


class NoiseAugment:
    """Pixels / 255 plus seeded noise: a tiny, fast stand-in augmentation."""

    def __call__(self, x, generator):
        x = x.float() / 255
        return (x + 0.1 * torch.randn(x.shape, generator=generator)).clamp(0, 1)

    def __repr__(self):
        return "NoiseAugment()"


def tiny_images(n=64, seed=0):
    """n random uint8 images (n, 1, 8, 8)."""
    g = torch.Generator().manual_seed(seed)
    return torch.randint(0, 256, (n, 1, 8, 8), generator=g, dtype=torch.uint8)


def tiny_simclr(seed=0):
    """A SimCLR small enough to train a few steps in milliseconds; its initial weights depend on `seed`."""
    from sslcourse.methods import SimCLR
    from sslcourse.models import ConvEncoder

    torch.manual_seed(seed)
    return SimCLR(ConvEncoder(1, width=4), NoiseAugment(), hidden_dim=16, proj_dim=8)
