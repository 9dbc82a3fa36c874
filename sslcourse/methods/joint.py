"""One network, two objectives: supervised cross-entropy on the labelled images plus SimCLR on the unlabelled ones.

The alternative to "pretrain, then fine-tune": both losses train the same encoder at every step, so the labels shape
the features from the start and the SSL term keeps learning from every image (the auxiliary-loss recipe of Hendrycks
et al. 2019 and of S4L, Zhai et al. 2019, with SimCLR as the auxiliary task). `fit(method, unlabelled_images)` hands
it unlabelled batches; it draws `len(x) // mu` labelled images itself each step (see `semi.SemiSupervised`).
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from .._checks import check_counts, check_positive
from ..losses import _nt_xent
from ..models import mlp_head
from .semi import SemiSupervised


class SupervisedWithSimCLR(SemiSupervised):
    """Cross-entropy on a view of the labelled batch + `ssl_weight` × NT-Xent between two views of the unlabelled
    batch (projector as SimCLR's). `ssl_weight=0` is the supervised baseline trained through the same loop."""

    name = "supervised_simclr"

    def __init__(self, encoder, augment=None, *, labelled_images, labelled_labels, num_classes: int,
                 ssl_weight: float = 1.0, temperature: float = 0.3, mu: int = 1, ema: float = 0.99,
                 proj_dim: int = 128, hidden_dim: int = 512, monitor_images=None, monitor_labels=None,
                 seed: int = 0):
        super().__init__(encoder, augment, labelled_images=labelled_images, labelled_labels=labelled_labels,
                         num_classes=num_classes, mu=mu, ema=ema, monitor_images=monitor_images,
                         monitor_labels=monitor_labels, seed=seed)
        check_positive("ssl_weight", ssl_weight, allow_zero=True)
        check_positive("temperature", temperature)
        check_counts(proj_dim=proj_dim, hidden_dim=hidden_dim)
        self.projector = mlp_head(encoder.out_dim, hidden_dim, proj_dim)
        self.ssl_weight, self.temperature = ssl_weight, temperature
        self.hparams.update(ssl_weight=ssl_weight, temperature=temperature, proj_dim=proj_dim, hidden_dim=hidden_dim)

    def loss(self, x, labels=None):
        xl, yl = self.labelled_batch(len(x))                               # (L, C, H, W), (L,)
        v1, v2 = self.views(x)                                             # 2 x (U, C, H, W) float
        self.track_teacher(v1)                                             # the EMA teacher's BatchNorm statistics
        features = self.encoder(torch.cat([self.view(xl), v1, v2]))          # (L + 2U, D) one pass, shared BatchNorm
        supervised = F.cross_entropy(self.classifier(features[:len(xl)]), yl)
        z1, z2 = self.projector(features[len(xl):]).chunk(2)               # 2 x (U, P)
        self._last = (z1.detach(), z2.detach())
        ssl = _nt_xent(z1, z2, self.temperature)
        self._stats = {"supervised_loss": supervised.item(), "ssl_loss": ssl.item()}
        return supervised + self.ssl_weight * ssl

