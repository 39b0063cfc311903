"""A small catalogue for the interop adapters: two public datasets, one internal and one excluded, with
observations, a file, people with roles and their API tokens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from simpul.accounts.services import token_create
from simpul.datasets.models import AccessLevel, Dataset, Observation, ObservationStatus, Resource
from simpul.datasets.tests.factories import standard_data

SECRET_VALUE = 987654.0  # only ever stored in the internal dataset
EXCLUDED_VALUE = 876543.0  # only ever stored in the excluded dataset
UNPUBLISHED_VALUE = 765432.0  # a correction in the public dataset the walidata has not published


@dataclass
class World:
    orgs: dict[str, Any]
    std: dict[str, Any]
    public: Dataset
    census: Dataset
    internal: Dataset
    excluded: Dataset
    resource: Resource
    tokens: dict[str, str]
    users: dict[str, Any]


def _obs(dataset: Dataset, indicator: Any, region: str, period: str, value: float, **kw: Any) -> Observation:
    return Observation.objects.create(
        dataset=dataset,
        producer=dataset.producer,
        indicator=indicator,
        region_id=region,
        period=period,
        value=value,
        unit=kw.pop("unit", indicator.unit),
        valid_from=kw.pop("valid_from", timezone.now()),
        published_at=kw.pop("published_at", timezone.now()),
        **kw,
    )


def build_world(orgs: dict[str, Any], make_user: Callable[..., Any]) -> World:
    std = standard_data()
    public = Dataset.objects.create(
        slug="ipm-lampung",
        title="Indeks Pembangunan Manusia Lampung",
        description="IPM provinsi dan kabupaten.",
        producer=orgs["dinkes"],
        topic="Kesehatan",
        tags=["ipm", "pembangunan manusia"],
        contact_name="Seksi Statistik",
        contact_email="statistik@example.go.id",
        temporal_start="2022",
        temporal_end="2023",
        access=AccessLevel.PUBLIC,
    )
    public.indicators.set([std["ipm"]])
    for region, period, value in (("18", "2022", 70.45), ("18", "2023", 71.15), ("18.01", "2023", 68.2)):
        _obs(public, std["ipm"], region, period, value, status=ObservationStatus.TETAP)
    # An unpublished correction of 18.01/2023 (the published 68.2 stays served) and an unpublished new cell.
    Observation.objects.filter(dataset=public, region_id="18.01").update(valid_to=timezone.now())
    _obs(public, std["ipm"], "18.01", "2023", UNPUBLISHED_VALUE, published_at=None)
    _obs(public, std["ipm"], "18.04", "2023", UNPUBLISHED_VALUE, published_at=None)
    census = Dataset.objects.create(
        slug="penduduk-lampung",
        title="Jumlah Penduduk menurut Jenis Kelamin",
        producer=orgs["bps"],
        topic="Kependudukan",
        tags=["penduduk"],
        licence="CC0-1.0",
        access=AccessLevel.PUBLIC,
    )
    census.indicators.set([std["penduduk"]])
    _obs(census, std["penduduk"], "18", "2023", 4600000, disagg="jk=1")
    _obs(census, std["penduduk"], "18", "2023", 4500000, disagg="jk=2")
    _obs(census, std["penduduk"], "18", "2023", 9100000)
    internal = Dataset.objects.create(
        slug="rahasia-internal",
        title="Data Internal Kesehatan",
        producer=orgs["dinkes"],
        topic="Topik Internal",
        tags=["ipm", "tag-internal"],
        access=AccessLevel.INTERNAL,
    )
    internal.indicators.set([std["ipm"], std["inflasi"]])
    _obs(internal, std["ipm"], "18.02", "2023", SECRET_VALUE)
    _obs(internal, std["inflasi"], "18", "2023-01", SECRET_VALUE)
    excluded = Dataset.objects.create(
        slug="dikecualikan-kominfo",
        title="Data Dikecualikan Kominfo",
        producer=orgs["kominfo"],
        topic="Topik Dikecualikan",
        tags=["tag-dikecualikan"],
        access=AccessLevel.EXCLUDED,
    )
    excluded.indicators.set([std["ipm"]])
    _obs(excluded, std["ipm"], "18.03", "2023", EXCLUDED_VALUE)
    resource = Resource(dataset=public, title="Publikasi IPM", format="pdf", size=12, sha256="ab" * 32)
    resource.file.save("ipm.pdf", ContentFile(b"%PDF-1.4 uji"), save=True)
    Resource.objects.create(
        dataset=internal, title="Berkas internal", format="xlsx", file="datasets/x/rahasia.xlsx"
    )
    users = {
        "walidata": make_user("walidata-prov", (orgs["prov"], "walidata")),
        "produsen": make_user("produsen-dinkes", (orgs["dinkes"], "produsen")),
        "warga": make_user("warga-biasa"),
    }
    tokens = {key: token_create(user=user, name="uji").raw for key, user in users.items()}
    return World(orgs, std, public, census, internal, excluded, resource, tokens, users)


@pytest.fixture
def world(orgs: dict[str, Any], make_user: Callable[..., Any]) -> World:
    return build_world(orgs, make_user)


@pytest.fixture
def ckan(client: Any) -> Callable[..., Any]:
    """ckan("package_show", id=..., _token=..., _method="get") -> (status, body)."""
    import json

    def call(name: str, _token: str | None = None, _method: str = "post", **params: Any) -> tuple[int, Any]:
        headers = {"HTTP_AUTHORIZATION": _token} if _token else {}
        url = f"/api/3/action/{name}"
        if _method == "get":
            response = client.get(url, params, **headers)
        else:
            response = client.post(url, json.dumps(params), content_type="application/json", **headers)
        return response.status_code, response.json()

    return call
