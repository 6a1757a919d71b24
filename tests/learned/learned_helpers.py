"""Constants shared by the learned-scoring tests."""

from __future__ import annotations

import datetime as dt

from qualify.scoring.learned.train import TrainOptions

SMALL = TrainOptions(min_leads=300, min_conversions=30)
CREATED = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
