"""Qualify: find product-qualified leads in product-usage and marketing events."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
