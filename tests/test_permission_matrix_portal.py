"""Public catalogue surfaces in the permission matrix: portal pages, their JSON twins and /api/v1 catalogue
endpoints. Public data answers everyone; an internal dataset (and an indicator found only in it) answers
government users (anyone holding a role); an excluded dataset answers admins, walidata and its producer's
own produsen / walidata pendukung. Everyone else gets 404 (the page does not exist for them).

The personas' own organization is Dinas Kesehatan (producer of the excluded dataset), the other one BPS.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from simpul.catalog.tests.conftest import build_catalog_data
from simpul.organizations.choices import Role

from .matrix import Persona, Personas, Surface, check_surface, everyone


def government(p: Persona) -> bool:
    return p.superuser or p.role is not None


def excluded_readers(p: Persona) -> bool:
    if p.superuser or p.role in (Role.ADMIN, Role.WALIDATA):
        return True
    return p.own and p.role in (Role.PRODUSEN, Role.WALIDATA_PENDUKUNG)


def _u(url: str) -> Any:
    return lambda ctx: url


SURFACES = [
    Surface("beranda katalog", _u("/satu-data/"), everyone),
    Surface("beranda katalog json", _u("/satu-data/?format=json"), everyone),
    Surface("cari", _u("/satu-data/katalog/cari/?q=penduduk"), everyone),
    Surface("cari json", _u("/satu-data/katalog/cari/?format=json"), everyone),
    Surface("produsen", _u("/satu-data/katalog/organisasi/"), everyone),
    Surface("halaman produsen", _u("/satu-data/katalog/organisasi/bps-lampung/"), everyone),
    Surface("indikator", _u("/satu-data/katalog/indikator/"), everyone),
    Surface("halaman indikator", _u("/satu-data/katalog/indikator/PDDK/"), everyone),
    Surface("halaman indikator internal", _u("/satu-data/katalog/indikator/RHS/"), government, denied=(404,)),
    Surface("wilayah dalam angka", _u("/satu-data/katalog/wilayah/18.01/?format=json"), everyone),
    Surface("halaman dataset", _u("/satu-data/dataset/penduduk-lampung/"), everyone),
    Surface("halaman dataset internal", _u("/satu-data/dataset/internal-gudang/"), government, denied=(404,)),
    Surface("berkas dataset", lambda ctx: ctx["files"]["penduduk-lampung"], everyone),
    Surface(
        "berkas dataset internal", lambda ctx: ctx["files"]["internal-gudang"], government, denied=(404,)
    ),
    Surface("api datasets", _u("/api/v1/datasets"), everyone),
    Surface("api dataset", _u("/api/v1/datasets/penduduk-lampung"), everyone),
    Surface("api dataset internal", _u("/api/v1/datasets/internal-gudang"), government, denied=(404,)),
    Surface(
        "api dataset dikecualikan", _u("/api/v1/datasets/dikecualikan-x"), excluded_readers, denied=(404,)
    ),
    Surface("api indikator", _u("/api/v1/indicators/PDDK"), everyone),
    Surface("api indikator internal", _u("/api/v1/indicators/RHS"), government, denied=(404,)),
    Surface("api produsen", _u("/api/v1/organizations/bps-lampung"), everyone),
    Surface("api observasi", _u("/api/v1/observations?indicator=PDDK&region=1803"), everyone),
    Surface("api observasi csv", _u("/api/v1/observations?indicator=PDDK&format=csv"), everyone),
    Surface("api agregat", _u("/api/v1/observations/aggregate?indicator=PDDK&parent=18"), everyone),
]


@pytest.fixture
def personas(orgs: dict[str, Any]) -> Personas:
    return Personas(own_org=orgs["dinkes"], other_org=orgs["bps"])


@pytest.fixture
def ctx(orgs: dict[str, Any], settings: Any, tmp_path: Any) -> dict[str, Any]:
    from django.core.files.base import ContentFile

    from simpul.datasets.models import Dataset, Resource

    cache.clear()
    settings.SIMPUL_API_RATE_ANON = 10_000
    settings.MEDIA_ROOT = tmp_path
    build_catalog_data(orgs)
    files = {}
    for slug in ("penduduk-lampung", "internal-gudang"):
        res = Resource(dataset=Dataset.objects.get(slug=slug), title="tabel.csv", format="csv")
        res.file.save("tabel.csv", ContentFile(b"wilayah,nilai\n18,1\n"))
        files[slug] = res.get_absolute_url()
    return {"orgs": orgs, "files": files}


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
def test_surface_permissions(surface: Surface, personas: Personas, ctx: dict[str, Any]) -> None:
    check_surface(surface, personas, ctx)


def test_observations_of_excluded_dataset_only_for_its_readers(
    personas: Personas, ctx: dict[str, Any]
) -> None:
    from .matrix import PERSONAS

    wrong = []
    for persona in PERSONAS:
        body = personas.client(persona).get("/api/v1/observations?indicator=PDDK&limit=5000").json()
        sees = 123456 in {o["value"] for o in body["items"]}
        if sees != excluded_readers(persona):
            wrong.append(persona.key)
    assert not wrong, wrong
