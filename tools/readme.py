"""Regenerate the README's result tables from the results store (`make readme`; `make outputs` fills the store).

    python tools/readme.py          # rewrite README.md's generated blocks
    python tools/readme.py --check  # exit 1 if README.md differs from what the store gives (tests do this)
    python tools/readme.py --times build/test-times.json   # record a `make test` run's times first (conftest.py)

`--times` keeps one run per machine (CPU model, vector width and threads) in results/times.json; the "times" block
shows each machine's seconds per notebook beside its bare SimCLR speed, and every time scaled to a 1,500 images/s
machine (seconds x images/s / 1,500), the figure the course's budget of 100 s per notebook is set in.

A generated block sits between `<!-- results: NAME -->` and `<!-- /results -->`; NAME is one of BLOCKS.
"""
from __future__ import annotations

import argparse
import html
import json
import re
import sys
from pathlib import Path

from course import ROOT

sys.path.insert(0, str(ROOT))
from sslcourse._files import write_atomic  # noqa: E402

STORE = ROOT / "results" / "results.json"
TIMES = ROOT / "results" / "times.json"
REFERENCE_RATE = 1500           # images/s of the bare SimCLR step the budgets are set for (issue 28)
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
    if unit == "count":
        return f"{value:g}"
    return f"{value:.0f} {unit}" if unit == "steps" else f"{value:.2f} {unit}"


def times_table(_store: dict) -> str:
    """Seconds per notebook under `make test` on each recorded machine, and scaled to REFERENCE_RATE."""
    machines = json.loads(TIMES.read_text(encoding="utf-8")) if TIMES.exists() else {}
    if not machines:
        return "(no run recorded yet: `make test`, then `python tools/readme.py --times build/test-times.json`)\n"
    runs = list(machines.values())
    head = [f"{r['cpu']}, {r['threads']} threads, {r['cpu_capability']}: {r['images_per_second']:,} images/s"
            for r in runs]
    rows = ["| notebook | " + " | ".join(head) + f" | scaled to {REFERENCE_RATE:,} images/s |",
            "|---|" + "---|" * (len(runs) + 1)]
    names = sorted({n for r in runs for n in r["notebooks"]})
    for name in names:
        cells = [f"{r['notebooks'][name]:.0f} s" if name in r["notebooks"] else "—" for r in runs]
        scaled = [r["notebooks"][name] * r["images_per_second"] / REFERENCE_RATE for r in runs if name in r["notebooks"]]
        rows.append(f"| `{Path(name).stem}` | " + " | ".join(cells) + f" | {max(scaled):.0f} s |")
    totals = [f"{sum(r['notebooks'].values()):,.0f} s (pytest {r['pytest_seconds']:,.0f} s)" for r in runs]
    rows.append("| all notebooks | " + " | ".join(totals) + " | |")
    return "\n".join(rows) + "\n"


def record_times(path: Path) -> None:
    """Keep the run in `path` (conftest.py's build/test-times.json) as its machine's entry in results/times.json."""
    try:
        run = json.loads(path.read_text(encoding="utf-8"))
        machine = f"{run['cpu']} | {run['threads']} threads | {run['cpu_capability']}"
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise SystemExit(f"--times: {path} is not a test-times file written by `make test` ({err})")
    machines = json.loads(TIMES.read_text(encoding="utf-8")) if TIMES.exists() else {}
    machines[machine] = run
    write_atomic(TIMES, (json.dumps(machines, indent=1, sort_keys=True) + "\n").encode("utf-8"))


def margins_table(store: dict) -> str:
    """Per notebook: asserted comparisons measured by benchmarks/margins.py and how many were fragile."""
    found = sorted({k.split(".")[1].split("_")[0] for k in store if k.startswith("margins.")})
    if not found:
        return "(not measured yet: `python benchmarks/margins.py run`, then `report --record`)\n"
    rows = ["| notebook | variants run | asserted comparisons | fragile (margin not wider than the spread, or failed) |",
            "|---|---|---|---|"]
    for nb in found:
        rows.append(f"| {nb} | {store[f'margins.{nb}_variants']['what'].split('(')[1].rstrip(')')} | "
                    f"{store[f'margins.{nb}_compared']['value']:.0f} | {store[f'margins.{nb}_fragile']['value']:.0f} |")
    return "\n".join(rows) + "\n"


BLOCKS = {"notebooks": notebooks_table, "times": times_table, "margins": margins_table}


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
    p.add_argument("--times", type=Path, help="a `make test` run's build/test-times.json to record first")
    args = p.parse_args(argv)
    if args.times:
        record_times(args.times)
    readme = README.read_text(encoding="utf-8")
    wanted = generate(readme, json.loads(STORE.read_text(encoding="utf-8")))
    if args.check:
        if wanted != readme:
            print("README.md is out of date with results/results.json: run `python tools/readme.py`")
            return 1
        return 0
    write_atomic(README, wanted.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
