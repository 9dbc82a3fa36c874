"""InfoNCE, negative cosine, Barlow Twins and VICReg against naive loops and closed forms."""
import math

import pytest
import torch
import torch.nn.functional as F

from sslcourse.losses import (barlow_twins, cross_correlation, info_nce, negative_cosine, vicreg,
                              vicreg_terms)


def randn(*shape, seed=0):
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)


def hadamard_columns(d):
    """(4, d <= 3) columns that are zero-mean, unit (biased) variance and mutually orthogonal."""
    h = torch.tensor([[1, 1, 1, 1], [1, -1, 1, -1], [1, 1, -1, -1], [1, -1, -1, 1]], dtype=torch.float64)
    return h[:, 1:1 + d]


# -- InfoNCE -------------------------------------------------------------------------------------
def info_nce_naive(q, k, n, tau):
    """MoCo eq. 1, one query at a time, one negative at a time."""
    q, k, n = F.normalize(q, dim=1), F.normalize(k, dim=1), F.normalize(n, dim=1)
    total = 0.0
    for i in range(len(q)):
        pos = math.exp(float(q[i] @ k[i]) / tau)
        neg = sum(math.exp(float(q[i] @ n[j]) / tau) for j in range(len(n)))
        total += -math.log(pos / (pos + neg))
    return total / len(q)


@pytest.mark.parametrize("tau", [0.07, 0.2, 1.0])
def test_info_nce_matches_loop(tau):
    q, k, n = randn(5, 4, seed=1), randn(5, 4, seed=2), randn(7, 4, seed=3)
    assert info_nce(q, k, n, tau).item() == pytest.approx(info_nce_naive(q, k, n, tau), rel=1e-9)


def test_info_nce_closed_forms():
    # every similarity equal: the positive is one of 1 + K equally likely candidates
    ones = torch.ones(3, 4)
    assert info_nce(ones, ones, torch.ones(9, 4), 0.3).item() == pytest.approx(math.log(10), rel=1e-6)
    # positive similarity 1, every negative orthogonal (similarity 0)
    tau, k = 0.5, 6
    q = torch.eye(8)[:2]                                         # e_0, e_1
    negatives = torch.eye(8)[2:2 + k]                            # e_2 .. e_7
    expected = -math.log(math.exp(1 / tau) / (math.exp(1 / tau) + k))
    assert info_nce(q, q, negatives, tau).item() == pytest.approx(expected, rel=1e-6)


def test_info_nce_scale_invariant_and_grows_with_negatives():
    q, k, n = randn(4, 3, seed=4), randn(4, 3, seed=5), randn(20, 3, seed=6)
    assert info_nce(2 * q, 0.1 * k, 7 * n).item() == pytest.approx(info_nce(q, k, n).item(), rel=1e-9)
    assert info_nce(q, k, n).item() > info_nce(q, k, n[:2]).item()   # more negatives, harder task


def test_info_nce_batch_of_one_is_fine_with_external_negatives():
    assert torch.isfinite(info_nce(randn(1, 3), randn(1, 3, seed=1), randn(4, 3, seed=2)))


def test_info_nce_gradient_reaches_query_only_through_its_inputs():
    q = randn(4, 3).requires_grad_()
    k = randn(4, 3, seed=1).requires_grad_()
    info_nce(q, k, randn(5, 3, seed=2)).backward()
    assert q.grad.abs().sum() > 0 and k.grad.abs().sum() > 0


@pytest.mark.parametrize("q, k, n, tau, match", [
    (torch.randn(4, 3), torch.randn(4, 2), torch.randn(5, 3), 0.2, "same shape"),
    (torch.randn(4, 3), torch.randn(4, 3), torch.randn(5, 2), 0.2, "negative_keys must have 3 columns"),
    (torch.randn(4, 3), torch.randn(4, 3), torch.randn(0, 3), 0.2, "negative_keys needs at least 1"),
    (torch.randn(4, 3), torch.randn(4, 3), torch.full((5, 3), float("nan")), 0.2, "negative_keys contains NaN"),
    (torch.full((4, 3), float("nan")), torch.randn(4, 3), torch.randn(5, 3), 0.2, "query contains NaN"),
    (torch.randn(4, 3), torch.randn(4, 3), torch.randn(5, 3), 0.0, "temperature"),
    (torch.randn(4, 3), torch.randn(4, 3), torch.randn(5), 0.2, "negative_keys must have 2 dimensions"),
])
def test_info_nce_bad_input(q, k, n, tau, match):
    with pytest.raises(ValueError, match=match):
        info_nce(q, k, n, tau)


