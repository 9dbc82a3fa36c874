"""Pretext tasks: every generator is correct by construction, seeded, and rejects bad input by name."""
import math

import pytest
import torch

from sslcourse import pretext as P
from sslcourse.pretext import corrupt
from sslcourse.zoo import METHODS, build
from sslcourse.models import ConvEncoder
from sslcourse.train import fit


def images(n=6, c=1, size=12, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randint(0, 256, (n, c, size, size), generator=g, dtype=torch.uint8)


def gen(seed=0):
    return torch.Generator().manual_seed(seed)


# -- rotation -------------------------------------------------------------------------------------
def test_rotate_matches_a_loop_over_images_with_rot90():
    x = images(8).float()
    k = torch.tensor([0, 1, 2, 3, -1, 5, 2, 0])
    expected = torch.stack([torch.rot90(img, int(t), dims=(-2, -1)) for img, t in zip(x, k)])
    assert torch.equal(P.rotate(x, k), expected)


@pytest.mark.parametrize("turns", [(0, 1, 2, 3), (0, 2), (3, 1)])
def test_rotation_task_rotating_back_by_the_label_restores_the_input(turns):
    x = images(32)
    inputs, targets = P.rotation_task(x, gen(), turns)
    assert inputs.shape == x.shape and inputs.dtype == torch.float32
    assert targets.shape == (32,) and targets.dtype == torch.int64
    assert set(targets.tolist()) == set(range(len(turns)))        # 32 draws hit every label
    back = P.rotate(inputs, -torch.tensor(turns)[targets])
    assert torch.equal(back, x.float() / 255)


def test_rotation_task_is_seeded():
    x = images()
    a, b, c = (P.rotation_task(x, gen(s)) for s in (1, 1, 2))
    assert torch.equal(a[0], b[0]) and torch.equal(a[1], b[1])
    assert not torch.equal(a[1], c[1]) or not torch.equal(a[0], c[0])


def test_rotation_bad_input():
    with pytest.raises(ValueError, match="turns"):
        P.rotation_task(images(), gen(), (0, 0))
    with pytest.raises(ValueError, match="turns"):
        P.rotation_task(images(), gen(), (0, 4))
    with pytest.raises(ValueError, match="square"):
        P.rotation_task(torch.zeros(2, 1, 8, 6, dtype=torch.uint8), gen())
    with pytest.raises(TypeError, match="generator"):
        P.rotation_task(images(), 0)
    with pytest.raises(ValueError, match="x"):
        P.rotation_task(torch.zeros(8, 8, dtype=torch.uint8), gen())
    with pytest.raises(TypeError, match="x"):
        P.rotation_task(torch.zeros(2, 1, 8, 8, dtype=torch.int32), gen())


def test_rotation_confusion_counts_every_image_at_every_rotation():
    torch.manual_seed(0)
    method = P.RotationPrediction(ConvEncoder(1, 4))
    x, y = images(10), torch.arange(10) % 3
    counts = P.rotation_confusion(method, x, y)
    assert counts.shape == (3, 4, 4)
    assert torch.equal(counts.sum((1, 2)), torch.bincount(y) * 4)
    assert torch.equal(counts.sum(2), torch.bincount(y)[:, None].expand(3, 4))


# -- jigsaw ---------------------------------------------------------------------------------------
def test_hamming_permutations_are_distinct_far_apart_and_fixed():
    perms = P.hamming_permutations(9, 24)
    assert perms.shape == (24, 9) and perms.dtype == torch.int64
    assert torch.equal(perms.sort(1).values, torch.arange(9).expand(24, 9))   # each row a permutation
    assert torch.equal(perms[0], torch.arange(9))                               # starts at the identity
    dist = (perms[:, None] != perms[None]).sum(-1) + 99 * torch.eye(24, dtype=torch.int64)
    assert dist.min() >= 7                       # random sets of 24 have pairs at distance 2 or 3
    assert torch.equal(perms, P.hamming_permutations(9, 24))
    assert len({tuple(p) for p in P.hamming_permutations(4, 24).tolist()}) == 24   # all of 4!


def test_cut_tiles_without_gap_is_a_reshape_of_the_grid():
    x = images(3, c=2, size=12).float()
    tiles = P.cut_tiles(x, 3)
    assert tiles.shape == (3, 9, 2, 4, 4)
    for b in range(3):
        for r in range(3):
            for c in range(3):
                assert torch.equal(tiles[b, 3 * r + c], x[b, :, 4 * r:4 * r + 4, 4 * c:4 * c + 4])


def test_cut_tiles_with_gap_takes_a_jittered_crop_inside_each_cell():
    x = torch.rand(4, 1, 12, 12)
    gap, cell = 2, 6
    tiles = P.cut_tiles(x, 2, gap, gen())
    assert tiles.shape == (4, 4, 1, 4, 4)
    offsets = set()
    for b in range(4):
        for t in range(4):
            r, c = divmod(t, 2)
            cellimg = x[b, :, r * cell:(r + 1) * cell, c * cell:(c + 1) * cell]
            hits = [(dy, dx) for dy in range(gap + 1) for dx in range(gap + 1)
                    if torch.equal(tiles[b, t], cellimg[:, dy:dy + 4, dx:dx + 4])]
            assert len(hits) == 1
            offsets.add(hits[0])
    assert len(offsets) > 1                       # the jitter moves tiles, it is not a fixed crop


@pytest.mark.parametrize("gap", [0, 1])
def test_jigsaw_task_inverse_permutation_restores_the_tiles(gap):
    x = images(16, size=9)
    perms = P.hamming_permutations(9, 10)
    tiles, targets = P.jigsaw_task(x, gen(3), perms, grid=3, gap=gap)
    assert tiles.shape == (16, 9, 1, 3 - gap, 3 - gap) and tiles.dtype == torch.float32
    assert targets.dtype == torch.int64 and 0 <= targets.min() and targets.max() < 10
    in_order = P.cut_tiles(x.float() / 255, 3, gap, gen(3))           # same draws: tiles are cut first
    assert torch.equal(P.unshuffle(tiles, perms, targets), in_order)
    for b in range(16):                                                # slot j holds tile perms[t, j]
        assert torch.equal(tiles[b], in_order[b, perms[targets[b]]])


def test_jigsaw_task_is_seeded():
    x, perms = images(size=9), P.hamming_permutations(9, 5)
    a, b = P.jigsaw_task(x, gen(1), perms), P.jigsaw_task(x, gen(1), perms)
    assert torch.equal(a[0], b[0]) and torch.equal(a[1], b[1])


def test_jigsaw_bad_input():
    perms = P.hamming_permutations(9, 5)
    with pytest.raises(ValueError, match="grid must divide"):
        P.jigsaw_task(images(size=28), gen(), perms, grid=3)
    with pytest.raises(ValueError, match="gap"):
        P.jigsaw_task(images(size=9), gen(), perms, grid=3, gap=3)
    with pytest.raises(ValueError, match="permutations"):
        P.jigsaw_task(images(size=8), gen(), perms, grid=2, gap=0)
    with pytest.raises(ValueError, match="count"):
        P.hamming_permutations(4, 25)
    with pytest.raises(ValueError, match="n_tiles"):
        P.hamming_permutations(16, 24)


def test_center_crop_to_grid():
    x = images(size=28)
    assert torch.equal(P.center_crop_to_grid(x, 2), x)                     # 2 divides 28: nothing to crop
    assert torch.equal(P.center_crop_to_grid(x, 3), x[..., 0:27, 0:27])    # one pixel off, (28 % 3) // 2 = 0
    assert torch.equal(P.center_crop_to_grid(x, 5), x[..., 1:26, 1:26])    # three off: 1 before, 2 after


# -- colorization ---------------------------------------------------------------------------------
def test_colorization_task_grey_is_luma_and_target_is_the_image():
    x = images(4, c=3)
    inputs, targets = P.colorization_task(x)
    assert inputs.shape == (4, 1, 12, 12) and targets.shape == (4, 3, 12, 12)
    assert inputs.dtype == targets.dtype == torch.float32
    xf = x.float() / 255
    assert torch.equal(targets, xf)
    luma = 0.299 * xf[:, 0] + 0.587 * xf[:, 1] + 0.114 * xf[:, 2]
    assert torch.allclose(inputs[:, 0], luma, atol=1e-6)
    grey = torch.full((1, 3, 2, 2), 0.4)                                # grey stays grey
    assert torch.allclose(P.colorization_task(grey)[0], torch.full((1, 1, 2, 2), 0.4))


def test_colorization_rejects_grey_images():
    with pytest.raises(ValueError, match="3 channels"):
        P.colorization_task(images(c=1))


def test_grey_input_encoder_sees_only_brightness():
    torch.manual_seed(0)
    enc = P.GreyInput(ConvEncoder(1, 4)).eval()
    x = torch.rand(3, 3, 12, 12)
    assert enc.in_channels == 3 and enc.out_dim == 16
    assert torch.allclose(enc(x), enc(P.to_grey(x)))


# -- inpainting and masked patches ----------------------------------------------------------------
def test_inpainting_mask_covers_the_stated_area_and_only_the_hole_changes():
    x = images(8, size=28)
    inputs, targets, mask = P.inpainting_task(x, gen(), area=0.25, fill=0.5)
    assert mask.shape == (8, 1, 28, 28) and mask.dtype == torch.bool
    assert torch.equal(mask.float().mean((1, 2, 3)), torch.full((8,), 0.25))   # 14 x 14 of 28 x 28
    assert torch.equal(targets, x.float() / 255)
    assert torch.equal(inputs[~mask.expand_as(x)], targets[~mask.expand_as(x)])
    assert (inputs[mask.expand_as(x)] == 0.5).all()
    rows, cols = mask.any(3), mask.any(2)                               # one solid square per image
    assert torch.equal(rows.sum((1, 2)), torch.full((8,), 14)) and torch.equal(cols.sum((1, 2)),
                                                                                 torch.full((8,), 14))
    assert len({tuple(m.nonzero()[0].tolist()) for m in mask}) > 1     # at random positions


@pytest.mark.parametrize("area, side", [(0.1, 9), (0.5, 20)])   # sqrt(0.1) * 28 = 8.85, sqrt(0.5) * 28 = 19.8
def test_box_mask_is_one_square_of_the_stated_area_up_to_rounding(area, side):
    mask = P.box_mask((5, 1, 28, 28), area, gen())
    assert torch.equal(mask.sum((1, 2, 3)), torch.full((5,), side * side))
    assert torch.equal(mask.any(3).sum((1, 2)), torch.full((5,), side))     # side rows...
    assert torch.equal(mask.any(2).sum((1, 2)), torch.full((5,), side))     # ...by side columns: a square
    assert (mask.float().mean((1, 2, 3)) - area).abs().max() < 0.03      # side rounded by <= half a pixel


@pytest.mark.parametrize("ratio, patch", [(0.75, 4), (0.5, 7), (0.1, 2)])
def test_masked_patches_hide_the_stated_fraction_of_whole_patches(ratio, patch):
    x = images(6, size=28)
    inputs, targets, mask = P.masked_patches_task(x, gen(), patch=patch, ratio=ratio)
    n = (28 // patch) ** 2
    assert torch.equal(mask.float().mean((1, 2, 3)), torch.full((6,), round(ratio * n) / n))
    blocks = mask.view(6, 1, 28 // patch, patch, 28 // patch, patch)
    assert (blocks.all(3).all(4) | ~blocks.any(3).any(4)).all()        # each patch all or nothing
    assert torch.equal(inputs[~mask.expand_as(x)], targets[~mask.expand_as(x)])
    assert len({m.flatten().nonzero().flatten()[:5].tolist().__repr__() for m in mask}) > 1


def test_mask_generators_are_seeded():
    x = images(size=28)
    for task in (P.inpainting_task, P.masked_patches_task):
        a, b, c = task(x, gen(1)), task(x, gen(1)), task(x, gen(2))
        assert torch.equal(a[2], b[2]) and not torch.equal(a[2], c[2])


@pytest.mark.parametrize("bad", [0, 1, 1.5, -0.2, True])
def test_mask_ratio_outside_the_open_interval_is_rejected(bad):
    with pytest.raises(ValueError, match="ratio"):
        P.masked_patches_task(images(size=28), gen(), ratio=bad)
    with pytest.raises(ValueError, match="area"):
        P.inpainting_task(images(size=28), gen(), area=bad)


def test_masked_patches_bad_patch_and_fill():
    with pytest.raises(ValueError, match="patch"):
        P.masked_patches_task(images(size=28), gen(), patch=5)
    with pytest.raises(ValueError, match="fill"):
        P.masked_patches_task(images(size=28), gen(), fill=2.0)
    with pytest.raises(ValueError, match="ratio"):
        P.masked_patches_task(images(size=28), gen(), patch=14, ratio=0.1)   # hides 0 of 4 patches


def test_masked_mse_counts_only_masked_pixels():
    pred, target = torch.rand(2, 3, 4, 4), torch.rand(2, 3, 4, 4)
    mask = torch.zeros(2, 1, 4, 4, dtype=torch.bool)
    mask[0, 0, 1, 2] = mask[1, 0, 3, 3] = True
    expected = ((pred[0, :, 1, 2] - target[0, :, 1, 2]) ** 2).sum() + \
        ((pred[1, :, 3, 3] - target[1, :, 3, 3]) ** 2).sum()
    from sslcourse.pretext import masked_mse
    assert masked_mse(pred, target, mask).item() == pytest.approx(expected.item() / 6, rel=1e-6)


# -- denoising ------------------------------------------------------------------------------------
def test_denoising_task_reuses_the_foundation_corruption():
    x = images(4)
    inputs, targets = P.denoising_task(x, gen(5), noise_std=0.2, drop=0.3)
    assert torch.equal(targets, x.float() / 255)
    assert torch.equal(inputs, corrupt(x.float() / 255, gen(5), 0.2, 0.3))
    assert P.DenoisingAutoencoder is METHODS["denoising"]


# -- the methods ----------------------------------------------------------------------------------
@pytest.mark.parametrize("name, channels, size, hparams", [
    ("rotation", 1, 12, {}),
    ("rotation", 1, 12, {"turns": (0, 2)}),
    ("jigsaw", 1, 12, {"grid": 3, "gap": 1, "permutations": 6}),
    ("jigsaw", 1, 12, {"grid": 2, "gap": 0, "permutations": 4}),
    ("colorization", 3, 12, {}),
    ("inpainting", 1, 12, {}),
    ("masked_patches", 1, 12, {"patch": 4, "ratio": 0.5}),
    ("denoising", 1, 12, {}),
])
def test_every_method_builds_trains_and_changes_its_encoder(name, channels, size, hparams):
    method = build(name, channels=channels, image_size=size, augment="none", width=4, **hparams)
    before = [p.detach().clone() for p in method.encoder.parameters()]
    loss = method(images(8, c=channels, size=size))
    assert loss.ndim == 0 and torch.isfinite(loss)
    hist = fit(method, images(16, c=channels, size=size), steps=2, batch_size=8, cache=False,
               progress=False)
    assert hist.steps == 2
    assert any(not torch.equal(a, b) for a, b in zip(before, method.encoder.parameters()))
    assert method.encoder(torch.rand(2, channels, size, size)).shape == (2, method.encoder.out_dim)


def test_colorization_starts_from_no_colour_and_predicts_grey_plus_offsets():
    torch.manual_seed(0)
    method = P.Colorization(ConvEncoder(1, 4), image_size=12).eval()
    x = torch.rand(3, 3, 12, 12)
    grey = P.to_grey(x)
    assert torch.allclose(method.predict(x), grey.expand(-1, 3, -1, -1))     # zero offsets at the start
    method.decoder.up[-1].bias.data.fill_(0.1)
    assert torch.allclose(method.predict(grey), (grey + math.tanh(0.1)).clamp(0, 1).expand(-1, 3, -1, -1))


def test_colorization_encoder_takes_colour_images_in_a_probe():
    from sslcourse.evaluate import features
    method = build("colorization", channels=3, image_size=12, augment="none", width=4)
    assert features(method.encoder, images(5, c=3)).shape == (5, 16)


def test_method_arguments_are_checked():
    with pytest.raises(ValueError, match="turns"):
        P.RotationPrediction(ConvEncoder(1, 4), turns=(1,))
    with pytest.raises(ValueError, match="ratio"):
        P.MaskedPatches(ConvEncoder(1, 4), image_size=12, ratio=1.0)
    with pytest.raises(ValueError, match="area"):
        P.Inpainting(ConvEncoder(1, 4), image_size=12, area=0.0)
