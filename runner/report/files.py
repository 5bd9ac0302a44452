"""Atomic writes for the report pages (the shared writer lives in runner/results/atomic.py)."""

from runner.results.atomic import write_text_atomic

__all__ = ["write_text_atomic"]
