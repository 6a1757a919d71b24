"""The two journeys as transition tables, a pure transition function, and stage histories."""

from qualify.lifecycle.journeys import (
    ALLOWED_SKIPS,
    JOURNEYS,
    PLG,
    TARGETS,
    TRADITIONAL,
    State,
    Transition,
    transition,
)

__all__ = [
    "ALLOWED_SKIPS",
    "JOURNEYS",
    "PLG",
    "TARGETS",
    "TRADITIONAL",
    "State",
    "Transition",
    "transition",
]
