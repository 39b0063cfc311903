"""A recipient works through a disposition on a 360-px phone in Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from simpul.followups import services
from simpul.followups.models import DispositionStatus

from .conftest import PASSWORD, in_days

pytestmark = pytest.mark.browser

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def test_recipient_reads_and_processes_on_a_phone(
    phone_page: Any, make_user: Any, orgs: dict[str, Any]
) -> None:
    from simpul.organizations.choices import Role

    gubernur = make_user("gubernur", (orgs["prov"], Role.PIMPINAN))
    make_user("staf", (orgs["kominfo"], Role.PRODUSEN), full_name="Staf Diskominfo")
    fu = services.followup_create(
        actor=gubernur,
        title="Perbaiki kebijakan internal tata kelola SPBE yang sangat panjang judulnya",
        owner_organization=orgs["kominfo"],
        due_date=in_days(-1),
        priority="mendesak",
    )
    (d,) = services.dispose(
        actor=gubernur, followup=fu, instruction="ditindaklanjuti", to_organizations=[orgs["kominfo"]]
    )
    problems: list[str] = []
    phone_page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)

    page = phone_page
    page.goto("/akun/masuk/?next=/pantau/tindak-lanjut/")
    page.fill("input[name=username]", "staf")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_selector("[data-testid=counters]")
    assert page.inner_text("[data-counter=unread] .stat-value") == "1"
    assert page.inner_text("[data-counter=overdue] .stat-value") == "1"
    assert page.evaluate(NO_SIDEWAYS_SCROLL)

    page.click(f"text={fu.title}")
    page.wait_for_selector("[data-testid=trail]")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert page.get_attribute(f"[data-disposition='{d.pk}']", "data-status") == "dibaca"
    page.click("button:has-text('Mulai proses')")
    page.wait_for_selector(f"[data-disposition='{d.pk}'][data-status=diproses]")
    d.refresh_from_db()
    assert d.status == DispositionStatus.DIPROSES
    assert not problems, problems


def _sign_in(page: Any, username: str, next_url: str) -> None:
    page.goto(f"/akun/masuk/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()


def test_leader_disposes_on_desktop_and_the_opd_completes_on_a_phone(
    page: Any, phone_page: Any, make_user: Any, orgs: dict[str, Any]
) -> None:
    """Pimpinan creates and disposes a follow-up to an OPD; the OPD's user completes it on a phone."""
    from simpul.followups.models import Disposition, FollowUp
    from simpul.organizations.choices import Role

    make_user("gubernur", (orgs["prov"], Role.PIMPINAN))
    make_user("staf", (orgs["kominfo"], Role.PRODUSEN))

    _sign_in(page, "gubernur", "/pantau/tindak-lanjut/baru/")
    page.fill("input[name=title]", "Lengkapi data kemiskinan 2025")
    page.select_option("select[name=owner_organization]", str(orgs["kominfo"].pk))
    page.fill("input[name=due_date]", in_days(7).isoformat())
    page.select_option("select[name=priority]", "tinggi")
    page.click("main form button[type=submit]")
    page.wait_for_selector("[data-testid=dispose]")
    page.click("[data-testid=dispose]")
    page.check(f"input[name=to_organizations][value='{orgs['kominfo'].pk}']")
    page.click("form.fu-form button[type=submit]")
    page.wait_for_selector("[data-testid=trail]")
    followup = FollowUp.objects.get(title="Lengkapi data kemiskinan 2025")
    disposition = Disposition.objects.get(followup=followup)
    assert disposition.status == DispositionStatus.BELUM_DIBACA

    phone = phone_page
    _sign_in(phone, "staf", f"/pantau/tindak-lanjut/{followup.pk}/")
    phone.wait_for_selector("[data-testid=trail]")
    phone.click(f"a[href$='/disposisi/{disposition.pk}/selesai/']")
    phone.fill("textarea[name=note]", "Data sudah diunggah dan diperiksa.")
    phone.set_input_files(
        "input[name=evidence]",
        {"name": "laporan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\n"},
    )
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)
    phone.click("main form button[type=submit]")
    phone.wait_for_selector(f"[data-disposition='{disposition.pk}'][data-status=selesai]")
    disposition.refresh_from_db()
    assert disposition.status == DispositionStatus.SELESAI
    assert disposition.evidence
