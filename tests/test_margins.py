"""benchmarks/margins.py measures how far each notebook assert is from failing (issue 28): its AST rewrite records
the slack of every comparison inside an assert and leaves what the assert checks unchanged."""
import json
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import margins  # noqa: E402


def test_variants_are_checked():
    assert margins.parse_variant("avx2:1") == ("avx2", 1)
    for bad in ("avx3:1", "avx2", "avx2:0", "default:x"):
        with pytest.raises(ValueError, match="--variants"):
            margins.parse_variant(bad)


@pytest.mark.slow
def test_every_compared_assert_records_its_slack_and_still_asserts(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import numpy as np\nx, y = 0.9, 0.5\n"
                                  "from sslcourse import results\nresults.get('nb01.simclr_10_per_class')  # committed"),
        nbformat.v4.new_code_cell("assert x > y + 0.1 and y < 1\nassert (np.array([1, 2]) >= 1).all()"),
        nbformat.v4.new_code_cell("for k in (1, 3):\n    assert k * x > 0.5"),
        nbformat.v4.new_code_cell("assert x < y  # fails: the run goes on, the slack is negative"),
        nbformat.v4.new_code_cell("assert False", metadata={"tags": ["nbval-skip"]}),
    ])
    path = tmp_path / "77_example.ipynb"
    nbformat.write(nb, path)
    line = margins.run_one(path, "default:1", tmp_path / "scratch", out=tmp_path / "out")
    assert "1 errors" in line
    record = json.loads((tmp_path / "out" / "default:1" / "77.json").read_text())
    slack = {c["text"]: round(c["slack"], 6) for c in record["compared"]}
    assert slack == {"x > y + 0.1": 0.3, "y < 1": 0.5, "np.array([1, 2]) >= 1": 0.0, "k * x > 0.5": 0.4,
                     "x < y": -0.4}                                  # in a loop: the closest call
    assert record["errors"] == ["AssertionError: "]
    rows = margins.gather(tmp_path / "out", folder=tmp_path)["77_example.ipynb"]
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]), path)     # edited since
    assert margins.gather(tmp_path / "out", folder=tmp_path) == {}                   # its run is stale now
    line = margins.run_one(path, "default:1", tmp_path / "scratch", out=tmp_path / "out")
    assert "0 comparisons" in line                                                   # ...so `run` redoes it
    assert "kept" in margins.run_one(path, "default:1", tmp_path / "scratch", out=tmp_path / "out")
    assert {r["cell"] for r in rows.values()} == {1, 2, 3}
