"""Consistency regularisation: Mean Teacher (Tarvainen & Valpola 2017) and the Π-model (Laine & Aila 2017).

Both add to the labelled cross-entropy a penalty on how much the class probabilities of an unlabelled image change
between two augmented views: the squared distance between the student's softmax on one view and a *target*'s on the
other. Mean Teacher's target is the EMA teacher; the Π-model's is the student itself (no gradient through the
target, as most implementations). The penalty's weight ramps up as exp(-5 (1 - t/T)^2) over the first `rampup` steps
(Laine & Aila), so early, random predictions are not enforced.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from .._checks import check_count, check_positive
from .semi import SemiSupervised


def rampup(step: int, length: int) -> float:
    """exp(-5 (1 - step/length)^2) for step < length, then 1 (Laine & Aila 2017)."""
    if step >= length:
        return 1.0
    return math.exp(-5.0 * (1.0 - step / length) ** 2)


class MeanTeacher(SemiSupervised):
    """Labelled cross-entropy + `consistency` × rampup × MSE(softmax(student(view 1)), softmax(teacher(view 2)))."""

    name = "mean_teacher"
    target_is_student = False

    def __init__(self, encoder, augment=None, *, labelled_images, labelled_labels, num_classes: int, mu: int = 7,
                 consistency: float = 10.0, rampup: int = 200, ema: float = 0.99, monitor_images=None,
                 monitor_labels=None, seed: int = 0):
        super().__init__(encoder, augment, labelled_images=labelled_images, labelled_labels=labelled_labels,
                         num_classes=num_classes, mu=mu, ema=ema, monitor_images=monitor_images,
                         monitor_labels=monitor_labels, seed=seed)
        check_positive("consistency", consistency, allow_zero=True)
        check_count("rampup", rampup)
        self.consistency, self.rampup = consistency, rampup
        self.hparams.update(consistency=consistency, rampup=rampup)
        self.register_buffer("step", torch.zeros((), dtype=torch.int64))

    def target_logits(self, view: torch.Tensor) -> torch.Tensor:
        """The target's logits (U, K) of a float view, without gradient (the teacher also tracks its statistics)."""
        teacher = self.track_teacher(view)
        if not self.target_is_student:
            return teacher
        with torch.no_grad():
            return self.student_logits(view)

    def loss(self, x, labels=None):
        xl, yl = self.labelled_batch(len(x))
        logits = self.student_logits(torch.cat([self.view(xl), self.view(x)]))   # (L + U, K)
        labelled = F.cross_entropy(logits[:len(xl)], yl)
        target = F.softmax(self.target_logits(self.view(x)).float(), 1)          # (U, K), another view
        distance = F.mse_loss(F.softmax(logits[len(xl):].float(), 1), target, reduction="none").sum(1).mean()
        weight = self.consistency * rampup(int(self.step), self.rampup)
        self._stats = {"labelled_loss": labelled.item(), "consistency_loss": distance.item(), "weight": weight}
        return labelled + weight * distance

    def on_step_end(self) -> None:
        super().on_step_end()
        self.step += 1


class PiModel(MeanTeacher):
    """The Π-model: Mean Teacher's loss with the student itself (another view, no gradient) as the target. The EMA
    copy is still kept and evaluated, like the other methods."""

    name = "pi_model"
    target_is_student = True
