import pytest
import torch
import torch.nn.functional as F

from sslcourse.evaluate import features
from sslcourse.models import ConvEncoder
from sslcourse.similarity import invariance_score, invariances, linear_cka
from sslcourse.transforms import gaussian_noise, random_resized_affine


def gaussian(n, d, seed):
    return torch.randn(n, d, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)


def orthogonal(d, seed):
    q, _ = torch.linalg.qr(gaussian(d, d, seed))
    return q


# ---------------------------------------------------------------------------------------------------------
# linear_cka
# ---------------------------------------------------------------------------------------------------------

def hsic_cka(a, b):
    """The definition through kernels (Kornblith et al. 2019): HSIC(K, L) = tr(K H L H) / (n-1)^2
    with K = a a^T, L = b b^T (kernel_a, kernel_b) and the centring matrix H = I - 1/n."""
    n = len(a)
    h = torch.eye(n, dtype=torch.float64) - 1 / n
    kernel_a, kernel_b = a.double() @ a.double().T, b.double() @ b.double().T

    def hsic(p, q):
        return torch.trace(p @ h @ q @ h) / (n - 1) ** 2

    return float(hsic(kernel_a, kernel_b) / (hsic(kernel_a, kernel_a) * hsic(kernel_b, kernel_b)).sqrt())


def test_linear_cka_equals_the_kernel_definition():
    a = gaussian(30, 5, 0)
    b = a @ gaussian(5, 8, 1) + 0.5 * gaussian(30, 8, 2)            # related to a, of another width
    assert linear_cka(a, b) == pytest.approx(hsic_cka(a, b), abs=1e-12)
    assert 0.3 < linear_cka(a, b) < 1


def test_linear_cka_identity_symmetry_and_invariances():
    a, b = gaussian(40, 6, 3), gaussian(40, 9, 4)
    b = torch.cat([a, b], dim=1)                                     # (40, 15) shares a's information
    assert linear_cka(a, a) == pytest.approx(1.0, abs=1e-12)
    assert linear_cka(a.float(), a.float()) == pytest.approx(1.0, abs=1e-6)
    assert linear_cka(a, b) == pytest.approx(linear_cka(b, a), abs=1e-12)
    reference = linear_cka(a, b)
    assert linear_cka(a @ orthogonal(6, 5), b) == pytest.approx(reference, abs=1e-5)
    assert linear_cka(a, b @ orthogonal(15, 6)) == pytest.approx(reference, abs=1e-5)
    assert linear_cka(7.5 * a, b) == pytest.approx(reference, abs=1e-5)
    assert linear_cka(a, 0.01 * b + 3.0) == pytest.approx(reference, abs=1e-5)    # scaling, and a shift
    stretched = a * torch.tensor([10.0, 1, 1, 1, 1, 1], dtype=torch.float64)       # not isotropic: CKA moves
    assert abs(linear_cka(stretched, b) - reference) > 0.05


def test_linear_cka_of_independent_sets_is_small():
    assert linear_cka(gaussian(500, 10, 7), gaussian(500, 10, 8)) < 0.2


def test_linear_cka_bad_input():
    a = gaussian(10, 3, 0)
    with pytest.raises(ValueError, match="a and b must describe the same images: a has 10 rows, b has 9"):
        linear_cka(a, a[:9])
    with pytest.raises(ValueError, match="b contains NaN"):
        linear_cka(a, a / 0)
    with pytest.raises(ValueError, match="a must have 2 dimensions"):
        linear_cka(a[0], a)
    with pytest.raises(TypeError, match="b must be a floating-point tensor"):
        linear_cka(a, torch.ones(10, 3, dtype=torch.int64))
    with pytest.raises(ValueError, match="b is the same for every image"):
        linear_cka(a, torch.full((10, 3), 0.1))


# ---------------------------------------------------------------------------------------------------------
# invariance_score
# ---------------------------------------------------------------------------------------------------------

def brute_force_invariance(clean, moved):
    """Loops over images and pairs of images, on L2-normalised rows."""
    c, m = F.normalize(clean.double(), dim=1), F.normalize(moved.double(), dim=1)
    n = len(c)
    moved_by = sum(float((c[i] - m[i]).norm()) for i in range(n)) / n
    apart = sum(float((c[i] - c[j]).norm()) for i in range(n) for j in range(n) if i != j) / (n * (n - 1))
    return moved_by / apart


