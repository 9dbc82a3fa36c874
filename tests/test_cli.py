import json

import pytest

from sslcourse.checkpoint import load_encoder, save_encoder
from sslcourse.cli import main
from sslcourse.models import ConvEncoder


def test_pretrain_then_evaluate_prints_a_label_efficiency_table(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SSLCOURSE_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "enc.pt"
    assert main(["pretrain", "--method", "simclr", "--data", "digits", "--seconds", "2",
                 "--out", str(out)]) == 0
    assert "simclr on digits" in capsys.readouterr().out and out.exists()
    assert main(["evaluate", "--encoder", str(out), "--data", "digits", "--budgets", "1,5,all",
                 "--draws", "2", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["name"] == "simclr"
    assert set(result["accuracy"]) == {"1", "5", "all"}
    assert len(result["accuracy"]["5"]["draws"]) == 2
    assert 0.1 < result["accuracy"]["all"]["mean"] <= 1.0


def test_evaluate_baselines_as_a_table(capsys):
    assert main(["evaluate", "--baseline", "pixels", "--data", "digits", "--budgets", "5",
                 "--draws", "1"]) == 0
    text = capsys.readouterr().out
    assert "raw pixels" in text and "labels/class" in text


def test_errors_are_reported_not_raised(capsys):
    assert main(["evaluate", "--baseline", "pixels", "--data", "nope"]) == 2
    assert "mnist5k" in capsys.readouterr().err
    assert main(["evaluate", "--encoder", "/no/such/file.pt"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_checkpoint_round_trip(tmp_path):
    enc = ConvEncoder(3, width=8)
    path = save_encoder(tmp_path / "e.pt", enc, method="x", seconds=1.5)
    back, meta = load_encoder(path)
    assert meta == {"method": "x", "seconds": 1.5}
    for a, b in zip(enc.state_dict().values(), back.state_dict().values()):
        assert (a == b).all()
    (tmp_path / "bad.pt").write_bytes(b"not a checkpoint")
    with pytest.raises(ValueError, match="bad.pt.*not an sslcourse encoder file"):
        load_encoder(tmp_path / "bad.pt")
    (tmp_path / "cut.pt").write_bytes(path.read_bytes()[:100])          # a truncated checkpoint
    with pytest.raises(ValueError, match="cut.pt"):
        load_encoder(tmp_path / "cut.pt")
