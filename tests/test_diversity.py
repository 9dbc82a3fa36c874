"""Notebook 08's machinery: controlled pools, degradations, the blended digit domain, mixup and i-Mix, curricula."""
import pytest
import torch

from sslcourse import pools
from sslcourse.augment import Ramp, preset, scaled
from sslcourse.mixup import IMix, MixupSupervised, beta, mixup, soft_cross_entropy
from sslcourse.models import ConvEncoder
from sslcourse.train import Curriculum, fit

from _tiny import NoiseAugment, tiny_images


def test_sample_draws_without_replacement_and_names_a_bad_count():
    images = torch.arange(20, dtype=torch.uint8).view(20, 1, 1, 1)
    picked = pools.sample(images, 8, seed=3)
    assert picked.shape == (8, 1, 1, 1) and len(picked.flatten().unique()) == 8
    assert torch.equal(picked, pools.sample(images, 8, seed=3)) and torch.equal(pools.sample(images, 20).sort(0)[0],
                                                                               images)
    with pytest.raises(ValueError, match="n"):
        pools.sample(images, 21)


def test_shapes_pool_uses_exactly_the_factors_asked_for():
    images, labels = pools.shapes_pool(120, shapes=3, colours=2, backgrounds=2, sizes=2, seed=1)
    assert images.shape == (120, 3, 32, 32) and images.dtype == torch.uint8
    assert sorted(labels.unique().tolist()) == [0, 1, 2]
    again, _ = pools.shapes_pool(120, shapes=3, colours=2, backgrounds=2, sizes=2, seed=1)
    assert torch.equal(images, again)
    with pytest.raises(ValueError, match="shapes"):
        pools.shapes_pool(10, shapes=1)
    with pytest.raises(ValueError, match="backgrounds"):
        pools.shapes_pool(10, backgrounds=9)


def test_digits_pool_sizes_are_exact_and_grey_28():
    pool = pools.digits_pool({"mnist5k": 30, "digits": 20, "photos": 10})
    assert pool.shape == (60, 1, 28, 28) and pool.dtype == torch.uint8
    with pytest.raises(ValueError, match="cifar"):
        pools.digits_pool({"cifar10": 5})
    with pytest.raises(ValueError, match="sources"):
        pools.digits_pool({"digits": 10_000})


@pytest.mark.parametrize("kind, mild, harsh", [("downsample", 2, 4), ("noise", 0.1, 0.4), ("jpeg", 0.1, 0.6)])
def test_degrade_keeps_shape_and_hurts_more_at_a_higher_level(kind, mild, harsh):
    x = tiny_images(8, seed=2).repeat(1, 1, 2, 2)                     # (8, 1, 16, 16)
    a, b = pools.degrade(x, kind, mild), pools.degrade(x, kind, harsh)
    assert a.shape == x.shape and a.dtype == torch.uint8
    assert 0 < (a.float() - x.float()).abs().mean() < (b.float() - x.float()).abs().mean()
    with pytest.raises(ValueError, match="level"):
        pools.degrade(x, kind, 0)


def test_jpeg_with_a_tiny_step_is_nearly_lossless():
    x = tiny_images(4).repeat(1, 1, 2, 2)
    assert (pools.degrade(x, "jpeg", 1e-4).float() - x.float()).abs().max() <= 1


def test_blended_domain_keeps_the_digits_and_their_order():
    digits = torch.zeros(5, 1, 28, 28, dtype=torch.uint8)
    digits[:, :, 8:20, 12:16] = 255
    out = pools.blend_over_photos(digits, seed=0)
    assert out.shape == (5, 3, 28, 28) and out.dtype == torch.uint8
    inside = out[:, :, 8:20, 12:16].float().mean()
    assert torch.equal(out, pools.blend_over_photos(digits, seed=0))
    assert abs(inside - out.float().mean()) > 5                      # the digit stands out from the patch
    with pytest.raises(ValueError, match="grey"):
        pools.blend_over_photos(torch.zeros(2, 3, 8, 8, dtype=torch.uint8))


def test_colour_digits_inks_each_digit_in_its_hue_and_keeps_the_background():
    import colorsys

    digits = torch.zeros(6, 1, 8, 8, dtype=torch.uint8)
    digits[:, :, 2:6, 3:5] = 255
    out, hue = pools.colour_digits(digits, seed=2)
    assert out.shape == (6, 3, 8, 8) and out.dtype == torch.uint8 and hue.shape == (6,)
    assert out[:, :, 0, 0].eq(0).all()                                   # the black background stays black
    for image, h in zip(out, hue.tolist()):
        expected = torch.tensor(colorsys.hsv_to_rgb(h, 1.0, 1.0)) * 255
        assert (image[:, 3, 3].float() - expected).abs().max() <= 1      # the ink is the hue at full saturation
    assert torch.equal(out, pools.colour_digits(digits, seed=2)[0]) and 0 <= hue.min() and hue.max() < 1
    with pytest.raises(ValueError, match="grey"):
        pools.colour_digits(torch.zeros(2, 3, 8, 8, dtype=torch.uint8))


