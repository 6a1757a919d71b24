"""Scoring: learned scorers and the bring-your-own-history evaluation."""
