"""What the course's notebook tools share: which notebooks make the course, their code hash, the cell conventions.

Conventions every notebook follows (tests/test_readable.py checks them):
- a "## Check yourself" cell whose numbered questions each carry an answer in
  `<details><summary>Answer</summary> ... </details>`;
- a "## Exercises" cell, and for every exercise a code cell tagged `solution` (first line "# Solution to exercise N");
  its metadata "stub" (optional) is the code a student copy shows instead; a cell tagged `checker` verifies a
  student's function; nothing else uses what a solution cell defines;
- a "## References" cell at the end;
- committed with the outputs of `make outputs`, whose metadata records the hash of the code cells they came from.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
ANSWER = "<details><summary>Answer</summary>"


def notebooks(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The course's notebooks in course order: every `NN_name.ipynb` in `folder` (a new one joins by existing)."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def read(path: Path) -> dict:
    """The notebook at `path` as a dict."""
    return json.loads(path.read_text(encoding="utf-8"))


def write(path: Path, nb: dict) -> None:
    """As Jupyter writes: indent 1, sorted keys, UTF-8, final newline (small diffs)."""
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def source(cell: dict) -> str:
    """A cell's source as one string."""
    return "".join(cell["source"])


def code_hash(nb: dict) -> str:
    """SHA-256 of the notebook's code cells, in order: what its outputs were computed from."""
    h = hashlib.sha256()
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            h.update(source(cell).encode("utf-8") + b"\x00")
    return h.hexdigest()


def tags(cell: dict) -> list[str]:
    """A cell's tags (nbval-skip, solution, checker, ...)."""
    return cell.get("metadata", {}).get("tags", [])
