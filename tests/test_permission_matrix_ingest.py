"""Upload pages and the upload API in the permission matrix.

The fixture run was uploaded by a produsen of Dinkes (the personas' *own* organization) into a Dinkes
dataset; the *other* organization is BPS. Who may work on a run is `services.can_ingest`: the
producer's produsen and walidata pendukung, any walidata, admins. The uploads page itself ("Meja kerja
data") is for the data roles.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from simpul.datasets.tests.factories import DatasetFactory, standard_data
from simpul.ingest import services
from simpul.organizations.choices import Role

from .matrix import Persona, Personas, Surface, check_surface, roles


def uploaders(p: Persona) -> bool:
    """can_ingest on the own organization's dataset: any walidata; own produsen / walidata pendukung."""
    if p.superuser or p.role in (Role.ADMIN, Role.WALIDATA):
        return True
    return p.own and p.role in (Role.PRODUSEN, Role.WALIDATA_PENDUKUNG)


def _run(name: str, *extra: str) -> Callable[[dict[str, Any]], str]:
    return lambda ctx: reverse(name, args=[ctx["run"].pk, *extra])


DATA_ROLES = (Role.WALIDATA, Role.WALIDATA_PENDUKUNG, Role.PRODUSEN, Role.PEMBINA)
SURFACES = [
    Surface("meja kerja data", lambda ctx: reverse("satudata:work"), roles(*DATA_ROLES)),
    Surface("unggahan saya", lambda ctx: reverse("ingest:index"), roles(*DATA_ROLES)),
    Surface("unggahan: pemetaan dan hasil", _run("ingest:run"), uploaders, denied=(302, 404)),
    Surface("unggahan: kemajuan", _run("ingest:status"), uploaders, denied=(302, 404)),
    Surface("unggahan: laporan csv", _run("ingest:report", "csv"), uploaders, denied=(302, 404)),
    Surface("unggahan: laporan xlsx", _run("ingest:report", "xlsx"), uploaders, denied=(302, 404)),
    Surface(
        "unggahan: baca ulang",
        _run("ingest:submit"),
        uploaders,
        method="post",
        data=lambda ctx: {"action": "apply"},
        ok=(302,),
        denied=(302, 404),
    ),
    Surface(
        "api: unggahan",
        lambda ctx: f"/api/v1/ingest/{ctx['run'].pk}",
        uploaders,
        denied=(401, 404),
    ),
    # Sending a file through the API needs a write token: a session is refused for everyone.
    Surface(
        "api: kirim berkas dengan sesi",
        lambda ctx: "/api/v1/ingest",
        lambda p: False,
        method="post",
        data=lambda ctx: {"dataset": ctx["run"].dataset.slug},
        denied=(401, 422),
    ),
]


@pytest.fixture
def personas(orgs: dict[str, Any]) -> Personas:
    return Personas(own_org=orgs["dinkes"], other_org=orgs["bps"])


@pytest.fixture
def ctx(make_user: Any, orgs: dict[str, Any]) -> dict[str, Any]:
    standard_data()
    dataset = DatasetFactory.create(slug="statistik-dinkes", producer=orgs["dinkes"])
    uploader = make_user("pengunggah", (orgs["dinkes"], Role.PRODUSEN))
    content = b"indikator,wilayah,tahun,nilai\nIPM,Lampung Selatn,2022,70\n"
    run = services.stage_upload(actor=uploader, dataset=dataset, content=content, file_name="salah.csv")
    run = services.prepare_rerun(actor=uploader, run=run, dry_run=True)
    services.process_upload(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == "ditolak"
    return {"orgs": orgs, "run": run}


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
def test_surface_permissions(surface: Surface, personas: Personas, ctx: dict[str, Any]) -> None:
    check_surface(surface, personas, ctx)