def test_info_nce_wrong_type():
    with pytest.raises(TypeError, match="negative_keys"):
        info_nce(torch.randn(2, 3), torch.randn(2, 3), [[0.0, 1.0, 2.0]])


# -- negative cosine -----------------------------------------------------------------------------
def test_negative_cosine_matches_formula_and_closed_forms():
    p, z = randn(6, 5, seed=7), randn(6, 5, seed=8)
    naive = -sum(float(p[i] @ z[i] / (p[i].norm() * z[i].norm())) for i in range(6)) / 6
    assert negative_cosine(p, z).item() == pytest.approx(naive, rel=1e-9)
    assert negative_cosine(p, 3 * p).item() == pytest.approx(-1.0)
    assert negative_cosine(p, -p).item() == pytest.approx(1.0)
    assert negative_cosine(torch.eye(4), torch.eye(4).roll(1, dims=1)).item() == pytest.approx(0.0)


def test_negative_cosine_stops_the_gradient_on_the_target():
    p = randn(4, 3).requires_grad_()
    z = randn(4, 3, seed=1).requires_grad_()
    negative_cosine(p, z).backward()
    assert p.grad.abs().sum() > 0 and z.grad is None
    p.grad = None
    negative_cosine(p, z, stop_gradient=False).backward()     # the collapse knob
    assert p.grad.abs().sum() > 0 and z.grad.abs().sum() > 0


@pytest.mark.parametrize("p, z, match", [
    (torch.randn(4, 3), torch.randn(3, 3), "same shape"),
    (torch.randn(4, 3), torch.full((4, 3), float("nan")), "z contains NaN"),
    (torch.randn(3), torch.randn(3), "2 dimensions"),
])
def test_negative_cosine_bad_input(p, z, match):
    with pytest.raises(ValueError, match=match):
        negative_cosine(p, z)


# -- Barlow Twins --------------------------------------------------------------------------------
def barlow_naive(z1, z2, lam, eps=1e-5):
    """Eq. 1-2 of Barlow Twins with explicit loops over the (i, j) entries of C."""
    b, d = z1.shape

    def standardize(z):
        mean = z.mean(0)
        std = ((z - mean).pow(2).mean(0) + eps).sqrt()
        return (z - mean) / std

    a, c = standardize(z1), standardize(z2)
    loss = 0.0
    for i in range(d):
        for j in range(d):
            cij = sum(float(a[n, i] * c[n, j]) for n in range(b)) / b
            loss += (1 - cij) ** 2 if i == j else lam * cij ** 2
    return loss


@pytest.mark.parametrize("lam", [0.0, 5e-3, 1.0])
def test_barlow_twins_matches_loop(lam):
    z1, z2 = randn(6, 4, seed=9), randn(6, 4, seed=10)
    assert barlow_twins(z1, z2, lam).item() == pytest.approx(barlow_naive(z1, z2, lam), rel=1e-9)


def test_barlow_twins_closed_forms():
    z = hadamard_columns(3)                                       # C = identity up to eps
    assert barlow_twins(z, z).item() == pytest.approx(0.0, abs=1e-4)
    # opposite views: C = -I, every diagonal term is (1 - (-1))^2 = 4
    assert barlow_twins(z, -z).item() == pytest.approx(4 * 3, rel=1e-4)
    # a collapsed (constant) embedding correlates with nothing: C = 0, loss = D
    assert barlow_twins(torch.ones(4, 3), torch.ones(4, 3)).item() == pytest.approx(3.0)


