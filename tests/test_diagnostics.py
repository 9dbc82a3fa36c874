"""Collapse diagnostics: closed forms (collapsed, one-hot, antipodal), naive loops, and fit's records."""
import math

import pytest
import torch
import torch.nn.functional as F

from sslcourse.diagnostics import (alignment, diagnose, effective_rank, embedding_std, is_collapsed,
                                   raw_std, uniformity)


def randn(*shape, seed=0):
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed))


def test_alignment_closed_forms_and_loop():
    z = randn(6, 4)
    assert alignment(z, 3 * z) == pytest.approx(0.0, abs=1e-6)
    assert alignment(z, -z) == pytest.approx(4.0, rel=1e-6)                # antipodal: ||2u||^2
    assert alignment(z, -z, alpha=1) == pytest.approx(2.0, rel=1e-6)
    z2 = randn(6, 4, seed=1)
    a, b = F.normalize(z, dim=1), F.normalize(z2, dim=1)
    naive = sum(float((a[i] - b[i]).norm()) ** 2 for i in range(6)) / 6
    assert alignment(z, z2) == pytest.approx(naive, rel=1e-5)


def test_uniformity_closed_forms_and_loop():
    assert uniformity(torch.ones(5, 3)) == pytest.approx(0.0, abs=1e-6)    # collapse: the maximum
    # two antipodal points: squared distance 4, log exp(-2 * 4) = -8
    assert uniformity(torch.tensor([[1.0, 0.0], [-1.0, 0.0]])) == pytest.approx(-8.0, rel=1e-6)
    z = F.normalize(randn(7, 3), dim=1)
    pairs = [(i, j) for i in range(7) for j in range(i + 1, 7)]
    naive = math.log(sum(math.exp(-2 * float((z[i] - z[j]).norm()) ** 2) for i, j in pairs) / len(pairs))
    assert uniformity(z) == pytest.approx(naive, rel=1e-5)
    # many random directions in high dimension: squared distances ~ 2, uniformity ~ -2t
    assert uniformity(randn(500, 512, seed=2)) == pytest.approx(-4.0, abs=0.1)


def test_embedding_std_closed_forms():
    d = 16
    assert embedding_std(torch.eye(d)) == pytest.approx(1 / math.sqrt(d), rel=1e-6)  # one-hot rows
    assert embedding_std(torch.ones(8, d) * 5) == pytest.approx(0.0, abs=1e-7)       # collapsed
    assert embedding_std(randn(2000, 64)) == pytest.approx(1 / 8, rel=0.03)           # isotropic: 1/sqrt(D)
    assert embedding_std(3 * randn(10, 4)) == pytest.approx(embedding_std(randn(10, 4)), rel=1e-6)


def test_raw_std_sees_a_shrinking_embedding_that_the_normalized_std_does_not():
    z = randn(100, 8)
    assert raw_std(z) == pytest.approx(float(z.std(0).mean()))
    assert raw_std(1e-3 * z) == pytest.approx(1e-3 * raw_std(z), rel=1e-5)          # shrinks with the scale
    assert embedding_std(1e-3 * z) == pytest.approx(embedding_std(z), rel=1e-5)     # directions unchanged


def test_effective_rank_closed_forms():
    assert effective_rank(torch.eye(6)) == pytest.approx(6.0, rel=1e-6)              # all directions equal
    assert effective_rank(torch.ones(10, 6)) == pytest.approx(1.0, rel=1e-6)         # collapsed
    two = torch.tensor([[1.0, 0, 0], [0, 1.0, 0]]).repeat(4, 1)                    # rank 2, equal weight
    assert effective_rank(two) == pytest.approx(2.0, rel=1e-6)
    z = randn(50, 8)
    assert 1 < effective_rank(z) <= 8
    assert effective_rank(z * torch.arange(1.0, 51).unsqueeze(1)) == pytest.approx(effective_rank(z), rel=1e-5)


def test_diagnose_and_alarm_separate_healthy_from_collapsed():
    healthy, collapsed = randn(256, 32), torch.ones(256, 32) + 1e-4 * randn(256, 32)
    h, c = diagnose(healthy, healthy + 0.1 * randn(256, 32, seed=1)), diagnose(collapsed)
    assert set(h) == {"std", "std_ratio", "raw_std", "uniformity", "effective_rank", "alignment"}
    assert "alignment" not in c
    assert h["std_ratio"] == pytest.approx(1.0, abs=0.05) and c["std_ratio"] < 0.01
    assert h["uniformity"] < -3 and c["uniformity"] > -1e-3
    assert h["effective_rank"] > 20 and c["effective_rank"] < 1.1
    assert not is_collapsed(healthy) and is_collapsed(collapsed)


@pytest.mark.parametrize("fn, args, error, match", [
    (uniformity, (torch.randn(1, 3),), ValueError, "at least 2"),
    (embedding_std, (torch.randn(1, 3),), ValueError, "at least 2"),
    (effective_rank, (torch.full((3, 3), float("nan")),), ValueError, "z contains NaN"),
    (embedding_std, (torch.randn(3),), ValueError, "2 dimensions"),
    (alignment, (torch.randn(3, 2), torch.randn(4, 2)), ValueError, "same shape"),
    (uniformity, (torch.randn(3, 2), 0.0), ValueError, "t must be"),
    (alignment, (torch.randn(3, 2), torch.randn(3, 2), -1.0), ValueError, "alpha"),
    (embedding_std, (torch.ones(3, 2, dtype=torch.long),), TypeError, "floating"),
    (diagnose, ([[1.0, 2.0]],), TypeError, "z1 must be a torch.Tensor"),
])
def test_diagnostics_bad_input(fn, args, error, match):
    with pytest.raises(error, match=match):
        fn(*args)


def test_method_record_default_logs_the_diagnostics():
    from sslcourse.methods import SimCLR
    from sslcourse.models import ConvEncoder

    class Noise:
        def __call__(self, x, g):
            return (x.float() / 255 + 0.1 * torch.randn(x.shape, generator=g)).clamp(0, 1)

    m = SimCLR(ConvEncoder(1, width=4), Noise(), hidden_dim=16, proj_dim=8)
    assert m.record() == {}                                        # nothing seen yet
    m(torch.randint(0, 256, (16, 1, 8, 8), dtype=torch.uint8))
    rec = m.record()
    assert {"std", "std_ratio", "uniformity", "effective_rank"} <= set(rec)
    m._last = (torch.ones(4, 8), torch.ones(4, 8))                 # a pair of views adds alignment
    assert m.record()["alignment"] == 0.0 and m.record()["std"] == 0.0
