"""Ingest: a 1,000,000-row long CSV validated and committed through `ingest_file` (the service the upload
page uses) on SQLite and PostgreSQL, next to three anchors measured on the same file in the same run:

  (a) sqlite-utils `insert_all` of the file inside one transaction;
  (b) `frictionless validate` of the file;
  (c) the floor: the same non-empty rows, already parsed and resolved to ids, inserted with
      executemany (SQLite) / COPY (PostgreSQL) into a twin of the observation table (same columns and
      indexes), no validation. A bare 4-column table without indexes is printed too, for reference.

Plus a 100,000-row XLSX through `ingest_file` on SQLite. Each of our measurements runs in its own
process (worker.py) on the benchmark's own databases, never the demo's: a SQLite file under
benchmarks/.data/ and the PostgreSQL database `simpul_bench` (SIMPUL_BENCH_PG, default
postgres://postgres@127.0.0.1:5432/simpul_bench). ROWS=100000 makes a quicker run.
"""

from __future__ import annotations

import json
import math
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from . import anchors
from .data import HEADER, rows, write_csv

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "benchmarks" / ".data"
PG_URL = os.environ.get("SIMPUL_BENCH_PG", "postgres://postgres@127.0.0.1:5432/simpul_bench")
XLSX_ROWS = 100_000


def kabkota_codes() -> list[str]:
    """The 514 kab/kota Kemendagri codes, straight from the packaged reference file."""
    with (ROOT / "fixtures" / "regions" / "regencies.csv").open(encoding="utf-8") as fh:
        next(fh)
        return [line.split(",", 1)[0] for line in fh if line.strip()]


def write_xlsx(path: Path, n: int, regions: list[str]) -> Path:
    """The first n rows of the same data as a long-layout XLSX (values as numbers, empty cells absent)."""
    values_file = path.with_suffix(".values")
    if path.exists() and values_file.exists() and path.with_suffix(".rows").read_text() == str(n):
        return path
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, HEADER)
    values = 0
    for r, (ind, reg, per, val) in enumerate(rows(n, regions), start=1):
        sheet.write_string(r, 0, ind)
        sheet.write_string(r, 1, reg)
        sheet.write_string(r, 2, per)
        if val:
            sheet.write_number(r, 3, float(val))
            values += 1
    book.close()
    values_file.write_text(str(values))
    path.with_suffix(".rows").write_text(str(n))
    return path


def _worker(mode: str, db_url: str, *args: str) -> dict[str, Any]:
    env = {
        **os.environ,
        "SIMPUL_DATABASE_URL": db_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SIMPUL_DEBUG": "0",  # no query logging
        "SIMPUL_DEMO": "0",
        "SIMPUL_LOG_LEVEL": "WARNING",
    }
    cmd = [sys.executable, "-m", "benchmarks.ingest.worker", mode, *args]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"worker {mode} on {db_url} failed ({proc.returncode}):\n{proc.stdout[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _pg_dsn(url: str) -> dict[str, Any]:
    from urllib.parse import urlparse

    u = urlparse(url)
    return {
        "host": u.hostname or "127.0.0.1",
        "port": u.port or 5432,
        "user": u.username or "postgres",
        "dbname": u.path.lstrip("/"),
        **({"password": u.password} if u.password else {}),
    }


def _pg_recreate(url: str) -> str | None:
    """Drop and create the benchmark database; None if it worked, else why not."""
    try:
        import psycopg

        dsn = _pg_dsn(url)
        name = dsn["dbname"]
        if not name.startswith("simpul_bench"):
            return f"refusing to drop {name!r}: the benchmark database must be named simpul_bench*"
        admin = {**dsn, "dbname": "postgres", "connect_timeout": 5}
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


def _line(label: str, seconds: float, n: int, note: str = "") -> str:
    if math.isnan(seconds):
        return f"{label:52}{'n/a':>10}{'':>12}  {note}"
    return f"{label:52}{seconds:>10.2f}{n / seconds:>12,.0f}  {note}"


def _machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )  # fmt: skip
    mem = next(
        (int(line.split()[1]) / 1024 / 1024 for line in Path("/proc/meminfo").read_text().splitlines()
         if line.startswith("MemTotal")),
        0.0,
    )  # fmt: skip
    return f"{os.cpu_count()} CPU ({cpu}), {mem:.1f} GiB RAM, Python {platform.python_version()}"


