"""The init, ingest and status commands, run as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

QUALIFY = Path(sys.executable).parent / "qualify"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(QUALIFY), *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_init_ingest_status(tmp_path: Path) -> None:
    assert run("init", "ws", cwd=tmp_path).returncode == 0
    again = run("init", "ws", cwd=tmp_path)
    assert again.returncode == 2 and "--force" in again.stderr
    events = tmp_path / "e.jsonl"
    events.write_text(
        '{"type":"identify","userId":"u1","timestamp":"2026-01-01T00:00:00Z","messageId":"1"}\n'
        '{"type":"track","userId":"u1","event":"Logged In","timestamp":"2026-01-02T00:00:00Z"}\n'
        '{"type":"track","userId":"u1","timestamp":"2026-01-02T00:00:00Z"}\n'
    )
    ingested = run("ingest", "--workspace", "ws", str(events), cwd=tmp_path)
    assert ingested.returncode == 0
    assert "e.jsonl:3: event: a track call needs an event name" in ingested.stderr
    assert "2 new events" in ingested.stdout
    status = json.loads(run("status", "--workspace", "ws", "--json", cwd=tmp_path).stdout)
    assert (status["events"], status["people"], status["rejected"]) == (2, 1, 1)
    assert status["first_event"] == "2026-01-01T00:00:00Z"
    assert len(status["config_hash"]) == 12


def test_workspace_defaults_to_current_folder(tmp_path: Path) -> None:
    run("init", ".", cwd=tmp_path)
    status = run("status", "--json", cwd=tmp_path)
    assert status.returncode == 0 and json.loads(status.stdout)["events"] == 0


def test_not_a_workspace_and_bad_config_are_clear(tmp_path: Path) -> None:
    missing = run("status", "--workspace", "nowhere", cwd=tmp_path)
    assert missing.returncode == 2 and "qualify init" in missing.stderr
    run("init", "ws", cwd=tmp_path)
    cfg = tmp_path / "ws" / "qualify.yaml"
    cfg.write_text(cfg.read_text().replace("min_count: 2", "min_count: 0"))
    bad = run("status", "--workspace", "ws", cwd=tmp_path)
    assert bad.returncode == 2
    assert "activation.key_features[1].min_count" in bad.stderr
    assert "Traceback" not in bad.stderr
