"""RandAugment: per-image operations, seeded, in range; every operation does what its name says; clear errors."""
import pytest
import torch

from sslcourse.randaugment import OPS, RandAugment, strong

from _tiny import tiny_images


def digits(n=16):
    x = torch.zeros(n, 1, 12, 12, dtype=torch.uint8)
    x[:, :, 3:9, 5:7] = 200                                   # a bar: something for the warps to move
    return x


def test_seeded_in_range_and_different_per_image():
    ra = RandAugment()
    a = ra(digits(), torch.Generator().manual_seed(0))
    b = ra(digits(), torch.Generator().manual_seed(0))
    assert a.shape == (16, 1, 12, 12) and a.dtype == torch.float32 and torch.equal(a, b)
    assert 0 <= float(a.min()) and float(a.max()) <= 1
    assert len({bytes(img.numpy()) for img in a}) > 8          # identical inputs, mostly different outputs


@pytest.mark.parametrize("name", sorted(OPS))
def test_each_operation_alone_keeps_shape_and_range(name):
    ra = RandAugment(n=1, ops=(name,), cutout=0.0)
    x = tiny_images(8) if name != "colour" else torch.randint(0, 256, (8, 3, 8, 8), dtype=torch.uint8)
    out = ra(x, torch.Generator().manual_seed(1))
    assert out.shape == x.shape and 0 <= float(out.min()) and float(out.max()) <= 1
    if name == "identity":
        assert torch.equal(out, x.float() / 255)
    if name == "solarize":                                    # every pixel either kept or inverted
        base = x.float() / 255
        assert torch.all(torch.isclose(out, base) | torch.isclose(out, 1 - base))


def test_cutout_fills_a_grey_square_of_the_given_side():
    ra = RandAugment(n=1, ops=("identity",), cutout=0.5)
    out = ra(torch.zeros(4, 1, 12, 12, dtype=torch.uint8), torch.Generator().manual_seed(2))
    assert ((out == 0.5).flatten(1).sum(1) == 36).all()       # a 6 x 6 square of grey in each black image


def test_strong_leaves_out_colour_for_grey_data():
    assert "colour" not in strong("mnist5k").ops and "colour" in strong("cifar10").ops
    assert "RandAugment: 2 operations" in strong().describe()


def test_bad_input_gets_one_clear_error():
    with pytest.raises(ValueError, match="ops"):
        RandAugment(ops=("rotate", "blur"))
    with pytest.raises(ValueError, match="n must be"):
        RandAugment(n=0)
    with pytest.raises(ValueError, match="magnitude"):
        RandAugment(magnitude=2.0)
    with pytest.raises(TypeError, match="x"):
        RandAugment()(torch.zeros(2, 1, 8, 8), torch.Generator())