def run() -> dict[str, object]:
    n = int(os.environ.get("ROWS", "1000000"))
    WORK.mkdir(parents=True, exist_ok=True)
    regions = kabkota_codes()
    print(f"machine: {_machine()}")
    started = time.perf_counter()
    csv_path = write_csv(WORK / f"ingest-{n}.csv", n, regions)
    xlsx_path = write_xlsx(WORK / f"ingest-{XLSX_ROWS}.xlsx", XLSX_ROWS, regions)
    size_mb = csv_path.stat().st_size / 1e6
    print(f"data: {csv_path.name} ({n:,} rows, {size_mb:.1f} MB), {xlsx_path.name} "
          f"({time.perf_counter() - started:.1f} s to generate or check)")  # fmt: skip

    # Ours, SQLite: a fresh file, then the floor on the same database.
    sqlite_url = _sqlite_url(WORK / "bench.sqlite3")
    ours_sqlite = _worker("ours", sqlite_url, "--file", str(csv_path), "--rows", str(n))
    _check(ours_sqlite, "SQLite")
    floor_sqlite = _worker("floor", sqlite_url, "--file", str(csv_path))
    _check_floor(floor_sqlite)

    # Ours, PostgreSQL.
    pg_problem = _pg_recreate(PG_URL)
    ours_pg: dict[str, Any] = {"seconds": math.nan, "peak_mb": math.nan}
    floor_pg: dict[str, Any] = {"seconds": math.nan}
    floor_pg_fk: dict[str, Any] = {"seconds": math.nan}
    bare_pg = math.nan
    if pg_problem is None:
        ours_pg = _worker("ours", PG_URL, "--file", str(csv_path), "--rows", str(n))
        _check(ours_pg, "PostgreSQL")
        floor_pg = _worker("floor", PG_URL, "--file", str(csv_path))
        _check_floor(floor_pg)
        floor_pg_fk = _worker("floor", PG_URL, "--file", str(csv_path), "--foreign-keys")
        _check_floor(floor_pg_fk)
        bare_pg = anchors.postgres_floor(csv_path, _pg_dsn(PG_URL))
    else:
        bar = "!" * 78
        print(f"\n{bar}\n!! PostgreSQL is NOT reachable at {PG_URL}:\n!!   {pg_problem}\n"
              f"!! The PostgreSQL figures are MISSING (postgres_s=nan).\n{bar}\n")  # fmt: skip

    # XLSX, SQLite, its own file.
    ours_xlsx = _worker("ours", _sqlite_url(WORK / "bench-xlsx.sqlite3"), "--file", str(xlsx_path),
                        "--rows", str(XLSX_ROWS))  # fmt: skip
    _check(ours_xlsx, "XLSX")

    # The anchors on the same file.
    t_sqlite_utils = anchors.sqlite_utils_insert_all(csv_path, WORK)
    t_frictionless = anchors.frictionless_validate(csv_path)
    bare_sqlite = anchors.sqlite_floor(csv_path, WORK)

    sq, pg = ours_sqlite["seconds"], ours_pg["seconds"]
    slower = max(sq, pg) if not math.isnan(pg) else sq
    ratio_sqlite = sq / floor_sqlite["seconds"]
    ratio_pg = pg / floor_pg["seconds"] if not math.isnan(pg) else math.nan
    ratio = max(ratio_sqlite, ratio_pg) if not math.isnan(ratio_pg) else ratio_sqlite
    peak = max(v for v in (ours_sqlite["peak_mb"], ours_pg["peak_mb"]) if not math.isnan(v))
    xlsx_rate = XLSX_ROWS / ours_xlsx["seconds"]

    values = ours_sqlite["expected"]
    print(f"\n{n:,} rows, {values:,} values ({n - values:,} empty); seconds and file rows per second")
    print(f"{'':52}{'seconds':>10}{'rows/s':>12}")
    print(_line("simpul ingest_file, SQLite", sq, n, f"peak RSS {ours_sqlite['peak_mb']:.0f} MB"))
    print(_line("simpul ingest_file, PostgreSQL", pg, n, f"peak RSS {ours_pg['peak_mb']:.0f} MB"))
    print(_line("(a) sqlite-utils insert_all, one transaction", t_sqlite_utils, n,
                f"ours {t_sqlite_utils / slower:.2f}x faster (goal 2.5x)"))  # fmt: skip
    print(_line("(b) frictionless validate", t_frictionless, n,
                f"ours {t_frictionless / slower:.2f}x faster (goal 10x)"))  # fmt: skip
    print(_line("(c) floor SQLite: executemany, observation twin", floor_sqlite["seconds"], n,
                f"ours {ratio_sqlite:.2f}x the floor (goal <= 1.6x)"))  # fmt: skip
    print(_line("(c) floor PostgreSQL: COPY, observation twin", floor_pg["seconds"], n,
                f"ours {ratio_pg:.2f}x the floor (goal <= 1.6x)"))  # fmt: skip
    print(_line("    PostgreSQL COPY, twin with the 5 foreign keys", floor_pg_fk["seconds"], n,
                "what the deferred foreign key checks cost"))  # fmt: skip
    print(_line("    bare floor SQLite: executemany, 4 columns, no index", bare_sqlite, n))
    print(_line("    bare floor PostgreSQL: COPY, 4 columns, no index", bare_pg, n))
    print(_line(f"simpul ingest_file, XLSX {XLSX_ROWS:,} rows, SQLite", ours_xlsx["seconds"], XLSX_ROWS,
                f"peak RSS {ours_xlsx['peak_mb']:.0f} MB (goal 80,000 rows/s)"))  # fmt: skip
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (other work on the machine skews the figures)")
    print(f"peak RSS of our 1M ingest (worst of the two): {peak:.0f} MB (goal <= 600 MB)")
    return {
        "rows": n,
        "sqlite_s": sq,
        "postgres_s": pg,
        "speedup_vs_sqlite_utils": t_sqlite_utils / slower,
        "speedup_vs_frictionless": t_frictionless / slower,
        "ratio_to_floor": ratio,
        "peak_mb": round(peak),
        "xlsx_rows_per_s": round(xlsx_rate),
    }


def _check(figures: dict[str, Any], label: str) -> None:
    """The benchmark cannot pass by doing nothing: every non-empty cell must be stored, once."""
    if not figures.get("ok"):
        raise RuntimeError(
            f"{label}: ingest did not store the file's values: status={figures.get('status')} "
            f"inserted={figures.get('inserted')} stored={figures.get('stored')} "
            f"expected={figures.get('expected')} report={json.dumps(figures.get('report'))[:1500]}"
        )


def _check_floor(figures: dict[str, Any]) -> None:
    if figures["stored"] != figures["expected"]:
        raise RuntimeError(f"floor stored {figures['stored']} rows, expected {figures['expected']}")
