"""The supervised baseline: trains from scratch on the same labelled subsets the probes use, and learns."""
import pytest

from sslcourse import data
from sslcourse.baselines import SCHEDULE, supervised_baseline


@pytest.mark.slow
def test_supervised_baseline_learns_digits_from_ten_labels_per_class():
    digits = data.load("digits")
    curve = supervised_baseline(digits, budgets=(10,), draws=2, steps=100, batch_size=32, width=8)
    assert len(curve.accs[10]) == 2 and curve.name == "supervised from scratch"
    assert curve.mean(10) > 0.6            # chance is 10 %; measured 86-89 %


def test_draws_are_seeded_and_all_labels_is_one_draw():
    digits = data.load("digits")
    a = supervised_baseline(digits, budgets=(1, "all"), draws=2, steps=3, batch_size=8)
    b = supervised_baseline(digits, budgets=(1, "all"), draws=2, steps=3, batch_size=8)
    assert a.accs == b.accs and len(a.accs[1]) == 2 and len(a.accs["all"]) == 1


def test_schedule_defaults_are_the_swept_ones():
    assert SCHEDULE["steps"] >= 500 and SCHEDULE["batch_size"] >= 32   # not the undertrained 100 steps of old


@pytest.mark.parametrize("kw, error, match", [({"draws": 0}, ValueError, "draws"),
                                              ({"steps": 2.5}, TypeError, "steps"),
                                              ({"augment": "nope"}, ValueError, "augment must be an Augment or a"),
                                              ({"budgets": (0,)}, ValueError, "budgets"),
                                              ({"data": "digits"}, TypeError, "data must be")])
def test_bad_input_names_the_argument(kw, error, match):
    with pytest.raises(error, match=match):
        supervised_baseline(**{"data": data.load("digits"), "budgets": (1,), **kw})