def test_invariance_score_equals_a_brute_force_loop():
    clean = gaussian(7, 4, 0)
    moved = clean + 0.3 * gaussian(7, 4, 1)
    assert invariance_score(clean, moved) == pytest.approx(brute_force_invariance(clean, moved), abs=1e-12)
    big, moved = gaussian(2100, 3, 2), gaussian(2100, 3, 3)           # more rows than one chunk of 1024
    c, m = F.normalize(big, dim=1), F.normalize(moved, dim=1)
    by_pdist = float((c - m).norm(dim=1).mean() / torch.pdist(c).mean())   # pdist: each pair i < j once
    assert invariance_score(big, moved) == pytest.approx(by_pdist, abs=1e-9)


def test_invariance_score_zero_when_nothing_moves_about_one_for_other_images():
    clean = gaussian(300, 16, 3)
    assert invariance_score(clean, clean) == 0.0
    assert invariance_score(clean, 5.0 * clean) == pytest.approx(0.0, abs=1e-7)   # only directions count
    others = clean.roll(1, dims=0)                                   # every image's "moved" is another image
    assert invariance_score(clean, others) == pytest.approx(1.0, abs=0.05)
    slightly = clean + 0.1 * gaussian(300, 16, 4)
    assert 0 < invariance_score(clean, slightly) < 0.2


def test_invariance_score_bad_input():
    clean = gaussian(5, 3, 0)
    with pytest.raises(ValueError, match="clean and moved must have the same shape"):
        invariance_score(clean, clean[:4])
    with pytest.raises(ValueError, match="moved contains NaN"):
        invariance_score(clean, clean / 0)
    with pytest.raises(ValueError, match="clean needs at least 2 rows"):
        invariance_score(clean[:1], clean[:1])
    with pytest.raises(ValueError, match="collapsed encoder"):
        invariance_score(torch.ones(5, 3), clean)


# ---------------------------------------------------------------------------------------------------------
# invariances
# ---------------------------------------------------------------------------------------------------------

def images(n=24, seed=0):
    """Bright squares at random places on a dark background, (n, 1, 8, 8) uint8."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randint(0, 40, (n, 1, 8, 8), generator=g)
    for i, (r, c) in enumerate(torch.randint(0, 5, (n, 2), generator=g).tolist()):
        x[i, :, r:r + 3, c:c + 3] += 200
    return x.to(torch.uint8)


TRANSFORMS = {"identity": lambda x, g: x,
              "noise": lambda x, g: gaussian_noise(x, g, 0.2),
              "rotation": lambda x, g: random_resized_affine(x, g, rotation=(90, 90))}


def test_invariances_match_scores_of_features_computed_by_hand():
    torch.manual_seed(0)
    encoder = ConvEncoder(1, width=4)
    x = images()
    scores = invariances(encoder, x, TRANSFORMS, seed=3, batch_size=10)
    assert list(scores) == ["identity", "noise", "rotation"]
    assert scores["identity"] == 0.0
    clean = features(encoder, x)
    for name in ("noise", "rotation"):
        g = torch.Generator().manual_seed(3)                          # each transform: its own generator
        moved = torch.cat([TRANSFORMS[name](chunk.float() / 255, g) for chunk in x.split(10)])
        moved = (moved * 255).round().to(torch.uint8)
        assert scores[name] == pytest.approx(invariance_score(clean, features(encoder, moved)), abs=1e-12)
        assert scores[name] > 0
    assert invariances(encoder, x, TRANSFORMS, seed=3, batch_size=10) == scores   # seeded: reproduces


def test_invariances_of_raw_pixels():
    """A quarter turn moves the pixels of off-centre squares about as far as another image would."""
    scores = invariances("pixels", images(), TRANSFORMS)
    assert scores["identity"] == 0.0
    assert 0.5 < scores["rotation"] < 1.5
    assert 0 < scores["noise"] < scores["rotation"]


def test_invariances_bad_input():
    x = images(4)
    with pytest.raises(TypeError, match="transforms must be a non-empty dict"):
        invariances("pixels", x, [lambda x, g: x])
    with pytest.raises(TypeError, match="transforms must map names"):
        invariances("pixels", x, {"flip": "horizontal"})
    with pytest.raises(ValueError, match=r"transforms\['scaled'\]\(x, generator\) must hold values in \[0, 1\]"):
        invariances("pixels", x, {"scaled": lambda x, g: x * 255})
    with pytest.raises(ValueError, match=r"must have the same shape"):
        invariances("pixels", x, {"crop": lambda x, g: x[..., :4, :4]})
    with pytest.raises(TypeError, match="images must have dtype torch.uint8"):
        invariances("pixels", x.float(), TRANSFORMS)
    with pytest.raises(ValueError, match="images needs at least 2 images"):
        invariances("pixels", x[:1], TRANSFORMS)
