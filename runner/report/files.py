"""Atomic writes for the report pages (the shared writer lives in runner/atomic.py)."""

from runner.atomic import write_text_atomic

__all__ = ["write_text_atomic"]
