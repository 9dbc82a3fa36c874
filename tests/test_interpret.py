import numpy as np
import pytest
import torch

from sslcourse.interpret import embedding_2d, nearest_neighbours, occlusion_map

REGION = (slice(4, 6), slice(6, 8))        # rows 4-5, columns 6-7 of a 12 x 12 image


def region_classifier(x):
    """Two classes; P(class 1) is the mean brightness of REGION: nothing else in the image matters. (B, 2)"""
    p = x[:, 0, REGION[0], REGION[1]].mean(dim=(1, 2))       # (B,)
    return torch.stack([1 - p, p], dim=1)


def brute_force_map(predict, image, patch, stride, fill, target):
    """One forward pass per position of the square, and an explicit average per pixel."""
    _, h, w = image.shape
    starts = lambda n: sorted(set(range(0, n - patch + 1, stride)) | {n - patch})
    base = float(predict(image[None])[0, target])
    total, count = torch.zeros(h, w), torch.zeros(h, w)
    for y in starts(h):
        for x in starts(w):
            occluded = image.clone()
            occluded[:, y:y + patch, x:x + patch] = fill
            total[y:y + patch, x:x + patch] += base - float(predict(occluded[None])[0, target])
            count[y:y + patch, x:x + patch] += 1
    return total / count


def test_occlusion_map_peaks_on_the_region_the_classifier_reads_and_is_zero_far_away():
    image = torch.ones(1, 12, 12)
    heat = occlusion_map(region_classifier, image, patch=3, stride=2)
    assert heat.shape == (12, 12)
    inside = torch.zeros(12, 12, dtype=torch.bool)
    inside[REGION] = True
    assert heat[inside].min() > heat[~inside].max()          # largest exactly on the region
    assert torch.all(heat[:2] == 0) and torch.all(heat[:, :3] == 0)   # no square there touches the region
    assert torch.allclose(heat, brute_force_map(region_classifier, image, 3, 2, 0.0, 1), atol=1e-6)


@pytest.mark.parametrize("patch, stride, fill", [(4, 2, 0.0), (3, 3, 0.25), (5, 4, 1.0), (1, 1, 0.0), (12, 1, 0.5)])
def test_occlusion_map_equals_the_brute_force_loop(patch, stride, fill):
    image = torch.rand(1, 12, 12, generator=torch.Generator().manual_seed(0))
    heat = occlusion_map(region_classifier, image, patch=patch, stride=stride, fill=fill, batch_size=7)
    target = int(region_classifier(image[None])[0].argmax())
    assert torch.allclose(heat, brute_force_map(region_classifier, image, patch, stride, fill, target), atol=1e-6)


def test_occlusion_map_target_fill_and_uint8_images():
    image = torch.ones(1, 12, 12)
    one = occlusion_map(region_classifier, image)                 # predicted class: 1
    assert torch.allclose(occlusion_map(region_classifier, image, target=0), -one)   # p0 = 1 - p1
    assert torch.all(occlusion_map(region_classifier, image, fill=1.0) == 0)         # hiding white by white
    as_uint8 = torch.full((1, 12, 12), 255, dtype=torch.uint8)
    assert torch.allclose(occlusion_map(region_classifier, as_uint8), one)
    as_numpy = lambda x: region_classifier(x).numpy().astype(np.float64)            # scikit-learn returns arrays
    assert torch.allclose(occlusion_map(as_numpy, image), one)


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(patch=0), ValueError, "patch"),
    (dict(patch=13), ValueError, "patch"),
    (dict(patch=2.0), TypeError, "patch"),
    (dict(stride=0), ValueError, "stride"),
    (dict(patch=3, stride=4), ValueError, "stride"),
    (dict(fill=1.5), ValueError, "fill"),
    (dict(fill="black"), TypeError, "fill"),
    (dict(target=2), ValueError, "target"),
    (dict(target=-1), ValueError, "target"),
])
def test_occlusion_map_checks_its_settings(kwargs, error, match):
    with pytest.raises(error, match=match):
        occlusion_map(region_classifier, torch.ones(1, 12, 12), **kwargs)


