"""The walidata workflow walked in Chromium: plan -> two producers submit different numbers -> conflict
-> walidata decides -> publish -> correction -> republish; every step in the audit log.

Files are uploaded server-side with `ingest_file` (the upload pages belong to simpul.ingest); choosing
the upload and submitting it against the Daftar Data item happens in the browser.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from simpul.core.models import AuditEntry
from simpul.datasets.tests.factories import DatasetFactory, standard_data
from simpul.ingest.services import ingest_file
from simpul.organizations.choices import Role
from simpul.reconcile import selectors, services
from simpul.reconcile.models import ConflictCase
from simpul.regions.models import Region

pytestmark = pytest.mark.browser
PASSWORD = "rahasia-uji-123"


def _login(page: Any, username: str) -> None:
    page.goto("/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_selector("button[data-nav=logout]")


def _logout(page: Any) -> None:
    page.click("button[data-nav=logout]")
    page.wait_for_selector("a[data-nav=login]")


def _upload(user: Any, ds: Any, value: int) -> Any:
    content = f"indikator,wilayah,tahun,nilai\nPDDK,18,2025,{value}\n".encode()
    run = ingest_file(actor=user, dataset=ds, content=content, file_name=f"{ds.slug}-{value}.csv")
    assert run.status == "tersimpan"
    return run


def _submit(page: Any, username: str, plan_pk: int) -> None:
    _login(page, username)
    page.goto(f"/satu-data/daftar-data/{plan_pk}/")
    page.click("[data-testid=submit-link]")
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=submission][data-status=diajukan]")
    _logout(page)


def _decide(page: Any, producer_slug: str, reason: str) -> None:
    page.goto("/satu-data/pemeriksaan/")
    page.click("[data-testid=open-conflicts] a")
    page.check(f"tr[data-producer={producer_slug}] input[type=radio]")
    page.fill("#reason", reason)
    page.click("[data-testid=decide]")
    page.wait_for_selector("[data-testid=conflict-status][data-status=diputuskan]")


def _verify_and_publish_all(page: Any) -> None:
    page.goto("/satu-data/pemeriksaan/")
    while page.locator("[data-testid=queue] tr[data-submission] a").count():
        page.locator("[data-testid=queue] tr[data-submission] a").first.click()
        page.wait_for_selector("[data-testid=submission]")  # the submission page, not the queue still showing
        if page.locator("[data-testid=verify]").count():
            page.click("[data-testid=verify]")
        page.click("[data-testid=publish]")
        page.wait_for_selector("[data-testid=submission][data-status=terbit]")
        page.goto("/satu-data/pemeriksaan/")


def test_plan_conflict_decide_publish_correct_republish(
    page: Any, make_user: Any, orgs: dict[str, Any]
) -> None:
    std = standard_data()
    lampung = Region.objects.get(code="18")
    make_user("wali", (orgs["kominfo"], Role.WALIDATA))
    admin = make_user("admin-uji", is_superuser=True, is_staff=True)
    dinkes_user = make_user("p-dinkes", (orgs["dinkes"], Role.PRODUSEN))
    bps_user = make_user("p-bps", (orgs["bps"], Role.PRODUSEN))
    ds_dinkes: Any = DatasetFactory(slug="pddk-dinkes", producer=orgs["dinkes"], spatial_coverage=lampung)
    ds_bps: Any = DatasetFactory(slug="pddk-bps", producer=orgs["bps"], spatial_coverage=lampung)
    plan_bps = services.plan_create(actor=admin, organization=orgs["bps"], year=2026)
    services.plan_add_item(
        actor=admin,
        plan=plan_bps,
        dataset=ds_bps,
        indicator=std["penduduk"],
        region=lampung,
        period="2025",
        due_date=datetime.date(2026, 3, 31),
    )

    # 1. Perencanaan: the walidata drafts Dinkes' Daftar Data in the browser and agrees it.
    _login(page, "wali")
    page.goto("/satu-data/daftar-data/")
    page.select_option("select[name=organization]", str(orgs["dinkes"].pk))
    page.fill("input[name=year]", "2026")
    page.click("[data-testid=plan-create]")
    page.select_option("#dataset", str(ds_dinkes.pk))
    page.select_option("#indicator", str(std["penduduk"].pk))
    page.fill("#region", "18")
    page.fill("#period", "2025")
    page.fill("#due_date", "2026-03-31")
    page.click("[data-testid=add-item]")
    page.wait_for_selector("[data-testid=items] tr[data-item]")
    page.click("[data-testid=edit-item]")  # the schedule moves: edited on the page, not in the admin
    page.fill("#due_date", "2026-04-30")
    page.click("[data-testid=item-form] button[type=submit]")
    page.wait_for_selector("[data-testid=items] tr[data-item]:has-text('30 Apr 2026')")
    page.click("[data-testid=agree]")
    page.wait_for_selector("[data-testid=plan-status][data-status=disepakati]")
    plan_dinkes = int(page.url.rstrip("/").rsplit("/", 1)[1])
    _logout(page)

    # 2. Pengumpulan: two producers submit different numbers.
    _upload(dinkes_user, ds_dinkes, 9_000_000)
    _submit(page, "p-dinkes", plan_dinkes)
    _upload(bps_user, ds_bps, 9_100_000)
    _submit(page, "p-bps", plan_bps.pk)
    assert ConflictCase.objects.get().status == "terbuka"

    # 3. Pemeriksaan: the walidata sees the conflict, chooses BPS with a reason, then verifies and publishes.
    _login(page, "wali")
    unread = int(page.locator("[data-testid=unread-count]").inner_text())
    assert unread >= 3  # two submissions and the conflict
    page.click("a[data-nav=notifications]")
    page.wait_for_url("**/notifikasi/")
    assert page.locator("[data-testid=notifications] li.is-unread").count() == unread
    page.goto("/satu-data/pemeriksaan/")
    page.click("[data-testid=queue] tr[data-submission] a >> nth=0")
    page.wait_for_selector("[data-testid=submission]")
    assert page.locator("[data-testid=publish]").count() == 0  # conflict open: nothing to publish yet
    _decide(page, "bps-lampung", "Proyeksi penduduk BPS")
    row = page.locator("tr[data-producer=dinkes-lampung]").inner_text()
    assert "9000000" in row
    assert "jiwa" in row
    _verify_and_publish_all(page)
    (official,) = selectors.official_values()
    assert (official["value"], official["source"]["slug"]) == (9_100_000, "bps-lampung")
    _logout(page)

    # 4. Correction after publication by BPS, then republished.
    _upload(bps_user, ds_bps, 9_150_000)
    _submit(page, "p-bps", plan_bps.pk)
    assert selectors.official_values()[0]["value"] == 9_100_000  # not public until republished
    _login(page, "wali")
    _decide(page, "bps-lampung", "Revisi proyeksi BPS")
    _verify_and_publish_all(page)
    assert selectors.official_values()[0]["value"] == 9_150_000
    _logout(page)

    # 5. Every step is in the audit log.
    _login(page, "admin-uji")
    page.goto("/audit/")
    text = page.content()
    for action in (
        "reconcile.plan_agree",
        "reconcile.submit",
        "reconcile.conflict_detect",
        "reconcile.conflict_decide",
        "reconcile.verify",
        "reconcile.publish",
    ):
        assert action in text, action
    assert AuditEntry.objects.filter(action="reconcile.publish").count() == 3
