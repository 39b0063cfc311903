"""Evaluation surfaces in the permission matrix.

The surface's own organization is the evaluated instansi (Pemerintah Provinsi Lampung); the other one is
Kabupaten Lampung Selatan. The own organization is also *assigned* to the evaluation as asesor eksternal
and tim reviu, so `own:asesor_eksternal` stands for an assigned assessor and `other:asesor_eksternal`
for one who was not assigned. The evaluation is at the self-assessment stage.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from simpul.assessment import services
from simpul.assessment.loaders import load_framework_files
from simpul.assessment.models import Evaluation, Framework
from simpul.core.models import AuditEntry
from simpul.core.navigation import SPBE_ROLES
from simpul.organizations.choices import Role

from .matrix import Personas, Surface, check_surface, everyone, roles

SEES = roles(*SPBE_ROLES, own_only=True)
FILLS = roles(Role.OPERATOR, Role.ASESOR_INTERNAL, own_only=True)
CLOSES_MANDIRI = roles(Role.OPERATOR, Role.ASESOR_INTERNAL, Role.KOORDINATOR_SPBE, own_only=True)
ASSIGNS = roles(Role.KOORDINATOR_SPBE, own_only=True)


def _url(name: str, *extra: Any) -> Any:
    return lambda ctx: reverse(name, args=[ctx["evaluation"].pk, *extra])


SURFACES = [
    Surface("ringkasan indeks", lambda ctx: reverse("evaluasi:home"), everyone),
    Surface("ringkasan indeks json", lambda ctx: reverse("evaluasi:home") + "?format=json", everyone),
    Surface("penilaian list", lambda ctx: reverse("evaluasi:work"), roles(*SPBE_ROLES)),
    Surface("evaluation page", _url("penilaian:detail"), SEES),
    Surface("answer form", _url("penilaian:answer", 1), SEES),
    Surface(
        "save a self-assessment answer",
        _url("penilaian:answer", 1),
        FILLS,
        method="post",
        data=lambda ctx: {"level": "3", "fakta": "Pergub", "analisis": "Lengkap"},
        ok=(302,),
    ),
    Surface(
        "add evidence link",
        _url("penilaian:evidence-add", 1),
        FILLS,
        method="post",
        data=lambda ctx: {
            "title": "Portal",
            "document_date": date.today().isoformat(),
            "url": "https://x.go.id",
        },
        ok=(302,),
    ),
    Surface("evidence file", lambda ctx: ctx["file_url"], SEES),
    Surface(
        "close the self-assessment (incomplete: refused with a message)",
        _url("penilaian:advance"),
        CLOSES_MANDIRI,
        method="post",
        data=lambda ctx: {"version": ctx["evaluation"].version},
        ok=(302,),
    ),
    Surface(
        "assign an assessor organization",
        _url("penilaian:assign"),
        ASSIGNS,
        method="post",
        data=lambda ctx: {"organization": ctx["orgs"]["bps"].pk, "role": Role.ASESOR_EKSTERNAL},
        ok=(302,),
    ),
    Surface("berita acara pdf", _url("penilaian:berita-acara"), SEES),
    Surface("laporan pdf", _url("penilaian:report-pdf"), SEES),
    Surface("laporan xlsx", _url("penilaian:report-xlsx"), SEES),
]


@pytest.fixture
def personas(orgs: dict[str, Any]) -> Personas:
    return Personas(own_org=orgs["prov"], other_org=orgs["lamsel"])


@pytest.fixture
def ctx(orgs: dict[str, Any], make_user: Any, settings: Any, tmp_path: Any) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path
    load_framework_files()
    admin = make_user("matrix-admin", (orgs["kominfo"], Role.ADMIN))
    evaluation = services.open_evaluation(
        actor=admin, framework=Framework.objects.get(code="spbe-2020"), instansi=orgs["prov"], year=2025
    )
    for role in (Role.ASESOR_EKSTERNAL, Role.TIM_REVIU):
        services.assign_access(actor=admin, evaluation=evaluation, organization=orgs["prov"], role=role)
    item = services.add_evidence(
        actor=admin,
        evaluation=evaluation,
        indicator_number=1,
        title="Pergub",
        document_date=date(2025, 1, 2),
        upload=SimpleUploadedFile("p.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    return {
        "orgs": orgs,
        "evaluation": evaluation,
        "file_url": reverse("penilaian:evidence-file", args=[evaluation.pk, item.pk]),
    }


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
def test_surface_permissions(surface: Surface, personas: Personas, ctx: dict[str, Any]) -> None:
    check_surface(surface, personas, ctx)


def test_refused_writes_leave_nothing(personas: Personas, ctx: dict[str, Any]) -> None:
    """After every persona tried: only allowed people's answers exist, and the stage did not move."""
    save = next(s for s in SURFACES if s.name == "save a self-assessment answer")
    check_surface(save, personas, ctx)
    writers = set(
        AuditEntry.objects.filter(
            action="assessment.answer_saved", object_id=str(ctx["evaluation"].pk)
        ).values_list("actor_name", flat=True)
    )
    assert writers == {"own-operator", "own-asesor_internal", "own-admin", "other-admin", "superuser"}
    close = next(s for s in SURFACES if s.name.startswith("close the self-assessment"))
    check_surface(close, personas, ctx)
    assert Evaluation.objects.get(pk=ctx["evaluation"].pk).status == "mandiri"


