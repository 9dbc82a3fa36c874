"""Report how long each notebook took under nbval, beside this machine's speed (the README's times come from here).

When notebooks are among the tests, the session first measures the bare SimCLR step (`sslcourse.speed`, a few
seconds) and then prints, after the run, the machine's images/s at the top of the "notebook run times" table; the
same figures go to build/test-times.json (`python tools/readme.py --times build/test-times.json` puts them in the
README).

nbval waits at most 5 s for each output message after a cell has finished; under load (another CPU-bound process on
a 2-core machine) a cell's last messages can take longer to arrive, and nbval then fails a cell that succeeded
("Timeout of 5 seconds exceeded waiting for output"). The wait is raised here for notebook cells; the cell's own
time limit (--nbval-cell-timeout) is unchanged. The longest wait each notebook saw is printed and recorded, and so is
every cell of 5 s or more (where a notebook's time goes).
"""
import json
import os
import platform
import time
from collections import defaultdict
from pathlib import Path

OUTPUT_WAIT_SECONDS = 120
TIMES = Path(__file__).resolve().parent / "build" / "test-times.json"
_machine: dict = {}


def pytest_collection_modifyitems(session, config, items):
    timed = set()
    for item in items:
        if hasattr(item, "output_timeout"):           # an nbval cell
            item.output_timeout = OUTPUT_WAIT_SECONDS
            if id(item.parent) not in timed:
                timed.add(id(item.parent))
                _time_output_waits(item.parent)


_waits: dict[str, float] = {}                          # notebook -> longest wait for one output message (s)


def _time_output_waits(notebook) -> None:
    """Record the longest time nbval waited for one output message of each notebook (the "waiting for output" wait)."""
    get = notebook.get_kernel_message

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return get(*args, **kwargs)
        finally:
            if kwargs.get("stream", "iopub") == "iopub" and (args[1:2] or ["iopub"])[0] == "iopub":
                name = str(notebook.nodeid)
                _waits[name] = max(_waits.get(name, 0.0), time.perf_counter() - start)

    notebook.get_kernel_message = timed


def pytest_collection_finish(session):
    if any(str(item.nodeid).split("::")[0].endswith(".ipynb") for item in session.items):
        import torch

        from sslcourse.speed import bare_simclr_rate

        _machine.update(images_per_second=round(bare_simclr_rate(steps=10)), threads=torch.get_num_threads(),
                        cpu_capability=torch.backends.cpu.get_cpu_capability(), cpu=_cpu_model(),
                        torch=torch.__version__.split("+")[0], python=platform.python_version())
    _machine["start"] = time.time()


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def pytest_terminal_summary(terminalreporter):
    per_notebook: dict[str, float] = defaultdict(float)
    slow_cells: dict[str, float] = {}                  # "path::Cell N" -> seconds, for cells of 5 s or more
    for reports in terminalreporter.stats.values():
        for rep in reports:
            path = getattr(rep, "nodeid", "").split("::")[0]
            if path.endswith(".ipynb") and getattr(rep, "when", "call") == "call":
                per_notebook[path] += getattr(rep, "duration", 0.0)
                if getattr(rep, "duration", 0.0) >= 5:
                    slow_cells[rep.nodeid] = round(rep.duration, 1)
    if not per_notebook:
        return
    terminalreporter.write_sep("-", "notebook run times")
    rate = _machine.get("images_per_second")
    if rate:
        terminalreporter.write_line(f"machine: {_machine['cpu']}, {_machine['threads']} threads, "
                                    f"{_machine['cpu_capability']}; bare SimCLR step {rate} images/s")
    for path, seconds in sorted(per_notebook.items()):
        terminalreporter.write_line(f"{seconds:7.1f} s  {path}")
    terminalreporter.write_line(f"{sum(per_notebook.values()):7.1f} s  total")
    if _waits:
        name, longest = max(_waits.items(), key=lambda kv: kv[1])
        terminalreporter.write_line(f"longest wait for one output message after a cell: {longest:.1f} s ({name}; "
                                    f"nbval's own limit is 5 s, raised here to {OUTPUT_WAIT_SECONDS} s)")
    record = {**{k: v for k, v in _machine.items() if k != "start"},
              "pytest_seconds": round(time.time() - _machine.get("start", time.time()), 1),
              "notebooks": {p: round(s, 1) for p, s in sorted(per_notebook.items())},
              "slow_cells": dict(sorted(slow_cells.items())),
              "longest_output_wait": {k: round(v, 2) for k, v in sorted(_waits.items())}}
    TIMES.parent.mkdir(parents=True, exist_ok=True)
    tmp = TIMES.with_name(f".{TIMES.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, TIMES)                            # atomic: a killed run never leaves half a file
