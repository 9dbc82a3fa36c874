"""The question bank's building blocks: an `Entry` (question, answer, 30-second answer, link, backing number) and
`fill`, which writes the measured numbers into a text from the results store — so no answer quotes a number by hand.

A placeholder is a results-store key in braces, `{nb01.simclr_10_per_class}`; it renders with its unit: a fraction
as a percentage ("87.5 %"), "steps" as a whole number of steps, "points", "return" and "perplexity" as plain numbers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import results

PLACEHOLDER = re.compile(r"\{(nb\d\d\.[a-z0-9_]+)\}")


@dataclass(frozen=True)
class Entry:
    """One question and its answers. `link` = (notebook stem, the heading of the section that demonstrates it);
    `number` = the results-store key of the measured number that backs it (it appears as a placeholder)."""
    id: str
    question: str
    answer: str
    short: str
    link: tuple[str, str]
    number: str

    def keys(self) -> list[str]:
        """Every results-store key this entry quotes."""
        return PLACEHOLDER.findall(self.answer + " " + self.short)


def format_value(key: str, store: dict) -> str:
    """The value of `key` as it reads in prose, with its unit (KeyError naming the key if the store lacks it)."""
    if key not in store:
        raise KeyError(f"key {key!r} is not in the results store {results.path()}; run the notebook that records it "
                       "(make outputs)")
    entry = store[key]
    value, unit = entry["value"], entry.get("unit", "%")
    if unit == "%":
        return f"{100 * value:.1f} %"
    if unit == "steps":
        return f"{value:,.0f} steps"
    if unit == "points":
        return f"{value:.1f} points"
    return f"{value:.2f}" if unit == "return" else f"{value:.1f}"


def fill(text: str, store: dict | None = None) -> str:
    """`text` with every `{nbNN.key}` placeholder replaced by its measured value (see `format_value`)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    store = results.load() if store is None else store
    return PLACEHOLDER.sub(lambda m: format_value(m.group(1), store), text)


def notebook_link(link: tuple[str, str]) -> str:
    """A markdown link to the notebook that holds the section: [NN § heading](stem.ipynb), relative to notebooks/
    (the printable page rewrites it relative to where it is written)."""
    stem, heading = link
    return f"[{stem[:2]} § {heading.lstrip('#').strip()}]({stem}.ipynb)"
