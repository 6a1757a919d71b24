"""Qualify: find product-qualified leads in product-usage and marketing events.

```python
import qualify
ws = qualify.open("my-workspace")
ws.ingest(["events.jsonl"])
ws.score()
ws.leads(limit=10)
```
"""

from __future__ import annotations

from pathlib import Path

from qualify.config import Config, load_config, parse_config
from qualify.errors import ConfigError, QualifyError
from qualify.workspace import Workspace, init_workspace

__version__ = "0.1.0"
__all__ = [
    "Config",
    "ConfigError",
    "QualifyError",
    "Workspace",
    "__version__",
    "init",
    "load_config",
    "open",
    "parse_config",
]


def open(path: Path | str) -> Workspace:
    """Open the workspace folder at `path` (it must hold a qualify.yaml)."""
    from qualify.workspace import open_workspace

    return open_workspace(path)


def init(path: Path | str, *, force: bool = False) -> Workspace:
    """Make `path` a workspace with the starter config and open it."""
    init_workspace(Path(path), force=force)
    return open(path)
