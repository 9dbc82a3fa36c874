"""Execute the course's notebooks in place, so that they are committed with their outputs (`make outputs`).

    python tools/outputs.py                      # every notebook, in course order
    python tools/outputs.py notebooks/03_*.ipynb # some of them

Each notebook runs top to bottom in a fresh kernel (in notebooks/, the package's fixed seeds). Then:
- progress-bar and slider widgets are dropped from the outputs: once the kernel is gone they can only show "Error
  displaying widget: model not found" (every widget explorer has a static figure beside it);
- per-cell execution timestamps and the widget state are dropped, so re-running unchanged code changes little;
- `metadata.sslcourse.code_sha256` records the hash of the code cells the outputs came from: tests/test_readable.py
  fails when a notebook's code no longer matches its outputs.
With $SSLCOURSE_RESULTS unset, this script points it at results/results.json, where the notebooks record their
headline numbers (`sslcourse.results.record`).
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from course import NOTEBOOK_DIR, ROOT, code_hash, notebooks, write

WIDGET = "application/vnd.jupyter.widget-view+json"


def execute(path: Path, timeout: int = 900) -> float:
    """Run the notebook at `path` in place; return the seconds it took. Raises if a cell fails (nothing written)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)   # the form nbclient works on
    start = time.perf_counter()
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK_DIR)}}).execute()
    seconds = time.perf_counter() - start
    write(path, clean(json.loads(nbformat.writes(nb))))         # back to the on-disk form (sources as line lists)
    return seconds


def clean(nb: dict) -> dict:
    """Drop widget outputs, widget state and execution timestamps; record the code hash."""
    nb["metadata"].pop("widgets", None)
    for cell in nb["cells"]:
        cell.get("metadata", {}).pop("execution", None)
        if cell["cell_type"] == "code":
            cell["outputs"] = [o for o in cell["outputs"] if WIDGET not in o.get("data", {})]
    nb["metadata"]["sslcourse"] = {"code_sha256": code_hash(nb)}
    return nb


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or notebooks()
    os.environ.setdefault("SSLCOURSE_RESULTS", str(ROOT / "results" / "results.json"))
    for path in paths:
        seconds = execute(path)
        print(f"{seconds:7.1f} s  {path.name}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
