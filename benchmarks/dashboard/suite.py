"""Dashboard: every /pantau/data/ endpoint on ~1,000,000 published observations, on SQLite and PostgreSQL,
timed in-process with Django's test client (server time: URL routing, auth, selectors, JSON) next to the
bare SQL query that reads the same rows (the floor). Goal: every endpoint's median <= 100 ms.

Each backend runs in its own process (worker.py) on the benchmark's own databases, never the demo's: a
SQLite file under benchmarks/.data/ and the PostgreSQL database `simpul_bench_dashboard`
(SIMPUL_BENCH_DASHBOARD_PG). ROWS=100000 makes a quicker run.
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
PG_URL = os.environ.get(
    "SIMPUL_BENCH_DASHBOARD_PG", "postgres://postgres@127.0.0.1:5432/simpul_bench_dashboard"
)
GOAL_MS = 100.0


def _worker(db_url: str, rows: int) -> dict[str, Any]:
    env = {
        **os.environ,
        "SIMPUL_DATABASE_URL": db_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SIMPUL_DEBUG": "0",
        "SIMPUL_DEMO": "0",
        "SIMPUL_LOG_LEVEL": "WARNING",
    }
    cmd = [sys.executable, "-m", "benchmarks.dashboard.worker", "--rows", str(rows)]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"worker on {db_url} failed ({proc.returncode}):\n{proc.stdout[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _pg_recreate(url: str) -> str | None:
    from urllib.parse import urlparse

    try:
        import psycopg

        u = urlparse(url)
        name = u.path.lstrip("/")
        if not name.startswith("simpul_bench"):
            return f"refusing to drop {name!r}: the benchmark database must be named simpul_bench*"
        admin: dict[str, Any] = {
            "host": u.hostname or "127.0.0.1", "port": u.port or 5432, "user": u.username or "postgres",
            "dbname": "postgres", "connect_timeout": 5,
        }  # fmt: skip
        if u.password:
            admin["password"] = u.password
        with psycopg.connect(**admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except Exception as exc:
        return str(exc).strip() or type(exc).__name__
    return None


def _sqlite_url(path: Path) -> str:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    return f"sqlite:///{path}"


def _print(figures: dict[str, Any]) -> float:
    print(f"\n{figures['vendor']}: {figures['rows']:,} observations (bulk load {figures['load_s']:.1f} s)")
    print(f"{'endpoint':20}{'ours median ms':>16}{'ours max ms':>13}{'floor ms':>10}")
    for r in figures["results"]:
        flag = "" if r["ours_ms"] <= GOAL_MS else "  OVER GOAL"
        print(f"{r['endpoint']:20}{r['ours_ms']:>16.1f}{r['ours_max_ms']:>13.1f}{r['floor_ms']:>10.2f}{flag}")
    return max(r["ours_ms"] for r in figures["results"])


def run() -> dict[str, object]:
    rows = int(os.environ.get("ROWS", "1000000"))
    WORK.mkdir(parents=True, exist_ok=True)
    sqlite = _worker(_sqlite_url(WORK / "dashboard.sqlite3"), rows)
    max_sqlite = _print(sqlite)
    why = _pg_recreate(PG_URL)
    max_pg: object = "n/a"
    if why is None:
        max_pg = round(_print(_worker(PG_URL, rows)), 1)
    else:
        print(f"\nPostgreSQL skipped: {why}")
    return {
        "endpoints": len(sqlite["results"]),
        "rows": sqlite["rows"],
        "max_ms_sqlite": round(max_sqlite, 1),
        "max_ms_postgres": max_pg,
        "goal_ms": GOAL_MS,
    }
