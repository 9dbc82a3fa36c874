"""The course as a static HTML book (`make book`): one page per executed notebook and an index, offline.

    python tools/book.py [--out build/book]

Built with nbconvert (already installed with Jupyter) rather than Jupyter Book: nothing to add to the install,
no Node.js (Jupyter Book 2), nothing fetched at build time, and about a second per page. Pages use nbconvert's "lab"
template with figures embedded as PNG data, so the folder can be copied anywhere or opened from disk. The landing
page is the README's introduction and its "The notebooks" table, each notebook linked; links between notebooks
(`03_contrastive_learning.ipynb`) point at their pages; every page links back to the index and on to the next.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from course import ROOT, notebooks, read

LINK = re.compile(r'href="(?:\.\./notebooks/|\./)?(\d\d_[A-Za-z0-9_]+)\.ipynb(#[^"]*)?"')


def page(path: Path, exporter, previous: Path | None, following: Path | None) -> str:
    """One notebook as HTML, its links to other notebooks pointing at their pages, with a navigation bar."""
    import nbformat

    html, _ = exporter.from_notebook_node(nbformat.reads(path.read_text(encoding="utf-8"), as_version=4))
    html = LINK.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', html)
    links = ['<a href="index.html">contents</a>']
    links += [f'<a href="{p.stem}.html">{label} {p.stem}</a>' for p, label in ((previous, "←"), (following, "→"))
              if p is not None]
    bar = f'<nav style="padding: 8px 16px; font-family: sans-serif">{" · ".join(links)}</nav>'
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + bar, html, count=1)


def index(pages: list[Path]) -> str:
    """The landing page: the README up to the end of its notebook table, notebook names linked to their pages."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    end = lines.index("## The notebooks")
    while not lines[end].startswith("|"):           # to the table...
        end += 1
    while end < len(lines) and lines[end].startswith("|"):   # ...and to its end
        end += 1
    html = markdown2html_mistune("\n".join(lines[:end]))
    for p in pages:
        html = html.replace(f"<code>{p.stem}</code>", f'<a href="{p.stem}.html"><code>{p.stem}</code></a>')
    toc = "".join(f'<li><a href="{p.stem}.html">{p.stem}</a></li>' for p in pages)
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>sslcourse</title></head>"
            "<body style='max-width: 60em; margin: auto; font-family: sans-serif'>"
            f"{html}<h2>Contents</h2><ol start='0'>{toc}</ol></body></html>")


def build(out: Path) -> list[Path]:
    """Write the book into `out`; return the pages written (index.html first)."""
    from nbconvert import HTMLExporter

    out.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab")
    paths = notebooks()
    written = []
    for i, path in enumerate(paths):
        if not any(c.get("outputs") for c in read(path)["cells"] if c["cell_type"] == "code"):
            raise SystemExit(f"{path.name} has no outputs: run `make outputs` first")
        target = out / f"{path.stem}.html"
        target.write_text(page(path, exporter, paths[i - 1] if i else None,
                               paths[i + 1] if i + 1 < len(paths) else None), encoding="utf-8")
        written.append(target)
    (out / "index.html").write_text(index(paths), encoding="utf-8")
    return [out / "index.html", *written]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, default=ROOT / "build" / "book")
    args = p.parse_args(argv)
    start = time.perf_counter()
    pages = build(args.out)
    print(f"{len(pages)} pages in {args.out} ({time.perf_counter() - start:.1f} s); open {pages[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
