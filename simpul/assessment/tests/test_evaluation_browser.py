"""Chromium: one evaluation from self-assessment through verification, external assessment and review.

Most indicators are pre-filled through the services to keep the test short; one indicator per layer is
filled through the pages, and every stage is closed through the page (with its confirmation dialog).
The self-assessment is done on a 360-px phone, the rest on a desktop viewport.
"""

from __future__ import annotations

from typing import Any

from simpul.assessment import services
from simpul.assessment.loaders import load_framework_files
from simpul.assessment.models import Answer, Evaluation, Framework, Layer
from simpul.organizations.choices import Role
from simpul.organizations.models import Organization

PASSWORD = "rahasia-uji-123"  # conftest make_user


def login(page: Any, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)


def no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def close_stage(page: Any, evaluation: Evaluation) -> None:
    page.goto(f"/evaluasi/penilaian/{evaluation.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-advance]")
    page.wait_for_selector(".message-success")


def test_flow_mandiri_verify_external_review(page: Any, phone_page: Any, make_user: Any, orgs: Any) -> None:
    load_framework_files()
    tim = Organization.objects.create(
        slug="tim-eksternal", name="Tim Evaluator Eksternal", kind="vertikal", region=orgs["prov"].region
    )
    koordinator = make_user("koordinator", (orgs["prov"], Role.KOORDINATOR_SPBE))
    operator = make_user("operator", (orgs["kominfo"], Role.OPERATOR))
    make_user("pj", (orgs["kominfo"], Role.PENANGGUNG_JAWAB))
    eksternal = make_user("eksternal", (tim, Role.ASESOR_EKSTERNAL))
    reviu = make_user("reviu", (tim, Role.TIM_REVIU))
    evaluation = services.open_evaluation(
        actor=koordinator, framework=Framework.objects.get(code="spbe-2020"), instansi=orgs["prov"], year=2025
    )
    for role in (Role.ASESOR_EKSTERNAL, Role.TIM_REVIU):
        services.assign_access(actor=koordinator, evaluation=evaluation, organization=tim, role=role)
    for n in range(1, 47):
        services.save_answer(
            actor=operator, evaluation=evaluation, indicator_number=n, layer=Layer.MANDIRI, level=3, fakta="F"
        )

    # --- operator on a phone: the list, the evaluation, indicator 47, close the self-assessment
    phone = phone_page
    login(phone, "operator")
    phone.goto("/evaluasi/penilaian/")
    phone.click(f"a[href='/evaluasi/penilaian/{evaluation.pk}/']")
    assert "46/47" not in phone.content()  # progress is per domain
    assert phone.locator("[data-domain='4'] .ev-count").inner_text() == "15/16"
    no_sideways_scroll(phone)
    phone.click("[data-indicator='47'] a")
    assert phone.locator(".ev-level-option").count() == 5
    no_sideways_scroll(phone)
    phone.check("input[name=level][value='4']")
    phone.fill("#ev-fakta", "Tangkapan layar layanan sektor 3 (47a.png)")
    phone.fill("#ev-analisis", "Layanan sudah terintegrasi dengan layanan lain.")
    phone.click("[data-save]")
    phone.wait_for_selector(".message-success")
    assert phone.locator("[data-layer='mandiri'] strong").inner_text().endswith("4")
    close_stage(phone, evaluation)
    evaluation.refresh_from_db()
    assert evaluation.status == "verifikasi"
    assert phone.locator("[data-layer='mandiri'] [data-index]").inner_text() == "3,03"  # 3 + 1 x 3,00 / 100
    no_sideways_scroll(phone)

    # --- penanggung jawab: lower indicator 2, close the verification
    login(page, "pj")
    page.goto(f"/evaluasi/penilaian/{evaluation.pk}/indikator/2/")
    assert page.is_checked("input[name=level][value='3']")  # starts from the self-assessed level
    page.check("input[name=level][value='2']")
    page.fill("#ev-note", "Belum mencakup semua unit kerja.")
    page.click("[data-save]")
    page.wait_for_selector(".message-success")
    close_stage(page, evaluation)
    evaluation.refresh_from_db()
    assert evaluation.status == "eksternal"

    # --- external assessor: indicator 1 through the page, the rest pre-filled
    for n in range(2, 48):
        services.save_answer(
            actor=eksternal,
            evaluation=evaluation,
            indicator_number=n,
            layer=Layer.EKSTERNAL,
            level=3,
            justification="Sesuai bukti.",
        )
    login(page, "eksternal")
    page.goto(f"/evaluasi/penilaian/{evaluation.pk}/indikator/1/")
    assert page.locator("#ev-fakta").count() == 0  # nobody edits another layer
    page.check("input[name=level][value='2']")
    page.fill("#ev-justification", "Kebijakan belum mencakup integrasi.")
    page.click("[data-save]")
    page.wait_for_selector(".message-success")
    close_stage(page, evaluation)

    # --- review: indicator 1 Tidak Valid with a note, the rest valid
    for n in range(2, 48):
        services.save_answer(
            actor=reviu, evaluation=evaluation, indicator_number=n, layer=Layer.REVIU, verdict="valid"
        )
    login(page, "reviu")
    page.goto(f"/evaluasi/penilaian/{evaluation.pk}/indikator/1/")
    page.check("input[name=verdict][value='tidak_valid']")
    page.click("[data-save]")
    assert "Catatan wajib diisi" in page.locator(".ev-errors").inner_text()
    page.check("input[name=verdict][value='tidak_valid']")
    page.fill("#ev-note", "Bukti mendukung tingkat 3.")
    page.click("[data-save]")
    page.wait_for_selector(".message-success")
    # Tidak Valid without a corrected level: the verified level (3) counts
    assert page.locator("[data-final]").inner_text() == "3"
    close_stage(page, evaluation)
    evaluation.refresh_from_db()
    assert evaluation.status == "selesai"
    assert Answer.objects.filter(evaluation=evaluation).count() == 47 * 4
    final = page.locator("[data-layer='final'] [data-index]").inner_text()

    # --- the public summary shows the finished evaluation, also on a phone
    phone.context.clear_cookies()
    phone.goto("/evaluasi/")
    row = phone.locator("[data-instansi='pemprov-lampung']")
    assert final in row.inner_text()
    no_sideways_scroll(phone)
