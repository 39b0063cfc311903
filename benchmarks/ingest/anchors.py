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
    # db.atomic() opens one BEGIN ... COMMIT; insert_all's own per-batch atomic() blocks nest inside it
    # as savepoints. (`with db.conn:` would not: sqlite-utils 4 commits each batch on its own.)
    with path.open(newline="", encoding="utf-8") as fh, db.atomic():
        db["observations"].insert_all(csv.DictReader(fh), batch_size=10_000)
    elapsed = time.perf_counter() - started
    count = db.execute("SELECT count(*) FROM observations").fetchone()[0]
    db.close()
    if count == 0:
        raise RuntimeError("sqlite-utils stored no rows")
    return elapsed


def frictionless_validate(path: Path) -> float:
    """(b) `frictionless validate` of the file against its declared schema, every row checked.

    The schema is declared (text codes, a number value) rather than inferred: inference samples the
    first rows, sees only years in `periode`, types it integer and then stops at the error limit on
    the first quarter ("2022-Q1") after reading a fraction of the file.
    """
    from frictionless import Resource, Schema

    schema = Schema.from_descriptor(
        {
            "fields": [
                {"name": "indikator", "type": "string", "constraints": {"required": True}},
                {"name": "wilayah", "type": "string", "constraints": {"required": True}},
                {"name": "periode", "type": "string", "constraints": {"required": True}},
                {"name": "nilai", "type": "number"},
            ]
        }
    )
    started = time.perf_counter()
    # frictionless refuses absolute paths ("not safe"): name the file relative to its folder.
    report = Resource(path.name, basepath=str(path.parent), schema=schema).validate(limit_errors=1000)
    elapsed = time.perf_counter() - started
    rows = report.tasks[0].stats.get("rows") if report.tasks else None
    expected = sum(1 for _ in path.open(encoding="utf-8")) - 1
    if not report.valid or rows != expected:  # the anchor must really have read and passed the file
        raise RuntimeError(f"frictionless: valid={report.valid} rows={rows} (expected {expected})")
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
