"""Report how long each notebook took under nbval (the README's measured times come from here)."""
from collections import defaultdict


def pytest_terminal_summary(terminalreporter):
    per_notebook: dict[str, float] = defaultdict(float)
    for reports in terminalreporter.stats.values():
        for rep in reports:
            path = getattr(rep, "nodeid", "").split("::")[0]
            if path.endswith(".ipynb") and getattr(rep, "when", "call") == "call":
                per_notebook[path] += getattr(rep, "duration", 0.0)
    if per_notebook:
        terminalreporter.write_sep("-", "notebook run times")
        for path, seconds in sorted(per_notebook.items()):
            terminalreporter.write_line(f"{seconds:7.1f} s  {path}")
        terminalreporter.write_line(f"{sum(per_notebook.values()):7.1f} s  total")
