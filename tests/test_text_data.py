"""The text data sets (notebook 10): real text that ships with gensim, read offline."""
import pickle

import pytest
import torch

from sslcourse.data import text


def test_wiki_articles_are_plain_text_of_real_articles():
    articles = text.wiki_articles()
    words = sum(len(a.split()) for a in articles)
    assert len(articles) == 106 and 470_000 < words < 490_000
    assert all(len(a.split()) >= 50 for a in articles)
    assert not any("[[" in a or "{{" in a or "<ref" in a for a in articles)          # the markup is gone
    assert "anarchism" in articles[0].lower()[:2000]                                  # the dump's first article
    assert len(text.wiki_articles(min_words=0)) > len(articles)                       # redirects and stubs
    with pytest.raises(ValueError, match="min_words"):
        text.wiki_articles(min_words=-1)


@pytest.mark.parametrize("load, classes", [(text.polarity, ("negative", "positive")),
                                           (text.newsgroups, ("alt.atheism", "sci.space"))])
def test_labelled_sets_have_200_balanced_texts(load, classes):
    data = load()
    assert len(data) == 200 and data.classes == classes
    assert data.labels.dtype == torch.int64 and torch.bincount(data.labels).tolist() == [100, 100]
    assert all(isinstance(t, str) and t for t in data.texts)


def test_newsgroup_posts_lose_the_header_that_names_their_group():
    data = text.newsgroups()
    assert not any("Newsgroups:" in t or t.startswith(("From:", "Path:")) for t in data.texts)


def test_the_newsgroups_unpickler_refuses_anything_but_plain_data():
    evil = pickle.dumps(print, protocol=0)                      # a reference to a callable
    with pytest.raises(pickle.UnpicklingError, match="not allowed"):
        text._PlainUnpickler(__import__("io").BytesIO(evil)).load()
