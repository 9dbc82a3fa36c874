"""Student copies of the course (`make student`): the notebooks without solutions and without answers.

    python tools/student.py [--out student]

For every notebook, `student/NN_name.ipynb` is the same notebook with
- each cell tagged `solution` replaced by its stub: the solution's leading comment lines (the task), then the
  cell's metadata "stub" if it has one (a `def` line and a docstring for "write it, a checker verifies it"
  exercises), else `# your code here` and `raise NotImplementedError`;
- every `<details><summary>Answer</summary> ... </details>` block removed from the markdown;
- no outputs (students run it themselves).
Stub and checker cells are tagged `nbval-skip`, so that the rest of a student copy runs headless under nbval (a
stub raises until the student fills it; a checker tests the student's code).
"""
from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

from course import ANSWER, ROOT, notebooks, read, source, tags, write

ANSWER_BLOCK = re.compile(r"\n?[ \t]*" + re.escape(ANSWER) + r".*?</details>[ \t]*\n?", re.S)


def stub(cell: dict) -> str:
    """The code a student sees instead of a solution cell: the task (its leading comments, "# Exercise N: ..."),
    then the cell's metadata "stub", else `# your code here` and a `raise NotImplementedError`."""
    lines = source(cell).splitlines()
    task = lines[:next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))]
    task = [re.sub(r"^# Solution to exercise", "# Exercise", line) for line in task]
    number = re.search(r"[Ee]xercise (\d+)", task[0]) if task else None
    name = f"exercise {number.group(1)}" if number else "this exercise"
    body = cell["metadata"].get("stub") or f'# your code here\nraise NotImplementedError("{name}: your code here")\n'
    return "\n".join(task) + "\n" + body


def student_copy(nb: dict) -> dict:
    """`nb` with stubs instead of solutions, without answers and outputs."""
    nb = copy.deepcopy(nb)
    nb["metadata"].pop("sslcourse", None)
    for cell in nb["cells"]:
        meta = cell.setdefault("metadata", {})
        if cell["cell_type"] == "markdown":
            cell["source"] = ANSWER_BLOCK.sub("\n", source(cell)).splitlines(keepends=True)
            continue
        cell["outputs"], cell["execution_count"] = [], None
        if "solution" in tags(cell):
            cell["source"] = stub(cell).splitlines(keepends=True)
            meta["tags"] = [t for t in tags(cell) if t != "solution"] + ["exercise", "nbval-skip"]
        elif "checker" in tags(cell):
            meta["tags"] = tags(cell) + ["nbval-skip"]
        meta.pop("stub", None)
    return nb


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, default=ROOT / "student", help="folder for the copies (default student/)")
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for path in notebooks():
        write(args.out / path.name, student_copy(read(path)))
        print(f"{args.out / path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
