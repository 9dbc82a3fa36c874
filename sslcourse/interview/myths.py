"""Common wrong answers in SSL interviews, each corrected by a number this course measured."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Myth:
    """A wrong answer people give, the correction (with `{nbNN.key}` placeholders) and where the course shows it."""
    claim: str
    correction: str
    link: tuple[str, str]


MYTHS = [
    Myth("Rotation prediction makes features invariant to orientation.",
         "By construction the task needs the opposite: to say how far an image was turned, the features must tell "
         "orientations apart. Frozen rotation features probed at {nb02.rotation} with 10 labels per class; make the "
         "task too "
         "easy (only 0° and 90°) and they fell to {nb02.rotation_0_90_only_too_easy}; let a corner mark leak the "
         "answer and they fell to {nb02.rotation_corner_mark_shortcut}.",
         ("02_pretext_tasks", "## 3. Designing a pretext task: too easy, or a shortcut")),
    Myth("SSL always beats supervised learning.",
         "Not against an honest baseline. With 10 labels per class the tuned supervised network trained from scratch "
         "(2,000 steps) reached {nb01.supervised_from_scratch_10_per_class} against {nb01.simclr_10_per_class} for frozen SimCLR "
         "features; SSL won only at 1 label per class ({nb01.simclr_1_per_class} against "
         "{nb01.supervised_from_scratch_1_per_class}).",
         ("01_what_is_ssl", "### The honest baseline: supervised training from scratch")),
    Myth("Momentum contrast (MoCo) beats SimCLR at equal compute.",
         "A MoCo step also runs a momentum encoder, so at equal compute it gets fewer steps. In notebook 03 SimCLR at "
         "batch 64 reached {nb03.simclr_batch_64}; MoCo's 50 steps of 64, its share of the same compute, "
         "{nb03.moco}. MoCo's queue is the memory-efficient choice, for when a large batch does not fit in memory; "
         "it is not the compute-efficient one on a laptop.",
         ("03_contrastive_learning", "## 6. SimCLR vs MoCo at equal compute, through the shared harness")),
    Myth("SSL cannot work, or be tested, without huge data sets.",
         "Every MNIST pretraining in this course uses at most 4,000 unlabelled images (one deliberately polluted "
         "pool aside): SimCLR on all 4,000 MNIST "
         "images probed at {nb08.quantity_4000}, and on just 250 of them at {nb08.quantity_250}. Scale matters for "
         "some methods: the course's tiny BERT, pretrained on 480,000 words, gave topic features no better than a "
         "random Transformer's ({nb10.news_bert_10} against {nb10.news_random_10}). But a method can be made to "
         "work, and tested, small.",
         ("08_data_diversity", "## 1. Quantity")),
    Myth("Generalisation is proportional to diversity.",
         "More diverse is not simply better. Pooling 2,000 MNIST digits with 1,000 8×8 digits and 1,000 shapes "
         "probed at {nb08.pooled_4000} on MNIST, below the 4,000 MNIST images alone ({nb08.quantity_4000}): "
         "diversity helps only when it covers what the test asks for.",
         ("08_data_diversity", "## 2. Diversity against quantity")),
    Myth("A pretrained encoder is always better than a random one.",
         "Check it. In notebook 01 a short denoising-autoencoder run probed at {nb01.denoising_ae_10_per_class} on "
         "MNIST-5k, below the random encoder it started from ({nb01.random_encoder_10_per_class}). On spoken digits, "
         "wav2vec-style masked contrastive contexts probed at {nb11.digits_masked_contrastive_10}, far below a random "
         "sequence encoder ({nb11.digits_random_10}), which was level with hand-made MFCC statistics "
         "({nb11.digits_stats_10}) and with masked-frame pretraining ({nb11.digits_masked_frames_10}).",
         ("11_speech_and_sensors", "## 3. Few labels: which features recognise the digit?")),
]
