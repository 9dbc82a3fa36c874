"""Mixup (Zhang et al. 2018) for supervised training, and i-Mix (Lee et al. 2021) for contrastive learning.

Mixup trains on convex combinations of pairs of images, x = λ x_i + (1 − λ) x_j, with the same mixture of their labels
as a soft target; λ ~ Beta(α, α), one per batch. i-Mix does the same inside SimCLR: each image's identity is its
"class", so a mixed view must be matched to the other view of x_i with weight λ and to that of x_j with 1 − λ. Both
make new, in-between training points — more diversity from the same images, which helps most when the images are few.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from ._checks import check_count, check_generator, check_positive, check_tensor
from .methods import SimCLR, Supervised


def beta(alpha: float, generator: torch.Generator) -> float:
    """One draw of λ ~ Beta(alpha, alpha), from `generator` (torch's Beta takes none: a forked, seeded RNG)."""
    check_positive("alpha", alpha)
    check_generator(generator)
    seed = int(torch.randint(2**62, (1,), generator=generator))
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return float(torch.distributions.Beta(alpha, alpha).sample())


def mixup(x: torch.Tensor, labels: torch.Tensor, num_classes: int, alpha: float, generator: torch.Generator):
    """(mixed images, soft targets (B, K) whose rows sum to 1, λ) for float images x (B, C, H, W) and int64 labels."""
    check_tensor("x", x, ndim=4, floating=True)
    check_tensor("labels", labels, ndim=1, dtype=torch.int64)
    if len(labels) != len(x):
        raise ValueError(f"labels has {len(labels)} entries but x has {len(x)}")
    check_count("num_classes", num_classes, minimum=2)
    lam = beta(alpha, generator)
    perm = torch.randperm(len(x), generator=generator).to(x.device)           # (B,) each image's partner
    onehot = F.one_hot(labels, num_classes).float()                           # (B, K)
    return lam * x + (1 - lam) * x[perm], lam * onehot + (1 - lam) * onehot[perm], lam


def soft_cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Mean over rows of −Σ targets · log_softmax(logits): cross-entropy with soft targets (B, K)."""
    return -(targets * F.log_softmax(logits, dim=1)).sum(1).mean()


class MixupSupervised(Supervised):
    """`Supervised` trained on mixup pairs of its augmented views (α = `alpha`)."""

    name = "supervised_mixup"

    def __init__(self, encoder, augment=None, *, num_classes: int, alpha: float = 0.4, encoder_lr: float = 1.0,
                 seed: int = 0):
        super().__init__(encoder, augment, num_classes=num_classes, encoder_lr=encoder_lr, seed=seed)
        check_positive("alpha", alpha)
        self.alpha = alpha
        self.hparams["alpha"] = alpha

    def loss(self, x, labels=None):
        view = self.view(x)
        mixed, targets, _ = mixup(view, labels.to(view.device), self.hparams["num_classes"], self.alpha,
                                  self.generator)
        return soft_cross_entropy(self.logits(mixed), targets)


class IMix(SimCLR):
    """SimCLR whose first view is mixed with another image's first view (λ ~ Beta(α, α)); the loss asks the mixed
    view to find the second view of each of its two sources, in proportion λ and 1 − λ (i-Mix's N-pair form)."""

    name = "imix"

    def __init__(self, encoder, augment=None, *, alpha: float = 1.0, temperature: float = 0.5, proj_dim: int = 128,
                 hidden_dim: int = 512, seed: int = 0):
        super().__init__(encoder, augment, temperature=temperature, proj_dim=proj_dim, hidden_dim=hidden_dim,
                         seed=seed)
        check_positive("alpha", alpha)
        self.alpha = alpha
        self.hparams["alpha"] = alpha

    def loss(self, x):
        v1, v2 = self.views(x)                                                 # 2 x (B, C, H, W)
        B = len(x)
        mixed, targets, _ = mixup(v1, torch.arange(B, device=v1.device), B, self.alpha, self.generator)
        z1 = F.normalize(self.projector(self.encoder(mixed)), dim=1)           # (B, P)
        z2 = F.normalize(self.projector(self.encoder(v2)), dim=1)              # (B, P)
        self._last = z1.detach()
        return soft_cross_entropy(z1 @ z2.T / self.temperature, targets)      # targets (B, B): λ on i, 1 − λ on j
