"""Image–text self-supervision (notebook 12): CLIP-style contrastive training on captions written from known factors.

- `captions`: `ShapeCaptions` ("a large red triangle on a striped background", attributes left out at random) and
  `PairCaptions` ("3 left of 7" / "7 right of 3"), codes in, token ids out;
- `text`: `SentenceEncoder` (a tiny Transformer, reads word order) and `BagOfWords` (order-blind by construction);
- `clip.CLIP`: the method — symmetric InfoNCE with a learned temperature, trained by `train.fit(clip, images, codes)`;
- `zeroshot`: classification by prompts (with prompt ensembles), retrieval both ways, `tile_pairs` for digits
  side by side and `order_accuracy` (does the model prefer "3 left of 7" to "7 left of 3" for the right image?).
"""
from .captions import COLOURS, SIZES, TEXTURES, Captions, PairCaptions, ShapeCaptions
from .clip import CLIP
from .text import BagOfWords, SentenceEncoder
from .zeroshot import order_accuracy, retrieval, tile_pairs, zero_shot

__all__ = ["Captions", "ShapeCaptions", "PairCaptions", "COLOURS", "SIZES", "TEXTURES", "CLIP", "SentenceEncoder",
           "BagOfWords", "zero_shot", "retrieval", "tile_pairs", "order_accuracy"]
