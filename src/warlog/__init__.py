"""warlog: turn news reports into coded, geocoded, evidence-backed conflict events."""

__version__ = "0.1.0"
