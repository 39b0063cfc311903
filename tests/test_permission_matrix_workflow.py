"""Walidata workflow surfaces in the permission matrix.

The personas' *own* organization is Dinas Kesehatan (the producer of the fixture submission, plan and
conflict candidate); the *other* organization is Diskominfo. Walidata and pembina work province-wide;
a produsen (or walidata pendukung) only inside its own organization: never another OPD's unpublished
submissions, plans or conflicts.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from simpul.core.models import AuditEntry
from simpul.datasets.tests.factories import DatasetFactory, standard_data
from simpul.ingest.services import ingest_file
from simpul.organizations.choices import Role
from simpul.reconcile import services
from simpul.reconcile.models import ConflictCase, Notification, PlanItem, Submission, SubmissionStatus
from simpul.regions.models import Region

from .matrix import PERSONAS, Persona, Personas, Surface, check_surface, roles, signed_in

PRODUCERS = (Role.PRODUSEN, Role.WALIDATA_PENDUKUNG)


def _global(p: Persona) -> bool:
    return p.superuser or p.role == Role.ADMIN


def org_work(p: Persona) -> bool:
    """Unpublished work of an organization: walidata and pembina anywhere, its own producers."""
    return _global(p) or p.role in (Role.WALIDATA, Role.PEMBINA) or (p.own and p.role in PRODUCERS)


def check_pages(p: Persona) -> bool:
    return _global(p) or p.role in (Role.WALIDATA, Role.PEMBINA, *PRODUCERS)


def completeness(p: Persona) -> bool:
    return check_pages(p) or p.role == Role.PIMPINAN


def submitter(p: Persona) -> bool:
    return _global(p) or p.role == Role.WALIDATA or (p.own and p.role in PRODUCERS)


def walidata(p: Persona) -> bool:
    return _global(p) or p.role == Role.WALIDATA


def _fresh_submission(ctx: dict[str, Any]) -> str:
    """Each persona presses "Verifikasi" on its own fresh submission."""
    sub = Submission.objects.create(
        item=ctx["item"], run=ctx["run"], producer=ctx["orgs"]["dinkes"], submitted_at=timezone.now()
    )
    ctx.setdefault("verify_tries", []).append((ctx["persona"], sub))
    ctx["fresh"] = sub
    return reverse("reconcile:submission", args=[sub.pk])


def _fresh_item(ctx: dict[str, Any]) -> str:
    """A new, undelivered item of Dinkes's draft plan for each persona to try to delete."""
    first = ctx["item"]
    item = PlanItem.objects.create(
        plan=first.plan, dataset=first.dataset, indicator=first.indicator, region=first.region,
        period="2024", due_date=first.due_date,
    )  # fmt: skip
    return reverse("reconcile:plan-item", args=[item.pk])


def _decide_data(ctx: dict[str, Any]) -> dict[str, Any]:
    case = ctx["case"]
    version = ConflictCase.objects.values_list("version", flat=True).get(pk=case.pk)
    return {"version": version, "producer": ctx["orgs"]["dinkes"].pk, "reason": ctx["persona"].key}


def _url(name: str, key: str) -> Callable[[dict[str, Any]], str]:
    return lambda ctx: reverse(name, args=[ctx[key].pk])


