"""Where a representation looks: occlusion maps, nearest neighbours, a 2-D picture of the feature space.

- `occlusion_map(predict, image)`: which pixels a classifier on frozen features relies on (Zeiler & Fergus 2014);
- `nearest_neighbours(features, i)`: the images an encoder thinks are most like image i (retrieval);
- `embedding_2d(features)`: PCA or t-SNE coordinates, to draw the feature space coloured by class.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from ._checks import check_count, check_float_images, check_images, check_probability, check_seed, \
    check_tensor


def _as_float_image(image) -> torch.Tensor:
    """A (C, H, W) image as float in [0, 1]: uint8 is divided by 255, float must already lie in [0, 1]."""
    check_tensor("image", image, ndim=3)
    if image.dtype == torch.uint8:
        check_images("image", image[None])
        return image.float() / 255
    check_float_images("image", image[None])
    return image.float()


def _positions(size: int, patch: int, stride: int) -> list[int]:
    """Top-left corners of the patch along one side, every `stride` pixels; the last one flush with the edge,
    so that every pixel is covered."""
    starts = list(range(0, size - patch + 1, stride))
    return starts if starts[-1] == size - patch else starts + [size - patch]


def _occluded(image: torch.Tensor, patch: int, stride: int, fill: float):
    """Every occluded copy of `image` (C, H, W) and where its square sits: images (P, C, H, W), masks (P, H, W)."""
    _, h, w = image.shape
    corners = [(y, x) for y in _positions(h, patch, stride) for x in _positions(w, patch, stride)]
    masks = torch.zeros(len(corners), h, w, dtype=torch.bool, device=image.device)   # (P, H, W)
    for i, (y, x) in enumerate(corners):
        masks[i, y:y + patch, x:x + patch] = True
    images = torch.where(masks[:, None], torch.full_like(image, fill), image)        # (P, C, H, W)
    return images, masks


def _probabilities(predict, images: torch.Tensor, batch_size: int) -> torch.Tensor:
    """predict(images) in chunks of `batch_size`, checked to be class probabilities: (B, K) float32 on the CPU."""
    with torch.no_grad():
        probs = torch.cat([_call(predict, chunk) for chunk in images.split(batch_size)])   # (B, K)
    if not (torch.isfinite(probs).all() and probs.min() >= -1e-6 and probs.max() <= 1 + 1e-6
            and torch.allclose(probs.sum(1), torch.ones(len(probs)), atol=1e-3)):
        raise ValueError("predict must return class probabilities (each row in [0, 1], summing to 1); "
                         "for logits, apply softmax")
    return probs


def _call(predict, chunk: torch.Tensor) -> torch.Tensor:
    """predict(chunk) (b, K) as a float32 CPU tensor: predict may return a tensor or a NumPy array."""
    out = predict(chunk)
    out = (out.detach() if isinstance(out, torch.Tensor) else torch.as_tensor(np.asarray(out))).float().cpu()
    if out.ndim != 2 or len(out) != len(chunk):
        raise ValueError(f"predict must map {len(chunk)} images to probabilities ({len(chunk)}, K), gave shape "
                         f"{tuple(out.shape)}")
    return out


def _check_occlusion(predict, image, patch, stride, fill, batch_size) -> None:
    if not callable(predict):
        raise TypeError(f"predict must be a function from float images (B, C, H, W) to probabilities (B, K), "
                        f"got {type(predict).__name__}")
    check_count("patch", patch, maximum=min(image.shape[-2:]))
    check_count("stride", stride, maximum=patch)     # a larger stride would leave pixels no square covers
    check_probability("fill", fill)
    check_count("batch_size", batch_size)


def occlusion_map(predict, image: torch.Tensor, *, patch: int = 4, stride: int = 2, fill: float = 0.0,
                  target: int | None = None, batch_size: int = 256) -> torch.Tensor:
    """Occlusion sensitivity (Zeiler & Fergus 2014, "Visualizing and Understanding Convolutional Networks", §4.2):
    how much the probability of class `target` drops when a `patch` x `patch` square of value `fill` hides a
    part of `image`. Returns an (H, W) map: at each pixel, the drop averaged over the square's positions that
    cover it (positive: the pixel supported the class; negative: it spoke against it).

    `predict` maps float images (B, C, H, W) in [0, 1] to class probabilities (B, K), a tensor or a NumPy array:
    e.g. `lambda x: torch.softmax(model.logits(x), 1)` for `methods.Supervised`, or a frozen encoder followed by a
    fitted scikit-learn classifier's `predict_proba`. `image` is (C, H, W), uint8 or float in [0, 1]. The square
    moves by `stride` pixels (at most `patch`, so that every pixel is covered), its last position flush with the
    edge; all positions go through `predict` in batches of `batch_size`, without gradients. `target` defaults to
    the class predicted for the whole image.
    """
    image = _as_float_image(image)                                      # (C, H, W)
    _check_occlusion(predict, image, patch, stride, fill, batch_size)
    base = _probabilities(predict, image[None], batch_size)[0]          # (K,)
    if target is None:
        target = int(base.argmax())
    check_count("target", target, minimum=0, maximum=len(base) - 1)
    images, masks = _occluded(image, patch, stride, float(fill))        # (P, C, H, W), (P, H, W)
    drops = base[target] - _probabilities(predict, images, batch_size)[:, target]     # (P,)
    masks = masks.cpu().float()
    return (drops[:, None, None] * masks).sum(0) / masks.sum(0)         # (H, W)


def _check_features(features, min_rows: int = 2) -> None:
    check_tensor("features", features, ndim=2, floating=True, finite=True)
    if len(features) < min_rows:
        raise ValueError(f"features needs at least {min_rows} rows, got {len(features)}")


def nearest_neighbours(features: torch.Tensor, query_index: int, k: int = 8) -> torch.Tensor:
    """Indices (k,) of the `k` rows of `features` (N, D) most cosine-similar to row `query_index`, most similar
    first; the query itself is left out (a duplicate of it is not). Retrieval with frozen features: the
    neighbours of an image show what the encoder treats as alike (the kNN probe in `evaluate.knn` votes with them).
    """
    _check_features(features)
    n = len(features)
    check_count("query_index", query_index, minimum=0, maximum=n - 1)
    check_count("k", k, maximum=n - 1)
    unit = F.normalize(features.float(), dim=1)                         # (N, D)
    sim = unit @ unit[query_index]                                      # (N,)
    sim[query_index] = -float("inf")
    return sim.topk(k).indices                                          # (k,)


EMBEDDINGS = ("pca", "tsne")


def embedding_2d(features: torch.Tensor, *, method: str = "pca", seed: int = 0, max_iter: int = 1000) -> torch.Tensor:
    """2-D coordinates (N, 2) of `features` (N, D), to plot the feature space coloured by class.

    "pca": the projection on the two principal components (scikit-learn `PCA`); distances and clusters along
    the directions of most variance, faithful but often crowded. "tsne": t-SNE (van der Maaten & Hinton 2008,
    scikit-learn `TSNE` with init="pca", perplexity min(30, (N - 1) / 3)); keeps neighbourhoods, not distances:
    the size of a cluster and the gaps between clusters mean little. Seeded by `seed`; `max_iter` caps t-SNE's
    optimisation steps (scikit-learn's default 1,000; fewer is faster and rougher; PCA ignores it).
    """
    _check_features(features, min_rows=3)
    if features.shape[1] < 2:
        raise ValueError(f"features needs at least 2 columns for 2 coordinates, got {features.shape[1]}")
    if method not in EMBEDDINGS:
        raise ValueError(f"method must be one of {EMBEDDINGS}, got {method!r}")
    check_seed("seed", seed, maximum=2**32 - 1)     # scikit-learn's random_state
    check_count("max_iter", max_iter, minimum=250)  # scikit-learn's minimum
    x = features.detach().cpu().double().numpy()    # (N, D)
    if method == "pca":
        from sklearn.decomposition import PCA
        out = PCA(n_components=2, random_state=seed).fit_transform(x)
    else:
        from sklearn.manifold import TSNE
        out = TSNE(n_components=2, init="pca", perplexity=min(30.0, (len(x) - 1) / 3),
                   max_iter=max_iter, random_state=seed).fit_transform(x)
    return torch.from_numpy(out).float()            # (N, 2)
