"""Slides for class from the executed notebooks: nbconvert's reveal.js slides, one deck per notebook.

    python instructors/slides.py [--out build/slides] [NN ...]        (make slides)

What goes on a slide is decided by the cells, not by hand: every markdown cell that starts with a heading opens a new
slide (its prose, with the check-yourself answers removed so the class can answer), every code cell with a figure
among its committed outputs follows as a sub-slide showing the figure and its printed numbers (code hidden), and a
code cell tagged `slide` is shown as a sub-slide with its code. Everything else is left out (it stays in the
notebook). Each deck is written twice:
- `NN_name.slides.ipynb`, for class and offline: `make present` opens JupyterLab on build/slides/; open a deck and
  press Alt+R (View → "Render as Reveal Slideshow", from jupyterlab-rise, which ships reveal.js inside the package);
- `NN_name.slides.html`, nbconvert's reveal.js page, to open in any browser: it loads reveal.js from its CDN, so it
  needs the internet.
Arrow keys move through either.
"""
from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANSWER = re.compile(r"\n?[ \t]*<details><summary>Answer</summary>.*?</details>[ \t]*\n?", re.S)


def _has_figure(cell: dict) -> bool:
    return any("image/png" in out.get("data", {}) for out in cell.get("outputs", []))


def slide_types(nb: dict) -> dict:
    """A copy of the notebook with each cell's metadata.slideshow.slide_type set, and answers removed."""
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        text = "".join(cell["source"])
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] == "markdown":
            kind = "slide" if text.lstrip().startswith("#") else "skip"
            cell["source"] = ANSWER.sub("\n", text)
        elif "slide" in tags:
            kind = "subslide"
        elif _has_figure(cell):
            kind = "subslide"
            meta = cell.setdefault("metadata", {})
            meta.setdefault("tags", []).append("hide-input")        # the figure, not the code (nbconvert) ...
            meta.setdefault("jupyter", {})["source_hidden"] = True  # ... and in JupyterLab (a collapsed input)
        else:
            kind = "skip"
        cell.setdefault("metadata", {})["slideshow"] = {"slide_type": kind}
    return nb


def build(path: Path, out: Path) -> Path:
    """Write the decks of the notebook at `path` into the folder `out` (.slides.ipynb and .slides.html); returns the
    HTML file."""
    import nbformat
    from nbconvert import SlidesExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    deck = slide_types(json.loads(path.read_text("utf-8")))
    out.mkdir(parents=True, exist_ok=True)
    (out / (path.stem + ".slides.ipynb")).write_text(json.dumps(deck, indent=1, ensure_ascii=False) + "\n", "utf-8")
    nb = nbformat.reads(json.dumps(deck), as_version=4)
    exporter = SlidesExporter()
    hide = TagRemovePreprocessor(remove_input_tags={"hide-input"}, enabled=True)
    exporter.register_preprocessor(hide, enabled=True)
    exporter.exclude_output_prompt = exporter.exclude_input_prompt = True
    html, _ = exporter.from_notebook_node(nb)
    target = out / (path.stem + ".slides.html")
    target.write_text(html, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("numbers", nargs="*", help="notebook numbers such as 03 12 (default: all)")
    p.add_argument("--out", type=Path, default=ROOT / "build" / "slides")
    args = p.parse_args(argv)
    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if args.numbers:
        paths = [q for q in paths if q.name[:2] in set(args.numbers)]
        if not paths:
            print(f"numbers: no notebook numbered {' '.join(args.numbers)}", file=sys.stderr)
            return 2
    for path in paths:
        print(build(path, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
