"""`qualify simulate` through the real entry point, `qualify.cli.main`, in-process."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from qualify.cli import main


def _run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["qualify", "simulate", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_writes_jsonl_and_prints_a_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "world.jsonl"
    code, stdout, stderr = _run(
        monkeypatch, capsys, "--accounts", "40", "--seed", "3", "--out", str(out)
    )
    assert code == 0, stderr
    lines = out.read_text().splitlines()
    assert stdout.startswith(f"wrote {len(lines):,} events")
    assert str(out) in stdout and "40 accounts" in stdout
    assert len(stdout.splitlines()) == 1


def test_json_summary_for_parquet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "world.parquet"
    args = [
        "--accounts",
        "25",
        "--out",
        str(out),
        "--json",
        "--start",
        "2025-06-01",
        "--days",
        "60",
    ]
    code, stdout, stderr = _run(monkeypatch, capsys, *args)
    assert code == 0, stderr
    summary = json.loads(stdout)
    table = pq.read_table(out)
    assert summary["events"] == table.num_rows
    assert summary["accounts"] == 25 and summary["format"] == "parquet"
    stamps = table.column("timestamp").to_pylist()
    assert min(stamps).date().isoformat() >= "2025-06-01"
    assert max(stamps).date().isoformat() < "2025-07-31"


@pytest.mark.parametrize(
    ("name", "extra", "message"),
    [
        ("world.csv", [], "--out must end in .jsonl or .parquet"),
        ("world.jsonl", ["--start", "soon"], "--start must be a date"),
        ("world.jsonl", ["--accounts", "0"], "--accounts must be at least 1"),
    ],
)
def test_bad_options_exit_2_with_the_fix(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    extra: list[str],
    message: str,
) -> None:
    code, _, stderr = _run(monkeypatch, capsys, "--out", str(tmp_path / name), *extra)
    assert code == 2
    assert f"error: {message}" in stderr
    assert not (tmp_path / name).exists()
