"""Dashboard surfaces in the permission matrix (pages under /pantau/ and the JSON under /pantau/data/).

The personas' own organization is Diskominfo, the other one BPS. The dashboard is for pimpinan, walidata
and koordinator SPBE (admins everywhere); completeness and follow-up counts answer every signed-in user
with what that user may see; an OPD page opens for dashboard roles and for the OPD's own members.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from simpul.dashboard.demo import load_dashboard_demo
from simpul.organizations.choices import Role

from .matrix import PERSONAS, Persona, Personas, Surface, check_surface, roles, signed_in

DASHBOARD = roles(Role.PIMPINAN, Role.WALIDATA, Role.KOORDINATOR_SPBE)


def own_or_dashboard(p: Persona) -> bool:
    return DASHBOARD(p) or (p.own and p.role is not None)


def _url(name: str, *args: str, query: str = "") -> Any:
    return lambda ctx: reverse(name, args=list(args)) + query


def _csv(ctx: dict[str, Any]) -> dict[str, Any]:
    body = b"indikator,wilayah,tahun,nilai,sumber\nDEMO-IPM,18,2026,72,rpjmd\n"
    return {"file": SimpleUploadedFile("target.csv", body)}


SURFACES = [
    Surface("dasbor", _url("pantau:home"), DASHBOARD),
    Surface("layar besar", _url("pantau:big-screen"), DASHBOARD),
    Surface("halaman kab/kota", _url("pantau:region", "18.01"), DASHBOARD),
    Surface("halaman kab/kota json", _url("pantau:region", "18.01", query="?format=json"), DASHBOARD),
    Surface(
        "halaman instansi",
        lambda ctx: reverse("pantau:organization", args=[ctx["orgs"]["kominfo"].slug]),
        own_or_dashboard,
    ),  # fmt: skip
    Surface(
        "target",
        _url("pantau:targets"),
        roles(Role.PIMPINAN, Role.WALIDATA, Role.KOORDINATOR_SPBE, Role.WALIDATA_PENDUKUNG),
    ),  # fmt: skip
    Surface(
        "impor target",
        _url("pantau:targets"),
        roles(Role.WALIDATA, Role.WALIDATA_PENDUKUNG),
        method="post",
        data=_csv,
        ok=(302,),
    ),  # fmt: skip
    Surface("data indikator", _url("pantau:data-indicators"), DASHBOARD),
    Surface("data peta", _url("pantau:data-map", query="?indikator=DEMO-IPM"), DASHBOARD),
    Surface("data tren", _url("pantau:data-trend", query="?indikator=DEMO-IPM&wilayah=18.01"), DASHBOARD),
    Surface("data spbe", _url("pantau:data-spbe"), DASHBOARD),
    Surface("data kelengkapan", _url("pantau:data-completeness"), signed_in),
    Surface("data tindak lanjut", _url("pantau:data-followups"), signed_in),
]


@pytest.fixture
def personas(orgs: dict[str, Any]) -> Personas:
    return Personas(own_org=orgs["kominfo"], other_org=orgs["bps"])


@pytest.fixture
def ctx(make_user: Any, orgs: dict[str, Any]) -> dict[str, Any]:
    from simpul.followups import services

    load_dashboard_demo()
    governor = make_user("gubernur", (orgs["prov"], Role.PIMPINAN))
    due = timezone.localdate() + datetime.timedelta(days=7)
    services.followup_create(
        actor=governor, title="TL Kominfo", owner_organization=orgs["kominfo"], due_date=due
    )
    services.followup_create(
        actor=governor, title="TL Dinkes", owner_organization=orgs["dinkes"], due_date=due
    )
    return {"orgs": orgs}


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
def test_surface_permissions(surface: Surface, personas: Personas, ctx: dict[str, Any]) -> None:
    check_surface(surface, personas, ctx)


def test_followup_counts_show_each_persona_only_what_it_may_see(
    personas: Personas, ctx: dict[str, Any]
) -> None:
    """Pimpinan and admins see every OPD's follow-ups; a member of Diskominfo sees only Diskominfo's;
    a member of BPS (no follow-ups) sees none."""
    kominfo, dinkes = ctx["orgs"]["kominfo"].name, ctx["orgs"]["dinkes"].name
    wrong = []
    for persona in PERSONAS:
        if persona.anonymous:
            continue
        data = personas.client(persona).get(reverse("pantau:data-followups")).json()
        seen = {r["organization"] for r in data["organizations"]}
        if persona.superuser or persona.role in (Role.ADMIN, Role.PIMPINAN):
            expected = {kominfo, dinkes}
        elif persona.own:
            expected = {kominfo}
        else:
            expected = set()
        if seen != expected:
            wrong.append(f"{persona.key}: {sorted(seen)}")
    assert not wrong, wrong
