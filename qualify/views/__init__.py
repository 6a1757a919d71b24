"""Read views over the verdict tables: plain functions returning JSON-able dicts.

The CLI prints them (as JSON or through `qualify.views.text`), and the HTTP API serves the same
shapes, so nothing here knows about terminals or requests.
"""

from __future__ import annotations

from qualify.views.accounts import account, accounts
from qualify.views.people import explain, leads

__all__ = ["account", "accounts", "explain", "leads"]
