import json
import subprocess
import sys
from pathlib import Path

QUALIFY = str(Path(sys.executable).with_name("qualify"))


def test_score_json_and_ticks(tmp_path: Path) -> None:
    ws = tmp_path / "w"
    subprocess.run([QUALIFY, "init", str(ws)], check=True, capture_output=True)
    sim = tmp_path / "w.jsonl"
    subprocess.run(
        [QUALIFY, "simulate", "--accounts", "40", "--seed", "1", "--out", str(sim)],
        check=True,
        capture_output=True,
    )
    subprocess.run([QUALIFY, "ingest", "-w", str(ws), str(sim)], check=True, capture_output=True)
    out = subprocess.run(
        [QUALIFY, "score", "-w", str(ws), "--json"], check=True, capture_output=True, text=True
    )
    first = json.loads(out.stdout)
    assert first["full_rescore"] is True and first["people"] > 0
    again = json.loads(
        subprocess.run(
            [QUALIFY, "score", "-w", str(ws), "--json"], check=True, capture_output=True, text=True
        ).stdout
    )
    assert again["full_rescore"] is False and again["ledger_rows"] == 0
    ticks = subprocess.run(
        [QUALIFY, "score", "-w", str(ws), "--every", "1s", "--ticks", "2"],
        check=True,
        capture_output=True,
        text=True,
    )
    assert ticks.stdout.count("scored") == 2
