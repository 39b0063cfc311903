"""Observation's foreign keys have no database constraint (docs/decisions/0002); Django's PROTECT must still
stop deleting anything observations point to, so no value loses its indicator, region, dataset or producer."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import ProtectedError

from simpul.datasets.models import Observation
from simpul.regions.models import Region

CSV = "indikator,wilayah,periode,nilai\nIPM,18.01,2023,70.1\n"


@pytest.fixture
def stored(upload: Any) -> Observation:
    run = upload(CSV)
    return Observation.objects.get(run=run)


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["indicator", "region", "dataset", "producer", "run"])
def test_deleting_what_an_observation_points_to_is_refused(stored: Observation, target: str) -> None:
    obj = getattr(stored, target)
    with pytest.raises(ProtectedError):
        obj.delete()
    assert Observation.objects.filter(pk=stored.pk).exists()


@pytest.mark.django_db
def test_region_survives_attempted_delete(stored: Observation) -> None:
    with pytest.raises(ProtectedError):
        Region.objects.filter(code="18.01").delete()
    assert Region.objects.filter(code="18.01").exists()
