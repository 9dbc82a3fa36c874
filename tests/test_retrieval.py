import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from sslcourse.evaluate import knn
from sslcourse.retrieval import _knn_predict, clustering, retrieval, weighted_knn


def random_split(n=40, dim=6, classes=4, seed=0):
    """Random features and labels: no structure, so votes are close and the protocols really differ."""
    g = torch.Generator().manual_seed(seed)
    return torch.randn(n, dim, generator=g), torch.randint(0, classes, (n,), generator=g)


def blobs(n_per_class=20, classes=3, dim=5, spread=0.2, seed=0):
    """Gaussian blobs around orthogonal centres (well apart in direction too): y is the blob."""
    g = torch.Generator().manual_seed(seed)
    y = torch.arange(classes).repeat_interleave(n_per_class)
    return torch.eye(classes, dim)[y] * 3 + spread * torch.randn(len(y), dim, generator=g), y


# ---------------------------------------------------------------------------------------------------------
# weighted_knn
# ---------------------------------------------------------------------------------------------------------

def brute_force_knn(train, train_labels, test, k, temperature):
    """One test point at a time: cosine similarity to every training point, the k largest vote exp(s / T)."""
    preds = []
    for x in test.double():
        sims = [float(x @ t / (x.norm() * t.norm())) for t in train.double()]
        nearest = sorted(range(len(sims)), key=lambda i: -sims[i])[:k]
        votes = {}
        for i in nearest:
            label = int(train_labels[i])
            votes[label] = votes.get(label, 0.0) + np.exp(sims[i] / temperature)
        preds.append(min(votes, key=lambda c: (-votes[c], c)))       # most votes; ties to the smaller class
    return torch.tensor(preds)


@pytest.mark.parametrize("k,temperature", [(1, 0.07), (5, 0.07), (7, 0.5), (12, 2.0)])
def test_weighted_knn_equals_a_brute_force_loop(k, temperature):
    x, y = random_split(seed=1)
    xt, yt = random_split(n=25, seed=2)
    expected = brute_force_knn(x, y, xt, k, temperature)
    preds = _knn_predict(F.normalize(x, dim=1), y, F.normalize(xt, dim=1), k, temperature, 7, 4)
    assert torch.equal(preds, expected)
    assert weighted_knn(x, y, xt, yt, k=k, temperature=temperature, chunk=7) == pytest.approx(
        int((expected == yt).sum()) / len(yt), abs=1e-12)


@pytest.mark.parametrize("k,temperature", [(1, 0.07), (6, 0.07), (9, 0.3)])
def test_weighted_knn_equals_scikit_learn_with_exponential_weights(k, temperature):
    from sklearn.neighbors import KNeighborsClassifier

    x, y = random_split(n=60, seed=3)
    xt, yt = random_split(n=30, seed=4)
    # scikit-learn's cosine distance is 1 - similarity, so exp(similarity / T) = exp((1 - d) / T).
    clf = KNeighborsClassifier(n_neighbors=k, metric="cosine", algorithm="brute",
                               weights=lambda d: np.exp((1 - d) / temperature)).fit(x.numpy(), y.numpy())
    expected = float((clf.predict(xt.numpy()) == yt.numpy()).mean())
    assert weighted_knn(x, y, xt, yt, k=k, temperature=temperature) == pytest.approx(expected, abs=1e-12)


def test_weighted_knn_limits_one_nn_and_equal_votes():
    """T -> 0 is 1-NN (no overflow); at T = 1e9 every weight rounds to exactly 1 in float32: equal votes, i.e.
    scikit-learn's weights="uniform" (whose ties also go to the smaller class)."""
    from sklearn.neighbors import KNeighborsClassifier

    x, y = random_split(n=60, seed=5)
    xt, yt = random_split(n=40, seed=6)
    assert weighted_knn(x, y, xt, yt, k=10, temperature=1e-4) == weighted_knn(x, y, xt, yt, k=1)
    uniform = KNeighborsClassifier(n_neighbors=10, metric="cosine", algorithm="brute").fit(x.numpy(), y.numpy())
    expected = float((uniform.predict(xt.numpy()) == yt.numpy()).mean())
    assert weighted_knn(x, y, xt, yt, k=10, temperature=1e9) == pytest.approx(expected, abs=1e-12)


