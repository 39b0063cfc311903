"""Builds the API benchmark's database (see suite.py) in its own process; prints one JSON line.

    python -m benchmarks.api.worker setup --file PATH --datasets N --datasette PATH

The 1,000,000-row file of the ingest benchmark goes through `ingest_file` (the upload service) into a
public dataset, and every value is published; N further small datasets (titles, descriptions, tags,
producers, indicators) fill the catalogue for package_search, and the search index is built. Datasette
gets the same published rows as one plain table with indexes on (indicator, region) and
(indicator, period), the equivalent of our observation table's index.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import sys
from pathlib import Path

TOPICS = ["Kesehatan", "Pendidikan", "Kependudukan", "Ekonomi", "Pertanian", "Sosial", "Infrastruktur"]
WORDS = ["penduduk", "sekolah", "puskesmas", "jalan", "padi", "inflasi", "kemiskinan", "air", "listrik",
         "pasar", "desa", "nelayan", "ternak", "hutan", "wisata", "UMKM", "bansos", "imunisasi"]  # fmt: skip


def setup(path: Path, n_datasets: int, datasette: Path) -> dict[str, object]:
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from benchmarks.ingest.worker import _prepare
    from simpul.catalog import search
    from simpul.datasets.models import AccessLevel, Dataset, Observation
    from simpul.ingest.services import ingest_file
    from simpul.organizations.models import Organization
    from simpul.regions.models import Region
    from simpul.standards.models import Indicator

    dataset, _n = _prepare("bench-api")
    run = ingest_file(
        actor=None, system=True, dataset=dataset, content=path.read_bytes(), file_name=path.name
    )
    assert run.status == "tersimpan", run.report
    Dataset.objects.filter(pk=dataset.pk).update(access=AccessLevel.PUBLIC)
    published = Observation.objects.filter(dataset=dataset).update(published_at=timezone.now())
    dataset.indicators.set(Indicator.objects.all())

    rng = random.Random(7)
    producer = Organization.objects.get(slug="bench-produsen")
    indicators = list(Indicator.objects.values_list("pk", flat=True))
    # Descriptions mix topic words with kab/kota names, so a common word is found in a few percent of the
    # catalogue (about 700 of 10,000 datasets for "penduduk"), as in a real portal.
    places = list(Region.objects.filter(level=2).values_list("name", flat=True))
    vocabulary = WORDS + [w for name in places for w in name.lower().split() if len(w) > 3]
    batch = [
        Dataset(
            slug=f"katalog-{i:05d}",
            title=f"{rng.choice(WORDS).title()} {rng.choice(places)} {2010 + i % 16}",
            description=" ".join(rng.choice(vocabulary) for _ in range(12)),
            producer=producer,
            topic=rng.choice(TOPICS),
            tags=rng.sample(WORDS, 3),
            access=AccessLevel.PUBLIC,
        )
        for i in range(n_datasets)
    ]
    created = Dataset.objects.bulk_create(batch, batch_size=2000)
    through = Dataset.indicators.through
    through.objects.bulk_create(
        [through(dataset_id=d.pk, indicator_id=rng.choice(indicators)) for d in created], batch_size=5000
    )
    indexed = search.rebuild_index()

    source = str(connection.settings_dict["NAME"])
    connection.close()
    _datasette_db(source, datasette)
    return {"published": published, "datasets": Dataset.objects.count(), "indexed": indexed}


def _datasette_db(source: str, target: Path) -> None:
    target.unlink(missing_ok=True)
    conn = sqlite3.connect(target)
    conn.execute(f"ATTACH DATABASE '{source}' AS src")
    conn.execute(
        "CREATE TABLE observations AS SELECT o.id, i.code AS indicator, o.region_id AS region, o.period, "
        "o.disagg, o.value, o.unit, o.status, o.published_at FROM src.datasets_observation o "
        "JOIN src.standards_indicator i ON i.id = o.indicator_id WHERE o.published_at IS NOT NULL"
    )
    conn.execute("CREATE INDEX obs_ind_region ON observations (indicator, region)")
    conn.execute("CREATE INDEX obs_ind_period ON observations (indicator, period)")
    conn.commit()
    conn.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["setup"])
    parser.add_argument("--file", type=Path, required=True)
    parser.add_argument("--datasets", type=int, default=10_000)
    parser.add_argument("--datasette", type=Path, required=True)
    args = parser.parse_args(argv)
    sys.path.insert(0, os.getcwd())
    print(json.dumps(setup(args.file, args.datasets, args.datasette)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
