"""Regenerate the README's result tables from the results store (`make readme`; `make outputs` fills the store).

    python tools/readme.py          # rewrite README.md's generated blocks
    python tools/readme.py --check  # exit 1 if README.md differs from what the store gives (tests do this)

A generated block sits between `<!-- results: NAME -->` and `<!-- /results -->`; NAME is one of BLOCKS.
"""
from __future__ import annotations

import argparse
import html
import json
import re
import sys

from course import ROOT

STORE = ROOT / "results" / "results.json"
README = ROOT / "README.md"
BLOCK = re.compile(r"(<!-- results: (\w+) -->\n)(.*?)(<!-- /results -->)", re.S)


def notebooks_table(store: dict) -> str:
    """Every number the notebooks record, grouped by notebook (a fraction as a percentage, else with its unit)."""
    rows = ["| key | what | value |", "|---|---|---|"]
    rows += [f"| `{key}` | {html.escape(entry['what'], quote=False)} | {shown(entry)} |"     # "<mask>" stays visible
             for key, entry in sorted(store.items())]
    return "\n".join(rows) + "\n"


def shown(entry: dict) -> str:
    """A stored value as the README prints it: 0.912 -> "91.2 %"; 633.3 steps -> "633 steps"; 4.28 -> "4.28 return"."""
    unit, value = entry.get("unit", "%"), entry["value"]
    if unit == "%":
        return f"{100 * value:.1f} %"
    return f"{value:.0f} {unit}" if unit == "steps" else f"{value:.2f} {unit}"


BLOCKS = {"notebooks": notebooks_table}


def generate(readme: str, store: dict) -> str:
    """`readme` with every generated block rewritten from `store`."""
    def fill(m: re.Match) -> str:
        if m.group(2) not in BLOCKS:
            raise SystemExit(f"README.md: unknown results block {m.group(2)!r}; known: {sorted(BLOCKS)}")
        return m.group(1) + BLOCKS[m.group(2)](store) + m.group(4)
    return BLOCK.sub(fill, readme)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--check", action="store_true", help="only compare; exit 1 if README.md is out of date")
    args = p.parse_args(argv)
    readme = README.read_text(encoding="utf-8")
    wanted = generate(readme, json.loads(STORE.read_text(encoding="utf-8")))
    if args.check:
        if wanted != readme:
            print("README.md is out of date with results/results.json: run `python tools/readme.py`")
            return 1
        return 0
    README.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
