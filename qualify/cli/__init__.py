"""The `qualify` command. Each module below registers its commands on `app`."""

from __future__ import annotations

import sys

from qualify.cli import (  # noqa: F401  (each registers its commands)
    demo_cmd,
    evaluate_cmd,
    funnel_cmd,
    read_cmds,
    score_cmd,
    simulate_cmd,
    workspace_cmds,
)
from qualify.cli.app import app
from qualify.errors import QualifyError

__all__ = ["app", "main"]


def main() -> None:
    """Entry point: run the app; a QualifyError prints one clear line and exits 2."""
    try:
        app(standalone_mode=False)
    except QualifyError as exc:
        sys.stderr.write(f"error: {exc}\n")
        sys.exit(2)
    except Exception as exc:  # click's usage errors arrive here with standalone_mode off
        import click

        if isinstance(exc, click.exceptions.Exit):
            sys.exit(exc.exit_code)
        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Abort):
            sys.exit(130)
        raise
