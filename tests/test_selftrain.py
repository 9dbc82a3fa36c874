"""Self-training, distillation and label selection on small, fast cases."""
import pytest
import torch

from sslcourse import data
from sslcourse.evaluate import accuracy
from sslcourse.labelselect import choose_labels
from sslcourse.methods import Distillation, Supervised
from sslcourse.models import ConvEncoder
from sslcourse.selftrain import predict, pseudo_labels, quality, self_training, student
from sslcourse.train import fit

from _tiny import NoiseAugment, tiny_images


class Fixed(torch.nn.Module):
    """A classifier whose logits are given: logits(x) = table[first pixel]."""

    def __init__(self, table):
        super().__init__()
        self.table = torch.nn.Parameter(table)

    def logits(self, x):
        return self.table[(x[:, 0, 0, 0] * 255).round().long()]


def test_pseudo_labels_keep_only_confident_predictions():
    table = torch.zeros(256, 3)
    table[0] = torch.tensor([10.0, 0, 0])                     # image value 0: class 0, confident
    table[1] = torch.tensor([0.2, 0.1, 0.0])                  # image value 1: unsure
    images = torch.zeros(4, 1, 2, 2, dtype=torch.uint8)
    images[1:3, 0, 0, 0] = 1
    keep, labels = pseudo_labels(Fixed(table), images, 0.9)
    assert keep.tolist() == [0, 3] and labels.tolist() == [0, 0]
    assert len(pseudo_labels(Fixed(table), images, 1.0)[0]) == 0
    conf, pred = predict(Fixed(table), images)
    assert conf.shape == (4,) and pred.tolist() == [0, 0, 0, 0]


def test_quality_counts_per_class():
    q = quality(torch.tensor([0, 0, 1, 2]), torch.tensor([0, 1, 1, 2]), pool_size=8, num_classes=3)
    assert q["coverage"] == 0.5 and q["precision"] == 0.75 and q["given"] == [2, 1, 1] and q["correct"] == [1, 1, 1]
    with pytest.raises(ValueError, match="truth has 1"):
        quality(torch.tensor([0, 1]), torch.tensor([0]), pool_size=2, num_classes=2)


def test_self_training_rounds_report_quality_and_never_train_on_hidden_labels():
    digits = data.load("digits")
    labelled = data.label_budget(digits.train.labels, 5, seed=0)
    model, rounds = self_training(digits, labelled, rounds=1, threshold=0.5, steps=30, cache=False)
    assert [r["round"] for r in rounds] == [0, 1] and 0 <= rounds[1]["coverage"] <= 1
    assert sum(rounds[1]["given"]) == round(rounds[1]["coverage"] * (len(digits.train.labels) - 50))
    assert all(0 <= r["accuracy"] <= 1 for r in rounds) and isinstance(model, Supervised)
    with pytest.raises(ValueError, match="labelled"):
        self_training(digits, torch.tensor([0, 0]), rounds=1, steps=2)


def test_student_is_round_one_of_self_training_from_the_same_teacher():
    digits = data.load("digits")
    labelled = data.label_budget(digits.train.labels, 5, seed=0)
    _, rounds = self_training(digits, labelled, rounds=1, threshold=0.5, steps=20, cache=False)
    teacher, _ = self_training(digits, labelled, rounds=0, steps=20, cache=False)
    one = student(teacher, digits, labelled, 0.5, steps=20, seed=1, cache=False)
    assert accuracy(one, digits.test.images, digits.test.labels) == rounds[1]["accuracy"]
    with pytest.raises(ValueError, match="labelled"):
        student(teacher, digits, torch.tensor([0, 0]), 0.5, steps=2)
    with pytest.raises(ValueError, match="threshold"):
        student(teacher, digits, labelled, 1.5, steps=2)


def test_distillation_matches_the_teacher_and_keeps_it_frozen():
    torch.manual_seed(0)
    teacher = Supervised(ConvEncoder(1, width=4), NoiseAugment(), num_classes=3)
    before = {k: v.clone() for k, v in teacher.state_dict().items()}
    student = Distillation(ConvEncoder(1, width=4), NoiseAugment(), teacher=teacher, num_classes=3)
    hist = fit(student, tiny_images(64), steps=20, batch_size=32, lr=1e-2, cache=False, progress=False)
    assert hist.losses[-1] < hist.losses[0]
    assert all(torch.equal(v, before[k]) for k, v in teacher.state_dict().items())   # the caller's teacher
    assert not student.teacher.training and student.training is False
    with pytest.raises(TypeError, match="teacher"):
        Distillation(ConvEncoder(1, width=4), teacher=torch.nn.Linear(2, 2), num_classes=3)


def test_choose_labels_strategies():
    g = torch.Generator().manual_seed(0)
    labels = torch.arange(60) % 3
    features = torch.nn.functional.one_hot(labels, 3).double() + 0.3 * torch.randn(60, 3, generator=g).double()
    proto = choose_labels(features, labels, 2, "prototypical")
    out = choose_labels(features, labels, 2, "outlier")
    assert len(proto) == 6 and torch.bincount(labels[proto]).tolist() == [2, 2, 2]
    unit = torch.nn.functional.normalize(features, dim=1)
    centre = {c: torch.nn.functional.normalize(unit[labels == c].mean(0), dim=0) for c in range(3)}
    sim = torch.stack([unit[i] @ centre[int(labels[i])] for i in range(60)])
    assert sim[proto].min() > sim[out].max()                  # prototypes nearer their centres than outliers
    assert torch.equal(choose_labels(features, labels, 2, "random", seed=4), data.label_budget(labels, 2, seed=4))
    clusters = choose_labels(features, labels, 1, "clusters")
    assert len(clusters) <= 3 and set(labels[clusters].tolist()) == {0, 1, 2}   # well-separated: one per class
    with pytest.raises(ValueError, match="strategy"):
        choose_labels(features, labels, 1, "best")
    with pytest.raises(ValueError, match="per_class=30"):
        choose_labels(features, labels, 30, "outlier")


def test_atypicality_is_the_cosine_distance_to_the_class_mean():
    from sslcourse.labelselect import atypicality

    features = torch.tensor([[1.0, 0.0], [1.0, 0.1], [1.0, -0.1], [0.0, 1.0], [-1.0, 0.0], [-1.0, 0.05]])
    labels = torch.tensor([0, 0, 0, 0, 1, 1])                          # image 3 sits apart from the rest of class 0
    score = atypicality(features, labels)
    assert score.shape == (6,) and score.dtype == torch.float32
    assert int(score[:4].argmax()) == 3 and score[:3].max() < 0.1 and score[3] > 0.5
    assert score[4:].max() < 0.01                                       # class 1 is tight
    with pytest.raises(ValueError, match="labels"):
        atypicality(features, labels[:5])
