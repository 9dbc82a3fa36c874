"""Interview preparation (notebook 13): every answer complete and backed by a number from the results store, the
links real, the quiz driven through its callbacks, the cheat sheet and the printable page."""
import json
import re
from pathlib import Path

import pytest

from sslcourse import interview, results
from sslcourse.interview import bank

ROOT = Path(__file__).resolve().parents[1]
STORE = results.load()


def _headings(stem: str) -> set[str]:
    nb = json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text("utf-8"))
    return {line for c in nb["cells"] if c["cell_type"] == "markdown" for line in "".join(c["source"]).split("\n")
            if line.startswith("#")}


def test_forty_questions_ten_with_three_follow_ups_each():
    ids = [e.id for e in interview.ENTRIES]
    expected = [f"q{n}{s}" for n in range(1, 11) for s in ("", "a", "b", "c")]
    assert ids == expected


@pytest.mark.parametrize("entry", interview.ENTRIES, ids=lambda e: e.id)
def test_every_answer_is_complete_linked_and_backed_by_a_stored_number(entry):
    words = len(bank.fill(entry.answer, STORE).split())
    assert 60 <= words <= 120, (entry.id, words)
    sentences = re.findall(r"[.!?](?:\s|$)", bank.fill(entry.short, STORE).strip() + " ")
    assert len(sentences) == 2, (entry.id, entry.short)
    assert entry.keys(), f"{entry.id} quotes no measured number"
    assert entry.number in entry.keys(), (entry.id, entry.number)
    for key in entry.keys():
        assert key in STORE, f"{entry.id} quotes {key}, which the results store lacks"
    stem, heading = entry.link
    assert heading in _headings(stem), (entry.id, entry.link)
    assert "{" not in bank.fill(entry.answer + entry.short, STORE)


def test_myths_and_quiz_links_and_keys_exist():
    for myth in interview.MYTHS:
        assert myth.link[1] in _headings(myth.link[0]), myth.link
        assert "{" not in bank.fill(myth.correction, STORE)
    for item in interview.ITEMS:
        assert item.link[1] in _headings(item.link[0]), item.link
        assert "{" not in bank.fill(item.why + item.prompt, STORE)
        assert (0 <= item.correct < len(item.choices)) if item.choices else item.key in STORE


def test_fill_formats_each_unit_and_names_a_missing_key():
    store = {"nb01.a": {"value": 0.8746, "what": ""}, "nb09.s": {"value": 73.3, "what": "", "unit": "steps"},
             "nb09.p": {"value": 3.44, "what": "", "unit": "points"}, "nb10.x": {"value": 6.22, "what": "",
                                                                              "unit": "perplexity"}}
    assert bank.fill("{nb01.a}, {nb09.s}, {nb09.p}, {nb10.x}", store) == "87.5 %, 73 steps, 3.4 points, 6.2"
    with pytest.raises(KeyError, match="nb01.missing"):
        bank.fill("{nb01.missing}", store)
    with pytest.raises(TypeError, match="text"):
        bank.fill(3, store)


def test_the_quiz_widget_gives_feedback_through_its_callbacks():
    quiz = interview.Quiz(store=STORE)
    box = quiz.widget()
    first = box.children[0]                                    # prompt, choices, Check button, feedback
    _, choices, button, out = first.children
    choices.value = interview.ITEMS[0].correct
    button.click()
    assert out.value.startswith("✅") and ">02 §" in out.value and 'href="02_pretext_tasks.ipynb"' in out.value
    choices.value = (interview.ITEMS[0].correct + 1) % len(interview.ITEMS[0].choices)
    button.click()
    assert out.value.startswith("❌") and "the answer is" in out.value
    numeric = next(i for i, item in enumerate(interview.ITEMS) if item.key)
    _, field, button, out = box.children[numeric].children
    button.click()                                                              # nothing typed yet
    assert out.value.startswith("❌") and "Type a number" in out.value
    field.value = f"{100 * STORE[interview.ITEMS[numeric].key]['value'] + 2.0:.1f} %"  # within the tolerance
    button.click()
    assert out.value.startswith("✅")
    assert quiz.check(numeric, "eighty")[0] is False
    assert quiz.check(numeric, 100 * STORE[interview.ITEMS[numeric].key]["value"] + 30)[0] is False
    with pytest.raises(ValueError, match="i must"):
        quiz.check(99, 1)
    static = quiz.static()
    assert "**Answers**" in static and static.count("\n1. ") == 1


def test_cheat_sheet_and_printable_page(tmp_path):
    import matplotlib.pyplot as plt

    fig = interview.cheat_sheet(STORE)
    assert len(fig.axes) == 4
    plt.close(fig)
    with pytest.raises(KeyError, match="nb01"):
        interview.cheat_sheet({})
    from sslcourse.interview.page import write_page
    md, html = write_page(tmp_path, STORE)
    text = md.read_text("utf-8")
    assert all(f"{e.id.upper()} · " in text for e in interview.ENTRIES)
    assert "Common wrong answers" in text and "<h2>" in html.read_text("utf-8")
    assert "**linear probe**" in text                                          # the glossary comes first
    for out in (tmp_path, tmp_path / "deeper" / "still"):                      # links resolve from where it is written
        md, _ = write_page(out, STORE)
        targets = set(re.findall(r"\]\(([^)]+\.ipynb)\)", md.read_text("utf-8")))
        assert len(targets) >= 10 and all((out / t).resolve().is_file() for t in targets), sorted(targets)[:3]
