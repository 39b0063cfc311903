"""Publishing observation revisions: `published_at` on the new ones, `published_until` on those they replace.

Behind `simpul.reconcile.services.submission_publish` (permission checks and audit live there).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet

from .models import Dataset, Observation

CELL = ("dataset_id", "producer_id", "indicator_id", "region_id", "period", "disagg")


def _same_cell_later() -> QuerySet[Observation]:
    """Revisions of the outer row's cell (same dataset and producer) that came after it."""
    return Observation.objects.filter(
        **{field: OuterRef(field) for field in CELL}, valid_from__gt=OuterRef("valid_from")
    )


def publish_revisions(revisions: QuerySet[Observation], *, now: datetime) -> int:
    """Publish the unpublished rows of `revisions` at `now`; returns how many.

    Each published revision of the same cells that is now followed by a later published one gets
    `published_until = now`: the public value changes at that moment, and `as_of` reads before it still see
    the old one. The datasets concerned get `modified_at = now`."""
    count = revisions.filter(published_at__isnull=True).update(published_at=now)
    if count:
        # New public values change the dataset: harvesters asking what changed since (DCAT modified_since,
        # CKAN metadata_modified) must see it.
        Dataset.objects.filter(pk__in=revisions.values("dataset_id")).update(modified_at=now)
        replaced = Observation.objects.filter(
            dataset_id__in=revisions.values("dataset_id"),
            indicator_id__in=revisions.values("indicator_id"),
            published_at__isnull=False,
            published_until__isnull=True,
        ).filter(Exists(_same_cell_later().filter(published_at=now)))
        replaced.update(published_until=now)
    return count
