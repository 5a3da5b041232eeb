"""Microcred: micro-credentials end to end, with verifiable Open Badges."""

__version__ = "0.1.0"
