"""`qualify evaluate` on the command line, and the offline HTML report."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from qualify.cli import main


def write_history(path: Path, n: int = 400) -> Path:
    rng = np.random.default_rng(5)
    visits = rng.poisson(3, n)
    won = rng.random(n) < 1 / (1 + np.exp(-(0.6 * visits - 2)))
    frame = pd.DataFrame(
        {
            "Lead Number": np.arange(n) + 1000,
            "visits": visits,
            "city": rng.choice(["Select", "Pune", "Delhi"], n),
            "Converted": won.astype(int),
        }
    )
    frame.to_csv(path, sep="|", index=False)
    return path


def run(monkeypatch: pytest.MonkeyPatch, *argv: str) -> int:
    monkeypatch.setattr("sys.argv", ["qualify", *argv])
    try:
        main()
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def test_json_and_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    table = write_history(tmp_path / "leads.csv")
    report = tmp_path / "report.html"
    code = run(monkeypatch, "evaluate", str(table), "--label", "Converted", "--json",
               "--report", str(report))  # fmt: skip
    out = capsys.readouterr()
    assert code == 0
    doc = json.loads(out.out)
    assert doc["auc"] > 0.6
    assert "Lead Number" in doc["id_columns"]
    assert out.out.lstrip().startswith("{")  # progress goes to stderr, never into the JSON
    page = report.read_text()
    assert len(re.findall(r'src="data:image/png;base64,[A-Za-z0-9+/=]+"', page)) == 4
    assert not re.search(r"https?://", page)
    assert "<script" not in page and "<link" not in page


def test_summary_without_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    table = write_history(tmp_path / "leads.csv")
    assert run(monkeypatch, "evaluate", str(table), "--label", "Converted") == 0
    out = capsys.readouterr().out
    assert "auc_with_flagged" in out and "frequency_nb" in out
    assert "'Select' read as missing" in out


def test_errors_exit_2_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    table = write_history(tmp_path / "leads.csv")
    assert run(monkeypatch, "evaluate", str(table), "--label", "won") == 2
    assert "columns are: Lead Number, visits, city, Converted" in capsys.readouterr().err
    assert run(monkeypatch, "evaluate", str(table), "--label", "Converted", "--positive",
               "yes") == 2  # fmt: skip
    assert "its values are: 0, 1" in capsys.readouterr().err