def test_occlusion_map_refuses_bad_images_and_predictors():
    image = torch.ones(1, 12, 12)
    with pytest.raises(ValueError, match="image"):
        occlusion_map(region_classifier, torch.ones(1, 1, 12, 12))          # a batch, not one image
    with pytest.raises(ValueError, match=r"image must hold values in \[0, 1\]"):
        occlusion_map(region_classifier, image * 255)
    with pytest.raises(TypeError, match="predict"):
        occlusion_map("classifier", image)
    with pytest.raises(ValueError, match="softmax"):
        occlusion_map(lambda x: 3 * region_classifier(x), image)           # logits, not probabilities
    with pytest.raises(ValueError, match="predict must map"):
        occlusion_map(lambda x: region_classifier(x)[:, 1], image)         # (B,), not (B, K)


def features(n=20, d=6, seed=0):
    return torch.randn(n, d, generator=torch.Generator().manual_seed(seed))


def test_nearest_neighbours_agree_with_a_brute_force_sort():
    f = features()
    for query in (0, 7, 19):
        cos = lambda j: float(f[query] @ f[j]) / float(f[query].norm() * f[j].norm())
        expected = sorted((j for j in range(len(f)) if j != query), key=cos, reverse=True)[:5]
        got = nearest_neighbours(f, query, k=5)
        assert got.tolist() == expected and query not in got.tolist()
    assert sorted(nearest_neighbours(f, 3, k=19).tolist()) == [j for j in range(20) if j != 3]


def test_nearest_neighbours_ignore_scale_and_keep_a_duplicate_of_the_query():
    f = features()
    f[5] = 10 * f[2]                                 # same direction as the query, another row
    assert nearest_neighbours(f, 2, k=1).tolist() == [5]


def test_nearest_neighbours_refuse_bad_input():
    f = features()
    with pytest.raises(ValueError, match="query_index"):
        nearest_neighbours(f, 20)
    with pytest.raises(ValueError, match="k"):
        nearest_neighbours(f, 0, k=20)               # only 19 other rows
    with pytest.raises(TypeError, match="query_index"):
        nearest_neighbours(f, 1.0)
    with pytest.raises(ValueError, match="features"):
        nearest_neighbours(f[0], 0)
    with pytest.raises(ValueError, match="NaN"):
        nearest_neighbours(torch.full((3, 2), float("nan")), 0, k=1)


def test_embedding_2d_pca_equals_scikit_learn_and_the_svd():
    from sklearn.decomposition import PCA

    f = features(30, 5)
    out = embedding_2d(f)
    assert out.shape == (30, 2) and out.dtype == torch.float32
    ref = torch.from_numpy(PCA(n_components=2).fit_transform(f.double().numpy())).float()
    assert torch.allclose(out, ref, atol=1e-5)
    centred = f.double() - f.double().mean(0)
    u, s, _ = torch.linalg.svd(centred, full_matrices=False)
    assert torch.allclose(out.abs(), (u[:, :2] * s[:2]).abs().float(), atol=1e-5)   # up to a sign per axis


def test_embedding_2d_tsne_is_seeded():
    f = features(25, 4)
    a, b = embedding_2d(f, method="tsne", seed=1), embedding_2d(f, method="tsne", seed=1)
    assert a.shape == (25, 2) and torch.isfinite(a).all()
    assert torch.equal(a, b)
    c = embedding_2d(f, method="tsne", seed=1, max_iter=250)
    assert c.shape == (25, 2) and not torch.equal(a, c)   # fewer iterations: another (rougher) map


def test_embedding_2d_refuses_bad_input():
    with pytest.raises(ValueError, match="method"):
        embedding_2d(features(), method="umap")
    with pytest.raises(ValueError, match="columns"):
        embedding_2d(features(d=1))
    with pytest.raises(ValueError, match="rows"):
        embedding_2d(features(n=2))
    with pytest.raises(TypeError, match="features"):
        embedding_2d(features().long())
    with pytest.raises(ValueError, match="seed"):
        embedding_2d(features(), seed=-1)
    with pytest.raises(ValueError, match="max_iter"):
        embedding_2d(features(), method="tsne", max_iter=10)
