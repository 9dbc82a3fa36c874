"""Run times are measured, never typed (issue 28): `make test` writes build/test-times.json with the machine's speed
(conftest.py), `tools/readme.py --times` keeps one run per machine in results/times.json, and the README's times
table and the lesson plans are generated from it."""
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "instructors"))

import plans  # noqa: E402
import readme  # noqa: E402


def run(cpu: str, rate: int, seconds: float) -> dict:
    return {"cpu": cpu, "threads": 2, "cpu_capability": "AVX2", "images_per_second": rate, "pytest_seconds": 99.0,
            "notebooks": {"notebooks/01_what_is_ssl.ipynb": seconds, "notebooks/02_pretext_tasks.ipynb": 10.0}}


def test_each_machine_keeps_its_run_and_times_scale_to_the_reference_rate(tmp_path, monkeypatch):
    monkeypatch.setattr(readme, "TIMES", tmp_path / "times.json")
    for name, record in (("fast", run("Fast CPU", 1500, 100.0)), ("slow", run("Slow CPU", 600, 250.0)),
                         ("again", run("Fast CPU", 1500, 90.0))):
        (tmp_path / f"{name}.json").write_text(json.dumps(record))
        readme.record_times(tmp_path / f"{name}.json")
    machines = json.loads((tmp_path / "times.json").read_text())
    assert len(machines) == 2                                        # the fast machine's second run replaced its first
    table = readme.times_table({})
    assert "Fast CPU, 2 threads, AVX2: 1,500 images/s" in table and "| `01_what_is_ssl` | 90 s | 250 s | 100 s |" in table
    assert plans.run_times(tmp_path / "times.json") == {"01_what_is_ssl": 250, "02_pretext_tasks": 10}   # the slowest


def test_a_file_that_is_not_a_times_record_is_named(tmp_path, monkeypatch):
    monkeypatch.setattr(readme, "TIMES", tmp_path / "times.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    with pytest.raises(SystemExit, match="bad.json"):
        readme.record_times(bad)
    assert not (tmp_path / "times.json").exists()