def test_weighted_knn_agrees_with_the_plain_knn_on_easy_data_and_ignores_scale():
    x, y = blobs()
    xt, yt = blobs(seed=1)
    assert weighted_knn(x, y, xt, yt, k=5) == knn(x, y, xt, yt, k=5) == 1.0
    assert weighted_knn(x, y, xt, yt, k=5) == weighted_knn(3 * x, y, 0.5 * xt, yt, k=5)


def test_weighted_knn_bad_input():
    x, y = random_split()
    with pytest.raises(ValueError, match="train_features has 40 rows but train_labels has 39"):
        weighted_knn(x, y[:-1], x, y)
    with pytest.raises(ValueError, match=r"k must be an integer in \[1, 40\], got 41"):
        weighted_knn(x, y, x, y, k=41)
    bad = x.clone()
    bad[0, 0] = float("nan")
    with pytest.raises(ValueError, match="test_features contains NaN"):
        weighted_knn(x, y, bad, y)
    with pytest.raises(TypeError, match="train_labels must have dtype torch.int64"):
        weighted_knn(x, y.float(), x, y)
    with pytest.raises(ValueError, match="temperature must be a finite positive number"):
        weighted_knn(x, y, x, y, temperature=0)
    with pytest.raises(ValueError, match="test_features must have the width of train_features"):
        weighted_knn(x, y, x[:, :3], y)


# ---------------------------------------------------------------------------------------------------------
# retrieval
# ---------------------------------------------------------------------------------------------------------

def brute_force_retrieval(features, labels, ks):
    """Query by query with scikit-learn: rank the others by cosine similarity, precision@k by counting,
    AP = average_precision_score(relevant, similarity)."""
    from sklearn.metrics import average_precision_score

    x = F.normalize(features.double(), dim=1).numpy()
    y = labels.numpy()
    precision, aps = {k: [] for k in ks}, []
    for q in range(len(x)):
        others = [i for i in range(len(x)) if i != q]
        sims = np.array([x[q] @ x[i] for i in others])
        relevant = np.array([y[i] == y[q] for i in others])
        ranked = relevant[np.argsort(-sims, kind="stable")]
        for k in ks:
            precision[k].append(ranked[:k].mean())
        aps.append(average_precision_score(relevant, sims))
    out = {f"precision@{k}": float(np.mean(precision[k])) for k in ks}
    out["mAP"] = float(np.mean(aps))
    return out


def test_retrieval_equals_a_brute_force_loop_and_scikit_learn():
    x, y = random_split(n=50, classes=3, seed=7)
    got = retrieval(x, y, k=(1, 3, 10), chunk=16)
    expected = brute_force_retrieval(x, y, (1, 3, 10))
    assert list(got) == ["precision@1", "precision@3", "precision@10", "mAP"]
    for key in expected:
        assert got[key] == pytest.approx(expected[key], abs=1e-12), key


def test_retrieval_average_precision_counts_tied_scores_like_scikit_learn():
    """One-hot features: every similarity is 0 or 1, so the rankings are full of ties."""
    g = torch.Generator().manual_seed(8)
    group = torch.randint(0, 4, (30,), generator=g)
    x = torch.eye(4)[group]                                          # (30, 4)
    y = torch.where(torch.rand(30, generator=g) < 0.7, group % 2, 1 - group % 2)   # labels follow groups, mostly
    assert retrieval(x, y, k=1)["mAP"] == pytest.approx(brute_force_retrieval(x, y, (1,))["mAP"], abs=1e-12)


