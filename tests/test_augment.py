"""Tests for sslcourse.augment: per-image independence, identity when off, exact geometry, determinism, errors."""
import math

import pytest
import torch
import torchvision.transforms.v2.functional as TF

from sslcourse.augment import PRESETS, Augment, preset, views
from sslcourse.transforms import (color_jitter, gaussian_blur, gaussian_noise, random_erasing, random_grayscale,
                                  random_resized_affine)


def gen(seed: int = 0) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def images(b: int = 8, c: int = 3, h: int = 16, w: int = 16, seed: int = 0) -> torch.Tensor:
    """Random float images in [0, 1]."""
    return torch.rand(b, c, h, w, generator=gen(seed))


def same_image(b: int = 16, c: int = 3, size: int = 16) -> torch.Tensor:
    """A batch of b copies of one random, colourful image: any per-image difference comes from the draw."""
    return images(1, c, size, size, seed=1).expand(b, -1, -1, -1).contiguous()


# Each component at a strength where every image is changed and the change depends on the draw.
COMPONENTS = {
    "crop": lambda x, g: random_resized_affine(x, g, scale=(0.3, 0.9)),
    "rotation": lambda x, g: random_resized_affine(x, g, rotation=40),
    "shear": lambda x, g: random_resized_affine(x, g, shear=30),
    "translate": lambda x, g: random_resized_affine(x, g, translate=0.3),
    "flip": lambda x, g: random_resized_affine(x, g, flip=0.5),
    "brightness": lambda x, g: color_jitter(x, g, brightness=0.5),
    "contrast": lambda x, g: color_jitter(x, g, contrast=0.5),
    "saturation": lambda x, g: color_jitter(x, g, saturation=0.9),
    "hue": lambda x, g: color_jitter(x, g, hue=0.4),
    "grayscale": lambda x, g: random_grayscale(x, g, 0.5),
    "blur": lambda x, g: gaussian_blur(x, g, (0.3, 3.0)),
    "noise": lambda x, g: gaussian_noise(x, g, 0.1),
    "erasing": lambda x, g: random_erasing(x, g, scale=(0.05, 0.3)),
}

# Each component switched off: must give back its input. Resampling on the identity grid is exact up to float32
# rounding of the pixel coordinates, about 1e-6.
TOL = dict(atol=2e-6, rtol=0)
IDENTITIES = {
    "affine": lambda x, g: random_resized_affine(x, g, scale=(1, 1), rotation=0, shear=0, translate=0, flip=0),
    "jitter_zero": lambda x, g: color_jitter(x, g, brightness=0, contrast=0, saturation=0, hue=0),
    "jitter_p0": lambda x, g: color_jitter(x, g, brightness=0.5, contrast=0.5, saturation=0.5, hue=0.2, p=0),
    "grayscale": lambda x, g: random_grayscale(x, g, 0.0),
    "blur_none": lambda x, g: gaussian_blur(x, g, None),
    "blur_p0": lambda x, g: gaussian_blur(x, g, (1.0, 2.0), p=0),
    "noise": lambda x, g: gaussian_noise(x, g, 0.0),
    "erasing": lambda x, g: random_erasing(x, g, p=0),
}

# Everything on at once, to exercise the whole pipeline.
EVERYTHING = Augment(scale=(0.3, 1.0), rotation=20, shear=10, translate=0.1, flip=0.5, brightness=0.4,
                     contrast=0.4, saturation=0.4, hue=0.1, jitter_p=0.8, grayscale=0.2, blur=0.5,
                     noise=0.05, noise_p=0.5, erase=0.5)


# ------------------------------------------------------------------ independence and identity

@pytest.mark.parametrize("name", sorted(COMPONENTS))
def test_each_component_draws_independently_per_image(name):
    x = same_image()
    out = COMPONENTS[name](x, gen())
    assert out.shape == x.shape
    flat = out.flatten(1)
    distinct = torch.unique(flat.round(decimals=5), dim=0).shape[0]
    if name in ("flip", "grayscale"):       # two outcomes each: both must occur in 16 images
        assert distinct == 2, distinct
    else:                                   # a continuous draw: every image different
        assert distinct == len(x), distinct


