"""Word-level text features (notebook 10): TF-IDF, word2vec and the few-label probe over label draws."""
import pytest
import torch

from sslcourse.nlp import words as W
from sslcourse.nlp.classify import few_label_accuracies

TEXTS = ["the rocket reached orbit", "the shuttle reached orbit again", "god and faith and belief",
         "belief in god", "a rocket and a shuttle", "faith belief god"] * 3


def test_tfidf_rows_are_unit_length_over_the_texts_words():
    x = W.tfidf_features(TEXTS)
    assert x.shape[0] == len(TEXTS) and x.dtype == torch.float32
    assert torch.allclose(x.norm(dim=1), torch.ones(len(TEXTS)))
    assert W.words("The Rocket's orbit, 1969!") == ["the", "rocket", "orbit"]
    with pytest.raises(TypeError, match="texts"):
        W.tfidf_features("one string")


def test_word2vec_is_seeded_and_mean_vectors_average_known_words():
    a = W.word2vec(TEXTS, dim=8, epochs=2, min_count=1, seed=1)
    b = W.word2vec(TEXTS, dim=8, epochs=2, min_count=1, seed=1)
    assert torch.equal(torch.tensor(a["orbit"]), torch.tensor(b["orbit"]))       # one worker: repeatable
    f = W.mean_vectors(a, ["orbit god", "zzz unknown"])
    expected = (torch.tensor(a["orbit"]) + torch.tensor(a["god"])) / 2
    assert f.shape == (2, 8) and torch.allclose(f[0], expected) and (f[1] == 0).all()
    with pytest.raises(TypeError, match="vectors"):
        W.mean_vectors({"orbit": 1}, ["orbit"])
    with pytest.raises(ValueError, match="dim"):
        W.word2vec(TEXTS, dim=0)


def test_few_label_accuracies_one_per_draw_and_separable_features_score_one():
    labels = torch.tensor([0, 1] * 10)
    features = torch.stack([labels.float(), torch.randn(20, generator=torch.Generator().manual_seed(0))], 1)
    accs = few_label_accuracies(features, labels, per_class=2, draws=3)
    assert accs == [1.0, 1.0, 1.0]
    assert few_label_accuracies(features, labels, 2, draws=2, standardize=False, C=10) == [1.0, 1.0]
    with pytest.raises(ValueError, match="features"):
        few_label_accuracies(features[:5], labels, 2)
    with pytest.raises(TypeError, match="standardize"):
        few_label_accuracies(features, labels, 2, standardize="no")
