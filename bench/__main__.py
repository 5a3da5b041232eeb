"""Run every ``bench/bench_*.py`` script in turn: ``python -m bench [name ...]``.

With names (``python -m bench sign_verify``), only the matching scripts run. Each script runs in its
own interpreter (``python -m bench.<script>`` from the repository root), so one benchmark's imports and
caches do not affect another's figures; scripts take their defaults (tune them with their own options or
environment variables, e.g. ``BENCH_SECONDS``). Exits non-zero if any script fails.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    """Run the selected bench scripts; return the number that failed."""
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if any(name in s.stem for name in names)]
    failed = 0
    for script in scripts:
        print(f"== {script.stem}", flush=True)
        completed = subprocess.run(
            [sys.executable, "-m", f"bench.{script.stem}"], cwd=HERE.parent, check=False
        )
        if completed.returncode != 0:
            print(f"!! {script.stem} exited with {completed.returncode}", flush=True)
            failed += 1
        print(flush=True)
    return failed


if __name__ == "__main__":
    raise SystemExit(min(main(sys.argv[1:]), 1))
