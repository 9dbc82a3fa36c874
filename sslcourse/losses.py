"""SSL losses as pure functions on embeddings of shape (B, D).

Each public loss checks its inputs (matching shapes, at least two rows where negatives are needed, finite values,
a positive temperature), then calls its unchecked core (`_nt_xent`, ...). The methods call the cores: they checked
their hyper-parameters once, when they were made, and their embeddings come from their own networks, so a training
step pays for no argument check (on a GPU every finiteness check is a synchronisation).
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from ._checks import check_flag, check_positive, check_same_shape, check_tensor


def _check_pair(name_a: str, a, name_b: str, b, min_batch: int = 1) -> None:
    check_tensor(name_a, a, ndim=2, floating=True, finite=True)
    check_tensor(name_b, b, ndim=2, floating=True, finite=True)
    check_same_shape(name_a, a, name_b, b)
    if a.shape[0] < min_batch:
        raise ValueError(f"{name_a} needs a batch of at least {min_batch} rows, got {a.shape[0]}")


def nt_xent(z1: torch.Tensor, z2: torch.Tensor, temperature: float = 0.5) -> torch.Tensor:
    """SimCLR's normalized-temperature cross-entropy (Chen et al. 2020, "A Simple Framework for
    Contrastive Learning of Visual Representations", eq. 1).

    z1, z2: (B, D) projections of two views; row i of z1 and row i of z2 are positives, the other 2B - 2
    rows are negatives. The loss is averaged over all 2B anchors.
    Raises ValueError on mismatched shapes, B < 2 (no negatives), NaN, or a temperature that is not finite and > 0.
    """
    _check_pair("z1", z1, "z2", z2, min_batch=2)
    check_positive("temperature", temperature)
    return _nt_xent(z1, z2, temperature)


def _nt_xent(z1: torch.Tensor, z2: torch.Tensor, temperature: float) -> torch.Tensor:
    b = z1.shape[0]
    z = F.normalize(torch.cat([z1, z2]), dim=1)                # (2B, D)
    sim = z @ z.T / temperature                                 # (2B, 2B) cosine / tau
    sim = sim.masked_fill(torch.eye(2 * b, dtype=torch.bool, device=z.device), float("-inf"))
    positive = torch.cat([torch.arange(b, 2 * b), torch.arange(b)]).to(z.device)  # (2B,)
    return F.cross_entropy(sim, positive)


def supcon(z1: torch.Tensor, z2: torch.Tensor, labels: torch.Tensor, temperature: float = 0.1) -> torch.Tensor:
    """Supervised contrastive loss (Khosla et al. 2020, "Supervised Contrastive Learning", eq. 2, L_out).

    z1, z2: (B, D) projections of two views of B labelled images, labels (B,) int64. Every one of the 2B rows is an
    anchor; its positives are all other rows with its label (the other view among them), its negatives the rest; the
    loss averages −log softmax over each anchor's positives, then over anchors. With B distinct labels it is NT-Xent.
    Raises ValueError on mismatched shapes, B < 2, NaN, labels of the wrong shape, or a temperature that is not > 0.
    """
    _check_pair("z1", z1, "z2", z2, min_batch=2)
    check_tensor("labels", labels, ndim=1, dtype=torch.int64)
    if len(labels) != len(z1):
        raise ValueError(f"labels has {len(labels)} entries but z1 has {len(z1)} rows")
    check_positive("temperature", temperature)
    return _supcon(z1, z2, labels, temperature)


def _supcon(z1: torch.Tensor, z2: torch.Tensor, labels: torch.Tensor, temperature: float) -> torch.Tensor:
    b = z1.shape[0]
    z = F.normalize(torch.cat([z1, z2]), dim=1)                # (2B, D)
    self_mask = torch.eye(2 * b, dtype=torch.bool, device=z.device)
    logits = (z @ z.T / temperature).masked_fill(self_mask, float("-inf"))
    log_prob = F.log_softmax(logits, dim=1)                     # (2B, 2B), -inf on the diagonal
    y = torch.cat([labels, labels]).to(z.device)                # (2B,)
    positive = (y[:, None] == y[None, :]) & ~self_mask          # (2B, 2B): at least the other view
    return -(log_prob.masked_fill(~positive, 0).sum(1) / positive.sum(1)).mean()


def info_nce(query: torch.Tensor, positive_key: torch.Tensor, negative_keys: torch.Tensor,
             temperature: float = 0.2) -> torch.Tensor:
    """InfoNCE with external negatives (van den Oord et al. 2018, "Representation Learning with
    Contrastive Predictive Coding", eq. 4; in the form of MoCo, He et al. 2020, eq. 1).

    query, positive_key: (B, D), row i of each is a positive pair; negative_keys: (K, D), shared by every
    query (MoCo's queue). Rows are L2-normalized; each query classifies its key among 1 + K candidates:
    loss_i = -log exp(q_i.k_i / t) / (exp(q_i.k_i / t) + sum_k exp(q_i.n_k / t)), averaged over i.
    Raises ValueError on mismatched shapes, no negatives (K = 0), NaN, or a temperature that is not finite and > 0.
    """
    _check_pair("query", query, "positive_key", positive_key)
    check_tensor("negative_keys", negative_keys, ndim=2, floating=True, finite=True, nonempty=False)
    if negative_keys.shape[0] < 1:
        raise ValueError("negative_keys needs at least 1 row: InfoNCE has nothing to contrast with")
    if negative_keys.shape[1] != query.shape[1]:
        raise ValueError(f"negative_keys must have {query.shape[1]} columns like query, "
                         f"got shape {tuple(negative_keys.shape)}")
    check_positive("temperature", temperature)
    return _info_nce(query, positive_key, negative_keys, temperature)


def _info_nce(query: torch.Tensor, positive_key: torch.Tensor, negative_keys: torch.Tensor,
              temperature: float) -> torch.Tensor:
    q = F.normalize(query, dim=1)                               # (B, D)
    k = F.normalize(positive_key, dim=1)                        # (B, D)
    n = F.normalize(negative_keys, dim=1)                       # (K, D)
    pos = (q * k).sum(dim=1, keepdim=True)                      # (B, 1)
    neg = q @ n.T                                               # (B, K)
    logits = torch.cat([pos, neg], dim=1) / temperature         # (B, 1 + K): the positive is class 0
    return F.cross_entropy(logits, torch.zeros(len(q), dtype=torch.long, device=q.device))


def negative_cosine(p: torch.Tensor, z: torch.Tensor, stop_gradient: bool = True) -> torch.Tensor:
    """Mean negative cosine similarity -cos(p_i, sg(z_i)) between a prediction p and a target z
    (Chen & He 2021, "Exploring Simple Siamese Representation Learning", eq. 1 and the stop-gradient
    of eq. 3; BYOL's 2 - 2 cos, Grill et al. 2020, eq. 2, is the same up to an affine map).

    p, z: (B, D). No gradient flows into z unless `stop_gradient=False` (the collapse demo).
    Value in [-1, 1]: -1 when every prediction points exactly at its target.
    Raises ValueError on mismatched shapes or NaN; TypeError if stop_gradient is not True or False.
    """
    _check_pair("p", p, "z", z)
    check_flag("stop_gradient", stop_gradient)
    return _negative_cosine(p, z, stop_gradient)


def _negative_cosine(p: torch.Tensor, z: torch.Tensor, stop_gradient: bool = True) -> torch.Tensor:
    if stop_gradient:
        z = z.detach()
    return -F.cosine_similarity(p, z, dim=1).mean()


def _standardize(z: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    """Each column to zero mean and unit (biased) variance over the batch, as BatchNorm1d without affine."""
    return (z - z.mean(dim=0)) / torch.sqrt(z.var(dim=0, unbiased=False) + eps)


def cross_correlation(z1: torch.Tensor, z2: torch.Tensor) -> torch.Tensor:
    """The (D, D) cross-correlation matrix C_ij = sum_b z1_bi z2_bj / B of the batch-standardized
    embeddings z1, z2: (B, D) (Zbontar et al. 2021, "Barlow Twins", eq. 2). The identity is the goal.
    """
    _check_pair("z1", z1, "z2", z2, min_batch=2)
    return _cross_correlation(z1, z2)


def _cross_correlation(z1: torch.Tensor, z2: torch.Tensor) -> torch.Tensor:
    return _standardize(z1).T @ _standardize(z2) / z1.shape[0]   # (D, D)


def barlow_twins(z1: torch.Tensor, z2: torch.Tensor, lambda_offdiag: float = 5e-3) -> torch.Tensor:
    """Barlow Twins' redundancy-reduction loss (Zbontar et al. 2021, "Barlow Twins: Self-Supervised
    Learning via Redundancy Reduction", eq. 1): sum_i (1 - C_ii)^2 + lambda * sum_{i != j} C_ij^2,
    with C the cross-correlation of the batch-standardized embeddings z1, z2: (B, D), B >= 2.

    The diagonal term makes each feature invariant to the augmentation, the off-diagonal one makes
    different features carry different information; a constant (collapsed) feature cannot correlate.
    Raises ValueError on mismatched shapes, B < 2, NaN, or lambda_offdiag < 0.
    """
    check_positive("lambda_offdiag", lambda_offdiag, allow_zero=True)
    _check_pair("z1", z1, "z2", z2, min_batch=2)
    return _barlow_twins(z1, z2, lambda_offdiag)


def _barlow_twins(z1: torch.Tensor, z2: torch.Tensor, lambda_offdiag: float) -> torch.Tensor:
    c = _cross_correlation(z1, z2)                              # (D, D)
    on_diag = (torch.diagonal(c) - 1).pow(2).sum()
    off_diag = (c - torch.diag_embed(torch.diagonal(c))).pow(2).sum()
    return on_diag + lambda_offdiag * off_diag


def _off_diagonal_square_sum(m: torch.Tensor) -> torch.Tensor:
    return m.pow(2).sum() - torch.diagonal(m).pow(2).sum()


def vicreg_terms(z1: torch.Tensor, z2: torch.Tensor, gamma: float = 1.0,
                 eps: float = 1e-4) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """The three unweighted terms of VICReg (Bardes et al. 2022, eqs. 1-5) on z1, z2: (B, D), B >= 2.

    invariance: mean squared distance between the two views, (1 / (B D)) sum ||z1_b - z2_b||^2;
    variance:   mean over dimensions of relu(gamma - sqrt(Var + eps)), averaged over the two branches;
    covariance: sum of squared off-diagonal covariances / D, summed over the two branches.
    Returns (invariance, variance, covariance), each a scalar tensor.
    """
    _check_pair("z1", z1, "z2", z2, min_batch=2)
    check_positive("gamma", gamma)
    check_positive("eps", eps)
    return _vicreg_terms(z1, z2, gamma, eps)


def _vicreg_terms(z1: torch.Tensor, z2: torch.Tensor, gamma: float = 1.0,
                  eps: float = 1e-4) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    b, d = z1.shape
    invariance = F.mse_loss(z1, z2)
    variance = z1.new_zeros(())
    covariance = z1.new_zeros(())
    for z in (z1, z2):
        std = torch.sqrt(z.var(dim=0) + eps)                    # (D,)
        variance = variance + F.relu(gamma - std).mean() / 2
        zc = z - z.mean(dim=0)                                  # (B, D)
        cov = zc.T @ zc / (b - 1)                               # (D, D)
        covariance = covariance + _off_diagonal_square_sum(cov) / d
    return invariance, variance, covariance


def vicreg(z1: torch.Tensor, z2: torch.Tensor, sim_weight: float = 25.0, var_weight: float = 25.0,
           cov_weight: float = 1.0) -> torch.Tensor:
    """VICReg: Variance-Invariance-Covariance Regularization (Bardes, Ponce & LeCun 2022, eq. 6):
    sim_weight * invariance + var_weight * variance + cov_weight * covariance (see `vicreg_terms`).

    z1, z2: (B, D) expander outputs of two views, B >= 2. The variance term keeps every dimension's
    standard deviation above 1, which is what rules out collapse: `var_weight=0` lets it collapse.
    Raises ValueError on mismatched shapes, B < 2, NaN, or a negative weight.
    """
    check_vicreg_weights(sim_weight, var_weight, cov_weight)
    _check_pair("z1", z1, "z2", z2, min_batch=2)
    return _vicreg(z1, z2, sim_weight, var_weight, cov_weight)


def check_vicreg_weights(sim_weight, var_weight, cov_weight) -> None:
    """Each VICReg weight must be a non-negative number (0 switches its term off)."""
    for name, w in (("sim_weight", sim_weight), ("var_weight", var_weight), ("cov_weight", cov_weight)):
        check_positive(name, w, allow_zero=True)


def _vicreg(z1: torch.Tensor, z2: torch.Tensor, sim_weight: float, var_weight: float,
            cov_weight: float) -> torch.Tensor:
    inv, var, cov = _vicreg_terms(z1, z2)
    return sim_weight * inv + var_weight * var + cov_weight * cov


def clip_loss(image_z: torch.Tensor, text_z: torch.Tensor, scale: torch.Tensor | float) -> torch.Tensor:
    """CLIP's symmetric InfoNCE (Radford et al. 2021, "Learning Transferable Visual Models From Natural Language
    Supervision", figure 3): row i of `image_z` and of `text_z` (B, D) are a matching pair; after L2-normalising,
    logits = scale * image @ text.T (B, B); the loss is the mean of the cross-entropy that picks each image's caption
    among the B captions and the one that picks each caption's image among the B images. `scale` = 1 / temperature
    (CLIP learns its logarithm). Raises ValueError on mismatched shapes, a batch under 2, NaN, or a scale that is not
    finite and > 0."""
    _check_pair("image_z", image_z, "text_z", text_z, min_batch=2)
    if not torch.is_tensor(scale):
        check_positive("scale", scale)
    elif scale.numel() != 1 or not torch.isfinite(scale).all() or float(scale) <= 0:
        raise ValueError(f"scale must be one finite number > 0, got {scale!r}")
    return _clip_loss(image_z, text_z, scale)


def _clip_loss(image_z: torch.Tensor, text_z: torch.Tensor, scale) -> torch.Tensor:
    i = F.normalize(image_z, dim=1)                             # (B, D)
    t = F.normalize(text_z, dim=1)                              # (B, D)
    logits = scale * i @ t.T                                    # (B, B): row = image, column = caption
    target = torch.arange(len(i), device=i.device)              # the diagonal
    return (F.cross_entropy(logits, target) + F.cross_entropy(logits.T, target)) / 2
