"""Worker of the API benchmark (see suite.py): builds the data, times both servers, prints one JSON line."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import statistics
import time
from typing import Any

N_INDICATORS = 20
YEARS = [str(y) for y in range(2000, 2025)]


def _percentiles(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    return len(times) / sum(times), p50, p99


def _load(rows: int) -> tuple[str, int]:
    from django.core.management import call_command
    from django.utils import timezone

    from simpul.datasets.models import Dataset, Observation
    from simpul.organizations.models import Organization
    from simpul.regions.loaders import load_regions
    from simpul.regions.models import Region
    from simpul.standards.models import Indicator

    call_command("migrate", verbosity=0, interactive=False)
    load_regions(provinces=["18"], levels=(1, 2))
    regions = ["18", *Region.objects.filter(parent_id="18").values_list("code", flat=True)]
    per_cell = max(1, rows // (N_INDICATORS * len(regions) * len(YEARS)))
    disaggs = [""] + [f"ku={i}" for i in range(per_cell - 1)]
    bps = Organization.objects.create(slug="bps", name="BPS", kind="bps", region_id="18")
    dataset = Dataset.objects.create(slug="bench", title="Benchmark", producer=bps)
    indicators = Indicator.objects.bulk_create(
        [Indicator(code=f"BENCH{i:04d}", name_id=f"Indikator {i}", unit="jiwa") for i in range(N_INDICATORS)]
    )
    dataset.indicators.add(*indicators)
    now = timezone.now()
    batch: list[Observation] = []
    total = 0
    for ind in indicators:
        for region in regions:
            for year in YEARS:
                for d in disaggs:
                    batch.append(Observation(dataset=dataset, producer=bps, indicator=ind, region_id=region,
                                             period=year, disagg=d, value=float(total), unit="jiwa",
                                             valid_from=now, published_at=now))  # fmt: skip
                    total += 1
                    if len(batch) >= 20000:
                        Observation.objects.bulk_create(batch)
                        batch = []
    Observation.objects.bulk_create(batch)
    return indicators[0].code, total


def _time_ours(url: str, n: int) -> tuple[list[float], int]:
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    count = len(client.get(url).json()["items"])  # warm up
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        response.json()
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    return times, count


def _datasette_db(source: str, target: str) -> None:
    if os.path.exists(target):
        os.unlink(target)
    conn = sqlite3.connect(target)
    conn.execute(f"ATTACH DATABASE '{source}' AS src")
    conn.execute(
        "CREATE TABLE observations AS SELECT o.id, i.code AS indicator, o.region_id AS region, o.period, "
        "o.disagg, o.value, o.unit, o.status, o.published_at FROM src.datasets_observation o "
        "JOIN src.standards_indicator i ON i.id = o.indicator_id WHERE o.published_at IS NOT NULL"
    )
    conn.execute("CREATE INDEX obs_ind_region ON observations (indicator, region, id)")
    conn.commit()
    conn.close()


def _time_datasette(path: str, url: str, n: int) -> tuple[list[float], int]:
    from datasette.app import Datasette

    async def go() -> tuple[list[float], int]:
        ds = Datasette([path], settings={"max_returned_rows": 5000})
        first = await ds.client.get(url)
        count = len(first.json()["rows"])
        times = []
        for _ in range(n):
            started = time.perf_counter()
            response = await ds.client.get(url)
            response.json()
            times.append(time.perf_counter() - started)
            assert response.status_code == 200
        return times, count

    return asyncio.run(go())


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.SIMPUL_API_RATE_ANON = 10**9
    rows = int(os.environ.get("ROWS", "200000"))
    n = int(os.environ.get("REQUESTS", "300"))
    code, total = _load(rows)
    ours, count = _time_ours(f"/api/v1/observations?indicator={code}&region=18.01&limit=1000", n)
    source = str(connection.settings_dict["NAME"])
    target = source.replace(".sqlite3", "-datasette.sqlite3")
    _datasette_db(source, target)
    name = os.path.splitext(os.path.basename(target))[0]
    theirs, their_count = _time_datasette(
        target, f"/{name}/observations.json?indicator={code}&region=18.01&_size=1000&_shape=objects", n
    )
    assert count == their_count, (count, their_count)
    figures: dict[str, Any] = {"rows": total, "rows_per_call": count, "requests": n}
    for who, times in (("simpul", ours), ("datasette", theirs)):
        rps, p50, p99 = _percentiles(times)
        figures.update(
            {f"{who}_rps": round(rps, 1), f"{who}_p50_ms": round(p50, 2), f"{who}_p99_ms": round(p99, 2)}
        )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
