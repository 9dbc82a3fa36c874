"""The bad-input probe (benchmarks/probe_bad_input.py) finds no confusing error, no silent acceptance and no hang:
every one of its cases across the public API gets an error that names the argument (or the right behaviour)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = Path(__file__).resolve().parents[1] / "benchmarks" / "probe_bad_input.py"


@pytest.mark.slow
def test_every_bad_input_gets_a_clear_error(tmp_path):
    out = tmp_path / "probe.json"
    # A process of its own: the probe patches torchvision, sockets and environment variables case by case.
    done = subprocess.run([sys.executable, str(PROBE), "--json", str(out)], capture_output=True, text=True,
                          timeout=600, env={**os.environ, "OMP_NUM_THREADS": "1"}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(out.read_text())
    unclear = [f"{r['module']}: {r['label']} -> {r['category']}: {r['error']}"
               for r in report["results"] if r["category"] != "clear"]
    assert len(report["results"]) >= 500 and not unclear, "\n".join(unclear)