def test_augment_draws_independently_per_image():
    x = (same_image() * 255).to(torch.uint8)
    out = preset("cifar10")(x, gen())
    assert torch.unique(out.flatten(1), dim=0).shape[0] == len(x)


@pytest.mark.parametrize("channels", [1, 3])
@pytest.mark.parametrize("name", sorted(IDENTITIES))
def test_each_component_is_identity_when_off(name, channels):
    x = images(c=channels)
    torch.testing.assert_close(IDENTITIES[name](x, gen()), x, **TOL)


@pytest.mark.parametrize("channels", [1, 3])
def test_augment_none_is_identity(channels):
    x = torch.randint(0, 256, (6, channels, 12, 10), dtype=torch.uint8, generator=gen())
    expected = x.float() / 255
    torch.testing.assert_close(Augment.none()(x, gen()), expected, **TOL)
    torch.testing.assert_close(preset("none")(x, gen()), expected, **TOL)


def test_saturation_and_hue_do_nothing_on_one_channel():
    x = images(c=1)
    assert torch.equal(color_jitter(x, gen(), saturation=0.9, hue=0.5), x)
    assert torch.equal(random_grayscale(x, gen(), 1.0), x)


def test_hue_leaves_grey_pixels_grey():
    x = images(c=1).expand(-1, 3, -1, -1)
    torch.testing.assert_close(color_jitter(x, gen(), hue=0.5), x, atol=1e-5, rtol=0)


# ------------------------------------------------------------------ dtype, range, shape

@pytest.mark.parametrize("channels", [1, 3])
@pytest.mark.parametrize("augment", [EVERYTHING, preset("mnist5k"), preset("stl10")])
def test_uint8_in_float_in_unit_range_out(augment, channels):
    x = torch.randint(0, 256, (8, channels, 20, 24), dtype=torch.uint8, generator=gen())
    out = augment(x, gen())
    assert out.dtype == torch.float32
    assert out.shape == x.shape
    assert out.min() >= 0 and out.max() <= 1
    assert not torch.equal(out, x.float() / 255)


@pytest.mark.parametrize("name", sorted(COMPONENTS))
def test_components_keep_range_and_dtype(name):
    x = images(c=3)
    for dtype in (torch.float32, torch.float64):
        out = COMPONENTS[name](x.to(dtype), gen())
        assert out.dtype == dtype and out.shape == x.shape
        assert out.min() >= 0 and out.max() <= 1 + 1e-6


def test_grayscale_keeps_three_equal_channels():
    out = random_grayscale(images(b=32), gen(), 1.0)
    assert out.shape[1] == 3
    assert torch.equal(out[:, 0], out[:, 1]) and torch.equal(out[:, 1], out[:, 2])


# ------------------------------------------------------------------ determinism and views

def test_same_seed_same_output_different_seed_different_output():
    x = torch.randint(0, 256, (8, 3, 16, 16), dtype=torch.uint8, generator=gen())
    assert torch.equal(EVERYTHING(x, gen(3)), EVERYTHING(x, gen(3)))
    assert not torch.equal(EVERYTHING(x, gen(3)), EVERYTHING(x, gen(4)))


def test_views_are_independent_and_reproducible():
    x = torch.randint(0, 256, (8, 1, 28, 28), dtype=torch.uint8, generator=gen())
    first = views(x, 3, augment="mnist5k", generator=gen(7))
    again = views(x, 3, augment=preset("mnist5k"), generator=gen(7))
    assert len(first) == 3
    assert all(torch.equal(a, b) for a, b in zip(first, again))
    assert not torch.equal(first[0], first[1]) and not torch.equal(first[1], first[2])
    assert all(v.shape == x.shape and v.dtype == torch.float32 for v in first)


