"""The `qualify` command. Each module below registers its commands on `app`."""

from __future__ import annotations

import sys

from qualify.cli import (  # noqa: F401  (each registers its commands)
    demo_cmd,
    evaluate_cmd,
    funnel_cmd,
    model_cmds,
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
    except Exception as exc:
        sys.exit(_usage_exit(exc))


def _usage_exit(exc: Exception) -> int:
    # With standalone_mode off, usage errors surface here. typer 0.29 bundles its own copy of
    # click (typer._click), so the classes are recognised by name in either copy.
    names = {cls.__name__ for cls in type(exc).__mro__}
    if "ClickException" in names:
        exc.show()  # type: ignore[attr-defined]
        return int(exc.exit_code)  # type: ignore[attr-defined]
    if "Exit" in names:
        return int(getattr(exc, "exit_code", 0))
    if "Abort" in names:
        return 130
    raise exc
