"""Publishing a correction: the public value changes at the moment of publication, earlier moments keep
theirs (`as_of`), and a revision replaced before it was ever public never shows."""

from __future__ import annotations

import datetime
import importlib
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from simpul.datasets.models import Observation
from simpul.datasets.publication import publish_revisions
from simpul.datasets.selectors import public_observations
from simpul.datasets.tests.factories import DatasetFactory, standard_data

pytestmark = pytest.mark.django_db
T0 = timezone.now().replace(microsecond=0) - datetime.timedelta(days=10)


def at(days: int) -> datetime.datetime:
    return T0 + datetime.timedelta(days=days)


@pytest.fixture
def cell(orgs: dict[str, Any]) -> dict[str, Any]:
    ds: Any = DatasetFactory(slug="pddk", producer=orgs["bps"])
    indicator = standard_data()["penduduk"]
    return {
        "dataset": ds,
        "producer": orgs["bps"],
        "indicator": indicator,
        "region_id": "18.01",
        "period": "2024",
    }


def revise(cell: dict[str, Any], value: float, day: int) -> Observation:
    """A new revision of the cell from `day`, closing the current one (what an upload does)."""
    Observation.objects.filter(**cell, valid_to__isnull=True).update(valid_to=at(day))
    return Observation.objects.create(**cell, value=value, unit="jiwa", valid_from=at(day))


def public_value(as_of: datetime.datetime | None = None) -> list[float]:
    return sorted(o.value for o in public_observations(as_of=as_of))


def test_a_published_correction_replaces_the_value_from_its_publication_on(cell: dict[str, Any]) -> None:
    first = revise(cell, 100, day=0)
    assert publish_revisions(Observation.objects.filter(pk=first.pk), now=at(1)) == 1
    correction = revise(cell, 105, day=2)
    assert public_value() == [100]  # the correction is not public yet
    publish_revisions(Observation.objects.filter(pk=correction.pk), now=at(3))
    assert public_value() == [105]
    assert public_value(as_of=at(2)) == [100]  # history stays readable
    assert public_value(as_of=at(0)) == []
    first.refresh_from_db()
    assert first.published_until == at(3)
    # Publishing again changes nothing.
    assert publish_revisions(Observation.objects.filter(pk=correction.pk), now=at(4)) == 0
    assert public_value() == [105]


def test_a_revision_replaced_before_publication_never_shows(cell: dict[str, Any]) -> None:
    draft, final = revise(cell, 90, day=0), revise(cell, 95, day=1)
    publish_revisions(Observation.objects.filter(pk__in=[draft.pk, final.pk]), now=at(2))
    assert public_value() == [95]
    assert public_value(as_of=at(2)) == [95]


def test_other_producers_and_cells_are_untouched(cell: dict[str, Any], orgs: dict[str, Any]) -> None:
    other_cell = {**cell, "region_id": "18.02"}
    other_producer = {**cell, "producer": orgs["dinkes"]}
    for c in (cell, other_cell, other_producer):
        publish_revisions(Observation.objects.filter(pk=revise(c, 1, day=0).pk), now=at(1))
    publish_revisions(Observation.objects.filter(pk=revise(cell, 2, day=2).pk), now=at(3))
    assert public_value() == [1, 1, 2]


def test_the_migration_fills_published_until_from_earlier_publications(cell: dict[str, Any]) -> None:
    first = revise(cell, 100, day=0)
    publish_revisions(Observation.objects.filter(pk=first.pk), now=at(1))
    second = revise(cell, 105, day=2)
    publish_revisions(Observation.objects.filter(pk=second.pk), now=at(3))
    Observation.objects.update(published_until=None)  # as before the column existed
    migration = importlib.import_module("simpul.datasets.migrations.0006_observation_published_until")
    migration.backfill(apps, None)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.published_until, second.published_until) == (at(3), None)
    assert public_value(as_of=at(2)) == [100]


def test_publishing_marks_the_dataset_modified_for_harvesters(cell: dict[str, Any]) -> None:
    dataset = cell["dataset"]
    first = revise(cell, 100, day=0)
    publish_revisions(Observation.objects.filter(pk=first.pk), now=at(5))
    dataset.refresh_from_db()
    assert dataset.modified_at == at(5)
