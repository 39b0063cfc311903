"""One measurement of the ingest benchmark, in its own process and database.

    python -m benchmarks.ingest.worker ours  --db URL --file PATH --rows N
    python -m benchmarks.ingest.worker floor --db URL --file PATH

The parent (suite.py) sets SIMPUL_DATABASE_URL, DJANGO_SETTINGS_MODULE and SIMPUL_DEBUG=0 (no query
logging). The last stdout line is a JSON object with the figures.

`ours` builds a fresh schema (migrate, regions levels 1-2, the 500 indicators, a producer, a dataset)
and times `simpul.ingest.services.ingest_file` on the file's bytes: the service the upload page uses,
end to end from bytes to committed rows. It then checks that exactly the non-empty cells were stored,
and reports the process's peak RSS (the setup is small next to the ingest).

`floor` runs after `ours` on the same database: the same non-empty rows, already parsed and resolved
to ids and sorted in index order (outside the timer), inserted with executemany (SQLite) or COPY
(PostgreSQL) into a twin of the observation table (same columns, same indexes), with no validation:
no foreign key checks either (PostgreSQL's CREATE TABLE ... LIKE does not copy them; on SQLite they
are switched off for the floor).
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import sys
import time
from pathlib import Path


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def _setup_django() -> None:
    import django

    django.setup()


def _prepare(dataset_slug: str) -> tuple[object, int]:
    """Schema, regions, indicators, producer and dataset; returns (dataset, indicator count)."""
    from django.core.management import call_command

    from simpul.datasets.models import Dataset
    from simpul.organizations.choices import OrganizationKind
    from simpul.organizations.models import Organization
    from simpul.regions.loaders import load_regions
    from simpul.regions.models import Region
    from simpul.standards.models import Indicator, Periodicity, ValueType

    from .data import N_INDICATORS, QUARTERLY_FROM, indicator_code

    call_command("migrate", verbosity=0, interactive=False)
    load_regions(levels=(1, 2))
    Indicator.objects.bulk_create(
        [
            Indicator(
                code=indicator_code(i),
                name_id=f"Indikator uji {i}",
                unit="unit",
                periodicity=Periodicity.TRIWULANAN if i >= QUARTERLY_FROM else Periodicity.TAHUNAN,
                value_type=ValueType.DECIMAL,
            )
            for i in range(N_INDICATORS)
        ],
        ignore_conflicts=True,
    )
    producer, _ = Organization.objects.get_or_create(
        slug="bench-produsen",
        defaults={
            "name": "Produsen uji",
            "kind": OrganizationKind.OPD,
            "region": Region.objects.get(code="18"),
        },
    )
    dataset, _ = Dataset.objects.get_or_create(
        slug=dataset_slug, defaults={"title": "Dataset uji", "producer": producer}
    )
    return dataset, N_INDICATORS


def ours(path: Path, rows: int, dataset_slug: str, profile: Path | None = None) -> dict[str, object]:
    from simpul.datasets.models import Observation
    from simpul.ingest.services import ingest_file

    dataset, _ = _prepare(dataset_slug)
    expected_values = _non_empty(path)
    setup_mb = _peak_mb()
    started = time.perf_counter()
    content = path.read_bytes()
    if profile is not None:
        import cProfile

        with cProfile.Profile() as prof:
            run = ingest_file(actor=None, system=True, dataset=dataset, content=content, file_name=path.name)
        prof.dump_stats(profile)
    else:
        run = ingest_file(actor=None, system=True, dataset=dataset, content=content, file_name=path.name)
    seconds = time.perf_counter() - started
    del content
    peak = _peak_mb()
    stored = Observation.objects.filter(dataset=dataset, valid_to__isnull=True).count()
    ok = run.status == "tersimpan" and run.inserted == expected_values == stored
    return {
        "seconds": seconds,
        "rows": rows,
        "status": str(run.status),
        "inserted": run.inserted,
        "cells_empty": run.cells_empty,
        "stored": stored,
        "expected": expected_values,
        "ok": ok,
        "error_count": run.error_count,
        "report": run.report if not ok else None,
        "peak_mb": peak,
        "setup_peak_mb": setup_mb,
    }


def _non_empty(path: Path) -> int:
    """Rows with a value, read independently of the service (plain csv module)."""
    if path.suffix == ".xlsx":
        return int(path.with_suffix(".values").read_text())
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        return sum(1 for rec in reader if rec[3] != "")


def floor(path: Path, dataset_slug: str, foreign_keys: bool = False) -> dict[str, object]:
    from django.db import connection, transaction
    from django.utils import timezone

    from simpul.datasets.models import Dataset, Observation
    from simpul.ingest.models import IngestRun
    from simpul.standards.models import Indicator

    dataset = Dataset.objects.get(slug=dataset_slug)
    run_id = IngestRun.objects.filter(dataset=dataset).values_list("pk", flat=True).first()
    ind_ids = dict(Indicator.objects.values_list("code", "pk"))
    now = timezone.now()
    table = Observation._meta.db_table
    twin = "bench_floor_observation"
    fields = ["dataset", "producer", "indicator", "region", "period", "disagg", "value", "unit", "status"]
    columns = [Observation._meta.get_field(f).column for f in fields] + ["run_id", "valid_from"]  # type: ignore[union-attr]
    stamp = connection.ops.adapt_datetimefield_value(now)
    # Parsed and resolved outside the timer: ints, strings, floats ready for the driver.
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        parsed = [
            (
                dataset.pk,
                dataset.producer_id,
                ind_ids[ind],
                reg,
                per,
                "",
                float(val),
                "unit",
                1,
                run_id,
                stamp,
            )
            for ind, reg, per, val in reader
            if val
        ]
    # In index order, as the service inserts them (B-tree appends instead of random page writes).
    parsed.sort(key=lambda r: (r[2], r[3], r[4]))
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {twin}")
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE TABLE {twin} (LIKE {table} INCLUDING ALL)")
            if foreign_keys:  # the observation table's own, deferred to commit as Django makes them
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype = 'f'",
                    [table],
                )
                for name, definition in cursor.fetchall():
                    fk = f"bench_fk_{name}"[:63]
                    cursor.execute(f'ALTER TABLE {twin} ADD CONSTRAINT "{fk}" {definition}')
        else:
            cursor.execute("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = %s", [table])
            for kind, name, sql in cursor.fetchall():
                if sql is None:
                    continue
                sql = sql.replace(f'"{table}"', f'"{twin}"')
                if kind == "index":
                    sql = sql.replace(f'"{name}"', f'"{twin}_{name}"', 1)
                cursor.execute(sql)
    indexes = _count_indexes(twin)
    if connection.vendor == "sqlite" and not foreign_keys:
        with connection.cursor() as cursor:  # as LIKE on PostgreSQL: no foreign keys on the twin
            cursor.execute("PRAGMA foreign_keys=OFF")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(f"COPY {twin} ({names}) FROM STDIN") as copy:
                for row in parsed:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {twin} ({names}) VALUES ({marks})", parsed)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {twin}")
        count = cursor.fetchone()[0]
        cursor.execute(f"DROP TABLE {twin}")
    return {"seconds": seconds, "stored": count, "expected": len(parsed), "indexes": indexes}


def _count_indexes(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        return len(connection.introspection.get_constraints(cursor, table))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["ours", "floor"])
    parser.add_argument("--file", type=Path, required=True)
    parser.add_argument("--rows", type=int, default=0)
    parser.add_argument("--dataset", default="bench")
    parser.add_argument("--foreign-keys", action="store_true", help="floor: keep the foreign keys")
    parser.add_argument("--profile", type=Path, help="write cProfile stats of the ingest here")
    args = parser.parse_args(argv)
    _setup_django()
    if args.mode == "ours":
        figures = ours(args.file, args.rows, args.dataset, args.profile)
    else:
        figures = floor(args.file, args.dataset, args.foreign_keys)
    print(json.dumps(figures, default=str), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
