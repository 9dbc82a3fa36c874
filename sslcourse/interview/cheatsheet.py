"""A one-page cheat sheet of the course's measured numbers, drawn from the results store (nothing typed by hand)."""
from __future__ import annotations

from .. import results

# bar colours by kind: self-supervised, semi-supervised, and everything else (baselines, other methods)
COLOURS = {"ssl": "#4c72b0", "semi": "#dd8452", "other": "#999999"}
LEGEND = "blue: self-supervised; orange: semi-supervised; grey: baselines and other methods"

# (panel title, [(label, key, kind), ...]): the numbers an interview answer leans on most
PANELS = [
    ("Label efficiency (MNIST-5k; probes on frozen features; supervised: tuned, 2,000 steps)",
     [("pixels, 1 label/class", "nb01.raw_pixels_1_per_class", "other"),
      ("SimCLR, 1 label/class", "nb01.simclr_1_per_class", "ssl"),
      ("supervised, 1 label/class", "nb01.supervised_from_scratch_1_per_class", "other"),
      ("pixels, 10/class", "nb01.raw_pixels_10_per_class", "other"),
      ("random encoder, 10/class", "nb01.random_encoder_10_per_class", "other"),
      ("SimCLR, 10/class", "nb01.simclr_10_per_class", "ssl"),
      ("supervised, 10/class", "nb01.supervised_from_scratch_10_per_class", "other")]),
    ("Methods at equal compute (30 steps of 128, 10 labels/class)",
     [("raw pixels", "nb04.raw_pixels", "other"), ("random encoder", "nb04.random_encoder", "other"),
      ("SimCLR", "nb04.simclr", "ssl"), ("VICReg", "nb04.vicreg", "ssl"), ("Barlow Twins", "nb04.barlow", "ssl"),
      ("BYOL", "nb04.byol", "ssl"), ("SimSiam", "nb04.simsiam", "ssl")]),
    ("Semi-supervised (10 labels/class, every network 200 steps)",
     [("supervised baseline", "nb06.supervised_10_per_class", "other"),
      ("Mean Teacher", "nb06.mean_teacher_10_per_class", "semi"),
      ("FixMatch", "nb06.fixmatch_10_per_class", "semi"),
      ("self-training", "nb06.self_training_10_per_class", "semi"),
      ("self-training, 1 label/class, round 2", "nb06.self_training_round_2_1_per_class", "semi")]),
    ("Robustness and beyond images",
     [("fog 5, no adaptation", "nb07.fog5_no_adaptation", "other"), ("fog 5, AdaBN", "nb07.fog5_adabn", "other"),
      ("one-class AUROC, pixels kNN", "nb07.one_class_auroc_pixels", "other"),
      ("one-class AUROC, SimCLR kNN", "nb07.one_class_auroc_simclr", "ssl"),
      ("text topic, TF-IDF 10/class", "nb10.news_tfidf_10", "other"),
      ("text topic, tiny BERT 10/class", "nb10.news_bert_10", "ssl"),
      ("CLIP zero-shot shape, seen pairs", "nb12.clip_shape_zero_shot", "ssl"),
      ("CLIP zero-shot shape, unseen pairs", "nb12.clip_shape_zero_shot_held_out", "ssl")]),
]


def cheat_sheet(store: dict | None = None):
    """A matplotlib Figure: four panels of horizontal bars (percentages), each bar labelled with its value and
    coloured by kind (`COLOURS`, `LEGEND`)."""
    import matplotlib.pyplot as plt

    store = results.load() if store is None else store
    missing = [key for _, rows in PANELS for _, key, _ in rows if key not in store]
    if missing:
        raise KeyError(f"the results store {results.path()} lacks {', '.join(missing)}; run make outputs")
    fig, axes = plt.subplots(2, 2, figsize=(13, 7.5))
    for ax, (title, rows) in zip(axes.flat, PANELS):
        values = [100 * store[key]["value"] for _, key, _ in rows]
        ax.barh(range(len(rows)), values, color=[COLOURS[kind] for _, _, kind in rows])
        ax.set_yticks(range(len(rows)), [label for label, _, _ in rows], fontsize=9)
        ax.invert_yaxis()
        ax.set_xlim(0, 105)
        for y, v in enumerate(values):
            ax.text(v + 1, y, f"{v:.1f}", va="center", fontsize=8)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("%")
    fig.suptitle(f"sslcourse: the measured numbers behind the interview answers (results store)\n{LEGEND}",
                 fontsize=11)
    fig.tight_layout()
    return fig
