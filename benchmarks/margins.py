"""How close each notebook assert comes to failing, across CPU numerics and thread counts (issue 28).

    python benchmarks/margins.py run  [NOTEBOOK ...] [--variants default:1,avx2:1] [--jobs 2] [--force]
    python benchmarks/margins.py report [--record]

A seeded run is bit-identical only on one CPU with one thread count: another vector width
(`ATEN_CPU_CAPABILITY` = default, avx2, avx512) or another number of threads sums floats in another order, and over
hundreds of training steps the last bits grow into points of accuracy. A notebook's asserts must hold on any CPU.

`run` executes each notebook top to bottom in a fresh kernel once per variant `CAPABILITY:THREADS` (an empty run
cache per variant, so every training really runs, and a scratch copy of results/results.json, whose benchmark numbers
notebooks read; cells tagged nbval-skip are skipped, as
nbval does). An IPython AST transformer rewrites every comparison `a > b` / `a < b` (>=, <= too) inside an `assert`
so that it also records its **slack** — how far it is from failing, in the compared quantity's units (`a - b` for >,
`b - a` for <; the smallest element for arrays) — and the assert then runs as written. Errors do not stop the run
(a failing assert shows as a negative slack). Each finished (variant, notebook) is written at once, atomically, to
`build/margins/VARIANT/NN.json`; a second `run` skips what is there (`--force` redoes it).

`report` (runs made on each notebook's current code; `--stale` shows those made on code since edited) prints, per
asserted comparison, its slack in every variant, the **margin** (the smallest slack seen) and the
**spread** (largest minus smallest slack), and flags a comparison as FRAGILE when the margin is not wider than the
spread — another machine could plausibly move it across zero. `--record` stores per notebook the number of asserted
comparisons and of fragile ones in results/results.json (keys `margins.nbNN_compared`, `margins.nbNN_fragile`).

Two variants run concurrently with `--jobs 2` (one thread each on a 2-core machine: they do not slow each other).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT))
from course import NOTEBOOK_DIR, code_hash, notebooks, read, source, tags  # noqa: E402

from sslcourse import results  # noqa: E402
from sslcourse._files import write_atomic  # noqa: E402

OUT = ROOT / "build" / "margins"
CAPABILITIES = ("default", "avx2", "avx512")

# Runs first in the kernel: the recorder and the AST transformer that routes assert comparisons through it.
INSTRUMENT = r'''
import ast as _m_ast, json as _m_json, operator as _m_op
import numpy as _m_np
_margins, _margins_cell = {}, -1
_M_OPS = {"Gt": _m_op.gt, "GtE": _m_op.ge, "Lt": _m_op.lt, "LtE": _m_op.le}

def _margins_cmp(cell, text, op, a, b):
    result = _M_OPS[op](a, b)
    try:
        d = (a - b) if op in ("Gt", "GtE") else (b - a)
        d = d.detach().cpu().numpy() if hasattr(d, "detach") else d
        slack = float(_m_np.min(_m_np.asarray(d, dtype=float)))
        entry = _margins.setdefault(f"{cell}|{text}", {"cell": cell, "text": text, "op": op, "slack": slack})
        entry["slack"] = min(entry["slack"], slack)          # asserted in a loop: the closest call counts
    except Exception:
        pass                                                  # not numbers (sets, strings): compared, not measured
    return result

class _MarginsTransformer(_m_ast.NodeTransformer):
    def visit_Assert(self, node):
        node.test = _MarginsCompare().visit(node.test)
        return node

class _MarginsCompare(_m_ast.NodeTransformer):
    def visit_Compare(self, node):
        self.generic_visit(node)
        op = type(node.ops[0]).__name__
        if len(node.ops) != 1 or op not in _M_OPS:
            return node
        call = _m_ast.Call(func=_m_ast.Name("_margins_cmp", _m_ast.Load()),
                           args=[_m_ast.Name("_margins_cell", _m_ast.Load()), _m_ast.Constant(_m_ast.unparse(node)),
                                 _m_ast.Constant(op), node.left, node.comparators[0]], keywords=[])
        return _m_ast.copy_location(call, node)

get_ipython().ast_transformers.append(_MarginsTransformer())
'''

DUMP = '''
import os as _m_os
with open(_m_os.environ["MARGINS_OUT"], "w") as _m_f:
    _m_json.dump(list(_margins.values()), _m_f)
'''


def parse_variant(text: str) -> tuple[str, int]:
    """'avx2:1' -> ('avx2', 1). ValueError naming the variant if it is not CAPABILITY:THREADS."""
    cap, _, threads = text.partition(":")
    if cap not in CAPABILITIES or not threads.isdigit() or int(threads) < 1:
        raise ValueError(f"--variants: {text!r} is not CAPABILITY:THREADS with CAPABILITY one of {CAPABILITIES}")
    return cap, int(threads)


def instrumented(nb: dict) -> dict:
    """The notebook with the recorder first, `_margins_cell = i` before each code cell, the dump last; nbval-skip
    cells are dropped (nbval does not run them)."""
    import nbformat

    cells = [nbformat.v4.new_code_cell(INSTRUMENT)]
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code" or "nbval-skip" in tags(cell):
            continue
        text = source(cell)
        if not text.lstrip().startswith("%%"):
            cells.append(nbformat.v4.new_code_cell(f"_margins_cell = {i}"))
        cells.append(nbformat.v4.new_code_cell(text))
    cells.append(nbformat.v4.new_code_cell(DUMP))
    out = nbformat.v4.new_notebook(cells=cells)
    out.metadata = nb.get("metadata", {})
    return out


def run_one(path: Path, variant: str, scratch: Path, force: bool = False, out: Path = OUT) -> str:
    """Execute `path` under `variant`; write `out`/VARIANT/NN.json. Returns a line for the log."""
    from nbclient import NotebookClient

    target = out / variant / f"{path.name[:2]}.json"
    if target.exists() and not force and current(json.loads(target.read_text()), path.parent):
        return f"{variant:10s} {path.name}: done before on this code (kept)"
    cap, threads = parse_variant(variant)
    scratch.mkdir(parents=True, exist_ok=True)
    store = scratch / "results.json"               # starts as the committed store: benchmarks' and earlier notebooks'
    if not store.exists() and results.DEFAULT.exists():                   # numbers are inputs a notebook may read
        write_atomic(store, results.DEFAULT.read_bytes())
    env = {"ATEN_CPU_CAPABILITY": cap, "OMP_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads),
           "SSLCOURSE_CACHE": str(scratch / "cache"), "SSLCOURSE_RESULTS": str(store),
           "MARGINS_OUT": str(scratch / f"{path.name[:2]}.json")}
    nb = instrumented(read(path))
    start = time.perf_counter()
    client = NotebookClient(nb, timeout=1200, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(NOTEBOOK_DIR)}})
    client.execute(env={**os.environ, **env})   # the kernel's environment (threads run lanes: os.environ untouched)
    errors = [f"{o['ename']}: {o['evalue'][:200]}" for c in nb.cells if c.cell_type == "code"
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    compared = json.loads(Path(env["MARGINS_OUT"]).read_text())
    record = {"notebook": path.name, "variant": variant, "seconds": round(time.perf_counter() - start, 1),
              "code_sha256": code_hash(read(path)), "errors": errors, "compared": compared}
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, (json.dumps(record, indent=1) + "\n").encode())
    return f"{variant:10s} {path.name}: {record['seconds']:.0f} s, {len(compared)} comparisons, {len(errors)} errors"


def run(args) -> int:
    variants = args.variants.split(",")
    for v in variants:
        parse_variant(v)
    paths = [Path(p) for p in args.notebooks] or notebooks()
    for p in paths:
        if not p.is_file():
            raise SystemExit(f"notebook {p} does not exist")

    def lane(variant: str) -> None:
        with tempfile.TemporaryDirectory(prefix=f"margins-{variant.replace(':', '-')}-") as scratch:
            for p in paths:          # one variant's notebooks in order, sharing its cache as `make test` does
                print(run_one(p, variant, Path(scratch), args.force), flush=True)

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        list(pool.map(lane, variants))
    return 0


def current(rec: dict, folder: Path = NOTEBOOK_DIR) -> bool:
    """Was this run made on the notebook's code as it is now? (An edited notebook must be measured again.)"""
    path = folder / rec["notebook"]
    return path.exists() and rec.get("code_sha256") == code_hash(read(path))