# ------------------------------------------------------------------ geometry is what it says

def test_flip_mirrors_left_right():
    x = images(h=12, w=17)
    out = random_resized_affine(x, gen(), flip=1.0)
    torch.testing.assert_close(out, torch.flip(x, dims=[-1]), **TOL)


def test_rotation_by_90_degrees_is_rot90_counter_clockwise():
    x = images(h=15, w=15)
    left = random_resized_affine(x, gen(), rotation=(90, 90))
    right = random_resized_affine(x, gen(), rotation=(-90, -90))
    torch.testing.assert_close(left, torch.rot90(x, 1, dims=(-2, -1)), atol=1e-5, rtol=0)
    torch.testing.assert_close(right, torch.rot90(x, -1, dims=(-2, -1)), atol=1e-5, rtol=0)


def test_rotation_and_shear_match_torchvision_on_a_rectangle():
    x = images(h=10, w=14)
    ours = random_resized_affine(x, gen(), rotation=(30, 30))
    theirs = TF.rotate(x, 30.0, interpolation=TF.InterpolationMode.BILINEAR)
    torch.testing.assert_close(ours, theirs, atol=1e-5, rtol=0)
    ours = random_resized_affine(x, gen(), shear=(20, 20))
    theirs = TF.affine(x, angle=0.0, translate=[0, 0], scale=1.0, shear=[20.0, 0.0],
                       interpolation=TF.InterpolationMode.BILINEAR)
    torch.testing.assert_close(ours, theirs, atol=1e-5, rtol=0)


def test_crop_zooms_in_by_the_requested_area():
    # A horizontal ramp: a crop of area a with aspect 1 keeps sqrt(a) of the ramp's span in every row.
    w = 64
    ramp = torch.linspace(0, 1, w).view(1, 1, 1, w).expand(32, 1, w, w).contiguous()
    out = random_resized_affine(ramp, gen(), scale=(0.25, 0.25), ratio=(1, 1), padding="border")
    span = out[..., -1] - out[..., 0]                                   # (B, 1, H)
    torch.testing.assert_close(span, torch.full_like(span, 0.5), atol=0.01, rtol=0)
    assert out[..., 0].std() > 0.05, "crops should land at different places"


def test_zero_padding_fills_outside_with_black():
    x = torch.ones(4, 1, 16, 16)
    out = random_resized_affine(x, gen(), rotation=(45, 45))
    assert out[..., 0, 0].max() == 0                                    # corners come from outside
    assert random_resized_affine(x, gen(), rotation=(45, 45), padding="border").min() > 0.99


# ------------------------------------------------------------------ colour, blur, noise, erasing

def test_brightness_multiplies_each_image_by_one_factor_in_range():
    x = 0.1 + 0.5 * images(b=32)                                        # no clamping at factor <= 1.5
    out = color_jitter(x, gen(), brightness=0.5)
    ratio = (out / x).flatten(1)                                        # (B, C*H*W)
    torch.testing.assert_close(ratio.min(1).values, ratio.max(1).values, atol=1e-5, rtol=0)
    assert ratio.min() >= 0.5 - 1e-6 and ratio.max() <= 1.5 + 1e-6


def test_blur_matches_torchvision_for_a_fixed_sigma():
    x = images(b=4, h=20, w=20)
    ours = gaussian_blur(x, gen(), (1.3, 1.3), kernel_size=7)
    theirs = TF.gaussian_blur(x, kernel_size=[7, 7], sigma=[1.3, 1.3])
    torch.testing.assert_close(ours, theirs, atol=1e-5, rtol=0)


