"""Self-supervised learning on text (notebook 10, in progress): a transparent character tokenizer and BERT's masking.

- `tokenizer.CharTokenizer`: one token per character (plus five special tokens), fitted on a corpus;
- `masking.mask_tokens`: BERT's masked-language-model corruption (15 % of positions; of those 80 % → <mask>, 10 % →
  a random token, 10 % unchanged), labels only where a position was chosen;
- `model.TinyTransformer`: token + position embeddings and pre-norm Transformer layers, bidirectional or causal;
- `objectives.MaskedLM` (BERT) and `objectives.NextToken` (GPT): methods that `train.fit` trains on token ids.
"""
from .masking import IGNORE, mask_tokens
from .model import TinyTransformer
from .objectives import MaskedLM, NextToken
from .tokenizer import SPECIALS, CharTokenizer

__all__ = ["CharTokenizer", "SPECIALS", "mask_tokens", "IGNORE", "TinyTransformer", "MaskedLM", "NextToken"]
