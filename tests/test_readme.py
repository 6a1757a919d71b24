"""The README's quickstart is executed, so it cannot rot."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
QUALIFY = Path(sys.executable).parent / "qualify"


def quickstart_commands() -> list[str]:
    text = (REPO / "README.md").read_text()
    block = re.search(r"<!-- quickstart[^>]*-->\s*```sh\n(.*?)```", text, re.S)
    assert block, "README has no quickstart block"
    lines = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    return [line for line in lines if line.startswith("qualify ")]


def test_readme_opens_with_the_two_setup_commands() -> None:
    head = (REPO / "README.md").read_text().splitlines()[:6]
    assert any(line.startswith("make demo") for line in head)
    assert any(line.startswith("make test") for line in head)


@pytest.mark.slow
def test_quickstart_runs(tmp_path: Path) -> None:
    commands = quickstart_commands()
    assert len(commands) >= 5
    for command in commands:
        argv = [str(QUALIFY), *shlex.split(command)[1:]]
        done = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{command!r} failed:\n{done.stdout}\n{done.stderr}"
