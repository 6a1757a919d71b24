from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from qualify.cli import app, main


def test_train_cold_start_exits_2_with_the_counts(
    world_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Limits above what the world holds, set in the workspace config (models section).
    config = world_copy / "qualify.yaml"
    config.write_text(
        config.read_text() + "\nmodels: {min_leads: 100000, min_conversions: 12000}\n"
    )
    monkeypatch.setattr(sys, "argv", ["qualify", "train", "-w", str(world_copy)])
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "low data" in err and "100,000 leads" in err and "12,000 conversions" in err


def test_train_models_activate_backtest(world_copy: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    w = ["-w", str(world_copy)]
    done = runner.invoke(
        app, ["train", *w, "--min-leads", "300", "--min-conversions", "30", "--json"]
    )
    assert done.exit_code == 0, done.output
    version = json.loads(done.stdout)["version"]
    listed = runner.invoke(app, ["models", *w, "--json"])
    assert [v["version"] for v in json.loads(listed.stdout)] == [version]
    assert runner.invoke(app, ["shadow", version, *w]).exit_code == 0
    assert runner.invoke(app, ["activate", version, *w]).exit_code == 0
    assert "active" in runner.invoke(app, ["models", *w]).stdout
    proposed = yaml.safe_load((world_copy / "qualify.yaml").read_text())
    proposed["intent"]["threshold"] = 10
    path = tmp_path / "new.yaml"
    path.write_text(yaml.safe_dump(proposed))
    report = runner.invoke(app, ["backtest", *w, "--config", str(path), "--json"])
    assert report.exit_code == 0, report.output
    assert json.loads(report.stdout)["entered"]["count"] >= 0
    assert "precision" in runner.invoke(app, ["backtest", *w, "--config", str(path)]).stdout
