"""Full-text search over the catalogue: SQLite FTS5 or PostgreSQL text search, same behaviour.

`sync_index()` refreshes the documents of datasets changed since they were indexed (one cheap query when
nothing changed, so searches call it); `rebuild_index()` redoes everything (`manage.py catalog_reindex`).
`match_ids(q)` returns dataset ids ranked best first; callers intersect them with what the user may see.
Each word of the query must match the start of a word in the document ("pendud" finds "penduduk"),
accents and case ignored.
"""

from __future__ import annotations

import re

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef

from simpul.datasets.models import Dataset

from .models import SearchDoc

MAX_TERMS = 12
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _document(dataset: Dataset) -> tuple[str, str]:
    indicators = dataset.indicators.all()
    parts = [
        dataset.description,
        " ".join(str(t) for t in (dataset.tags or []) if isinstance(t, str | int | float)),
        dataset.topic,
        dataset.producer.name,
        " ".join(f"{i.code} {i.name_id} {i.name_en}" for i in indicators),
    ]
    return dataset.title, "\n".join(p for p in parts if p)


def _write(dataset: Dataset) -> None:
    title, body = _document(dataset)
    with transaction.atomic():
        SearchDoc.objects.update_or_create(
            dataset=dataset,
            defaults={"title": title, "body": body, "source_modified": dataset.modified_at},
        )
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM catalog_searchfts WHERE rowid = %s", [dataset.pk])
                cursor.execute(
                    "INSERT INTO catalog_searchfts (rowid, title, body) VALUES (%s, %s, %s)",
                    [dataset.pk, title, body],
                )


def sync_index() -> int:
    """Index datasets that are new or changed since indexed; drop entries of deleted datasets."""
    fresh = SearchDoc.objects.filter(dataset_id=OuterRef("pk"), source_modified=OuterRef("modified_at"))
    stale = list(
        Dataset.objects.filter(~Exists(fresh)).select_related("producer").prefetch_related("indicators")
    )
    for dataset in stale:
        try:
            _write(dataset)
        except IntegrityError:  # another request indexed it at the same moment
            pass
    if connection.vendor == "sqlite" and stale:
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM catalog_searchfts WHERE rowid NOT IN (SELECT dataset_id FROM catalog_searchdoc)"
            )
    return len(stale)


def rebuild_index() -> int:
    with transaction.atomic():
        SearchDoc.objects.all().delete()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM catalog_searchfts")
    return sync_index()


def terms(q: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(q)][:MAX_TERMS]


def match_ids(q: str) -> list[int]:
    """Ids of datasets whose document matches every word of `q`, best match first."""
    words = terms(q)
    if not words:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            expr = " AND ".join('"' + w.replace('"', "") + '"*' for w in words)
            cursor.execute(
                "SELECT rowid FROM catalog_searchfts WHERE catalog_searchfts MATCH %s "
                "ORDER BY bm25(catalog_searchfts, 5.0, 1.0), rowid",
                [expr],
            )
        elif connection.vendor == "postgresql":
            query = " & ".join(w.replace("'", "") + ":*" for w in words)
            vector = (
                "(setweight(to_tsvector('simple', title), 'A') || "
                "setweight(to_tsvector('simple', body), 'B'))"
            )
            cursor.execute(
                f"SELECT dataset_id FROM catalog_searchdoc WHERE {vector} @@ to_tsquery('simple', %s) "  # noqa: S608
                f"ORDER BY ts_rank({vector}, to_tsquery('simple', %s)) DESC, dataset_id",
                [query, query],
            )
        else:  # pragma: no cover - other databases: plain substring match
            ids = SearchDoc.objects.all()
            for w in words:
                ids = ids.filter(body__icontains=w) | ids.filter(title__icontains=w)
            return list(ids.values_list("dataset_id", flat=True))
        return [row[0] for row in cursor.fetchall()]
