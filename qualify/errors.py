"""Every error Qualify raises on purpose.

The tree::

    QualifyError
     ├── ConfigError(ValueError)          the workspace file is invalid; names the path
     ├── WorkspaceError                   no workspace, or a broken one
     │    └── NotScored(WorkspaceError)   a read needs `qualify score` first
     ├── IngestError
     │    ├── InvalidEvent(ValueError)    one record is unusable; names file, line, field
     │    └── UnreadableFile(OSError)     a whole input cannot be read
     ├── StoreError                       the engine failed or lacks a capability
     │    └── MissingDependency(ImportError)  an extra is not installed; says which pip install
     ├── NotFound(KeyError)               a person, an account or a model is not there
 ├── SimulationError(ValueError)      simulate arguments cannot make a world
     └── EvaluationError(ValueError)      a table cannot be evaluated (no label, one class, ...)

Errors carry the offending field and say the fix; the API layer maps them to HTTP codes in one
handler, the CLI prints them without a traceback.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "EvaluationError",
    "IngestError",
    "InvalidEvent",
    "MissingDependency",
    "NotFound",
    "NotScored",
    "QualifyError",
    "SimulationError",
    "StoreError",
    "UnreadableFile",
    "WorkspaceError",
]


class QualifyError(Exception):
    """Root of every error Qualify raises on purpose."""


class ConfigError(QualifyError, ValueError):
    """The workspace config is invalid. `path` is like `activation.key_features[2].event`."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


class WorkspaceError(QualifyError):
    """The workspace folder is missing or broken."""


class NotScored(WorkspaceError):
    """A read needs verdicts, and none were computed yet."""


class IngestError(QualifyError):
    """Base of ingestion errors."""


class InvalidEvent(IngestError, ValueError):
    """One record cannot be accepted; the rest of its file still is."""

    def __init__(self, reason: str, *, field: str | None = None, fix: str | None = None) -> None:
        self.reason = reason
        self.field = field
        self.fix = fix
        text = f"{field}: {reason}" if field else reason
        super().__init__(f"{text} ({fix})" if fix else text)


class UnreadableFile(IngestError, OSError):
    """A whole input file cannot be read."""


class StoreError(QualifyError):
    """The storage engine failed or lacks a declared capability."""


class MissingDependency(StoreError, ImportError):
    """An optional extra is not installed."""

    def __init__(self, what: str, pip: str) -> None:
        super().__init__(f"{what} needs an extra: pip install '{pip}'")


class NotFound(QualifyError, KeyError):
    """A person, account or model id is not in the workspace."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "not found"


class EvaluationError(QualifyError, ValueError):
    """A table cannot be evaluated as it is."""


class SimulationError(QualifyError, ValueError):
    """The simulate arguments cannot make a world; the message says the fix."""