def test_blur_keeps_mass_and_spreads_more_with_larger_sigma():
    impulse = torch.zeros(2, 1, 21, 21)
    impulse[:, :, 10, 10] = 1
    small = gaussian_blur(impulse, gen(), (0.5, 0.5))
    large = gaussian_blur(impulse, gen(), (2.0, 2.0))
    torch.testing.assert_close(small.sum(dim=(1, 2, 3)), torch.ones(2), atol=1e-5, rtol=0)
    torch.testing.assert_close(large.sum(dim=(1, 2, 3)), torch.ones(2), atol=1e-5, rtol=0)
    assert large[:, :, 10, 10].max() < small[:, :, 10, 10].min()


def test_noise_has_the_requested_std():
    x = torch.full((16, 1, 32, 32), 0.5)
    out = gaussian_noise(x, gen(), 0.1)
    assert abs((out - x).std().item() - 0.1) < 0.005


def test_erasing_covers_the_requested_area():
    x = torch.ones(200, 1, 32, 32)
    fixed = random_erasing(x, gen(), scale=(0.1, 0.1), ratio=(1, 1), value=0.25)
    erased = (fixed == 0.25).float().mean(dim=(1, 2, 3))                # (B,)
    assert (erased - 0.1).abs().max() < 0.01                            # 10x10 = 100 px of 1024
    spread = random_erasing(x, gen(), scale=(0.02, 0.33))
    mean_area = (spread == 0).float().mean().item()
    assert abs(mean_area - (0.02 + 0.33) / 2) < 0.03
    half = random_erasing(x, gen(), p=0.5, scale=(0.1, 0.1))
    touched = ((half == 0).flatten(1).any(1)).float().mean().item()
    assert 0.35 < touched < 0.65


# ------------------------------------------------------------------ presets

@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_runs_and_describes_itself(name):
    channels = 1 if name in ("mnist5k", "mnist", "fashion_mnist", "digits") else 3
    size = 8 if name == "digits" else 28
    x = torch.randint(0, 256, (4, channels, size, size), dtype=torch.uint8, generator=gen())
    augment = preset(name)
    out = augment(x, gen())
    assert out.shape == x.shape and out.dtype == torch.float32
    assert augment.describe().startswith("Augment")
    assert eval(repr(augment), {"Augment": Augment}) == augment     # repr round-trips


def test_digit_presets_never_flip_and_use_rotation():
    for name in ("mnist5k", "mnist", "digits"):
        assert preset(name).flip == 0 and preset(name).rotation > 0


def test_describe_names_each_active_step():
    text = preset("stl10").describe()
    for word in ("crop", "mirror", "colour jitter", "grey", "blur"):
        assert word in text, (word, text)
    assert "none" in Augment.none().describe()


def test_replace_and_hash():
    a = preset("mnist5k").replace(rotation=0)
    assert a.rotation == 0 and preset("mnist5k").rotation == 20
    assert hash(Augment(scale=[0.5, 1])) == hash(Augment(scale=(0.5, 1.0)))


# ------------------------------------------------------------------ bad input

