"""Real text that installs with gensim (its bundled test data), for notebook 10: no download.

    wiki_articles()   106 English Wikipedia articles (480 k words), markup removed by gensim's own wiki parser
    polarity()        200 movie-review sentences, negative (0) / positive (1): Pang & Lee's sentence polarity data
    newsgroups()      200 20-Newsgroups posts, alt.atheism (0) / sci.space (1), headers removed

The files are read from gensim's installed `test/test_data` folder; nothing is fetched. The newsgroups file is a
pickled scikit-learn Bunch written long ago: it is read with an unpickler that admits only the few plain types it
holds (dicts, lists, strings, numpy arrays), never arbitrary code.
"""
from __future__ import annotations

import bz2
import io
import pickle
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import torch

from .._checks import check_count

WIKI_DUMP = "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"


@dataclass(frozen=True, eq=False)
class TextSet:
    """Labelled texts: `texts` (N strings), `labels` (N,) int64 in [0, len(classes))."""
    texts: tuple[str, ...]
    labels: torch.Tensor
    classes: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.texts)


def gensim_data_dir() -> Path:
    """gensim's bundled test-data folder (ImportError naming the install command when gensim is missing)."""
    try:
        import gensim
    except ImportError as e:                       # pragma: no cover - gensim is a dependency
        raise ImportError("the text data sets ship with gensim: pip install gensim (the README's setup installs it)") \
            from e
    return Path(gensim.__file__).parent / "test" / "test_data"


@lru_cache(maxsize=None)
def _wiki_pages() -> tuple[tuple[str, str], ...]:
    from gensim.corpora.wikicorpus import extract_pages, filter_wiki

    with bz2.open(gensim_data_dir() / WIKI_DUMP) as f:
        return tuple((title, filter_wiki(text)) for title, text, _ in extract_pages(f))


def wiki_articles(min_words: int = 50) -> list[str]:
    """The plain text of every article in gensim's shortened Wikipedia dump with at least `min_words` words
    (redirects and stubs are shorter), in the dump's order: 106 articles, about 480,000 words, at the default."""
    check_count("min_words", min_words, minimum=0)
    return [text for _, text in _wiki_pages() if len(text.split()) >= min_words]


def polarity() -> TextSet:
    """200 single-sentence movie reviews (100 negative = 0, 100 positive = 1), lower-cased and tokenised by their
    authors (Pang & Lee 2005, sentence polarity data v1.0), in the file's order."""
    texts, labels = [], []
    lines = (gensim_data_dir() / "pang_lee_polarity.cor").read_text(encoding="cp1252").splitlines()   # (Windows text)
    for line in lines:
        tag, _, sentence = line.partition(" ")
        labels.append({"__label__neg": 0, "__label__pos": 1}[tag])
        texts.append(sentence.strip())
    return TextSet(tuple(texts), torch.tensor(labels), ("negative", "positive"))


class _PlainUnpickler(pickle.Unpickler):
    """Admits only what an old scikit-learn Bunch of texts holds; anything else is refused."""
    ALLOWED = {("copy_reg", "_reconstructor"), ("copyreg", "_reconstructor"), ("__builtin__", "dict"),
               ("builtins", "dict"), ("__builtin__", "object"), ("builtins", "object"), ("numpy", "ndarray"),
               ("numpy", "dtype"), ("numpy.core.multiarray", "_reconstruct")}

    def find_class(self, module: str, name: str):
        if (module, name) == ("sklearn.datasets.base", "Bunch"):
            return dict
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the newsgroups file")
        if module == "numpy.core.multiarray":                 # numpy 2 moved it
            module = "numpy._core.multiarray"
        return super().find_class(module, name)


HEADER = re.compile(r"^[A-Za-z][\w-]*: ")


def _without_headers(post: str) -> str:
    """The post after its leading header blocks ("Key: value" lines up to a blank line; some posts quote a second)."""
    blocks = post.split("\n\n")
    while len(blocks) > 1 and HEADER.match(blocks[0]):
        blocks = blocks[1:]
    return "\n\n".join(blocks).strip()


def newsgroups() -> TextSet:
    """200 posts (100 alt.atheism = 0, 100 sci.space = 1) from gensim's mini 20-Newsgroups set, each without its
    header block (which names the newsgroup: the label), in the file's order."""
    raw = zlib.decompress((gensim_data_dir() / "mini_newsgroup").read_bytes())
    bunch = _PlainUnpickler(io.BytesIO(raw), encoding="latin1").load()
    bodies = tuple(_without_headers(post) for post in bunch["data"])
    return TextSet(bodies, torch.as_tensor(bunch["target"], dtype=torch.int64), tuple(bunch["target_names"]))
