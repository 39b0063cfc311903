"""Benchmark runner: `python benchmarks/run.py [suite ...]`.

Each suite is a module `benchmarks/<name>/suite.py` with a `run() -> dict[str, object]` function.
A suite prints
its own figures next to its anchor's, measured in the same run, and the runner ends it with one line
`RESULT <name> key=value ...` so runs can be compared by a script. Benchmarks never run in `make test`.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "benchmarks"


def suites() -> list[str]:
    return sorted(p.parent.name for p in BENCH_DIR.glob("*/suite.py"))


def result_line(name: str, figures: dict[str, object]) -> str:
    def fmt(value: object) -> str:
        return f"{value:.4g}" if isinstance(value, float) else str(value)

    return f"RESULT {name} " + " ".join(f"{key}={fmt(value)}" for key, value in figures.items())


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    wanted = [a for a in argv if a] or suites()
    unknown = sorted(set(wanted) - set(suites()))
    if unknown:
        print(f"Unknown suite(s): {', '.join(unknown)}. Available: {', '.join(suites())}", file=sys.stderr)
        return 2
    for name in wanted:
        print(f"== benchmark suite: {name}")
        started = time.perf_counter()
        figures = importlib.import_module(f"benchmarks.{name}.suite").run()
        print(f"(suite {name} took {time.perf_counter() - started:.1f} s)")
        print(result_line(name, figures), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