@pytest.mark.parametrize("call, error, name", [
    (lambda: gaussian_noise(torch.zeros(2, 1, 4, 4, dtype=torch.uint8), gen(), 0.1), TypeError, "x"),
    (lambda: gaussian_noise(torch.zeros(1, 4, 4), gen(), 0.1), ValueError, "x"),
    (lambda: gaussian_noise([[0.0]], gen(), 0.1), TypeError, "x"),
    (lambda: gaussian_noise(torch.full((1, 1, 4, 4), math.nan), gen(), 0.1), ValueError, "x"),
    (lambda: gaussian_noise(images(), 0, 0.1), TypeError, "generator"),
    (lambda: gaussian_noise(images(), gen(), -0.1), ValueError, "std"),
    (lambda: gaussian_noise(images(), gen(), 0.1, p=1.5), ValueError, "p"),
    (lambda: gaussian_noise(images(), gen(), "a"), TypeError, "std"),
    (lambda: random_grayscale(images(), gen(), -0.1), ValueError, "p"),
    (lambda: color_jitter(images(), gen(), brightness=-1), ValueError, "brightness"),
    (lambda: color_jitter(images(), gen(), hue=0.7), ValueError, "hue"),
    (lambda: random_resized_affine(images(), gen(), scale=(0.9, 0.1)), ValueError, "scale"),
    (lambda: random_resized_affine(images(), gen(), scale=(0.0, 1.0)), ValueError, "scale"),
    (lambda: random_resized_affine(images(), gen(), ratio=(2.0, 1.0)), ValueError, "ratio"),
    (lambda: random_resized_affine(images(), gen(), scale=0.5), TypeError, "scale"),
    (lambda: random_resized_affine(images(), gen(), rotation=-5), ValueError, "rotation"),
    (lambda: random_resized_affine(images(), gen(), shear=(30, 10)), ValueError, "shear"),
    (lambda: random_resized_affine(images(), gen(), flip=2), ValueError, "flip"),
    (lambda: random_resized_affine(images(), gen(), padding="wrap"), ValueError, "padding"),
    (lambda: gaussian_blur(images(), gen(), (0.0, 1.0)), ValueError, "sigma"),
    (lambda: gaussian_blur(images(), gen(), (1.0, 2.0), kernel_size=4), ValueError, "kernel_size"),
    (lambda: random_erasing(images(), gen(), value=2.0), ValueError, "value"),
    (lambda: Augment(flip=1.5), ValueError, "flip"),
    (lambda: Augment(noise=-0.1), ValueError, "noise"),
    (lambda: Augment(blur_sigma=(2.0, 1.0)), ValueError, "blur_sigma"),
    (lambda: Augment()(images(), gen()), TypeError, "x"),
    (lambda: views(torch.zeros(2, 1, 4, 4, dtype=torch.uint8), 0, augment="none", generator=gen()),
     ValueError, "n"),
    (lambda: views(torch.zeros(2, 1, 4, 4, dtype=torch.uint8), augment=3, generator=gen()),
     TypeError, "augment"),
])
def test_bad_arguments_raise_naming_the_argument(call, error, name):
    with pytest.raises(error, match=rf"^{name}\b"):
        call()


def test_unknown_preset_lists_the_names():
    with pytest.raises(ValueError, match="mnist5k") as info:
        preset("imagenet")
    assert all(name in str(info.value) for name in PRESETS)


# ------------------------------------------------------------------ GPU

@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_same_augmentation_on_gpu_as_on_cpu():
    x = torch.randint(0, 256, (8, 3, 32, 32), dtype=torch.uint8, generator=gen())
    cpu = EVERYTHING.replace(noise=0)(x, gen(5))
    gpu = EVERYTHING.replace(noise=0)(x.cuda(), gen(5))
    assert gpu.device.type == "cuda"
    torch.testing.assert_close(gpu.cpu(), cpu, atol=1e-4, rtol=0)


@pytest.mark.parametrize("name", ["mnist5k", "shapes", "stl10"])
def test_augment_is_exactly_its_checked_components_in_order(name):
    # Augment calls the components' unchecked cores (it checked its strengths once, when made): the result must
    # be what the public, checked components give on the same random stream.
    a = preset(name)
    x = (images(c=1 if name == "mnist5k" else 3) * 255).to(torch.uint8)
    g = gen(3)
    out = random_resized_affine(x.float() / 255, g, scale=a.scale, ratio=a.ratio, rotation=a.rotation,
                                shear=a.shear, translate=a.translate, flip=a.flip, padding=a.padding)
    out = color_jitter(out, g, brightness=a.brightness, contrast=a.contrast, saturation=a.saturation,
                       hue=a.hue, p=a.jitter_p)
    out = random_grayscale(out, g, a.grayscale)
    out = gaussian_blur(out, g, a.blur_sigma, p=a.blur)
    out = gaussian_noise(out, g, a.noise, p=a.noise_p)
    out = random_erasing(out, g, p=a.erase, scale=a.erase_scale, ratio=a.erase_ratio, value=a.erase_value)
    assert torch.equal(a(x, gen(3)), out.clamp(0, 1))
