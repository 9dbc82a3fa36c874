"""What frozen features are good for without training a classifier: a weighted kNN vote, image retrieval and
clustering.

Each function takes features (N, D) (from `sslcourse.evaluate.features`) and integer labels (N,), and compares
images by the cosine similarity of their features, so only the directions of the features matter:

- `weighted_knn`: the kNN accuracy that InstDisc and DINO report (votes weighted exp(similarity / T));
- `retrieval`: every image queries all the others; precision@k and mean average precision (mAP);
- `clustering`: k-means without labels, then how well the clusters match the classes (accuracy, NMI, ARI).
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from ._checks import check_count, check_positive, check_seed, check_tensor
from .evaluate import check_splits


def _check_labelled(features, labels) -> None:
    """features (N, D) finite floats, labels (N,) int64 class indices >= 0, N >= 2."""
    check_tensor("features", features, ndim=2, floating=True, finite=True)
    check_tensor("labels", labels, ndim=1, dtype=torch.int64)
    if len(features) != len(labels):
        raise ValueError(f"features has {len(features)} rows but labels has {len(labels)}")
    if len(features) < 2:
        raise ValueError(f"features needs at least 2 rows (images) to compare, got {len(features)}")
    if int(labels.min()) < 0:
        raise ValueError(f"labels must be class indices >= 0, found {int(labels.min())}")


# ---------------------------------------------------------------------------------------------------------
# Weighted kNN (InstDisc / DINO)
# ---------------------------------------------------------------------------------------------------------

def _knn_predict(train: torch.Tensor, train_labels: torch.Tensor, test: torch.Tensor, k: int,
                 temperature: float, chunk: int, n_classes: int) -> torch.Tensor:
    """Predicted class (M,) of each row of `test` (M, D) by the exp(sim / T)-weighted vote of its k nearest
    rows of `train` (N, D); both already L2-normalised. Ties go to the smallest class index."""
    preds = []
    for xs in test.split(chunk):
        sim = xs @ train.T                                             # (b, N) cosine similarities
        top_sim, top_idx = sim.topk(k, dim=1)                          # (b, k), most similar first
        # exp((s - s_max) / T): the same weights up to one factor per row, which no argmax sees, and no
        # overflow however small T is (exp(1 / 0.001) is inf in float32).
        weights = ((top_sim - top_sim[:, :1]) / temperature).exp()     # (b, k)
        votes = torch.zeros(len(xs), n_classes).scatter_add_(1, train_labels[top_idx], weights)  # (b, classes)
        preds.append(votes.argmax(1))                                  # (b,)
    return torch.cat(preds)                                            # (M,)


def weighted_knn(train_features: torch.Tensor, train_labels: torch.Tensor, test_features: torch.Tensor,
                 test_labels: torch.Tensor, *, k: int = 20, temperature: float = 0.07, chunk: int = 1024) -> float:
    """Test accuracy of the temperature-weighted kNN vote of InstDisc and DINO.

    The protocol of Wu et al. 2018 ("Unsupervised Feature Learning via Non-Parametric Instance
    Discrimination", section 3.4), used with k = 20 and T = 0.07 by Caron et al. 2021 (DINO, "Emerging Properties
    in Self-Supervised Vision Transformers"): features are L2-normalised; each test point's `k` most
    cosine-similar training points vote for their labels with weight exp(similarity / T); the class with
    the largest total wins. A small T lets the nearest neighbour decide (T -> 0 is 1-NN); a large T gives
    every neighbour the same vote. `sslcourse.evaluate.knn` weights the votes by similarity + 1 instead,
    a milder preference for the nearest: the two agree on easy data and can differ by a point or two.

    train_features (N, D), train_labels (N,) int64, test_features (M, D), test_labels (M,) int64; the test
    set is processed `chunk` rows at a time (memory O(chunk x N)).
    Raises TypeError/ValueError naming the argument: mismatched lengths or widths, NaN, float labels,
    k not in [1, N], temperature <= 0.
    """
    check_splits(train_features, train_labels, test_features, test_labels)
    check_count("k", k, maximum=len(train_features))
    check_positive("temperature", temperature)
    check_count("chunk", chunk)
    n_classes = int(max(train_labels.max(), test_labels.max())) + 1
    preds = _knn_predict(F.normalize(train_features.float(), dim=1), train_labels,
                         F.normalize(test_features.float(), dim=1), k, temperature, chunk, n_classes)
    return int((preds == test_labels).sum()) / len(test_labels)


# ---------------------------------------------------------------------------------------------------------
# Retrieval: precision@k and mean average precision
# ---------------------------------------------------------------------------------------------------------

def _check_ks(k, n_candidates: int) -> tuple[int, ...]:
    """k: one whole number or a non-empty sequence of distinct ones, each in [1, n_candidates]."""
    ks = (k,) if isinstance(k, int) and not isinstance(k, bool) else k
    if not isinstance(ks, (tuple, list)) or not ks:
        raise TypeError(f"k must be a whole number or a non-empty tuple of them, e.g. (1, 5, 10); got {k!r}")
    for value in ks:
        check_count("k", value, maximum=n_candidates)
    if len(set(ks)) != len(ks):
        raise ValueError(f"k must not repeat a value, got {k!r}")
    return tuple(ks)


def _ranked_hits(features: torch.Tensor, labels: torch.Tensor, start: int, stop: int):
    """For queries start..stop-1 (b of them) against every other image, most similar first:
    hits (b, N-1) (1.0 where the candidate has the query's label) and the sorted similarities (b, N-1)."""
    queries = torch.arange(start, stop)                                # (b,)
    sim = features[start:stop] @ features.T                            # (b, N)
    sim[torch.arange(len(queries)), queries] = -torch.inf              # a query never retrieves itself
    sorted_sim, order = sim.sort(dim=1, descending=True, stable=True)  # (b, N)
    hits = (labels[order] == labels[queries, None]).double()           # (b, N)
    return hits[:, :-1], sorted_sim[:, :-1]                            # drop the query itself, now last


def _average_precision(hits: torch.Tensor, sorted_sim: torch.Tensor) -> torch.Tensor:
    """Average precision (b,) of each ranked row, equal to scikit-learn's `average_precision_score`:
    AP = sum over thresholds of (recall step) x precision, so each relevant item contributes the precision
    at the end of its run of tied scores (tied candidates are retrieved together, in no order)."""
    n = hits.shape[1]
    position = torch.arange(n).expand_as(hits)                         # (b, n)
    last_of_run = torch.ones_like(hits, dtype=torch.bool)              # (b, n) score differs from the next
    last_of_run[:, :-1] = sorted_sim[:, :-1] != sorted_sim[:, 1:]
    run_end = torch.where(last_of_run, position, n).flip(1).cummin(1).values.flip(1)  # (b, n)
    precision = hits.cumsum(1).gather(1, run_end) / (run_end + 1)      # (b, n) precision at each run's end
    return (hits * precision).sum(1) / hits.sum(1)                     # (b,)


def retrieval(features: torch.Tensor, labels: torch.Tensor, *, k=(1, 5, 10), chunk: int = 1024) -> dict:
    """Image retrieval by cosine similarity: every image queries all the others (itself excluded).

    Features are L2-normalised and the N - 1 other images ranked by cosine similarity to the query; a
    retrieved image is relevant when it has the query's label. Returns {"precision@k": ... for each k,
    "mAP": ...}, each a mean over the N queries:
    - precision@k: the share of the k most similar images that are relevant (ties at the k-th place are
      broken by index; it cannot exceed (n - 1) / k for a query whose class has n < k + 1 images);
    - average precision: the mean, over the relevant images, of the precision of the ranking cut just
      after each of them (the area under the precision-recall curve; equal to scikit-learn's
      `average_precision_score(relevant, similarity)`, tied similarities counted as one cut). 1 when every
      relevant image comes before every other.
    This is the protocol of instance-retrieval benchmarks such as Revisited Oxford and Paris
    (Radenović et al. 2018), here with class labels standing for "the same landmark".

    features (N, D) float, labels (N,) int64; every class needs at least 2 images (a query with nothing
    to find has no AP). Queries are processed `chunk` at a time (memory O(chunk x N)).
    Raises TypeError/ValueError naming the argument.
    """
    _check_labelled(features, labels)
    ks = _check_ks(k, len(features) - 1)
    check_count("chunk", chunk)
    classes, counts = torch.unique(labels, return_counts=True)
    if int(counts.min()) < 2:
        lonely = int(classes[counts.argmin()])
        raise ValueError(f"labels: every class needs at least 2 images for retrieval (a query needs something "
                         f"to find), but class {lonely} has 1")
    x = F.normalize(features.double(), dim=1)                         # (N, D)
    precision = {kk: 0.0 for kk in ks}
    ap_sum = 0.0
    for start in range(0, len(x), chunk):
        hits, sorted_sim = _ranked_hits(x, labels, start, min(start + chunk, len(x)))  # (b, N-1) each
        for kk in ks:
            precision[kk] += float(hits[:, :kk].mean(1).sum())
        ap_sum += float(_average_precision(hits, sorted_sim).sum())
    out = {f"precision@{kk}": precision[kk] / len(x) for kk in ks}
    out["mAP"] = ap_sum / len(x)
    return out


# ---------------------------------------------------------------------------------------------------------
# Clustering: k-means, then accuracy / NMI / ARI against the labels
# ---------------------------------------------------------------------------------------------------------

def _matched_accuracy(labels, clusters) -> float:
    """Share of images whose cluster is matched to their class by the best one-to-one matching of clusters
    to classes (the Hungarian algorithm on the contingency matrix; Kuhn 1955)."""
    from scipy.optimize import linear_sum_assignment
    from sklearn.metrics.cluster import contingency_matrix

    counts = contingency_matrix(labels, clusters)                      # (classes, clusters)
    rows, cols = linear_sum_assignment(counts, maximize=True)
    return float(counts[rows, cols].sum() / len(labels))


def clustering(features: torch.Tensor, labels: torch.Tensor, *, n_clusters: int | None = None,
               seed: int = 0) -> dict:
    """Do the features group images by class without any label? k-means, then three scores.

    k-means (scikit-learn's `KMeans`, 10 restarts from k-means++ seeds, `random_state=seed`) on the
    L2-normalised features (so, like the kNN and retrieval, it sees directions only), with `n_clusters`
    clusters (default: the number of classes in `labels`). The labels are used only to score the result:
    - "accuracy": the share of images in the cluster matched to their class, under the best one-to-one
      matching of clusters to classes (Hungarian algorithm, as IIC and SCAN report it; with more
      clusters than classes the unmatched clusters count as wrong);
    - "nmi": normalised mutual information between clusters and classes (0 independent, 1 identical up to
      renaming);
    - "ari": adjusted Rand index (0 for a random partition, 1 identical up to renaming).
    All three are 1 exactly when the clusters are the classes, renamed.

    features (N, D) float, labels (N,) int64. Raises TypeError/ValueError naming the argument.
    """
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    _check_labelled(features, labels)
    if n_clusters is None:
        n_clusters = len(torch.unique(labels))
    check_count("n_clusters", n_clusters, maximum=len(features))
    check_seed("seed", seed, maximum=2**32 - 1)                        # what scikit-learn's random_state takes
    x = F.normalize(features.double(), dim=1).numpy()                  # (N, D)
    clusters = KMeans(n_clusters, n_init=10, random_state=seed).fit_predict(x)   # (N,)
    y = labels.numpy()
    return {"accuracy": _matched_accuracy(y, clusters),
            "nmi": float(normalized_mutual_info_score(y, clusters)),
            "ari": float(adjusted_rand_score(y, clusters))}
