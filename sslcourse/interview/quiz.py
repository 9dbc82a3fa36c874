"""A self-check quiz: multiple-choice and numeric questions with feedback and a link to the section that answers them.

`Quiz(ITEMS).widget()` shows it in Jupyter (ipywidgets: one question per box, a Check button, feedback under it);
`Quiz.check(i, response)` is what the button calls, so a test can drive the quiz without a browser; `static()` is the
same quiz as markdown for the book and for print. A numeric answer is read from the results store (`key`), so the
quiz never disagrees with the notebook that measured it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import results
from .bank import fill, format_value, notebook_link


@dataclass(frozen=True)
class QuizItem:
    """A question: `choices` with the index `correct` (multiple choice), or `key` (a results-store key) with a
    tolerance in percentage points (numeric: the learner types a percentage). `why` explains, with placeholders."""
    prompt: str
    why: str
    link: tuple[str, str]
    choices: tuple[str, ...] = ()
    correct: int = 0
    key: str = ""
    tolerance: float = 5.0


# the sections the quiz links to
ROTATION = ("02_pretext_tasks", "## 3. Designing a pretext task: too easy, or a shortcut")
EFFICIENCY = ("01_what_is_ssl", "## 5. What is the representation worth? Label efficiency")
BASELINE = ("01_what_is_ssl", "### The honest baseline: supervised training from scratch")
BATCH = ("03_contrastive_learning", "## 4. Batch size at equal compute")
BIAS = ("06_pseudo_labels", "## 2. Confirmation bias: a model grading its own homework")
WHICH_LABELS = ("06_pseudo_labels", "## 4. Which labels to buy")
TEST_TIME = ("07_robustness", "## 2. Adapting at test time, without labels")
FEW_TEXT = ("10_text", "## 4. What pretrained features are worth with few labels")
CLIP = ("12_multimodal_and_recommendation", "## 1. CLIP on shapes: one space for images and captions")
RECOMMEND = ("12_multimodal_and_recommendation", "## 3. Recommendation: a history is a sentence whose words are movies")

ITEMS = [
    QuizItem("Rotation prediction as a pretext task makes the features …",
             "To tell how far an image was turned the features must encode orientation: the task is a 4-way "
             "classification of the turn, and the features must separate the four answers. They also serve digits: "
             "probed at {nb02.rotation} with 10 labels per class.", ROTATION,
             choices=("invariant to orientation", "sensitive to orientation", "unaffected: orientation plays no part"),
             correct=1),
    QuizItem("With 10 labels per digit, what test accuracy (in %) did a linear probe on frozen SimCLR features reach "
             "on MNIST-5k?",
             "SimCLR reached {nb01.simclr_10_per_class}; the tuned supervised baseline "
             "{nb01.supervised_from_scratch_10_per_class}.", EFFICIENCY, key="nb01.simclr_10_per_class"),
    QuizItem("At 10 labels per class, which was ahead on MNIST-5k?",
             "The tuned supervised network ({nb01.supervised_from_scratch_10_per_class}) beat frozen SimCLR features "
             "({nb01.simclr_10_per_class}); SSL won at 1 label per class.", BASELINE,
             choices=("the supervised network trained from scratch", "frozen SimCLR features", "they were level"),
             correct=0),
    QuizItem("SimCLR with the same number of images seen: what did batch 1024 do compared with batch 64?",
             "Batch 1024 probed at {nb03.simclr_batch_1024} against {nb03.simclr_batch_64} for batch 64: with the "
             "same images seen, a large batch means few steps.", BATCH,
             choices=("worse: far fewer steps", "much better: more negatives", "the same"), correct=0),
    QuizItem("Self-training from 1 label per class: after 2 rounds, what test accuracy (in %) was left?",
             "Confirmation bias: the model learnt its own mistakes, ending at "
             "{nb06.self_training_round_2_1_per_class}.",
             BIAS, key="nb06.self_training_round_2_1_per_class"),
    QuizItem("Fog at severity 5 dropped the supervised digit classifier to {nb07.fog5_no_adaptation}. What restored "
             "most of it without a single label?",
             "AdaBN — recomputing BatchNorm statistics on the foggy test images — brought it to {nb07.fog5_adabn}.",
             TEST_TIME,
             choices=("training longer on the clean images",
                      "test-time augmentation: averaging predictions over flips and crops of each test image",
                      "AdaBN: BatchNorm statistics recomputed on the test images"),
             correct=2),
    QuizItem("A CLIP-style model never saw six shape–colour pairs in training (a yellow circle, for one). On images "
             "of those pairs, its zero-shot shape accuracy …",
             "It fell to {nb12.clip_shape_zero_shot_held_out} (chance 16.7 %) against {nb12.clip_shape_zero_shot} on "
             "combinations it had seen.", CLIP,
             choices=("stayed the same", "improved: colour no longer distracts", "fell to about chance"), correct=2),
    QuizItem("On MovieLens (HR@10, full ranking), which of these scored lowest?",
             "BERT4Rec {nb12.rec_bert4rec_hr10}, level with popularity ({nb12.rec_popularity_hr10}) and far below "
             "SASRec ({nb12.rec_sasrec_hr10}) after the same 500 training steps.", RECOMMEND,
             choices=("SASRec (next item)", "BERT4Rec (masked items)", "item-to-item neighbours"), correct=1),
    QuizItem("Atheism vs space posts with 10 labels per class: what accuracy (in %) did TF-IDF with logistic "
             "regression reach?",
             "TF-IDF {nb10.news_tfidf_10}; the tiny BERT's features only {nb10.news_bert_10}, level with a random "
             "Transformer ({nb10.news_random_10}).", FEW_TEXT, key="nb10.news_tfidf_10"),
    QuizItem("Which one label per class is worth most to a linear probe on SimCLR features?",
             "The most prototypical image of each class gave {nb06.prototypical_1_per_class}; a random one, "
             "{nb06.random_median_1_per_class} (median of 20 draws). Finding the prototypes used every image's class, "
             "though: picked from k-means clusters, without labels, the images gave {nb06.clusters_1_per_class}.",
             WHICH_LABELS,
             choices=("the most prototypical image", "a random image", "the most unusual image"), correct=0),
]


class Quiz:
    """The quiz over `items` (default ITEMS), answers read from the results store `store` (default: the course's)."""

    def __init__(self, items=None, store: dict | None = None):
        self.items = list(ITEMS if items is None else items)
        if not self.items or not all(isinstance(i, QuizItem) for i in self.items):
            raise TypeError("items must be a non-empty list of QuizItem")
        self.store = results.load() if store is None else store
        self.feedback: dict[int, str] = {}

    def answer(self, i: int) -> str:
        """The correct answer of item i, as text."""
        item = self.items[i]
        return item.choices[item.correct] if item.choices else format_value(item.key, self.store)

    def check(self, i: int, response) -> tuple[bool, str]:
        """(right?, feedback) for `response` to item i: a choice's index, or a number in percent. What the widget's
        Check button calls."""
        if not isinstance(i, int) or not 0 <= i < len(self.items):
            raise ValueError(f"i must be a question number in [0, {len(self.items) - 1}], got {i!r}")
        item = self.items[i]
        if item.choices:
            if response is None:
                return False, "Pick an answer first."
            right = int(response) == item.correct
        else:
            try:
                value = float(str(response).strip().rstrip("%"))
            except (TypeError, ValueError):
                return False, "Type a number (a percentage such as 87.5)."
            right = abs(value - 100 * self.store[item.key]["value"]) <= item.tolerance
        verdict = "Right." if right else f"Not quite: the answer is {self.answer(i)}."
        text = f"{verdict} {fill(item.why, self.store)} See {notebook_link(item.link)}."
        self.feedback[i] = text
        return right, text

    def widget(self):
        """The quiz as ipywidgets: one box per question with a Check button and its feedback."""
        import ipywidgets as w

        boxes = []
        for i, item in enumerate(self.items):
            prompt = w.HTMLMath(f"<b>{i + 1}.</b> {fill(item.prompt, self.store)}")
            field = (w.RadioButtons(options=[(c, k) for k, c in enumerate(item.choices)], value=None,
                                    layout={"width": "max-content"}) if item.choices
                     else w.Text(placeholder="your answer, in %", layout={"width": "160px"}))
            button, out = w.Button(description="Check"), w.HTML()

            def on_click(_, i=i, field=field, out=out):
                right, text = self.check(i, field.value)
                out.value = ("✅ " if right else "❌ ") + _html_links(text)

            button.on_click(on_click)
            boxes.append(w.VBox([prompt, field, button, out]))
        return w.VBox(boxes)

    def static(self) -> str:
        """The quiz as markdown: questions, then the answers with their explanations (for the book and print)."""
        lines = []
        for i, item in enumerate(self.items):
            lines.append(f"{i + 1}. {fill(item.prompt, self.store)}")
            lines += [f"   - ({chr(97 + k)}) {c}" for k, c in enumerate(item.choices)]
            if not item.choices:
                lines.append("   - your answer, in %: ____")
        lines.append("\n**Answers**\n")
        for i, item in enumerate(self.items):
            lines.append(f"{i + 1}. {self.answer(i)} — {fill(item.why, self.store)} ({notebook_link(item.link)})")
        return "\n".join(lines)


def _html_links(text: str) -> str:
    """Markdown links [label](target) as HTML anchors, for the widget's HTML feedback box."""
    return re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r'<a href="\2" target="_blank">\1</a>', text)
