"""One backend of the dashboard benchmark, in its own process and database.

    python -m benchmarks.dashboard.worker --rows N

The parent (suite.py) sets SIMPUL_DATABASE_URL (a fresh benchmark database), DJANGO_SETTINGS_MODULE and
SIMPUL_DEBUG=0. Builds the schema, regions (levels 1-2), 500 indicators and N observations (default
1,000,000: 500 indicators x 16 years x 125 regions - Lampung's province and 15 kab/kota plus 109 other
kab/kota), bulk-inserted with `simpul.datasets.bulk.write_revisions` and marked published. Then times each
dashboard data endpoint with Django's test client, in-process, signed in as a pimpinan, next to the bare
SQL query that reads the same rows (the floor). The last stdout line is a JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any

N_INDICATORS = 500
YEARS = [str(y) for y in range(2010, 2026)]
REPEAT = 15


def _setup() -> None:
    import django

    django.setup()


def _load(rows: int) -> dict[str, Any]:
    import polars as pl
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from simpul.accounts.models import User
    from simpul.datasets.bulk import write_revisions
    from simpul.datasets.models import Dataset, Observation
    from simpul.ingest.models import IngestRun
    from simpul.organizations.choices import OrganizationKind, Role
    from simpul.organizations.models import Membership, Organization
    from simpul.regions.loaders import load_regions
    from simpul.regions.models import Level, Region
    from simpul.standards.models import Indicator

    call_command("migrate", verbosity=0, interactive=False)
    load_regions(levels=(1, 2))
    lampung = [
        "18",
        *Region.objects.filter(parent_id="18", level=Level.KABKOTA).values_list("code", flat=True),
    ]
    others = list(
        Region.objects.filter(level=Level.KABKOTA)
        .exclude(parent_id="18")
        .order_by("code")
        .values_list("code", flat=True)
    )
    n_regions = max(len(lampung), rows // (N_INDICATORS * len(YEARS)))
    regions = lampung + others[: n_regions - len(lampung)]
    Indicator.objects.bulk_create(
        [
            Indicator(code=f"BENCH{i:04d}", name_id=f"Indikator uji {i}", unit="persen")
            for i in range(N_INDICATORS)
        ]
    )
    ind_ids = list(Indicator.objects.order_by("code").values_list("pk", flat=True))
    province = Region.objects.get(code="18")
    prov = Organization.objects.create(
        slug="pemprov-lampung", name="Pemprov Lampung", kind=OrganizationKind.PEMDA, region=province
    )
    bps = Organization.objects.create(
        slug="bps-lampung", name="BPS Lampung", kind=OrganizationKind.BPS, region=province
    )
    dataset = Dataset.objects.create(slug="bench", title="Benchmark", producer=bps)
    dataset.indicators.add(*ind_ids)
    run = IngestRun.objects.create(producer=bps, dataset=dataset, file_name="bench.csv", sha256="0" * 64)
    leader = User.objects.create_user(username="pimpinan-bench", password="x")
    Membership.objects.create(user=leader, organization=prov, role=Role.PIMPINAN)

    n = len(ind_ids) * len(YEARS) * len(regions)
    k = pl.int_range(0, n, eager=True)
    per_ind = len(YEARS) * len(regions)
    frame = pl.DataFrame({
        "ind_id": pl.Series(ind_ids, dtype=pl.Int64).gather(k // per_ind),
        "period": pl.Series(YEARS).gather((k // len(regions)) % len(YEARS)),
        "region_id": pl.Series(regions).gather(k % len(regions)),
        "value": ((k * 7919) % 100000).cast(pl.Float64) / 10,
    }).with_columns(
        disagg=pl.lit(""), unit=pl.lit("persen"), status=pl.lit(None, dtype=pl.Int16)
    )  # fmt: skip
    started = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        write_revisions(cells=frame, dataset_id=dataset.pk, producer_id=bps.pk, run_id=run.pk, now=now)
        Observation.objects.filter(dataset=dataset).update(published_at=now)
    load_s = time.perf_counter() - started
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"rows": Observation.objects.count(), "load_s": load_s, "leader": leader, "regions": regions}


def _time(fn: Any) -> tuple[float, float]:
    fn()  # warm-up (caches, query plans)
    samples = []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), max(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    _setup()
    from django.conf import settings
    from django.db import connection

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    from django.test import Client
    from django.urls import reverse

    from simpul.datasets.models import Observation
    from simpul.standards.models import Indicator

    loaded = _load(args.rows)
    client = Client()
    client.force_login(loaded["leader"])
    table = Observation._meta.db_table
    lampung = loaded["regions"][:16]
    ind = {code: pk for code, pk in Indicator.objects.values_list("code", "pk")}
    marks = ", ".join(["%s"] * len(lampung))

    def floor(sql: str, params: list[Any]) -> Any:
        def run() -> None:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                cursor.fetchall()

        return run

    def get(url: str, **params: str) -> Any:
        def run() -> None:
            response = client.get(url, params)
            assert response.status_code == 200, (url, response.status_code)

        return run

    map_sql = (
        f"SELECT region_id, value FROM {table} WHERE indicator_id = %s AND region_id IN ({marks}) "  # noqa: S608
        "AND period = %s AND disagg = '' AND valid_to IS NULL"
    )
    trend_sql = (
        f"SELECT region_id, period, value FROM {table} WHERE indicator_id = %s AND region_id IN (%s, %s) "  # noqa: S608
        "AND disagg = '' AND valid_to IS NULL"
    )
    cases = [
        ("indikator", get(reverse("pantau:data-indicators")),
         floor("SELECT id, code, name_id FROM standards_indicator ORDER BY code", [])),
        ("peta (terbaru)", get(reverse("pantau:data-map"), indikator="BENCH0123"),
         floor(map_sql, [ind["BENCH0123"], *lampung, "2025"])),
        ("peta (2015)", get(reverse("pantau:data-map"), indikator="BENCH0456", periode="2015"),
         floor(map_sql, [ind["BENCH0456"], *lampung, "2015"])),
        ("tren", get(reverse("pantau:data-trend"), indikator="BENCH0007", wilayah="18.71"),
         floor(trend_sql, [ind["BENCH0007"], "18", "18.71"])),
        ("spbe", get(reverse("pantau:data-spbe")),
         floor("SELECT id FROM assessment_evaluation WHERE status = 'selesai'", [])),
        ("kelengkapan", get(reverse("pantau:data-completeness")),
         floor("SELECT id FROM reconcile_dataplan", [])),
        ("tindak lanjut", get(reverse("pantau:data-followups")),
         floor("SELECT id FROM followups_followup", [])),
    ]  # fmt: skip
    results = []
    for name, ours, bare in cases:
        ours_ms, ours_max = _time(ours)
        floor_ms, _ = _time(bare)
        results.append({"endpoint": name, "ours_ms": ours_ms, "ours_max_ms": ours_max, "floor_ms": floor_ms})
    print(json.dumps({"vendor": connection.vendor, "rows": loaded["rows"], "load_s": loaded["load_s"],
                      "results": results}))  # fmt: skip


if __name__ == "__main__":
    main()