def gather(out: Path = OUT, stale: bool = False, folder: Path = NOTEBOOK_DIR) -> dict:
    """{notebook: {key: {"text", "cell", "op", "slack": {variant: slack}}}} from `out` (build/margins/): the runs made
    on each notebook's current code (with `stale`, the others instead)."""
    table: dict = {}
    for f in sorted(out.glob("*/*.json")):
        rec = json.loads(f.read_text())
        if current(rec, folder) == stale:
            continue
        rows = table.setdefault(rec["notebook"], {})
        for c in rec["compared"]:
            row = rows.setdefault(f"{c['cell']}|{c['text']}", {"cell": c["cell"], "text": c["text"], "op": c["op"],
                                                                "slack": {}})
            row["slack"][rec["variant"]] = c["slack"]
    return table


def report(args) -> int:
    table = gather(stale=args.stale)
    if not table:
        raise SystemExit(f"nothing measured on the current code in {OUT}: run `python benchmarks/margins.py run` first")
    for f in sorted(OUT.glob("*/*.json")):
        rec = json.loads(f.read_text())
        if current(rec) != args.stale:
            for error in rec["errors"]:
                print(f"{rec['variant']:10s} {rec['notebook']}: a cell failed: {error}")
    if args.stale:
        print("runs made on code the notebooks no longer hold (measure them again; not recorded):")
    summary = {}
    for nb, rows in sorted(table.items()):
        variants = sorted({v for r in rows.values() for v in r["slack"]})
        print(f"\n{nb}  (variants: {', '.join(variants)})")
        fragile = 0
        for row in sorted(rows.values(), key=lambda r: r["cell"]):
            s = list(row["slack"].values())
            margin, spread = min(s), max(s) - min(s)
            fails = margin < 0 if row["op"] in ("GtE", "LtE") else margin <= 0
            bad = fails or (spread > 0 and margin <= spread)
            fragile += bad
            if bad or args.all:
                flag = "FRAGILE" if bad else "ok"
                print(f"  [{row['cell']:>2}] {flag:7s} margin {margin:+10.4g} spread {spread:9.4g}  {row['text'][:90]}")
        print(f"  {len(rows)} asserted comparisons, {fragile} fragile")
        summary[nb[:2]] = (len(rows), fragile, variants)
    if args.record and not args.stale:
        values, what = {}, {}
        for n, (compared, fragile, variants) in summary.items():
            values[f"nb{n}_compared"], values[f"nb{n}_fragile"] = compared, fragile
            values[f"nb{n}_variants"] = len(variants)
            what[f"nb{n}_variants"] = f"notebook {n}: variants run ({', '.join(variants)})"
            what[f"nb{n}_compared"] = f"notebook {n}: asserted comparisons measured under {', '.join(variants)}"
            what[f"nb{n}_fragile"] = f"notebook {n}: of those, fragile (margin not above the spread, or failed)"
        os.environ.setdefault("SSLCOURSE_RESULTS", str(results.DEFAULT))
        results.record("margins", values, what, units={k: "count" for k in values})
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="execute notebooks under each variant and record every assert's slack")
    r.add_argument("notebooks", nargs="*", help="notebook paths (default: every notebook)")
    r.add_argument("--variants", default="default:1,avx2:1", help="CAPABILITY:THREADS,... (default default:1,avx2:1)")
    r.add_argument("--jobs", type=int, default=1, help="variants run at once (default 1)")
    r.add_argument("--force", action="store_true", help="redo runs already recorded")
    s = sub.add_parser("report", help="margin and spread of every asserted comparison")
    s.add_argument("--all", action="store_true", help="list every comparison, not only the fragile ones")
    s.add_argument("--record", action="store_true", help="record the counts in results/results.json")
    s.add_argument("--stale", action="store_true", help="show the runs made on code a notebook no longer holds")
    args = p.parse_args(argv)
    return run(args) if args.command == "run" else report(args)


if __name__ == "__main__":
    sys.exit(main())
