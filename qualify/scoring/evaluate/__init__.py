"""``qualify evaluate``: bring your own history of leads, get an honest out-of-fold score.

Stages: ``table`` reads, ``clean`` types and finds placeholders, ``features`` encodes,
``cv`` makes folds and out-of-fold predictions, ``leakage`` flags outcome leaks, ``metrics``
measures, ``report`` draws; ``run`` wires them together.
"""

from __future__ import annotations

from qualify.scoring.evaluate.leakage import Leak, LeakSettings
from qualify.scoring.evaluate.result import EvaluationResult
from qualify.scoring.evaluate.run import EvaluateSettings, evaluate_table

__all__ = ["EvaluateSettings", "EvaluationResult", "Leak", "LeakSettings", "evaluate_table"]
