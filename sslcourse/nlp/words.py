"""Word-level text features: the bag-of-words baseline (TF-IDF) and word2vec, the classic self-supervised word vectors.

- `words(text)`: lower-cased word tokens (gensim's `simple_preprocess`: letters only, 2–15 characters);
- `tfidf_features(texts)`: (N, V) TF-IDF of each text's words — raw input, like pixels for images;
- `word2vec(texts)`: skip-gram word vectors (Mikolov et al. 2013) — each word trained to predict the words around it,
  a pretext task on unlabelled text; gensim trains them (one worker, so a seed gives the same vectors every time);
- `mean_vectors(vectors, texts)`: (N, D) the average vector of each text's known words.
"""
from __future__ import annotations

import numpy as np
import torch

from .._checks import check_count, check_seed


def _check_texts(name: str, texts) -> None:
    if isinstance(texts, str) or not len(texts) or not all(isinstance(t, str) for t in texts):
        raise TypeError(f"{name} must be a non-empty list of strings (not one string)")


def words(text: str) -> list[str]:
    """The lower-cased word tokens of `text` (letters only, 2 to 15 characters long)."""
    from gensim.utils import simple_preprocess

    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    return simple_preprocess(text)


def tfidf_features(texts, min_df: int = 1) -> torch.Tensor:
    """(N, V) float32: the TF-IDF weights (sub-linear counts, English stop words dropped, rows of unit length) of the
    V words in at least `min_df` of the texts — fitted on all the texts (no labels are used)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    _check_texts("texts", texts)
    check_count("min_df", min_df)
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=min_df).fit_transform(list(texts))
    return torch.from_numpy(matrix.toarray()).float()


def word2vec(texts, *, dim: int = 100, window: int = 5, epochs: int = 10, min_count: int = 3, seed: int = 0):
    """gensim `KeyedVectors`: skip-gram vectors (`dim` wide) of the words seen at least `min_count` times in `texts`,
    each trained to predict the words up to `window` positions away, `epochs` passes over the texts."""
    from gensim.models import Word2Vec

    _check_texts("texts", texts)
    for name, value in (("dim", dim), ("window", window), ("epochs", epochs), ("min_count", min_count)):
        check_count(name, value)
    check_seed("seed", seed)
    tokens = [words(t) for t in texts]
    pieces = [t[i:i + 1000] for t in tokens for i in range(0, len(t), 1000)]     # gensim's sentence limit: 10,000
    model = Word2Vec(pieces, vector_size=dim, window=window, min_count=min_count, epochs=epochs, sg=1, seed=seed,
                     workers=1)
    return model.wv


def mean_vectors(vectors, texts) -> torch.Tensor:
    """(N, D) float32: the mean of `vectors` over each text's words that have one (zeros for a text with none)."""
    _check_texts("texts", texts)
    if not hasattr(vectors, "vector_size") or not hasattr(vectors, "key_to_index"):
        raise TypeError(f"vectors must be gensim KeyedVectors (from word2vec), got {type(vectors).__name__}")
    rows = []
    for text in texts:
        known = [w for w in words(text) if w in vectors.key_to_index]
        rows.append(vectors[known].mean(0) if known else np.zeros(vectors.vector_size, dtype=np.float32))
    return torch.from_numpy(np.stack(rows)).float()
