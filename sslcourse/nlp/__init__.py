"""Self-supervised learning on text (notebook 10): BERT- and GPT-style pretraining of a tiny Transformer, and features.

- `tokenizer.CharTokenizer`: one token per character (plus five special tokens), fitted on a corpus;
- `masking.mask_tokens`: BERT's masked-language-model corruption (15 % of positions; of those 80 % → <mask>, 10 % →
  a random token, 10 % unchanged), labels only where a position was chosen;
- `model.TinyTransformer`: token + position embeddings and pre-norm Transformer layers, bidirectional or causal;
- `objectives.MaskedLM` (BERT) and `objectives.NextToken` (GPT): methods that `train.fit` trains on token ids;
- `classify.text_features` (frozen sentence features for a probe) and `classify.TextClassifier` (from scratch or
  fine-tuned, through `train.fit`);
- `classify.few_label_accuracies`: a linear probe's accuracy over label draws (few labelled texts per class);
- `words`: word-level features — the TF-IDF baseline and word2vec (skip-gram) vectors;
- `score`: what a pretrained model can do on held-out text (fill blanks, continue a text, perplexity, generation).
"""
from . import score, words
from .classify import TextClassifier, few_label_accuracies, mean_pool, text_features
from .masking import IGNORE, mask_tokens
from .model import TinyTransformer
from .objectives import MaskedLM, NextToken
from .tokenizer import SPECIALS, CharTokenizer

__all__ = ["CharTokenizer", "SPECIALS", "mask_tokens", "IGNORE", "TinyTransformer", "MaskedLM", "NextToken",
           "TextClassifier", "text_features", "mean_pool", "few_label_accuracies", "score", "words"]
