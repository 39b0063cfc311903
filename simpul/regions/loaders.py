"""Loaders of the packaged reference regions (fixtures/regions/, see its README for sources and licences).

`load_regions()` is idempotent: it inserts what is missing, corrects what differs from the packaged
files and leaves everything else alone (it never deletes, so organisations pointing at a region are
safe). A second run reads the existing rows once and writes nothing.
"""

from __future__ import annotations

import csv
import gzip
import io
import logging
import re
from collections.abc import Iterable, Iterator
from functools import reduce
from operator import or_
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Q

from .crosswalk import fixtures_dir, read_crosswalk
from .models import Kind, Level, Region

logger = logging.getLogger(__name__)

LEVEL_KEYS = {
    Level.PROVINSI: "provinsi",
    Level.KABKOTA: "kabkota",
    Level.KECAMATAN: "kecamatan",
    Level.DESA: "desa",
}
_FILES = {
    Level.PROVINSI: "provinces.csv",
    Level.KABKOTA: "regencies.csv",
    Level.KECAMATAN: "districts.csv",
    Level.DESA: "villages.csv.gz",
}
_PROVINCE_CODE = re.compile(r"[0-9]{2}\Z")
BATCH_SIZE = 5000

# (code, bps_code, name, level, kind, parent_id): the comparable content of one row
Row = tuple[str, str | None, str, int, str, str | None]


def _open(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
    return path.open(encoding="utf-8", newline="")


def _kind(level: int, code: str) -> str:
    if level == Level.PROVINSI:
        return Kind.PROVINSI
    if level == Level.KABKOTA:
        # Kemendagri numbers kota from 71 upwards within each province.
        return Kind.KOTA if int(code[3:5]) >= 71 else Kind.KABUPATEN
    if level == Level.KECAMATAN:
        return Kind.KECAMATAN
    # Kemendagri village codes: 1xxx kelurahan, 2xxx desa, 3xxx desa adat.
    return Kind.KELURAHAN if code[9] == "1" else Kind.DESA


def packaged_rows(
    *, provinces: set[str] | None = None, levels: Iterable[int] = (1, 2, 3, 4), directory: Path | None = None
) -> Iterator[Row]:
    """The packaged regions as rows, level by level, so parents come before their children."""
    d = directory or fixtures_dir()
    bps = read_crosswalk(d)
    for level in sorted(set(levels)):
        with _open(d / _FILES[Level(level)]) as fh:
            reader = csv.reader(fh)
            next(reader)  # header
            for rec in reader:
                if not rec:
                    continue
                code, name = rec[0], rec[-1]  # strings, always: 18.10 stays 18.10
                if provinces is not None and code[:2] not in provinces:
                    continue
                parent = rec[1] if level > Level.PROVINSI else None
                yield (code, bps.get(code), name, level, _kind(level, code), parent)


def load_regions(
    *, provinces: Iterable[str] | None = None, levels: Iterable[int] = (1, 2, 3, 4)
) -> dict[str, int]:
    """Load the packaged regions; return the number of packaged rows per level plus `created` and `updated`.

    `provinces` limits the load to some Kemendagri province codes (e.g. ["18"]); `levels` to some
    levels (1 provinsi, 2 kab/kota, 3 kecamatan, 4 desa/kelurahan). Parents of the loaded rows must
    be loaded too (now or before).
    """
    wanted_levels = sorted({int(level) for level in levels})
    if not wanted_levels or any(level not in LEVEL_KEYS for level in wanted_levels):
        raise ValueError(f"levels must be among 1-4, got {wanted_levels}")
    prov_set: set[str] | None = None
    if provinces is not None:
        prov_set = {str(p) for p in provinces}
        bad = sorted(p for p in prov_set if not _PROVINCE_CODE.match(p))
        if bad:
            raise ValueError(f"province codes must be two digits (Kemendagri), got {bad}")

    desired = list(packaged_rows(provinces=prov_set, levels=wanted_levels))
    counts = {LEVEL_KEYS[Level(level)]: 0 for level in wanted_levels}
    for row in desired:
        counts[LEVEL_KEYS[Level(row[3])]] += 1

    existing_qs = Region.objects.filter(level__in=wanted_levels)
    if prov_set is not None:
        scope = reduce(or_, (Q(code=p) | Q(code__startswith=f"{p}.") for p in sorted(prov_set)))
        existing_qs = existing_qs.filter(scope)
    existing: dict[str, Row] = {
        row[0]: row
        for row in existing_qs.values_list("code", "bps_code", "name", "level", "kind", "parent_id")
    }
    to_create = [row for row in desired if row[0] not in existing]
    to_update = [row for row in desired if row[0] in existing and existing[row[0]] != row]

    if to_create or to_update:
        packaged = {row[0] for row in desired}
        outside = {row[5] for row in to_create if row[5] is not None and row[5] not in packaged}
        missing_parents = sorted(
            outside - set(Region.objects.filter(code__in=outside).values_list("code", flat=True))
        )
        if missing_parents:
            raise ValueError(f"parents not loaded (load their level too): {missing_parents[:5]}")
        with transaction.atomic():
            if to_update:
                _update(to_update)
            _insert(to_create)
        from .selectors import clear_match_cache

        clear_match_cache()
    counts["created"] = len(to_create)
    counts["updated"] = len(to_update)
    logger.debug("regions loaded: %s", counts)
    return counts


def _insert(rows: list[Row]) -> None:
    """Insert new rows below the ORM: COPY on PostgreSQL, executemany elsewhere.

    bulk_create spends ~4 s of Python building SQL for the 91,599 packaged rows; this takes well under
    a second (see docs/regions.md for the measurements). The rows come from our own packaged files.
    """
    if not rows:
        return
    table = connection.ops.quote_name(Region._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(c) for c in ("code", "bps_code", "name", "level", "kind", "parent_id")
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s)"  # noqa: S608 (names are ours)
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, rows[start : start + BATCH_SIZE])


def _update(rows: list[Row]) -> None:
    # BPS codes are unique: clear the ones that move before setting them, so swaps do not collide.
    codes = [row[0] for row in rows]
    moving_bps = {row[1] for row in rows if row[1]}
    Region.objects.filter(Q(code__in=codes) | Q(bps_code__in=moving_bps)).update(bps_code=None)
    objs = [
        Region(code=code, bps_code=bps, name=name, level=level, kind=kind, parent_id=parent)
        for code, bps, name, level, kind, parent in rows
    ]
    Region.objects.bulk_update(objs, ["bps_code", "name", "level", "kind", "parent"], batch_size=1000)