def test_barlow_twins_invariant_to_per_feature_affine_maps_and_symmetric():
    z1, z2 = randn(8, 3, seed=11), randn(8, 3, seed=12)
    scale, shift = torch.tensor([2.0, 0.5, 7.0], dtype=torch.float64), torch.tensor([1.0, -3.0, 0.0])
    ref = barlow_twins(z1, z2).item()
    assert barlow_twins(z1 * scale + shift, z2).item() == pytest.approx(ref, rel=1e-4)  # up to eps
    assert barlow_twins(z2, z1).item() == pytest.approx(ref, rel=1e-9)
    c = cross_correlation(z1, z2)
    assert c.shape == (3, 3) and c.abs().max() <= 1 + 1e-6


@pytest.mark.parametrize("z1, z2, lam, match", [
    (torch.randn(4, 3), torch.randn(4, 2), 5e-3, "same shape"),
    (torch.randn(1, 3), torch.randn(1, 3), 5e-3, "at least 2"),
    (torch.full((4, 3), float("nan")), torch.randn(4, 3), 5e-3, "z1 contains NaN"),
    (torch.randn(4, 3), torch.randn(4, 3), -1.0, "lambda_offdiag"),
])
def test_barlow_twins_bad_input(z1, z2, lam, match):
    with pytest.raises(ValueError, match=match):
        barlow_twins(z1, z2, lam)


# -- VICReg --------------------------------------------------------------------------------------
def vicreg_naive(z1, z2, s, v, c, eps=1e-4):
    """Eqs. 1-6 of VICReg, element by element."""
    b, d = z1.shape
    inv = sum(float((z1[n, i] - z2[n, i]) ** 2) for n in range(b) for i in range(d)) / (b * d)
    var = cov = 0.0
    for z in (z1, z2):
        mean = [sum(float(z[n, i]) for n in range(b)) / b for i in range(d)]
        for i in range(d):
            var_i = sum((float(z[n, i]) - mean[i]) ** 2 for n in range(b)) / (b - 1)
            var += max(0.0, 1 - math.sqrt(var_i + eps)) / d / 2
            for j in range(d):
                if i != j:
                    cij = sum((float(z[n, i]) - mean[i]) * (float(z[n, j]) - mean[j]) for n in range(b)) / (b - 1)
                    cov += cij ** 2 / d
    return s * inv + v * var + c * cov


@pytest.mark.parametrize("weights", [(25.0, 25.0, 1.0), (1.0, 0.0, 3.0), (0.0, 1.0, 0.0)])
def test_vicreg_matches_formula(weights):
    z1, z2 = 0.5 * randn(6, 4, seed=13), 0.5 * randn(6, 4, seed=14)   # std < 1: the hinge is active
    assert vicreg(z1, z2, *weights).item() == pytest.approx(vicreg_naive(z1, z2, *weights), rel=1e-9)


def test_vicreg_closed_forms():
    z = 2 * hadamard_columns(3)          # identical views, std 2.3 > 1, uncorrelated: every term is 0
    assert vicreg(z, z).item() == pytest.approx(0.0, abs=1e-12)
    # collapse: a constant embedding; invariance 0, covariance 0, variance relu(1 - sqrt(1e-4)) = 0.99
    inv, var, cov = vicreg_terms(torch.ones(5, 3), torch.ones(5, 3))
    assert (inv.item(), cov.item()) == (0.0, 0.0) and var.item() == pytest.approx(0.99)
    assert vicreg(torch.ones(5, 3), torch.ones(5, 3)).item() == pytest.approx(25 * 0.99)
    assert vicreg(torch.ones(5, 3), torch.ones(5, 3), var_weight=0).item() == 0.0   # nothing stops collapse


@pytest.mark.parametrize("z1, z2, kw, match", [
    (torch.randn(4, 3), torch.randn(4, 2), {}, "same shape"),
    (torch.randn(1, 3), torch.randn(1, 3), {}, "at least 2"),
    (torch.randn(4, 3), torch.full((4, 3), float("nan")), {}, "z2 contains NaN"),
    (torch.randn(4, 3), torch.randn(4, 3), {"var_weight": -1.0}, "var_weight"),
    (torch.randn(4, 3), torch.randn(4, 3), {"sim_weight": float("nan")}, "sim_weight"),
])
def test_vicreg_bad_input(z1, z2, kw, match):
    with pytest.raises(ValueError, match=match):
        vicreg(z1, z2, **kw)
