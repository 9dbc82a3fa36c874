import json

import pytest

from sslcourse.cli import main


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
    with pytest.raises(SystemExit) as exit_:
        main(["evaluate", "--baseline", "pixels", "--data", "nope"])
    assert exit_.value.code == 2 and "--data" in capsys.readouterr().err
    assert main(["evaluate", "--encoder", "/no/such/file.pt"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_bad_budgets_and_out_are_refused_before_any_work(tmp_path, capsys, monkeypatch):
    assert main(["evaluate", "--baseline", "pixels", "--data", "digits", "--budgets", "1,x"]) == 2
    assert "--budgets" in capsys.readouterr().err
    monkeypatch.setattr("sslcourse.zoo.pretrained", lambda *a, **k: pytest.fail("trained before checking --out"))
    assert main(["pretrain", "--data", "digits", "--seconds", "1", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "--out" in err and "is a folder" in err


def test_a_damaged_encoder_file_is_an_error_message_not_a_traceback(tmp_path, capsys):
    (tmp_path / "enc.pt").write_bytes(b"")
    assert main(["evaluate", "--encoder", str(tmp_path / "enc.pt"), "--data", "digits"]) == 2
    assert "enc.pt" in capsys.readouterr().err


@pytest.mark.slow
def test_a_colorization_encoder_from_the_command_line_loads_back(tmp_path, capsys, monkeypatch):
    # It used to be saved as a ResNet-18 and fail to load; the architecture is now read from the object.
    monkeypatch.setenv("SSLCOURSE_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "colour.pt"
    assert main(["pretrain", "--method", "colorization", "--data", "photos", "--seconds", "1", "--out",
                 str(out)]) == 0
    assert main(["evaluate", "--encoder", str(out), "--data", "photos", "--budgets", "5", "--draws", "1"]) == 0
    assert "colorization" in capsys.readouterr().out


def test_evaluate_can_fine_tune(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SSLCOURSE_CACHE", str(tmp_path))
    assert main(["evaluate", "--baseline", "random", "--data", "digits", "--probe", "finetune", "--steps", "3",
                 "--budgets", "1,5", "--draws", "1", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result["accuracy"]) == {"1", "5"} and result["name"] == "random encoder"
    assert main(["evaluate", "--baseline", "pixels", "--data", "digits", "--probe", "finetune"]) == 2
    assert "needs a network" in capsys.readouterr().err
