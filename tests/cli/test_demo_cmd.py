"""`qualify demo`: a fresh folder, a re-run into the same folder, and what it prints."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from qualify.cli import main
from qualify.cli.demo_cmd import EVENTS_NAME, prepare_folder
from qualify.workspace import CONFIG_NAME, STORE_NAME


def test_prepare_folder_resets_only_the_demos_own_files(tmp_path: Path) -> None:
    (tmp_path / CONFIG_NAME).write_text("version: 1\nicp: {threshold: 99}\n")
    (tmp_path / STORE_NAME).write_bytes(b"old store")
    (tmp_path / EVENTS_NAME).mkdir()
    (tmp_path / EVENTS_NAME / "part-0.parquet").write_bytes(b"old")
    (tmp_path / "notes.txt").write_text("mine")
    prepare_folder(tmp_path)
    assert "threshold: 99" not in (tmp_path / CONFIG_NAME).read_text()
    assert not (tmp_path / STORE_NAME).exists()
    assert not (tmp_path / EVENTS_NAME).exists()
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_prepare_folder_creates_a_missing_folder(tmp_path: Path) -> None:
    prepare_folder(tmp_path / "a" / "b")
    assert (tmp_path / "a" / "b" / CONFIG_NAME).exists()


def demo(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    monkeypatch.setattr(sys, "argv", ["qualify", "demo", "--accounts", "60", *args])
    monkeypatch.setenv("COLUMNS", "200")
    main()
    return capsys.readouterr().out


@pytest.mark.slow
def test_demo_into_the_default_folder_then_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("qualify.pipeline")
    monkeypatch.chdir(tmp_path)
    first = demo(monkeypatch, capsys)
    # The acceptance check looks for a qualify.yaml below the folder it ran in.
    assert (tmp_path / "qualify-demo" / CONFIG_NAME).exists()
    assert "Scored " in first and "PQLs" in first
    assert "Product-led journey (people)" in first and "Traditional journey (people)" in first
    assert "PQL-to-paid:" in first and "Lead-to-customer:" in first
    again = demo(monkeypatch, capsys)
    # Same seed, fresh store: the same world, not a doubled one.
    assert again.splitlines()[0].split(" as of ")[0] == first.splitlines()[0].split(" as of ")[0]


@pytest.mark.slow
def test_demo_out_folder_shows_three_part_verdicts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("qualify.pipeline")
    out = demo(monkeypatch, capsys, "--out", str(tmp_path / "demo"), "--seed", "7", "--top", "2")
    assert (tmp_path / "demo" / STORE_NAME).exists()
    if "Activated:" in out:  # a small world may hold no PQL at all
        assert "Fits ICP:" in out and "Intent:" in out and "Distance to qualify:" in out
