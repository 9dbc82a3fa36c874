"""Self-supervised sequential recommendation (notebook 12): item histories are sentences whose words are items.

- `data.interactions.movielens()` gives the histories (leave-last-out); `windows` and `recent` cut them;
- SASRec is `nlp.NextToken` and BERT4Rec `nlp.MaskedLM` over item ids; `scoring.next_item_scores` turns either into
  scores for every item; `methods.ContrastiveNextItem` is CL4SRec (next item + a contrastive term between augmented
  views, `augment.augment_sequences`: crop, mask, reorder);
- `baselines`: popularity and item-to-item nearest neighbours; `metrics`: HR@k and NDCG@k, full ranking.
"""
from .augment import augment_sequences
from .baselines import item_knn, popularity
from .methods import ContrastiveNextItem, last_hidden
from .metrics import evaluate, hit_rate_ndcg, ranks
from .scoring import next_item_scores

__all__ = ["augment_sequences", "popularity", "item_knn", "ContrastiveNextItem", "last_hidden", "evaluate",
           "hit_rate_ndcg", "ranks", "next_item_scores"]
