"""Read and edit the course's notebooks from a terminal, keeping their JSON layout (what git diffs stay small for).

    python tools/nb.py show notebooks/01_what_is_ssl.ipynb [CELL] [--outputs]  # cells as text, numbered
    python tools/nb.py sub notebooks/01_what_is_ssl.ipynb CELL OLD NEW  # replace OLD (exactly once) in cell CELL
    python tools/nb.py sub notebooks/01_what_is_ssl.ipynb CELL --file EDITS.py
    python tools/nb.py set notebooks/01_what_is_ssl.ipynb CELL --file SOURCE.txt   # replace a cell's source
    python tools/nb.py insert notebooks/01_what_is_ssl.ipynb CELL code|markdown --file SOURCE.txt  # before CELL
    python tools/nb.py tag notebooks/01_what_is_ssl.ipynb CELL --tags solution [--stub STUB.txt]
    python tools/nb.py delete notebooks/01_what_is_ssl.ipynb CELL

`insert`, `set` and `tag` take `--tags a,b` (the cell's tags become exactly these) and `--stub STUB.txt` (the code a
student copy shows instead of a solution cell: see tools/course.py).

`--file EDITS.py` holds a Python list of (old, new) pairs, applied in order, each of which must match exactly once.
Edited cells lose their outputs and execution count (they no longer match the code). Cell ids are kept.
"""
from __future__ import annotations

import argparse
import ast
import sys
import uuid
from pathlib import Path

from course import read, source, write


def set_source(cell: dict, text: str) -> None:
    """Replace a cell's source; a code cell loses its outputs, which no longer match it."""
    cell["source"] = text.splitlines(keepends=True)
    if cell["cell_type"] == "code":
        cell["outputs"], cell["execution_count"] = [], None


def outputs_text(cell: dict) -> str:
    """The text a code cell printed (streams, plain-text results, errors), marked with '>> '."""
    parts = []
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream":
            parts.append("".join(out["text"]))
        elif out["output_type"] in ("execute_result", "display_data") and "text/plain" in out["data"]:
            parts.append("".join(out["data"]["text/plain"]))
        elif out["output_type"] == "error":
            parts.append(f"{out['ename']}: {out['evalue']}")
    return "\n".join(">> " + line for text in parts for line in text.rstrip().splitlines())


def substitute(text: str, old: str, new: str) -> str:
    """`text` with `old` replaced by `new`; exits with a message unless `old` occurs exactly once."""
    count = text.count(old)
    if count != 1:
        raise SystemExit(f"expected exactly one match, found {count}: {old[:80]!r}")
    return text.replace(old, new)


def new_cell(kind: str, text: str, ident: str) -> dict:
    """A fresh markdown or code cell with id `ident` and source `text`."""
    cell = {"cell_type": kind, "id": ident, "metadata": {}, "source": []}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    set_source(cell, text)
    return cell


def new_id(cells: list[dict]) -> str:
    """The next `cell-NN` id when the notebook numbers its cells, else a random 8-hex-digit one; never a used id."""
    used = {c.get("id") for c in cells}
    numbers = [int(i.split("-")[-1]) for i in used if i and i.startswith("cell-") and i.split("-")[-1].isdigit()]
    ident = f"cell-{max(numbers) + 1:02d}" if numbers else uuid.uuid4().hex[:8]
    while ident in used:
        ident = uuid.uuid4().hex[:8]
    return ident


def main(argv: list[str] | None = None) -> None:
    """The command line: see the module docstring."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("command", choices=["show", "sub", "set", "insert", "tag", "delete"])
    p.add_argument("notebook", type=Path)
    p.add_argument("cell", type=int, nargs="?")
    p.add_argument("args", nargs="*")
    p.add_argument("--file", type=Path)
    p.add_argument("--outputs", action="store_true", help="show: print text outputs and errors too")
    p.add_argument("--tags", help="insert/set/tag: comma-separated tags the cell gets (replacing its tags)")
    p.add_argument("--stub", type=Path, help="insert/set/tag: file with the student copy's code for this cell")
    a = p.parse_args(argv)
    if a.command != "show" and a.cell is None:
        p.error(f"{a.command} needs a cell number")
    if a.command == "sub" and not a.file and len(a.args) != 2:
        p.error("sub needs OLD and NEW, or --file EDITS.py")
    if a.command == "insert" and (len(a.args) != 1 or a.args[0] not in ("code", "markdown") or not a.file):
        p.error("insert needs a cell kind (code or markdown) and --file SOURCE.txt")
    nb = read(a.notebook)
    cells = nb["cells"]
    if a.command == "show":
        for i, cell in enumerate(cells):
            if a.cell is None or a.cell == i:
                tags = cell.get("metadata", {}).get("tags", [])
                print(f"--- [{i}] {cell['cell_type']} {' '.join(tags)}\n{source(cell)}")
                if a.outputs:
                    print(outputs_text(cell))
        return
    if a.command == "sub":
        edits = ast.literal_eval(a.file.read_text()) if a.file else [tuple(a.args)]
        text = source(cells[a.cell])
        for old, new in edits:
            text = substitute(text, old, new)
        set_source(cells[a.cell], text)
    elif a.command == "set":
        set_source(cells[a.cell], a.file.read_text())
    elif a.command == "insert":
        cells.insert(a.cell, new_cell(a.args[0], a.file.read_text(), new_id(cells)))
    elif a.command == "delete":
        del cells[a.cell]
    if a.command in ("insert", "set", "tag"):
        meta = cells[a.cell].setdefault("metadata", {})
        if a.tags is not None:
            meta["tags"] = [t for t in a.tags.split(",") if t]
        if a.stub is not None:
            meta["stub"] = a.stub.read_text()
    write(a.notebook, nb)
    print(f"{a.notebook}: cell {a.cell} {a.command}", file=sys.stderr)


if __name__ == "__main__":
    main()
