"""The anchors the ingest benchmark is measured against, each on the same file in the same run."""

from __future__ import annotations

import csv
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def _parsed(path: Path) -> Iterator[tuple[str, str, str, float | None]]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        for ind, reg, per, val in reader:
            yield ind, reg, per, float(val) if val else None


def sqlite_utils_insert_all(path: Path, workdir: Path) -> float:
    """(a) sqlite-utils `insert_all` of the file's rows inside one transaction."""
    import sqlite_utils

    db_path = workdir / "anchor-sqlite-utils.db"
    db_path.unlink(missing_ok=True)
    started = time.perf_counter()
    db = sqlite_utils.Database(db_path)
    with path.open(newline="", encoding="utf-8") as fh, db.conn:
        db["observations"].insert_all(csv.DictReader(fh), batch_size=10_000)
    elapsed = time.perf_counter() - started
    db.close()
    return elapsed


def frictionless_validate(path: Path) -> float:
    """(b) `frictionless validate` of the file (schema inferred, every row checked)."""
    from frictionless import validate

    started = time.perf_counter()
    report = validate(str(path), limit_errors=1000)
    elapsed = time.perf_counter() - started
    if report.stats["rows"] is None:  # the anchor must really have read the file
        raise RuntimeError("frictionless read no rows")
    return elapsed


def sqlite_floor(path: Path, workdir: Path) -> float:
    """(c) floor on SQLite: executemany of already-parsed rows, no validation."""
    rows = list(_parsed(path))
    db_path = workdir / "anchor-floor.db"
    db_path.unlink(missing_ok=True)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE obs (indicator TEXT, region TEXT, period TEXT, value REAL)")
    started = time.perf_counter()
    with conn:
        conn.executemany("INSERT INTO obs VALUES (?, ?, ?, ?)", rows)
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def postgres_floor(path: Path, dsn: dict[str, Any]) -> float:
    """(c) floor on PostgreSQL: COPY of already-parsed rows, no validation."""
    import psycopg

    rows = list(_parsed(path))
    with psycopg.connect(**dsn) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_floor")
        conn.execute(
            "CREATE TABLE bench_floor (indicator text, region text, period text, value double precision)"
        )
        conn.commit()
        started = time.perf_counter()
        with conn.cursor() as cur, cur.copy("COPY bench_floor FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        conn.commit()
        elapsed = time.perf_counter() - started
        conn.execute("DROP TABLE bench_floor")
        conn.commit()
    return elapsed
