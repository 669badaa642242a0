"""Evaluation: score warlog against hand-coded reference events."""