# --- analysis, comparisons, import of earlier results -----------------------------------------------

MAKES_FOLLOWUP = roles(Role.KOORDINATOR_SPBE, Role.PIMPINAN, own_only=True)
IMPORTS = roles(Role.KOORDINATOR_SPBE)

ANALYSIS_SURFACES = [
    # the ctx evaluation is unfinished, so its analysis is as private as the evaluation
    Surface("analysis page", _url("penilaian:analysis"), SEES),
    Surface(
        "analysis json",
        lambda ctx: reverse("penilaian:analysis", args=[ctx["evaluation"].pk]) + "?format=json",
        SEES,
    ),
    Surface(
        "recommendation -> follow-up",
        _url("penilaian:analysis-followup"),
        MAKES_FOLLOWUP,
        method="post",
        data=lambda ctx: {"indicator": "2"},
        ok=(302,),
    ),
    Surface("comparison across instansi", lambda ctx: reverse("penilaian:compare"), everyone),
    Surface(
        "comparison json", lambda ctx: reverse("penilaian:compare") + "?wilayah=18&format=json", everyone
    ),
    Surface(
        "comparison across years",
        lambda ctx: reverse("penilaian:compare-years", args=[ctx["orgs"]["prov"].slug]),
        everyone,
    ),
    Surface("import page", lambda ctx: reverse("penilaian:import"), IMPORTS),
    Surface("import template", lambda ctx: reverse("penilaian:import-template"), IMPORTS),
]


@pytest.fixture
def analysis_ctx(ctx: dict[str, Any]) -> dict[str, Any]:
    """Indicator 2 has a self-assessed level, so a recommendation for it can become a follow-up."""
    from simpul.assessment.models import Answer, Indicator

    evaluation = ctx["evaluation"]
    Answer.objects.create(
        evaluation=evaluation,
        indicator=Indicator.objects.get(framework=evaluation.framework, number=2),
        layer="mandiri",
        level=2,
    )
    return ctx


@pytest.mark.parametrize("surface", ANALYSIS_SURFACES, ids=lambda s: s.name)
def test_analysis_surface_permissions(
    surface: Surface, personas: Personas, analysis_ctx: dict[str, Any]
) -> None:
    check_surface(surface, personas, analysis_ctx)


def test_refused_followups_leave_nothing(personas: Personas, analysis_ctx: dict[str, Any]) -> None:
    """After every persona tried: one follow-up, made by an allowed persona, owned by the instansi."""
    from simpul.followups.models import FollowUp

    surface = next(s for s in ANALYSIS_SURFACES if s.name == "recommendation -> follow-up")
    check_surface(surface, personas, analysis_ctx)
    followup = FollowUp.objects.get()
    assert followup.owner_organization == analysis_ctx["orgs"]["prov"]
    assert followup.created_by is not None
    assert followup.created_by.username in {
        "own-koordinator_spbe",
        "own-pimpinan",
        "own-admin",
        "other-admin",
        "superuser",
    }