def test_retrieval_is_perfect_on_separated_blobs_and_chance_level_on_shuffled_labels():
    x, y = blobs()
    assert retrieval(x, y) == {"precision@1": 1.0, "precision@5": 1.0, "precision@10": 1.0, "mAP": 1.0}
    shuffled = y[torch.randperm(len(y), generator=torch.Generator().manual_seed(0))]
    assert retrieval(x, shuffled)["mAP"] < 0.6


def test_retrieval_bad_input():
    x, y = blobs()
    with pytest.raises(ValueError, match="features has 60 rows but labels has 59"):
        retrieval(x, y[:-1])
    with pytest.raises(ValueError, match=r"k must be an integer in \[1, 59\], got 60"):
        retrieval(x, y, k=(1, 60))
    with pytest.raises(TypeError, match="labels must have dtype torch.int64"):
        retrieval(x, y.float())
    with pytest.raises(ValueError, match="features contains NaN"):
        retrieval(x / 0 * 0, y)
    with pytest.raises(ValueError, match="class 3 has 1"):
        retrieval(x[:5], torch.tensor([0, 0, 1, 1, 3]), k=1)
    with pytest.raises(TypeError, match="k must be a whole number or a non-empty tuple"):
        retrieval(x, y, k=())


# ---------------------------------------------------------------------------------------------------------
# clustering
# ---------------------------------------------------------------------------------------------------------

def test_clustering_recovers_separated_blobs():
    x, y = blobs(classes=4, dim=6)
    assert clustering(x, y) == {"accuracy": 1.0, "nmi": pytest.approx(1.0), "ari": pytest.approx(1.0)}
    renamed = torch.tensor([2, 0, 3, 1])[y]                          # the classes under other names
    assert clustering(x, renamed) == clustering(x, y)


def best_accuracy_over_matchings(labels, clusters):
    """Brute force: try every one-to-one map of clusters to classes, keep the best accuracy."""
    classes, found = sorted(set(labels.tolist())), sorted(set(clusters.tolist()))
    best = 0.0
    for image in itertools.permutations(classes, min(len(classes), len(found))):
        for chosen in itertools.combinations(found, len(image)):
            mapping = dict(zip(chosen, image))
            hits = sum(mapping.get(c) == label for c, label in zip(clusters.tolist(), labels.tolist()))
            best = max(best, hits / len(labels))
    return best


@pytest.mark.parametrize("classes", [3, 4])
def test_clustering_accuracy_is_the_best_matching_of_clusters_to_classes(classes):
    """The blobs are the clusters k-means must find; the labels are a scrambled, noisy naming of them."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    x, blob = blobs(n_per_class=12, classes=3)
    g = torch.Generator().manual_seed(9)
    labels = torch.randperm(classes, generator=g)[blob % classes]
    noisy = torch.rand(len(labels), generator=g) < 0.3
    labels[noisy] = torch.randint(0, classes, (int(noisy.sum()),), generator=g)
    got = clustering(x, labels, n_clusters=3)
    assert got["accuracy"] == pytest.approx(best_accuracy_over_matchings(labels, blob), abs=1e-12)
    assert got["nmi"] == pytest.approx(normalized_mutual_info_score(labels.numpy(), blob.numpy()), abs=1e-12)
    assert got["ari"] == pytest.approx(adjusted_rand_score(labels.numpy(), blob.numpy()), abs=1e-12)
    assert got["accuracy"] < 1.0


def test_clustering_bad_input():
    x, y = blobs()
    with pytest.raises(ValueError, match="n_clusters must be an integer in"):
        clustering(x, y, n_clusters=61)
    with pytest.raises(ValueError, match="features has 60 rows but labels has 2"):
        clustering(x, y[:2])
    with pytest.raises(TypeError, match="labels must have dtype torch.int64"):
        clustering(x, y.float())
    with pytest.raises(ValueError, match="seed must be an integer in"):
        clustering(x, y, seed=2**32)
