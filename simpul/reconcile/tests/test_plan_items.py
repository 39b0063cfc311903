"""Daftar Data items are edited and deleted on the page, through services: the producer while the plan is a
draft, the walidata always; an item that already has a submission keeps its region and period and cannot
be deleted; each change is in the audit log."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from simpul.core.models import AuditEntry
from simpul.reconcile import services
from simpul.reconcile.models import PlanItem
from simpul.regions.models import Region

pytestmark = pytest.mark.django_db
LATER = datetime.date.today() + datetime.timedelta(days=30)


def _update(actor: Any, item: PlanItem, **kw: Any) -> PlanItem:
    args: dict[str, Any] = {
        "due_date": LATER,
        "priority": True,
        "region": item.region,
        "period": item.period,
    } | kw
    return services.plan_item_update(actor=actor, item=item, **args)


def test_producer_edits_its_draft_item_and_the_audit_log_has_it(flow: dict[str, Any]) -> None:
    item = flow["dinkes_item"]
    _update(flow["dinkes_user"], item, period="2024")
    item.refresh_from_db()
    assert (item.due_date, item.priority, item.period) == (LATER, True, "2024")
    entry = AuditEntry.objects.get(action="reconcile.plan_item_update")
    assert entry.before is not None
    assert entry.after is not None
    assert (entry.before["period"], entry.after["period"]) == ("2025", "2024")


def test_other_producer_and_agreed_plan(flow: dict[str, Any]) -> None:
    item = flow["dinkes_item"]
    with pytest.raises(PermissionDenied):
        _update(flow["bps_user"], item)
    services.plan_agree(actor=flow["walidata"], plan=item.plan, expected_version=item.plan.version)
    with pytest.raises(ValidationError, match="disepakati"):
        _update(flow["dinkes_user"], item)
    _update(flow["walidata"], item)  # the walidata still may
    assert PlanItem.objects.get(pk=item.pk).priority


def test_delivered_item_keeps_region_and_period_and_is_not_deleted(
    flow: dict[str, Any], deliver: Any
) -> None:
    deliver("dinkes", 9_000_000)
    item = flow["dinkes_item"]
    with pytest.raises(ValidationError, match="sudah punya setoran"):
        _update(flow["walidata"], item, region=Region.objects.get(code="18.01"))
    with pytest.raises(ValidationError, match="sudah punya setoran"):
        services.plan_item_delete(actor=flow["walidata"], item=item)
    _update(flow["walidata"], item)  # the schedule may still move
    assert PlanItem.objects.get(pk=item.pk).due_date == LATER


def test_page_edits_and_deletes(flow: dict[str, Any]) -> None:
    item = flow["bps_item"]
    client = Client()
    client.force_login(flow["bps_user"])
    url = reverse("reconcile:plan-item", args=[item.pk])
    assert client.get(url).status_code == 200
    form = {"region": "18", "period": "2025", "due_date": LATER.isoformat(), "priority": "1"}
    assert client.post(url, form).status_code == 302
    assert PlanItem.objects.get(pk=item.pk).priority
    bad = client.post(url, {**form, "due_date": "31-12-2026"}, follow=True)
    assert "Tanggal tidak valid" in bad.content.decode()
    client.post(url, {"action": "delete"})
    assert not PlanItem.objects.filter(pk=item.pk).exists()
    assert AuditEntry.objects.filter(action="reconcile.plan_item_delete").count() == 1
