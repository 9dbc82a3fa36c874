"""Auto-grade a student's notebook: run it top to bottom and report which exercises' checkers pass.

    python instructors/grade.py student/12_multimodal_and_recommendation.ipynb [more.ipynb ...] [--json] [--timeout 600]

Every cell runs, in order, in a fresh kernel (nbclient; errors do not stop the run, so one unsolved exercise does not
hide the others). A student copy (`make student`) tags each exercise cell `exercise` and each checker cell `checker`;
the solution notebooks tag theirs `solution` and `checker`, so a solved course notebook grades as full marks. For each
checker the report says passed or failed (with the error), and for each exercise without a checker whether it ran.
Exit status 0 when every checker passed, 1 otherwise. Grade the copies students hand back (made from
student/*.ipynb), not the blank ones. Grading reruns every training of the notebook (minutes each): fill the run
cache first (`make run` on the grading machine) and the reruns take seconds. Nothing is sent anywhere: grading runs
on this machine, offline, like the course (nbgrader does the same with a database and a web interface; this is the
small version).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

EXERCISE_TAGS = {"exercise", "solution"}


@dataclass
class Item:
    """One graded cell: what it is ('checker' or 'exercise'), its exercise number, and how it went."""
    kind: str
    exercise: int | None
    cell: int
    passed: bool
    error: str = ""


def _tags(cell: dict) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _error(cell: dict) -> str:
    """'Name: message' of the cell's first error output, '' if it ran cleanly."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return f"{out.get('ename', 'Error')}: {out.get('evalue', '')}".strip()
    return ""


def _number(cell: dict) -> int | None:
    match = re.search(r"[Ee]xercise (\d+)", "".join(cell.get("source", "")))
    return int(match.group(1)) if match else None


def grade_executed(nb: dict) -> list[Item]:
    """The graded items of a notebook that has been executed (its outputs hold any errors)."""
    items, exercise = [], None
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        tags = _tags(cell)
        if tags & EXERCISE_TAGS:
            exercise = _number(cell)
            items.append(Item("exercise", exercise, index, not _error(cell), _error(cell)))
        elif "checker" in tags:
            items.append(Item("checker", _number(cell) or exercise, index, not _error(cell), _error(cell)))
    return items


def run(path: Path, timeout: int = 600) -> dict:
    """Execute the notebook at `path` (a copy in memory; the file is not changed) and return it."""
    import nbformat
    from nbclient import NotebookClient

    if not path.is_file():
        raise FileNotFoundError(f"notebook: no file {path}")
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:                     # nbval's skip tag does not apply when grading: every cell runs
        if cell.cell_type == "code":
            cell.outputs = []
    NotebookClient(nb, timeout=timeout, allow_errors=True, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent.resolve())}}).execute()
    return json.loads(nbformat.writes(nb))


def report(path: Path, items: list[Item]) -> str:
    checkers = [i for i in items if i.kind == "checker"]
    lines = [f"{path}: {sum(i.passed for i in checkers)} of {len(checkers)} checker(s) passed"]
    for item in items:
        label = f"exercise {item.exercise}" if item.exercise is not None else f"cell {item.cell}"
        if item.kind == "checker":
            lines.append(f"  {label} checker: " + ("passed" if item.passed else f"FAILED  {item.error}"))
        else:
            lines.append(f"  {label}: " + ("ran" if item.passed else f"raised  {item.error}"))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("notebooks", nargs="+", type=Path)
    p.add_argument("--json", action="store_true", help="print the results as JSON instead of a report")
    p.add_argument("--timeout", type=int, default=600, help="seconds one cell may run (default 600)")
    args = p.parse_args(argv)
    results, ok = {}, True
    for path in args.notebooks:
        items = grade_executed(run(path, args.timeout))
        ok &= all(i.passed for i in items if i.kind == "checker")
        results[str(path)] = [asdict(i) for i in items]
        if not args.json:
            print(report(path, items))
    if args.json:
        print(json.dumps(results, indent=1))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
