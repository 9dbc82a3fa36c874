"""benchmarks/bench_baseline.py refuses bad arguments with one clear message, before any training."""
import importlib.util
from pathlib import Path

import pytest

SPEC = importlib.util.spec_from_file_location(
    "bench_baseline", Path(__file__).resolve().parents[1] / "benchmarks" / "bench_baseline.py")
bench = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(bench)


@pytest.mark.parametrize("argv, message", [
    (["--budgets", "1,ten"], "--budgets must be integers"),
    (["--budgets", "0,10"], "every budget at least 1"),
    (["--draws", "1"], "--draws must be at least 2"),
])
def test_bad_arguments_name_the_argument(argv, message):
    with pytest.raises(SystemExit, match=message):
        bench.main(argv)
