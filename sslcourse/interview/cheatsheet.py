"""A one-page cheat sheet of the course's measured numbers, drawn from the results store (nothing typed by hand)."""
from __future__ import annotations

from .. import results

# (panel title, [(label, key), ...]): the numbers an interview answer leans on most
PANELS = [
    ("Label efficiency (MNIST-5k, linear probe / from scratch)",
     [("pixels, 1 label/class", "nb01.raw_pixels_1_per_class"), ("SimCLR, 1 label/class", "nb01.simclr_1_per_class"),
      ("supervised, 1 label/class", "nb01.supervised_from_scratch_1_per_class"),
      ("pixels, 10/class", "nb01.raw_pixels_10_per_class"), ("random encoder, 10/class",
                                                               "nb01.random_encoder_10_per_class"),
      ("SimCLR, 10/class", "nb01.simclr_10_per_class"),
      ("supervised, 10/class", "nb01.supervised_from_scratch_10_per_class")]),
    ("Methods at equal compute (30 steps of 128, 10 labels/class)",
     [("raw pixels", "nb04.raw_pixels"), ("random encoder", "nb04.random_encoder"), ("SimCLR", "nb04.simclr"),
      ("VICReg", "nb04.vicreg"), ("Barlow Twins", "nb04.barlow"), ("BYOL", "nb04.byol"), ("SimSiam", "nb04.simsiam")]),
    ("Semi-supervised (10 labels/class, 200 steps)",
     [("supervised baseline", "nb06.supervised_10_per_class"), ("Mean Teacher", "nb06.mean_teacher_10_per_class"),
      ("FixMatch", "nb06.fixmatch_10_per_class"), ("self-training", "nb06.self_training_10_per_class"),
      ("self-training, 1 label/class, round 2", "nb06.self_training_round_2_1_per_class")]),
    ("Robustness and beyond images",
     [("fog 5, no adaptation", "nb07.fog5_no_adaptation"), ("fog 5, AdaBN", "nb07.fog5_adabn"),
      ("one-class AUROC, SimCLR kNN", "nb07.one_class_auroc_simclr"),
      ("text topic, TF-IDF 10/class", "nb10.news_tfidf_10"), ("text topic, tiny BERT 10/class", "nb10.news_bert_10"),
      ("CLIP zero-shot shape", "nb12.clip_shape_zero_shot"),
      ("CLIP zero-shot, unseen pairs", "nb12.clip_shape_zero_shot_held_out")]),
]


def cheat_sheet(store: dict | None = None):
    """A matplotlib Figure: four panels of horizontal bars (percentages), each bar labelled with its value."""
    import matplotlib.pyplot as plt

    store = results.load() if store is None else store
    missing = [key for _, rows in PANELS for _, key in rows if key not in store]
    if missing:
        raise KeyError(f"the results store {results.path()} lacks {', '.join(missing)}; run make outputs")
    fig, axes = plt.subplots(2, 2, figsize=(13, 7.5))
    for ax, (title, rows) in zip(axes.flat, PANELS):
        values = [100 * store[key]["value"] for _, key in rows]
        ax.barh(range(len(rows)), values, color=["#4c72b0" if "SimCLR" in label or "CLIP" in label else "#999999"
                                                  for label, _ in rows])
        ax.set_yticks(range(len(rows)), [label for label, _ in rows], fontsize=9)
        ax.invert_yaxis()
        ax.set_xlim(0, 105)
        for y, v in enumerate(values):
            ax.text(v + 1, y, f"{v:.1f}", va="center", fontsize=8)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("%")
    fig.suptitle("sslcourse: the measured numbers behind the interview answers (results store)", fontsize=12)
    fig.tight_layout()
    return fig
