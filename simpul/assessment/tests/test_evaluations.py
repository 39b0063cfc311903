"""Evaluation workflow: each transition by each role, another instansi, layer independence, final level."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from simpul.assessment import evaluations as ev
from simpul.assessment import services
from simpul.assessment.models import Answer, EvaluationAccess, Evidence, Layer
from simpul.core.models import AuditEntry
from simpul.organizations.choices import Role

from .helpers import PDF, PNG, advance, fill

RECENT = date.today() - timedelta(days=100)
OLD = date.today() - timedelta(days=3 * 366)


def test_open_only_by_own_koordinator_or_admin(frameworks: Any, orgs: Any, people: Any) -> None:
    fw = frameworks["spbe-2020"]
    for who in ("operator", "pj", "other_koordinator", "eksternal", "pimpinan"):
        with pytest.raises(PermissionDenied):
            services.open_evaluation(actor=people[who], framework=fw, instansi=orgs["prov"], year=2025)
    evaluation = services.open_evaluation(
        actor=people["koordinator"], framework=fw, instansi=orgs["prov"], year=2025
    )
    assert evaluation.status == "mandiri"
    assert AuditEntry.objects.filter(
        action="assessment.evaluation_opened", object_id=str(evaluation.pk)
    ).exists()
    with pytest.raises(ValidationError, match="sudah ada"):
        services.open_evaluation(actor=people["admin"], framework=fw, instansi=orgs["prov"], year=2025)
    assert services.open_evaluation(actor=people["admin"], framework=fw, instansi=orgs["lamsel"], year=2025)


def test_full_flow_and_layer_independence(evaluation: Any, people: Any) -> None:
    # the operator fills drafts; submitting an incomplete self-assessment is refused
    services.save_answer(
        actor=people["operator"],
        evaluation=evaluation,
        indicator_number=1,
        layer=Layer.MANDIRI,
        level=None,
        fakta="Draf Pergub",
    )
    with pytest.raises(ValidationError, match="Belum lengkap: 47"):
        advance(evaluation, people["operator"])
    fill(evaluation, people["asesor_internal"], Layer.MANDIRI, 4, fakta="Pergub 1/2024", analisis="Berlaku")
    # nobody but the penanggung jawab verifies; the stage must be the right one
    for who in ("operator", "pj", "eksternal", "reviu"):
        with pytest.raises(PermissionDenied):
            services.save_answer(
                actor=people[who], evaluation=evaluation, indicator_number=1, layer=Layer.VERIFIKASI, level=3
            )
    evaluation = advance(evaluation, people["operator"])
    assert evaluation.status == "verifikasi"
    assert evaluation.submitted_at
    # the operator can no longer change the self-assessment
    with pytest.raises(PermissionDenied):
        services.save_answer(
            actor=people["operator"], evaluation=evaluation, indicator_number=2, layer=Layer.MANDIRI, level=1
        )
    services.save_answer(
        actor=people["pj"],
        evaluation=evaluation,
        indicator_number=2,
        layer=Layer.VERIFIKASI,
        level=3,
        note="Belum mencakup semua domain arsitektur",
    )
    with pytest.raises(PermissionDenied):
        advance(evaluation, people["operator"])
    evaluation = advance(evaluation, people["pj"])
    assert evaluation.status == "eksternal"
    # unchanged indicators were accepted as self-assessed; the changed one keeps the PJ's level
    verified = ev.answers_by_layer(evaluation)
    assert verified[Layer.VERIFIKASI][1].level == 4
    assert verified[Layer.VERIFIKASI][2].level == 3
    assert verified[Layer.MANDIRI][2].level == 4  # the self-assessment is kept as it was
    # external assessor: level with justification; a justification is required to close
    with pytest.raises(PermissionDenied):
        services.save_answer(
            actor=people["other_eksternal"],
            evaluation=evaluation,
            indicator_number=1,
            layer=Layer.EKSTERNAL,
            level=2,
        )
    fill(evaluation, people["eksternal"], Layer.EKSTERNAL, 3)
    with pytest.raises(ValidationError, match="Belum lengkap"):
        advance(evaluation, people["eksternal"])
    fill(evaluation, people["eksternal"], Layer.EKSTERNAL, {5: 2}, justification="Belum terpadu")
    evaluation = advance(evaluation, people["eksternal"])
    assert evaluation.status == "reviu"
    # review: note required when Tidak Valid
    with pytest.raises(ValidationError):
        services.save_answer(
            actor=people["reviu"],
            evaluation=evaluation,
            indicator_number=5,
            layer=Layer.REVIU,
            verdict="tidak_valid",
        )
    for number in range(1, 48):
        services.save_answer(
            actor=people["reviu"],
            evaluation=evaluation,
            indicator_number=number,
            layer=Layer.REVIU,
            verdict="valid",
        )
    services.save_answer(
        actor=people["reviu"],
        evaluation=evaluation,
        indicator_number=5,
        layer=Layer.REVIU,
        verdict="tidak_valid",
        note="Bukti tidak mendukung tingkat 2",
    )
    services.save_answer(
        actor=people["reviu"],
        evaluation=evaluation,
        indicator_number=6,
        layer=Layer.REVIU,
        verdict="tidak_valid",
        note="Tingkat 4 terbukti",
        level=4,
    )
    with pytest.raises(PermissionDenied):
        advance(evaluation, people["eksternal"])
    evaluation = advance(evaluation, people["reviu"])
    assert evaluation.status == "selesai"
    assert evaluation.finished_at
    overview = ev.overview(evaluation)
    # final rule: valid external stands; invalid without correction falls back to the verified level;
    # invalid with a correction takes the reviewer's level
    assert overview.final[1] == 3
    assert overview.final[5] == 4
    assert overview.final[6] == 4
    assert overview.scores["mandiri"] is not None
    assert overview.scores["mandiri"].index.rounded == 4
    assert overview.scores["final"] is not None
    # every layer kept, nothing written after the end
    assert Answer.objects.filter(evaluation=evaluation).count() == 47 * 4
    with pytest.raises(PermissionDenied):
        services.save_answer(
            actor=people["admin"],
            evaluation=evaluation,
            indicator_number=1,
            layer=Layer.REVIU,
            verdict="valid",
        )


def test_other_instansi_cannot_see_or_touch(evaluation: Any, people: Any, orgs: Any) -> None:
    for who in ("other_operator", "other_koordinator", "other_eksternal"):
        assert ev.get_visible(people[who], evaluation.pk) is None
        with pytest.raises(PermissionDenied):
            services.save_answer(
                actor=people[who], evaluation=evaluation, indicator_number=1, layer=Layer.MANDIRI, level=3
            )
        with pytest.raises(PermissionDenied):
            services.advance(actor=people[who], evaluation=evaluation)
        with pytest.raises(PermissionDenied):
            services.assign_access(
                actor=people[who], evaluation=evaluation, organization=orgs["bps"], role=Role.ASESOR_EKSTERNAL
            )
    for who in ("operator", "pj", "pimpinan", "koordinator", "eksternal", "reviu", "admin"):
        assert ev.get_visible(people[who], evaluation.pk) == evaluation
    # an unassigned external assessor gets access only once assigned
    services.assign_access(
        actor=people["koordinator"],
        evaluation=evaluation,
        organization=orgs["bps"],
        role=Role.ASESOR_EKSTERNAL,
    )
    assert ev.get_visible(people["other_eksternal"], evaluation.pk) == evaluation
    assert EvaluationAccess.objects.filter(evaluation=evaluation).count() == 3
    # the pimpinan reads but writes nothing
    with pytest.raises(PermissionDenied):
        services.save_answer(
            actor=people["pimpinan"], evaluation=evaluation, indicator_number=1, layer=Layer.MANDIRI, level=3
        )


def test_stale_versions_are_refused(evaluation: Any, people: Any) -> None:
    answer = services.save_answer(
        actor=people["operator"], evaluation=evaluation, indicator_number=1, layer=Layer.MANDIRI, level=2
    )
    services.save_answer(
        actor=people["asesor_internal"],
        evaluation=evaluation,
        indicator_number=1,
        layer=Layer.MANDIRI,
        level=3,
        version=answer.version,
    )
    with pytest.raises(services.StaleVersion):
        services.save_answer(
            actor=people["operator"],
            evaluation=evaluation,
            indicator_number=1,
            layer=Layer.MANDIRI,
            level=4,
            version=answer.version,
        )
    with pytest.raises(services.StaleVersion):
        services.advance(actor=people["operator"], evaluation=evaluation, version=evaluation.version + 1)


def test_invalid_levels_refused(evaluation: Any, people: Any) -> None:
    for level in (0, 6):
        with pytest.raises(ValidationError):
            services.save_answer(
                actor=people["operator"],
                evaluation=evaluation,
                indicator_number=1,
                layer=Layer.MANDIRI,
                level=level,
            )
    with pytest.raises(ValidationError):
        services.save_answer(
            actor=people["operator"], evaluation=evaluation, indicator_number=48, layer=Layer.MANDIRI, level=1
        )


def test_final_level_rule() -> None:
    def a(level: int | None = None, verdict: str = "") -> Answer:
        return Answer(level=level, verdict=verdict)

    assert ev.final_level({"mandiri": a(2)}) == 2
    assert ev.final_level({"mandiri": a(2), "verifikasi": a(3)}) == 3
    assert ev.final_level({"mandiri": a(2), "verifikasi": a(3), "eksternal": a(1)}) == 1
    assert (
        ev.final_level({"mandiri": a(2), "verifikasi": a(3), "eksternal": a(1), "reviu": a(None, "valid")})
        == 1
    )
    assert ev.final_level({"verifikasi": a(3), "eksternal": a(1), "reviu": a(None, "tidak_valid")}) == 3
    assert ev.final_level({"verifikasi": a(3), "eksternal": a(1), "reviu": a(5, "tidak_valid")}) == 5
    assert ev.final_level({}) is None


# --- evidence ---------------------------------------------------------------------------------------


def test_evidence_checked_by_content(evaluation: Any, people: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    add = services.add_evidence
    item = add(
        actor=people["operator"],
        evaluation=evaluation,
        indicator_number=1,
        title="Pergub Arsitektur",
        document_date=RECENT,
        upload=SimpleUploadedFile("pergub.PDF", PDF),
    )
    assert item.content_type == "application/pdf"
    assert item.file.name.endswith(".pdf")
    assert item.size == len(PDF)
    # a PNG called .pdf is stored as a PNG; a text file called .pdf is refused
    png = add(
        actor=people["operator"],
        evaluation=evaluation,
        indicator_number=1,
        title="Tangkapan layar",
        document_date=date(2024, 5, 1),
        upload=SimpleUploadedFile("layar.pdf", PNG),
    )
    assert png.content_type == "image/png"
    with pytest.raises(ValidationError, match="bukan PDF"):
        add(
            actor=people["operator"],
            evaluation=evaluation,
            indicator_number=1,
            title="Palsu",
            document_date=date(2024, 5, 1),
            upload=SimpleUploadedFile("palsu.pdf", b"<html>not a pdf</html>"),
        )
    with override_settings(SIMPUL_EVIDENCE_MAX_BYTES=10):
        with pytest.raises(ValidationError, match="terlalu besar"):
            add(
                actor=people["operator"],
                evaluation=evaluation,
                indicator_number=1,
                title="Besar",
                document_date=date(2024, 5, 1),
                upload=SimpleUploadedFile("besar.pdf", PDF),
            )
    with override_settings(SIMPUL_EVIDENCE_SCANNER="simpul.assessment.tests.test_evaluations.reject_all"):
        with pytest.raises(ValidationError, match="pemindai"):
            add(
                actor=people["operator"],
                evaluation=evaluation,
                indicator_number=1,
                title="Virus",
                document_date=date(2024, 5, 1),
                upload=SimpleUploadedFile("v.pdf", PDF),
            )
    link = add(
        actor=people["operator"],
        evaluation=evaluation,
        indicator_number=43,
        title="Portal data",
        document_date=OLD,
        url="https://data.lampungprov.go.id",
    )
    with pytest.raises(ValidationError):
        add(
            actor=people["operator"],
            evaluation=evaluation,
            indicator_number=43,
            title="Skrip",
            document_date=date(2020, 1, 1),
            url="javascript:alert(1)",
        )
    with pytest.raises(PermissionDenied):
        add(
            actor=people["other_operator"],
            evaluation=evaluation,
            indicator_number=1,
            title="x",
            document_date=date(2024, 1, 1),
            url="https://example.org",
        )
    assert Evidence.objects.filter(evaluation=evaluation).count() == 3
    stale = {
        e.pk: getattr(e, "stale", None) for items in ev.overview(evaluation).evidence.values() for e in items
    }
    assert stale[link.pk] is True
    assert stale[item.pk] is False


def reject_all(data: bytes, name: str) -> str:
    return "EICAR terdeteksi"


def test_is_stale_boundaries() -> None:
    from simpul.assessment.evidence import is_stale

    on = date(2025, 6, 30)
    assert not is_stale(date(2023, 6, 30), on)
    assert is_stale(date(2023, 6, 29), on)
    assert not is_stale(date(2022, 2, 28), date(2024, 2, 29))
    assert is_stale(date(2022, 2, 27), date(2024, 2, 29))
