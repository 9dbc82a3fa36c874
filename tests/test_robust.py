"""Notebook 07's machinery: corruptions, test-time adaptation, the rotation auxiliary loss, label noise, anomaly
scores and protocols, and the tabular anomaly task."""
import pytest
import torch

from sslcourse import adapt, anomaly, corruptions, labelnoise, tabular
from sslcourse.methods import Supervised, SupervisedWithRotation
from sslcourse.models import ConvEncoder
from sslcourse.pretext import RotationPrediction
from sslcourse.train import fit

from _tiny import NoiseAugment, tiny_images


def digit_like(n=6):
    x = torch.zeros(n, 1, 28, 28, dtype=torch.uint8)
    x[:, :, 6:22, 12:16] = 230                                   # a bar, like a 1
    x[:, :, 6:9, 9:19] = 180
    return x


@pytest.mark.parametrize("name", sorted(corruptions.CORRUPTIONS))
def test_each_corruption_keeps_shape_and_dtype_and_grows_with_severity(name):
    x = digit_like()
    assert torch.equal(corruptions.corrupt(x, name, 0), x)
    change = [float((corruptions.corrupt(x, name, s).float() - x.float()).abs().mean()) for s in (1, 5)]
    out = corruptions.corrupt(x, name, 3)
    assert out.shape == x.shape and out.dtype == torch.uint8
    assert 0 < change[0] < change[1], change
    assert torch.equal(corruptions.corrupt(x, name, 3, seed=4), corruptions.corrupt(x, name, 3, seed=4))


def test_corruptions_work_on_colour_and_are_grouped_in_families():
    x = torch.randint(0, 256, (4, 3, 16, 16), dtype=torch.uint8)
    for name in corruptions.CORRUPTIONS:
        assert corruptions.corrupt(x, name, 2).shape == x.shape
    assert sorted(n for f in corruptions.FAMILIES.values() for n in f) == sorted(corruptions.CORRUPTIONS)
    assert len(corruptions.CORRUPTIONS) == 15


def test_corrupt_refuses_bad_input():
    with pytest.raises(ValueError, match="severity"):
        corruptions.corrupt(digit_like(), "rotate", 6)
    with pytest.raises(ValueError, match="name"):
        corruptions.corrupt(digit_like(), "snow", 1)
    with pytest.raises(TypeError, match="images"):
        corruptions.corrupt(digit_like().float(), "rotate", 1)


def trained_classifier():
    torch.manual_seed(0)
    model = Supervised(ConvEncoder(1, width=4), NoiseAugment(), num_classes=2)
    fit(model, tiny_images(32), torch.arange(32) % 2, steps=3, batch_size=16, cache=False, progress=False)
    return model


