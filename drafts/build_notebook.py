"""Build a notebook from a cells file (a list CELLS of ("markdown", text) and ("code", text, tags, stub)).

    python drafts/build_notebook.py OUT.ipynb CELLS.py [noasserts]

With a third argument, every line that is only a `NAME_ASSERTS` placeholder becomes `pass`, so a first run can print
the numbers that the prose and the asserts are then written from. Notebooks 06 and 07 were written this way; their
notebooks are now the source of truth (edit them with tools/nb.py). Used for the notebook-08 draft.
"""
import json
import pathlib
import re
import runpy
import sys

import nbformat
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tools"))
import course  # noqa: E402
CELLS = runpy.run_path(sys.argv[2])["CELLS"]           # the cells file defines CELLS
nb = nbformat.v4.new_notebook()
nb.metadata = json.load(open(pathlib.Path(__file__).resolve().parents[1] / "notebooks" / "05_evaluating_representations.ipynb"))["metadata"]
nb.metadata.pop("sslcourse", None)
for c in CELLS:
    if len(sys.argv) > 3: c = (c[0], re.sub(r"[A-Z]+_ASSERTS", "pass", c[1]), *c[2:])
    if c[0] == "markdown":
        nb.cells.append(nbformat.v4.new_markdown_cell(c[1]))
    else:
        cell = nbformat.v4.new_code_cell(c[1])
        if c[2]: cell.metadata["tags"] = c[2]
        if c[3]: cell.metadata["stub"] = c[3]
        nb.cells.append(cell)
for cell in nb.cells: cell.pop("id", None)
p = pathlib.Path(sys.argv[1])
d = json.loads(nbformat.writes(nb))
for cell in d["cells"]: cell.pop("id", None)
course.write(p, d)
print(len(nb.cells), "cells ->", p)
