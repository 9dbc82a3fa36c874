import math

import pytest
import torch
import torch.nn.functional as F

from sslcourse.losses import nt_xent


def nt_xent_naive(z1, z2, tau):
    """Eq. 1 of SimCLR with two explicit loops over anchors and candidates."""
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    n, b = len(z), len(z1)
    total = 0.0
    for i in range(n):
        pos = (i + b) % n
        denom = sum(math.exp(float(z[i] @ z[k]) / tau) for k in range(n) if k != i)
        total += -math.log(math.exp(float(z[i] @ z[pos]) / tau) / denom)
    return total / n


@pytest.mark.parametrize("tau", [0.1, 0.5, 1.0])
def test_nt_xent_matches_double_loop(tau):
    g = torch.Generator().manual_seed(0)
    z1, z2 = torch.randn(6, 5, generator=g), torch.randn(6, 5, generator=g)
    assert nt_xent(z1, z2, tau).item() == pytest.approx(nt_xent_naive(z1, z2, tau), rel=1e-5)


def test_nt_xent_closed_form_identical_embeddings():
    # every similarity is 1/tau: the loss is log(2B - 1) whatever tau is
    z = torch.ones(4, 3)
    assert nt_xent(z, z, 0.3).item() == pytest.approx(math.log(7), rel=1e-6)


def test_nt_xent_closed_form_orthogonal_pairs():
    # z1 = z2 = one-hot rows: positive similarity 1, every negative 0
    b, tau = 5, 0.5
    z = torch.eye(b)
    expected = -math.log(math.exp(1 / tau) / (math.exp(1 / tau) + 2 * b - 2))
    assert nt_xent(z, z, tau).item() == pytest.approx(expected, rel=1e-6)


def test_nt_xent_symmetric_and_scale_invariant():
    g = torch.Generator().manual_seed(1)
    z1, z2 = torch.randn(8, 4, generator=g), torch.randn(8, 4, generator=g)
    assert nt_xent(z1, z2).item() == pytest.approx(nt_xent(z2, z1).item(), rel=1e-6)
    assert nt_xent(3 * z1, 0.5 * z2).item() == pytest.approx(nt_xent(z1, z2).item(), rel=1e-5)


def test_nt_xent_gradient_flows_to_both_views():
    z1 = torch.randn(4, 3, requires_grad=True)
    z2 = torch.randn(4, 3, requires_grad=True)
    nt_xent(z1, z2).backward()
    assert z1.grad.abs().sum() > 0 and z2.grad.abs().sum() > 0


@pytest.mark.parametrize("z1, z2, tau, match", [
    (torch.randn(4, 3), torch.randn(4, 2), 0.5, "same shape"),
    (torch.randn(1, 3), torch.randn(1, 3), 0.5, "at least 2"),
    (torch.randn(0, 3), torch.randn(0, 3), 0.5, "empty"),
    (torch.full((2, 3), float("nan")), torch.randn(2, 3), 0.5, "z1 contains NaN"),
    (torch.randn(2, 3), torch.randn(2, 3), 0.0, "temperature"),
    (torch.randn(2, 3), torch.randn(2, 3), -1.0, "temperature"),
    (torch.randn(4), torch.randn(4), 0.5, "2 dimensions"),
])
def test_nt_xent_bad_input(z1, z2, tau, match):
    with pytest.raises(ValueError, match=match):
        nt_xent(z1, z2, tau)