def test_adabn_changes_only_the_batchnorm_buffers_and_not_the_callers_model():
    model = trained_classifier()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    adapted = adapt.adabn(model, tiny_images(40, seed=5) // 2, batch_size=8)
    assert all(torch.equal(v, before[k]) for k, v in model.state_dict().items())          # the caller's model
    changed = {k for k, v in adapted.state_dict().items() if not torch.equal(v, before[k])}
    assert changed and all("running" in k or "num_batches" in k for k in changed)
    bn, seen = adapted.encoder.net[0][1], []
    hook = bn.register_forward_hook(lambda m, inputs, out: seen.append(inputs[0]))
    adapted.eval().logits((tiny_images(40, seed=5) // 2).float() / 255)                   # what the BN layer sees
    hook.remove()
    assert torch.allclose(bn.running_mean, seen[0].mean(dim=(0, 2, 3)), atol=1e-4)         # the test images' mean


def test_tent_moves_only_batchnorm_affine_parameters_and_lowers_the_entropy():
    model = trained_classifier()
    shifted = tiny_images(64, seed=7) // 3
    adapted = adapt.tent(model, shifted, steps=5, lr=1e-2, batch_size=16)
    stats = adapt.adabn(model, shifted)
    moved = {k for k, v in adapted.state_dict().items() if not torch.equal(v, stats.state_dict()[k])}
    assert moved and all(k.endswith(("weight", "bias")) and ".1." in k for k in moved), moved   # BN layers only
    assert adapt.entropy(adapted, shifted) < adapt.entropy(stats, shifted)
    with pytest.raises(TypeError, match="model"):
        adapt.adabn(torch.nn.Linear(2, 2), shifted)


def test_supervised_with_rotation_trains_both_heads():
    torch.manual_seed(0)
    model = SupervisedWithRotation(ConvEncoder(1, width=4), NoiseAugment(), num_classes=2, rotation_weight=1.0)
    head = model.rotation_head.weight.clone()
    fit(model, tiny_images(32), torch.arange(32) % 2, steps=2, batch_size=16, cache=False, progress=False)
    assert not torch.equal(head, model.rotation_head.weight)
    assert model.hparams["rotation_weight"] == 1.0
    with pytest.raises(ValueError, match="rotation_weight"):
        SupervisedWithRotation(ConvEncoder(1, width=4), num_classes=2, rotation_weight=-1.0)


def test_flip_labels_realises_the_rate():
    labels = torch.arange(1000) % 10
    noisy = labelnoise.flip_labels(labels, 0.4, seed=1)
    assert (noisy != labels).float().mean() == pytest.approx(0.4, abs=1e-9)                # exactly, never to itself
    pairs = labelnoise.flip_labels(labels, 0.5, "pairs", seed=1)
    flipped = pairs != labels
    assert all(labelnoise.DIGIT_PAIRS[int(a)] == int(b) for a, b in zip(labels[flipped], pairs[flipped]))
    assert flipped.sum() == round(0.5 * 500)                                                # 500 of classes 2,3,5,6,7
    assert torch.equal(labelnoise.flip_labels(labels, 0.0), labels)
    with pytest.raises(ValueError, match="rate"):
        labelnoise.flip_labels(labels, 1.0)
    with pytest.raises(ValueError, match="kind"):
        labelnoise.flip_labels(labels, 0.1, "asymmetric")


def test_auroc_equals_scikit_learn_and_knn_score_a_brute_force_loop():
    from sklearn.metrics import roc_auc_score

    g = torch.Generator().manual_seed(0)
    scores, truth = torch.randn(50, generator=g), torch.rand(50, generator=g) < 0.3
    assert anomaly.auroc(scores, truth) == pytest.approx(roc_auc_score(truth.numpy(), scores.numpy()))
    assert anomaly.auroc(truth.float(), truth) == 1.0
    train, test = torch.randn(30, 5, generator=g), torch.randn(7, 5, generator=g)
    got = anomaly.knn_score(train, test, k=3)
    for i in range(7):
        cos = torch.nn.functional.cosine_similarity(test[i:i + 1], train)
        assert got[i] == pytest.approx(float(1 - cos.topk(3).values.mean()), abs=1e-5)
    euclid = anomaly.knn_score(train, test, k=3, metric="euclidean")
    assert euclid[0] == pytest.approx(float((train - test[0]).norm(dim=1).topk(3, largest=False).values.mean()),
                                      abs=1e-5)
    with pytest.raises(ValueError, match="is_anomaly"):
        anomaly.auroc(scores, torch.zeros(50, dtype=torch.bool))
    with pytest.raises(ValueError, match="k must"):
        anomaly.knn_score(train, test, k=31)


def test_rotation_score_and_protocols():
    torch.manual_seed(0)
    rot = RotationPrediction(ConvEncoder(1, width=4))
    fit(rot, tiny_images(32), steps=2, batch_size=16, cache=False, progress=False)
    s = anomaly.rotation_score(rot, tiny_images(5))
    assert s.shape == (5,) and (s > 0).all()
    y_train, y_test = torch.arange(20) % 4, torch.arange(8) % 4
    idx, is_anomaly = anomaly.one_class(y_train, y_test, 1)
    assert (y_train[idx] == 1).all() and is_anomaly.sum() == 6
    idx, is_anomaly = anomaly.held_out(y_train, y_test, 1)
    assert (y_train[idx] != 1).all() and is_anomaly.sum() == 2
    with pytest.raises(ValueError, match="normal"):
        anomaly.one_class(y_train, y_test, 7)
    with pytest.raises(TypeError, match="method"):
        anomaly.rotation_score(torch.nn.Linear(2, 2), tiny_images(2))


def test_tabular_loads_offline_and_scarf_trains():
    tab = tabular.breast_cancer(anomalies=20, seed=0)
    assert tab.train.shape == (214, 30) and len(tab.test) == 357 - 214 + 20 and int(tab.is_anomaly.sum()) == 20
    assert abs(float(tab.train.mean())) < 1e-5                                             # standardised on train
    g = torch.Generator().manual_seed(0)
    view = tabular.scarf_views(tab.train[:8], 0.5, g)
    assert view.shape == (8, 30) and 0 < float((view != tab.train[:8]).float().mean()) < 0.7
    model = tabular.fit_scarf(tab.train, steps=5)
    assert tabular.embed(model, tab.test).shape == (len(tab.test), 64)
    assert tabular.isolation_forest_score(tab.train, tab.test).shape == (len(tab.test),)
    with pytest.raises(ValueError, match="anomalies"):
        tabular.breast_cancer(anomalies=500)
    with pytest.raises(ValueError, match="corruption"):
        tabular.fit_scarf(tab.train, corruption=1.5)
