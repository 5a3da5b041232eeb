"""Benchmarks: scripts ``bench/bench_*.py``, run all with ``python -m bench`` (``make bench``)."""