SURFACES = [
    Surface(
        "antrean pemeriksaan",
        lambda ctx: reverse("satudata:check"),
        roles(Role.WALIDATA, Role.WALIDATA_PENDUKUNG, Role.PEMBINA),
    ),
    Surface("setoran", _url("reconcile:submission", "submission"), org_work),
    Surface("konflik", _url("reconcile:conflict", "case"), org_work),
    Surface("daftar konflik", lambda ctx: reverse("reconcile:conflicts"), check_pages),
    Surface("daftar data", lambda ctx: reverse("reconcile:plans"), check_pages),
    Surface("daftar data produsen", _url("reconcile:plan", "plan"), org_work),
    Surface("setor data", lambda ctx: reverse("reconcile:submit") + f"?item={ctx['item'].pk}", submitter),
    Surface("kelengkapan", lambda ctx: reverse("reconcile:completeness") + "?year=2026", completeness),
    Surface(
        "kelengkapan json",
        lambda ctx: reverse("reconcile:completeness") + "?year=2026&format=json",
        completeness,
    ),
    Surface(
        "api kelengkapan", lambda ctx: "/api/v1/completeness?year=2026", completeness, denied=(401, 403, 404)
    ),
    Surface("butir daftar data", _url("reconcile:plan-item", "item"), submitter),
    Surface(
        "hapus butir daftar data",
        _fresh_item,
        submitter,
        method="post",
        data=lambda ctx: {"action": "delete"},
        ok=(302,),
    ),
    Surface("notifikasi", lambda ctx: reverse("reconcile:notifications"), signed_in),
    Surface(
        "tandai semua notifikasi dibaca",
        lambda ctx: reverse("reconcile:notifications"),
        signed_in,
        method="post",
        ok=(302,),
        denied=(302,),
    ),
    # the walidata's own notification: nobody else opens it (404), not even an admin
    Surface("notifikasi orang lain", _url("reconcile:notification", "notification"), lambda p: False),
    Surface(
        "verifikasi",
        _fresh_submission,
        walidata,
        method="post",
        data=lambda ctx: {"action": "verify", "version": 1},
        ok=(302,),
        denied=(302, 403, 404),
    ),
    Surface(
        "putuskan konflik",
        _url("reconcile:conflict", "case"),
        walidata,
        method="post",
        data=_decide_data,
        ok=(302,),
        denied=(302, 403, 404),
    ),
]


@pytest.fixture
def personas(orgs: dict[str, Any]) -> Personas:
    return Personas(own_org=orgs["dinkes"], other_org=orgs["kominfo"])


@pytest.fixture
def ctx(make_user: Any, orgs: dict[str, Any]) -> dict[str, Any]:
    std = standard_data()
    wali = make_user("wali-matrix", (orgs["prov"], Role.WALIDATA))
    lampung = Region.objects.get(code="18")
    out: dict[str, Any] = {"orgs": orgs}
    for key in ("dinkes", "bps"):
        ds: Any = DatasetFactory(slug=f"pddk-{key}", producer=orgs[key], spatial_coverage=lampung)
        plan = services.plan_create(actor=wali, organization=orgs[key], year=2026)
        item = services.plan_add_item(
            actor=wali,
            plan=plan,
            dataset=ds,
            indicator=std["penduduk"],
            region=lampung,
            period="2025",
            due_date=datetime.date(2026, 3, 31),
        )
        content = (
            f"indikator,wilayah,tahun,nilai\nPDDK,18,2025,{9_000_000 if key == 'dinkes' else 9_100_000}\n"
        )
        run = ingest_file(actor=wali, dataset=ds, content=content.encode(), file_name=f"{key}.csv")
        sub = services.submission_create(actor=wali, item=item, run=run)
        if key == "dinkes":
            out |= {"plan": plan, "item": item, "run": run, "submission": sub}
    out["case"] = ConflictCase.objects.get()
    out["notification"] = Notification.objects.filter(user=wali).first()
    return out


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
def test_surface_permissions(surface: Surface, personas: Personas, ctx: dict[str, Any]) -> None:
    check_surface(surface, personas, ctx)


def test_only_allowed_personas_really_acted(personas: Personas, ctx: dict[str, Any]) -> None:
    """A 302 could also be a login redirect: check what actually happened."""
    verify = next(s for s in SURFACES if s.name == "verifikasi")
    check_surface(verify, personas, ctx)
    wrong = []
    for persona, sub in ctx["verify_tries"]:
        sub.refresh_from_db()
        if (sub.status == SubmissionStatus.VERIFIED) != verify.allowed(persona):
            wrong.append(f"{persona.key}: status {sub.status}")
    assert not wrong, wrong
    decide = next(s for s in SURFACES if s.name == "putuskan konflik")
    check_surface(decide, personas, ctx)
    deciders = set(
        AuditEntry.objects.filter(action="reconcile.conflict_decide").values_list("after__reason", flat=True)
    )
    assert deciders == {"own:walidata", "other:walidata", "own:admin", "other:admin", "superuser"}


def test_another_opd_never_sees_unpublished_data(personas: Personas, ctx: dict[str, Any]) -> None:
    for key in ("other:produsen", "other:walidata_pendukung"):
        client = personas.client(next(p for p in PERSONAS if p.key == key))
        body = client.get("/api/v1/completeness?year=2026").json()
        assert body["producers"] == []
        html = client.get(reverse("reconcile:conflicts")).content.decode()
        assert "Jumlah penduduk" not in html
        assert "Dinas Kesehatan" not in client.get(reverse("reconcile:plans")).content.decode()
