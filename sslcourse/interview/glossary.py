"""The words the answers use, each in one line, as this course uses them (for newcomers to the field)."""
from __future__ import annotations

GLOSSARY = {
    "linear probe": "a logistic regression trained on an encoder's frozen outputs with a few labels; its test "
                    "accuracy scores the features",
    "frozen features": "the outputs of an encoder whose weights are no longer trained",
    "fine-tuning": "training the pretrained encoder further, with a new output layer, on the labelled examples",
    "labels per class": "labelled training images of each class: 10 per class on MNIST's ten digits is 100 labels",
    "tuned supervised baseline": "the same network trained from scratch on the same labels, with augmentation and a "
                                 "schedule chosen by a sweep; every SSL number stands beside it",
    "random encoder": "the same network with its initial random weights, never trained: what pretraining must beat",
    "pretext task": "a prediction task made from unlabelled data (a rotation, a jigsaw order, masked patches) whose "
                    "answer is known because we made the change",
    "SimCLR, negatives": "contrastive learning: two augmented views of each image, and each view must pick its partner "
                         "among the batch's other images, the negatives (the NT-Xent or InfoNCE loss)",
    "MoCo": "contrastive learning whose negatives come from a queue of past embeddings, made by a momentum encoder "
            "(a slowly averaged copy of the encoder)",
    "collapse": "an encoder that gives (nearly) the same output for every image, which satisfies a loss without "
                "negatives for free and is useless",
    "pseudo-label": "a model's own confident prediction on an unlabelled image, used as a training target",
    "kNN": "a vote among the k labelled examples nearest to an image, by cosine similarity of their features",
    "NMI": "normalised mutual information between k-means clusters of the features and the true classes (0: "
           "unrelated, 1: identical)",
    "ROC-AUC": "the probability that an anomaly scores higher than a normal example (0.5: chance, 1: perfect)",
    "mean corruption error": "the error rate averaged over 15 corruptions (noise, blur, fog, ...) at severities 1, 3 "
                             "and 5",
    "AdaBN, TENT": "adapting to shifted test images without labels: AdaBN recomputes BatchNorm's statistics on them; "
                   "TENT also takes gradient steps that make the predictions less uncertain (lower entropy)",
    "DQN, return": "a deep Q-network, a reinforcement-learning agent that learns the value of each action; the return "
                   "is the total reward of an episode",
    "MFCC": "mel-frequency cepstral coefficients, the classic hand-made summary of a short slice of audio",
    "zero-shot": "classifying without a labelled example of any class, by comparing an image with text prompts such "
                 "as \"a triangle\"",
    "HR@10, NDCG@10": "hit rate: the share of users whose next item is among the 10 recommended; NDCG also rewards "
                      "ranking it higher",
}


def glossary_markdown() -> str:
    """The glossary as a markdown list, terms in bold."""
    return "\n".join(f"- **{term}**: {meaning}." for term, meaning in GLOSSARY.items())
