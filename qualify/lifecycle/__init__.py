"""Lifecycle stages of both journeys (traditional and product-led) and their funnels."""
