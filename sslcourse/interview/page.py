"""The printable interview page: every question with its 30-second answer, full answer, number and link, the common
wrong answers and the quiz, as markdown (and HTML) filled from the results store.

    python -m sslcourse.interview [--out build/interview]     writes interview.md and interview.html there
"""
from __future__ import annotations

import os
from pathlib import Path

from .. import results
from .bank import fill, format_value, notebook_link
from .glossary import glossary_markdown
from .myths import MYTHS
from .questions import ENTRIES
from .quiz import Quiz

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def entry_markdown(entry, store: dict) -> str:
    """One question as markdown: the question, the 30-second answer, the answer, the backing number and the link."""
    level = "###" if entry.id[-1].isdigit() else "####"
    return (f"{level} {entry.id.upper()} · {entry.question}\n\n**30 seconds:** {fill(entry.short, store)}\n\n"
            f"{fill(entry.answer, store)}\n\n*Measured:* `{entry.number}` = {format_value(entry.number, store)} · "
            f"*See* {notebook_link(entry.link)}\n")


def page_markdown(store: dict | None = None) -> str:
    """The whole page as markdown."""
    store = results.load() if store is None else store
    parts = ["# Interview preparation: every answer from the course's measurements\n",
             "Numbers are read from the results store that the notebooks write when they run; links point to the "
             "section that demonstrates each answer.\n", "## Words the answers use\n", glossary_markdown() + "\n",
             "## The question bank\n"]
    parts += [entry_markdown(e, store) for e in ENTRIES]
    parts.append("## Common wrong answers, corrected by measurement\n")
    parts += [f"- **\"{m.claim}\"** {fill(m.correction, store)} ({notebook_link(m.link)})" for m in MYTHS]
    parts += ["\n## Self-check quiz\n", Quiz(store=store).static()]
    return "\n".join(parts) + "\n"


def write_page(out: Path, store: dict | None = None) -> list[Path]:
    """Write interview.md and interview.html into the folder `out`; returns their paths."""
    import mistune

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    to_notebooks = Path(os.path.relpath(NOTEBOOKS, out.resolve())).as_posix()     # links work from wherever it is
    text = page_markdown(store).replace("](", f"]({to_notebooks}/")
    md, html = out / "interview.md", out / "interview.html"
    md.write_text(text, encoding="utf-8")
    body = mistune.html(text)
    html.write_text("<!doctype html><meta charset='utf-8'><title>sslcourse · interview preparation</title>"
                    "<style>body{max-width:52em;margin:2em auto;font:16px/1.5 sans-serif}</style>" + body,
                    encoding="utf-8")
    return [md, html]
