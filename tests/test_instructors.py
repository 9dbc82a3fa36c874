"""The instructor's kit: the auto-grader on a solved and an unsolved copy, the slides build, the lesson plans."""
import json
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
GRADE = ROOT / "instructors" / "grade.py"


def _notebook(path: Path, body: str) -> Path:
    nb = nbformat.v4.new_notebook()
    cells = [nbformat.v4.new_code_cell("import math"),
             nbformat.v4.new_code_cell("# Exercise 1: double a number\n" + body),
             nbformat.v4.new_code_cell("# Checker for exercise 1\nassert double(2) == 4, 'double(2) should be 4'"),
             nbformat.v4.new_code_cell("# Exercise 2: anything\nvalue = math.sqrt(4)")]
    cells[1].metadata["tags"] = ["exercise", "nbval-skip"]
    cells[2].metadata["tags"] = ["checker", "nbval-skip"]
    cells[3].metadata["tags"] = ["exercise"]
    nb.cells = cells
    nbformat.write(nb, path)
    return path


def _grade(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(GRADE), *map(str, paths), "--json"], capture_output=True, text=True,
                          timeout=300)


def test_the_grader_passes_a_solved_copy_and_fails_an_unsolved_one(tmp_path):
    solved = _notebook(tmp_path / "solved.ipynb", "def double(v):\n    return 2 * v")
    unsolved = _notebook(tmp_path / "unsolved.ipynb", "def double(v):\n    raise NotImplementedError('your code')")
    done = _grade(solved)
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)[str(solved)]
    assert [(i["kind"], i["exercise"], i["passed"]) for i in items] == [
        ("exercise", 1, True), ("checker", 1, True), ("exercise", 2, True)]
    todo = _grade(unsolved)
    assert todo.returncode == 1
    items = json.loads(todo.stdout)[str(unsolved)]
    checker = next(i for i in items if i["kind"] == "checker")
    assert not checker["passed"] and "NotImplementedError" in checker["error"]
    assert items[-1]["passed"]                              # a later exercise still ran: errors do not stop the run


def test_the_grader_report_and_a_missing_file(tmp_path):
    solved = _notebook(tmp_path / "solved.ipynb", "def double(v):\n    return v + v")
    out = subprocess.run([sys.executable, str(GRADE), str(solved)], capture_output=True, text=True, timeout=300)
    assert "1 of 1 checker(s) passed" in out.stdout and "exercise 1 checker: passed" in out.stdout
    missing = _grade(tmp_path / "nope.ipynb")
    assert missing.returncode != 0 and "notebook" in missing.stderr


def test_slides_build_from_headings_and_figures(tmp_path):
    out = subprocess.run([sys.executable, str(ROOT / "instructors" / "slides.py"), "12", "--out", str(tmp_path)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    html = (tmp_path / "12_multimodal_and_recommendation.slides.html").read_text("utf-8")
    assert html.count("<section") >= 10 and "image/png" in html
    assert "Answer</summary>" not in html and "def clip_for" not in html     # answers and code stay in the notebook
    bad = subprocess.run([sys.executable, str(ROOT / "instructors" / "slides.py"), "99", "--out", str(tmp_path)],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "numbers" in bad.stderr


def test_lesson_plans_are_generated_from_the_measured_times():
    done = subprocess.run([sys.executable, str(ROOT / "instructors" / "plans.py"), "--check"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    sys.path.insert(0, str(ROOT / "instructors"))
    import plans
    times = plans.run_times()
    if plans.TIMES.exists():                                               # once `make test` times were recorded
        assert len(times) >= 13 and all(t > 0 for t in times.values())
        for _, sessions in plans.PLANS:
            for _, rows in sessions:
                assert all(stem in times for stem, _, _ in rows)             # every planned notebook is measured
    else:                                                                  # none yet: the plans say so, no number typed
        assert "not measured yet" in plans.OUT.read_text("utf-8") and not times
    one = plans.PLANS[0][1][0][1]
    assert sum(minutes for _, minutes, _ in one) <= 90


def test_the_readme_lists_both_kits():
    readme = (ROOT / "README.md").read_text("utf-8")
    for needle in ("instructors/grade.py", "instructors/lesson_plans.md", "make slides", "13_interview_prep",
                   "python -m sslcourse.interview"):
        assert needle in readme, needle
