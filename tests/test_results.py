"""The results store: records only when asked to, refuses bad names and values, reads back what it wrote."""
import math

import pytest

from sslcourse import results


def test_record_writes_only_when_the_store_is_set(tmp_path, monkeypatch):
    monkeypatch.delenv("SSLCOURSE_RESULTS", raising=False)
    monkeypatch.setattr(results, "DEFAULT", tmp_path / "default.json")
    entries = results.record("nb99", {"acc": 0.5}, what={"acc": "an accuracy"})
    assert entries == {"nb99.acc": {"value": 0.5, "what": "an accuracy"}}
    assert not (tmp_path / "default.json").exists()                # a plain notebook run edits nothing
    monkeypatch.setenv("SSLCOURSE_RESULTS", str(tmp_path / "store.json"))
    results.record("nb99", {"acc": 0.5, "other": 1})
    results.record("nb98", {"acc": 0.25})
    assert results.get("nb99.acc") == 0.5 and results.get("nb98.acc") == 0.25 and len(results.load()) == 3
    assert [p.name for p in tmp_path.iterdir()] == ["store.json"]  # written atomically, no temporary left
    with pytest.raises(KeyError, match="nb99.missing"):
        results.get("nb99.missing")


def test_values_are_stored_exactly_so_the_deck_prints_what_the_notebook_printed(tmp_path, monkeypatch):
    from sslcourse.interview.bank import format_value

    monkeypatch.setenv("SSLCOURSE_RESULTS", str(tmp_path / "store.json"))
    for value in (sum([0.366, 0.37, 0.372, 0.368, 0.3715]) / 5, 0.9065 - 1e-12, 2 / 3):   # means on rounding edges
        results.record("nb99", {"acc": value})
        assert results.get("nb99.acc") == value
        assert format_value("nb99.acc", results.load()) == f"{100 * value:.1f} %"   # as evaluate.table prints it


@pytest.mark.parametrize("notebook, values, match", [
    ("NB 3", {"a": 1.0}, "notebook"), ("nb03", {"Bad Name": 1.0}, "Bad Name"),
    ("nb03", {"a": math.nan}, "a must be a finite number"), ("nb03", {"a": "0.9"}, "a must be a finite number"),
    ("nb03", {"a": True}, "a must be a finite number")])
def test_bad_names_and_values_are_refused(notebook, values, match):
    with pytest.raises(ValueError, match=match):
        results.record(notebook, values)


def test_slug_turns_display_names_into_store_names():
    assert results.slug("SimCLR (same compute)") == "simclr_same_compute"
    assert results.slug("rotation 0/90 only (too easy)") == "rotation_0_90_only_too_easy"


def test_a_unit_other_than_percent_is_stored_and_a_bad_one_refused(monkeypatch):
    monkeypatch.delenv("SSLCOURSE_RESULTS", raising=False)
    entries = results.record("nb99", {"acc": 0.5, "reach": 400.0}, units={"reach": "steps"})
    assert entries == {"nb99.acc": {"value": 0.5, "what": "acc"},
                       "nb99.reach": {"value": 400.0, "what": "reach", "unit": "steps"}}
    with pytest.raises(ValueError, match="unit"):
        results.record("nb99", {"acc": 0.5}, units={"acc": "seconds"})
