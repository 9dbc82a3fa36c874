"""The course reads without running it, and teaches: every notebook is committed with outputs made from its current
code, answers every question, solves every exercise, ends with references; student copies hide solutions and
answers but keep a stub for every exercise; the HTML book shows every figure. (tools/course.py has the conventions.)
"""
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from course import ANSWER, code_hash, notebooks, read, source, tags  # noqa: E402

NOTEBOOKS = notebooks()
WIDGET = "application/vnd.jupyter.widget-view+json"


def section(nb: dict, title: str) -> str:
    """The markdown under the heading `## title`, up to the next `## ` heading."""
    text = "\n".join(source(c) for c in nb["cells"] if c["cell_type"] == "markdown")
    match = re.search(rf"^## {re.escape(title)}\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    return match.group(1) if match else ""


def numbered(text: str) -> list[int]:
    """The numbers of a section's top-level items: lines "1. ...", "**2. ...**" (not indented)."""
    return [int(n) for n in re.findall(r"^(?:\*\*)?(\d+)\. ", text, re.M)]


def pngs(nb: dict) -> int:
    return sum("image/png" in o.get("data", {}) for c in nb["cells"] if c["cell_type"] == "code"
               for o in c["outputs"])


def test_the_course_is_the_numbered_notebooks():
    assert [p.name[:2] for p in NOTEBOOKS] == [f"{i:02d}" for i in range(len(NOTEBOOKS))]
    assert len(NOTEBOOKS) >= 5


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_outputs_come_from_the_code_the_notebook_holds(path):
    nb = read(path)
    recorded = nb["metadata"].get("sslcourse", {}).get("code_sha256")
    assert recorded == code_hash(nb), (f"{path.name}: its code changed since its outputs were made; run "
                                       f"`make outputs` (or python tools/outputs.py {path}) and commit")
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(c["execution_count"] is not None for c in code), f"{path.name}: a code cell was not executed"
    assert not any(WIDGET in o.get("data", {}) for c in code for o in c["outputs"]), "a dead widget is committed"
    assert "widgets" not in nb["metadata"]
    assert pngs(nb) >= 1, f"{path.name} shows no figure"
    assert path.stat().st_size < 3_000_000, f"{path.name} is {path.stat().st_size / 1e6:.1f} MB: lower the DPI"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_question_answered_every_exercise_solved_references_at_the_end(path):
    nb = read(path)
    questions = section(nb, "Check yourself")
    assert numbered(questions) == list(range(1, len(numbered(questions)) + 1)) and numbered(questions)
    assert questions.count(ANSWER) == len(numbered(questions)), f"{path.name}: a question has no answer"
    exercises = numbered(section(nb, "Exercises"))
    solutions = [source(c).splitlines()[0] for c in nb["cells"] if c["cell_type"] == "code" and "solution" in tags(c)]
    assert solutions == [f"# Solution to exercise {n}" for n in exercises], (exercises, solutions)
    last = nb["cells"][-1]
    assert last["cell_type"] == "markdown" and source(last).startswith("## References")
    assert len(re.findall(r"^- ", source(last), re.M)) >= 3


def test_at_least_three_exercises_are_checked_by_a_checker_cell():
    checked = [p.name for p in NOTEBOOKS for c in read(p)["cells"] if "checker" in tags(c)]
    assert len(checked) >= 3, checked


def test_student_copies_keep_a_stub_for_every_exercise_and_no_solution_or_answer(tmp_path):
    from student import main as make_student

    make_student(["--out", str(tmp_path)])
    for path in NOTEBOOKS:
        full, copy = read(path), read(tmp_path / path.name)
        assert len(copy["cells"]) == len(full["cells"])
        for mine, theirs in zip(full["cells"], copy["cells"]):
            text = source(theirs)
            if theirs["cell_type"] == "markdown":
                assert ANSWER not in text and "</details>" not in text
            elif "solution" in tags(mine):
                assert "raise NotImplementedError" in text and "nbval-skip" in tags(theirs)
                code = [ln for ln in source(mine).splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
                given = set(mine["metadata"].get("stub", "").splitlines())     # the def line and docstring
                leaked = [ln for ln in code if ln in set(text.splitlines()) - given]
                assert not leaked, f"{path.name}: solution code left in the student copy: {leaked}"
            else:
                assert text == source(mine) and theirs["outputs"] == []


@pytest.mark.slow
def test_the_book_has_a_page_per_notebook_with_its_figures(tmp_path):
    from book import build

    pages = build(tmp_path)
    index = pages[0].read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        html = (tmp_path / f"{path.stem}.html").read_text(encoding="utf-8")
        assert html.count("data:image/png;base64") >= pngs(read(path)), f"{path.name}: a figure is missing"
        assert f'href="{path.stem}.html"' in index
        assert not re.search(r'href="[^"]*\d\d_\w+\.ipynb', html), f"{path.name}: a link still points at a notebook"


def test_the_readme_quotes_the_results_store():
    from readme import README, STORE, generate

    store = json.loads(STORE.read_text(encoding="utf-8"))
    readme = README.read_text(encoding="utf-8")
    assert "<!-- results: notebooks -->" in readme
    assert generate(readme, store) == readme, "README.md is out of date: run python tools/readme.py"
    recorders = [p.name[:2] for p in NOTEBOOKS if "store.record(" in "".join(source(c) for c in read(p)["cells"])]
    assert recorders and all(any(k.startswith(f"nb{n}.") for k in store) for n in recorders), recorders
