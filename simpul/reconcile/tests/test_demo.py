from __future__ import annotations

from typing import Any

from django.utils import timezone

from simpul.accounts.models import User
from simpul.core.demo import load_demo
from simpul.reconcile import selectors
from simpul.reconcile.models import ConflictCase, ConflictStatus


def test_demo_has_late_missing_items_and_an_open_conflict(db: Any) -> None:
    load_demo()
    load_demo()  # idempotent
    walidata = User.objects.get(username="walidata")
    data = selectors.completeness(user=walidata, year=timezone.localdate().year)
    rows = {r["organization"]["slug"]: r for r in data["producers"]}
    assert rows["dinkes-lampung"]["late"] == 1
    assert rows["dinkes-lampung"]["missing"] == 1
    assert rows["diskominfo-kabupaten-lampung-selatan"]["missing"] == 1
    assert data["province"]["median_hours_to_publication"] is not None
    case = ConflictCase.objects.get(indicator__code="PDDK")
    assert case.status == ConflictStatus.OPEN
    assert len(case.candidates) == 2
    assert len(selectors.official_values()) == 1  # only the published puskesmas count is public
