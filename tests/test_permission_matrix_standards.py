"""Standard-data pages in the permission matrix (/satu-data/standar/).

Own organization: BPS (pembina of the indicator "OWNED"); other: Dinas Kesehatan. Everyone reads; any
pembina creates, imports and edits classifications, activities and indicators without a pembina; only the
pembina of the owning organization edits or deletes an owned indicator; admins and superusers everything.
Writes that succeed redirect (302); each write surface works on a fresh object so every persona is tested.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from simpul.organizations.choices import Role
from simpul.standards.models import Classification, Indicator

from .matrix import Personas, Surface, check_surface, everyone, roles

PEMBINA = roles(Role.PEMBINA)
OWN_PEMBINA = roles(Role.PEMBINA, own_only=True)
_n = itertools.count()


def _url(name: str, *args: str, query: str = "") -> Any:
    return lambda ctx: reverse(name, args=list(args)) + query


def _fresh_indicator(ctx: dict[str, Any], *, owned: bool) -> str:
    code = f"F{next(_n)}"
    Indicator.objects.create(code=code, name_id=code, pembina=ctx["orgs"]["bps"] if owned else None)
    return code


def _indicator_form(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"code": f"N{next(_n)}", "name_id": "Baru", "periodicity": "tahunan", "value_type": "desimal"}


def _import(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "indikator", "file": SimpleUploadedFile("i.csv", b"kode,nama\nIMP1,Impor\n")}


SURFACES = [
    Surface("daftar indikator", _url("standards:list", "indikator"), everyone),
    Surface("daftar klasifikasi json", _url("standards:list", "klasifikasi", query="?format=json"), everyone),
    Surface("daftar kegiatan", _url("standards:list", "kegiatan"), everyone),
    Surface("indikator", _url("standards:detail", "indikator", "OWNED"), everyone),
    Surface("indikator json", _url("standards:detail", "indikator", "OWNED", query="?format=json"), everyone),
    Surface("klasifikasi", _url("standards:detail", "klasifikasi", "jk"), everyone),
    Surface("ekspor csv", _url("standards:export", "indikator", "csv"), everyone),
    Surface("ekspor json", _url("standards:export", "klasifikasi", "json"), everyone),
    Surface("formulir indikator baru", _url("standards:create", "indikator"), PEMBINA),
    Surface(
        "simpan indikator baru",
        _url("standards:create", "indikator"),
        PEMBINA,
        method="post",
        data=_indicator_form,
        ok=(302,),
    ),  # fmt: skip
    Surface("ubah indikator milik instansi", _url("standards:edit", "indikator", "OWNED"), OWN_PEMBINA),
    Surface("ubah indikator tanpa pembina", _url("standards:edit", "indikator", "FREE"), PEMBINA),
    Surface(
        "hapus indikator milik instansi",
        lambda ctx: reverse("standards:delete", args=["indikator", _fresh_indicator(ctx, owned=True)]),
        OWN_PEMBINA,
        method="post",
        ok=(302,),
    ),  # fmt: skip
    Surface(
        "hapus indikator tanpa pembina",
        lambda ctx: reverse("standards:delete", args=["indikator", _fresh_indicator(ctx, owned=False)]),
        PEMBINA,
        method="post",
        ok=(302,),
    ),  # fmt: skip
    Surface("ubah klasifikasi", _url("standards:edit", "klasifikasi", "jk"), PEMBINA),
    Surface("kegiatan baru", _url("standards:create", "kegiatan"), PEMBINA),
    Surface("halaman impor", _url("standards:import"), PEMBINA),
    Surface("impor", _url("standards:import"), PEMBINA, method="post", data=_import, ok=(302,)),
]


@pytest.fixture
def personas(orgs: dict[str, Any]) -> Personas:
    return Personas(own_org=orgs["bps"], other_org=orgs["dinkes"])


@pytest.fixture
def ctx(orgs: dict[str, Any]) -> dict[str, Any]:
    Indicator.objects.create(code="OWNED", name_id="Milik BPS", pembina=orgs["bps"])
    Indicator.objects.create(code="FREE", name_id="Tanpa pembina")
    Classification.objects.create(code="jk", name="Jenis kelamin")
    return {"orgs": orgs}


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
def test_surface_permissions(surface: Surface, personas: Personas, ctx: dict[str, Any]) -> None:
    check_surface(surface, personas, ctx)


def test_other_pembina_cannot_change_an_owned_indicator_by_post(
    personas: Personas, ctx: dict[str, Any]
) -> None:
    from .matrix import Persona

    client = personas.client(Persona("other:pembina", role=Role.PEMBINA, own=False))
    data = {"code": "OWNED", "name_id": "Dibajak", "periodicity": "tahunan", "value_type": "desimal"}
    response = client.post(reverse("standards:edit", args=["indikator", "OWNED"]), data)
    assert response.status_code == 403
    assert Indicator.objects.get(code="OWNED").name_id == "Milik BPS"
