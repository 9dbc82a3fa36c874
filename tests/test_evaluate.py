from types import SimpleNamespace

import pytest
import torch

from sslcourse.evaluate import Curve, features, knn, label_efficiency, linear_probe, probe, table
from sslcourse.models import ConvEncoder


def blobs(n_per_class=30, classes=3, dim=5, spread=0.3, seed=0):
    """Gaussian blobs around orthogonal centres: trivially separable."""
    g = torch.Generator().manual_seed(seed)
    centres = torch.eye(classes, dim) * 3
    y = torch.arange(classes).repeat_interleave(n_per_class)
    return centres[y] + spread * torch.randn(len(y), dim, generator=g), y


def test_linear_probe_separates_blobs_and_fails_on_shuffled_labels():
    x, y = blobs()
    xt, yt = blobs(seed=1)
    assert linear_probe(x, y, xt, yt) == 1.0
    shuffled = y[torch.randperm(len(y), generator=torch.Generator().manual_seed(0))]
    assert linear_probe(x, shuffled, xt, yt) < 0.7


def test_knn_votes_by_nearest_cosine_neighbours():
    train = torch.tensor([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]])
    labels = torch.tensor([0, 0, 1, 1])
    test = torch.tensor([[5.0, 0.2], [0.3, 4.0]])     # scale does not matter for cosine
    assert knn(train, labels, test, torch.tensor([0, 1]), k=2) == 1.0
    assert knn(train, labels, test, torch.tensor([1, 0]), k=2) == 0.0
    x, y = blobs()
    xt, yt = blobs(seed=1)
    assert knn(x, y, xt, yt, k=5, chunk=7) == knn(x, y, xt, yt, k=5, chunk=1000) == 1.0


def test_features_are_frozen_and_restore_the_mode():
    torch.manual_seed(0)
    enc = ConvEncoder(1, width=4).train()
    images = torch.randint(0, 256, (10, 1, 8, 8), dtype=torch.uint8)
    f1, f2 = features(enc, images, batch_size=3), features(enc, images)
    assert f1.shape == (10, enc.out_dim) and not f1.requires_grad
    assert torch.allclose(f1, f2, atol=1e-6)        # eval mode: batch statistics do not leak in
    assert enc.training
    pix = features("pixels", images)
    assert pix.shape == (10, 64) and pix.max() <= 1.0


def test_features_restore_every_submodule_mode():
    enc = ConvEncoder(1, width=4).train()
    head = torch.nn.Linear(enc.out_dim, 3)
    wrapper = torch.nn.Sequential(enc, head).eval()     # eval() at the top, but enc is then put back in training
    enc.train()
    features(wrapper, torch.randint(0, 256, (4, 1, 8, 8), dtype=torch.uint8))
    assert enc.training and all(m.training for m in enc.modules()) and not wrapper.training and not head.training


def fake_data(seed=0):
    """Two classes of 8x8 images: bright left half vs bright right half, with noise."""
    g = torch.Generator().manual_seed(seed)

    def split(n):
        y = torch.arange(n) % 2
        x = torch.randint(0, 60, (n, 1, 8, 8), generator=g)
        x[y == 0, :, :, :4] += 150
        x[y == 1, :, :, 4:] += 150
        return SimpleNamespace(images=x.to(torch.uint8), labels=y)

    return SimpleNamespace(train=split(40), test=split(20), classes=("left", "right"))


def test_label_efficiency_curve_and_table():
    curve = label_efficiency("pixels", fake_data(), budgets=(1, 5, "all"), draws=3)
    assert curve.budgets == [1, 5, "all"]
    assert len(curve.accs[1]) == 3 and len(curve.accs["all"]) == 1
    assert curve.mean("all") == 1.0 and curve.mean(5) > 0.9
    text = table([curve, Curve("other", {1: [0.5], 5: [0.5], "all": [0.5]})])
    assert "100.0" in text and "other" in text and "labels/class" in text


def test_knn_probe_votes_among_at_most_the_labelled_examples_per_class(monkeypatch):
    import sslcourse.evaluate as ev
    used = []
    real_knn = ev.knn
    monkeypatch.setattr(ev, "knn", lambda *a, k=20: used.append(k) or real_knn(*a, k=k))
    curve = label_efficiency("pixels", fake_data(), budgets=(1, 5, "all"), draws=2, probe="knn")
    assert used == [1, 1, 5, 5, 20]            # 20 neighbours, unless a class has fewer labelled examples
    assert curve.mean(1) > 0.9 and curve.mean(5) > 0.9


def test_probe_scores_both_probes_on_the_draws_label_efficiency_uses():
    data = fake_data()
    result = probe("pixels", data, per_class=5, draws=3, name="pixels")
    assert result.linear == label_efficiency("pixels", data, budgets=(5,), draws=3).accs[5]
    assert result.knn == label_efficiency("pixels", data, budgets=(5,), draws=3, probe="knn").accs[5]
    assert len(result.linear) == 3 and result.mean("knn") > 0.9 and "pixels: linear" in str(result)
    assert len(probe("pixels", data, per_class="all").linear) == 1          # every label: one draw


def test_label_efficiency_budget_too_large_names_the_argument():
    with pytest.raises(ValueError, match=r"budgets must hold whole numbers in \[1, 20\]"):
        label_efficiency("pixels", fake_data(), budgets=(50,), draws=1)
    with pytest.raises(ValueError, match="per_class"):
        probe("pixels", fake_data(), per_class=0)
    for bad in [(), (1, 1), "5"]:
        with pytest.raises((TypeError, ValueError), match="budgets"):
            label_efficiency("pixels", fake_data(), budgets=bad)


def classes(n):
    """n labels, all class 0."""
    return torch.zeros(n, dtype=torch.long)


@pytest.mark.parametrize("call, error, match", [
    (lambda: features("colours", torch.zeros(2, 1, 4, 4, dtype=torch.uint8)), ValueError, "encoder"),
    (lambda: features("pixels", torch.zeros(2, 1, 4, 4)), TypeError, "images"),
    (lambda: linear_probe(torch.zeros(3, 2), classes(2), torch.zeros(1, 2), classes(1)),
     ValueError, "train_features"),
    (lambda: knn(torch.zeros(3, 2), classes(3), torch.full((1, 2), float("nan")), classes(1)),
     ValueError, "test_features"),
    (lambda: knn(torch.ones(3, 2), classes(3), torch.ones(1, 2), classes(1), k=0),
     ValueError, "k"),
    (lambda: label_efficiency("pixels", fake_data(), budgets=(1,), probe="svm"), ValueError, "probe"),
    (lambda: probe("pixels", fake_data(), draws=0), ValueError, "draws"),
])
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
