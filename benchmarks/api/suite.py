"""Native API: `GET /api/v1/observations?indicator=...&region=...` next to Datasette serving the same rows.

Both in process (no network, no server): ours through Django's test client (routing, rate limiter,
visibility and published-revision selector, pydantic output), Datasette through its own ASGI client on a plain
SQLite table holding the same published rows with an index on (indicator, region). Requests/s, p50 and p99.
Runs in its own process on the benchmark's own SQLite file (benchmarks/.data/api.sqlite3), never the demo's.
ROWS (default 200000) sets the number of observations; REQUESTS (default 300) the number of timed calls.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "benchmarks" / ".data"


def run() -> dict[str, object]:
    WORK.mkdir(parents=True, exist_ok=True)
    db = WORK / "api.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    env = {
        **os.environ,
        "SIMPUL_DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SIMPUL_DEBUG": "0",
        "SIMPUL_DEMO": "0",
        "SIMPUL_LOG_LEVEL": "WARNING",
    }
    cmd = [sys.executable, "-m", "benchmarks.api.worker"]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"api benchmark worker failed ({proc.returncode}):\n{proc.stdout[-2000:]}")
    figures: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"{figures['rows']} observations; each call returns {figures['rows_per_call']} rows")
    print(f"{'':12}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}")
    for who in ("simpul", "datasette"):
        rps, p50, p99 = (figures[f"{who}_{k}"] for k in ("rps", "p50_ms", "p99_ms"))
        print(f"{who:12}{rps:>10.0f}{p50:>10.2f}{p99:>10.2f}")
    return figures