def test_mnist_m_keeps_labels_and_the_fixed_split():
    from sslcourse import data

    mnist, blended = data.load("mnist5k"), pools.mnist_m()
    assert torch.equal(blended.train.labels, mnist.train.labels) and torch.equal(blended.test.labels, mnist.test.labels)
    assert blended.train.images.shape == (4000, 3, 28, 28) and blended.classes == mnist.classes


def test_mixup_targets_sum_to_one_and_lambda_follows_beta():
    g = torch.Generator().manual_seed(0)
    x, y = torch.rand(6, 1, 4, 4), torch.tensor([0, 1, 2, 0, 1, 2])
    mixed, targets, lam = mixup(x, y, 3, 0.4, g)
    assert torch.allclose(targets.sum(1), torch.ones(6)) and 0 <= lam <= 1 and mixed.shape == x.shape
    draws = torch.tensor([beta(0.4, g) for _ in range(4000)])
    assert abs(float(draws.mean()) - 0.5) < 0.03                     # Beta(a, a) has mean 1/2...
    assert abs(float(draws.var()) - 1 / (4 * (2 * 0.4 + 1))) < 0.01   # ...and variance 1 / (4 (2a + 1))
    logits = torch.randn(3, 4)
    hard = torch.nn.functional.one_hot(torch.tensor([1, 0, 3]), 4).float()
    assert torch.allclose(soft_cross_entropy(logits, hard), torch.nn.functional.cross_entropy(logits, hard.argmax(1)))
    with pytest.raises(ValueError, match="alpha"):
        mixup(x, y, 3, 0.0, g)


def test_mixup_supervised_and_imix_train():
    torch.manual_seed(0)
    sup = MixupSupervised(ConvEncoder(1, width=4), NoiseAugment(), num_classes=2, alpha=0.4)
    fit(sup, tiny_images(32), torch.arange(32) % 2, steps=2, batch_size=16, cache=False, progress=False)
    imix = IMix(ConvEncoder(1, width=4), NoiseAugment(), hidden_dim=16, proj_dim=8)
    hist = fit(imix, tiny_images(32), steps=2, batch_size=16, cache=False, progress=False)
    assert all(torch.isfinite(torch.tensor(hist.losses)))


def test_curriculum_share_is_monotone_and_batches_come_from_the_easy_end():
    difficulty = torch.arange(100).float()                           # image i has difficulty i
    c = Curriculum(difficulty, "easy_first", start=0.2, ramp=0.5)
    shares = [c.share(p / 10) for p in range(11)]
    assert shares[0] == pytest.approx(0.2) and shares[5] == 1.0 and all(a <= b for a, b in zip(shares, shares[1:]))
    assert c.batch(0.0, 10, step=3, seed=0).max() < 20               # only the easiest 20 at the start
    assert Curriculum(difficulty, "hard_first").batch(0.0, 10, 3, 0).min() >= 80
    c.check(100)
    with pytest.raises(ValueError, match="difficulty"):
        c.check(50)
    with pytest.raises(ValueError, match="order"):
        Curriculum(difficulty, "sideways").check(100)


def test_fit_uses_the_curriculum_and_tells_a_ramp_its_progress():
    torch.manual_seed(0)
    from sslcourse.methods import Supervised
    ramp = Ramp(preset("mnist5k"), start=0.0, ramp=1.0)
    model = Supervised(ConvEncoder(1, width=4), ramp, num_classes=2)
    seen = []
    original = model.loss
    model.loss = lambda x, y=None: (seen.append(x.clone()), original(x, y))[1]
    images = tiny_images(64)
    images[:32] = 0                                                  # the easy half: blank
    difficulty = torch.cat([torch.zeros(32), torch.ones(32)])
    fit(model, images, torch.arange(64) % 2, steps=4, batch_size=8, cache=False, progress=False,
        curriculum=Curriculum(difficulty, "easy_first", start=0.1, ramp=1.0))
    assert (seen[0] == 0).all()                                      # the first batch: easy images only
    assert 0.7 < ramp.strength < 0.8                                 # told 3/4 before the last step
    assert scaled(preset("mnist5k"), 1.0) == preset("mnist5k") and scaled(preset("mnist5k"), 0.0).rotation == 0
    with pytest.raises(TypeError, match="curriculum"):
        fit(model, images, torch.arange(64) % 2, steps=1, curriculum="easy")


def test_pretrain_pool_trains_any_method_on_a_pool_and_names_a_bad_pool():
    from sslcourse import zoo

    pool = tiny_images(32)
    method, hist = zoo.pretrain_pool(pool, "imix", steps=2, augment=NoiseAugment(), batch_size=8, alpha=0.5,
                                     progress=False)
    assert method.name == "imix" and method.alpha == 0.5 and hist.steps == 2
    again, _ = zoo.pretrain_pool(pool, "imix", steps=2, augment=NoiseAugment(), batch_size=8, alpha=0.5,
                                 progress=False)
    first = next(iter(method.encoder.parameters()))
    assert torch.equal(first, next(iter(again.encoder.parameters())))          # same pool, seed, steps: same net
    with pytest.raises(ValueError, match="pool"):
        zoo.pretrain_pool(torch.zeros(4, 8, 8, dtype=torch.uint8), steps=2, augment=None)
