"""One store for the course's measured numbers: notebooks record their headline results, the README's tables are
generated from it (tools/readme.py) and later notebooks quote it instead of typing numbers that could drift.

    results.record("nb03", {"simclr_10_per_class": 0.912, ...}, what={"simclr_10_per_class": "SimCLR, ..."})
    results.get("nb03.simclr_10_per_class")

The store is a JSON file: $SSLCOURSE_RESULTS if set, else results/results.json in the course's folder. `record`
writes only when $SSLCOURSE_RESULTS is set (`make outputs` sets it, so the committed outputs and the store come
from the same run); otherwise it only returns what it would write, so running a notebook never edits the repo.
"""
from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path

from ._checks import is_number
from ._files import write_atomic

DEFAULT = Path(__file__).resolve().parents[1] / "results" / "results.json"
NAME = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")


def path() -> Path:
    """Where the store is: $SSLCOURSE_RESULTS, else results/results.json beside the package's folder."""
    return Path(os.environ["SSLCOURSE_RESULTS"]) if os.environ.get("SSLCOURSE_RESULTS") else DEFAULT


def load() -> dict:
    """{"nb03.simclr_10_per_class": {"value": 0.912, "what": "..."}, ...}; empty if there is no store yet."""
    p = path()
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else {}


def get(key: str) -> float:
    """The recorded value of `key` ("notebook.name"). KeyError naming the key and the store if it is missing."""
    store = load()
    if key not in store:
        raise KeyError(f"key {key!r} is not in the results store {path()}; run the notebook that records it "
                       "with `make outputs`")
    return store[key]["value"]


UNITS = ("%", "steps", "return", "points", "perplexity", "count")   # how a value reads: "%" is a fraction shown as a
# percentage; "count" is a number of things (images, asserts)


def record(notebook: str, values: dict, what: dict | None = None, units: dict | None = None) -> dict:
    """Record `values` {name: number} under "notebook.name", each with a description from `what` and a unit from
    `units` (one of `UNITS`; "%" — a fraction such as an accuracy — when not given; stored only when not "%").

    Returns the entries; writes them into the store only when $SSLCOURSE_RESULTS is set (see the module docstring).
    Raises ValueError naming the offending name or value: names are lower_snake_case, values finite numbers.
    """
    what, units = what or {}, units or {}
    for name, unit in units.items():
        if unit not in UNITS:
            raise ValueError(f"units: {name}'s unit must be one of {UNITS}, got {unit!r}")
    if not (isinstance(notebook, str) and NAME.match(notebook)):
        raise ValueError(f"notebook must be a lower_snake_case name such as 'nb03', got {notebook!r}")
    entries = {}
    for name, value in values.items():
        if not (isinstance(name, str) and NAME.match(name)):
            raise ValueError(f"values: name {name!r} must be lower_snake_case")
        if not (is_number(value) and math.isfinite(value)):
            raise ValueError(f"values: {name} must be a finite number, got {value!r}")
        # The exact float (JSON keeps every digit), so the deck formats it as the notebook printed it: a mean such as
        # 0.3695 sits on a rounding edge, and a value rounded for storage could print 37.0 where the notebook said 36.9.
        entries[f"{notebook}.{name}"] = {"value": float(value), "what": str(what.get(name, name))}
        if units.get(name, "%") != "%":
            entries[f"{notebook}.{name}"]["unit"] = units[name]
    if os.environ.get("SSLCOURSE_RESULTS"):
        _write({**load(), **entries})
    return entries


def slug(name: str) -> str:
    """A display name as a store name: "SimCLR (same compute)" -> "simclr_same_compute"."""
    return "_".join(re.findall(r"[a-z0-9]+", name.lower()))


def _write(store: dict) -> None:
    """Write the store atomically (a temporary file renamed into place), keys sorted for small diffs."""
    p = path()
    p.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(p, (json.dumps(store, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8"))
