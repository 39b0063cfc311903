"""Full-text search over the catalogue: SQLite FTS5 or PostgreSQL text search, same behaviour.

`sync_index()` refreshes the documents of datasets changed since they were indexed (one cheap query when
nothing changed, so searches call it); `rebuild_index()` redoes everything (`manage.py catalog_reindex`).
`match_ids(q)` returns dataset ids ranked best first; callers intersect them with what the user may see.
Each word of the query must match the start of a word in the document ("pendud" finds "penduduk"),
accents and case ignored.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, Max, OuterRef, QuerySet
from django.db.models.expressions import RawSQL

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


def _up_to_date() -> bool:
    """Two aggregate queries instead of comparing every dataset with its document on every search: the
    index is current when it has one document per dataset and none is older than the newest change
    (`modified_at` is set to "now" by every change, so a change always raises the maximum)."""
    datasets = Dataset.objects.aggregate(n=Count("pk"), last=Max("modified_at"))
    docs = SearchDoc.objects.aggregate(n=Count("pk"), last=Max("source_modified"))
    if datasets["n"] != docs["n"]:
        return False
    return datasets["last"] is None or (docs["last"] is not None and datasets["last"] <= docs["last"])


def sync_index() -> int:
    """Index datasets that are new or changed since indexed; drop entries of deleted datasets."""
    if _up_to_date():
        return 0
    fresh = SearchDoc.objects.filter(dataset_id=OuterRef("pk"), source_modified=OuterRef("modified_at"))
    stale = list(
        Dataset.objects.filter(~Exists(fresh))
        .order_by()
        .select_related("producer")
        .prefetch_related("indicators")
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


# The weighted document the PostgreSQL GIN index (migration 0001) is built over; queries repeat it exactly.
_PG_VECTOR = "(setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body), 'B'))"


def _sqlite_match(words: list[str]) -> str:
    return " AND ".join('"' + w.replace('"', "") + '"*' for w in words)


def _pg_query(words: list[str]) -> str:
    return " & ".join(w.replace("'", "") + ":*" for w in words)


def _substring(words: list[str]) -> QuerySet[SearchDoc]:  # other databases: plain substring match
    docs = SearchDoc.objects.all()
    for w in words:
        docs = docs.filter(body__icontains=w) | docs.filter(title__icontains=w)
    return docs


# Ids of the datasets whose document matches, per database; the one parameter is `_match_param`'s.
_MATCH_SQL = {
    "sqlite": "SELECT rowid FROM catalog_searchfts WHERE catalog_searchfts MATCH %s",
    "postgresql": "SELECT dataset_id FROM catalog_searchdoc WHERE "  # noqa: S608 - constant SQL
    f"{_PG_VECTOR} @@ to_tsquery('simple', %s)",
}
# Best match first, for match_ids (the query's parameter is given a second time on PostgreSQL).
_RANK_SQL = {
    "sqlite": " ORDER BY bm25(catalog_searchfts, 5.0, 1.0), rowid",
    "postgresql": f" ORDER BY ts_rank({_PG_VECTOR}, to_tsquery('simple', %s)) DESC, dataset_id",
}


def _match_param(words: list[str]) -> str:
    return _sqlite_match(words) if connection.vendor == "sqlite" else _pg_query(words)


def match_subquery(q: str) -> RawSQL | QuerySet[SearchDoc, Any] | None:
    """The ids of datasets whose document matches every word of `q`, as SQL for `pk__in=` (unranked;
    None when `q` has no words). Keeps the matching inside the database however many datasets match."""
    words = terms(q)
    if not words:
        return None
    if connection.vendor in _MATCH_SQL:
        # constant SQL, the words are a parameter
        return RawSQL(_MATCH_SQL[connection.vendor], [_match_param(words)])  # noqa: S611
    return _substring(words).values("dataset_id")  # pragma: no cover


def match_ids(q: str) -> list[int]:
    """Ids of datasets whose document matches every word of `q`, best match first."""
    words = terms(q)
    if not words:
        return []
    vendor = connection.vendor
    if vendor not in _MATCH_SQL:  # pragma: no cover
        return list(_substring(words).values_list("dataset_id", flat=True))
    param = _match_param(words)
    params = [param, param] if vendor == "postgresql" else [param]
    with connection.cursor() as cursor:
        cursor.execute(_MATCH_SQL[vendor] + _RANK_SQL[vendor], params)
        return [row[0] for row in cursor.fetchall()]
