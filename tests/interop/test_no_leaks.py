"""No leaks, per surface and per persona (tests/matrix.py's personas, each calling with its own API token).

The oracle is `simpul.datasets.selectors.datasets_visible_to`: a surface that answers for the caller shows
the internal or excluded dataset's data exactly when the selector lets that caller see the dataset; a
public surface (lists, the DCAT catalogue) never shows them, whoever asks; an unpublished value never
appears anywhere.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from simpul.accounts.services import token_create
from simpul.api.ckan import ids
from simpul.datasets.selectors import datasets_visible_to

from ..matrix import PERSONAS, Personas
from .conftest import World

pytestmark = pytest.mark.django_db

INTERNAL = ("rahasia-internal", "987654", "tag-internal", "Topik Internal", "18.02", "18_02", "DF_INFL")
EXCLUDED = ("dikecualikan-kominfo", "876543", "tag-dikecualikan", "Topik Dikecualikan", "18.03", "18_03")
UNPUBLISHED = ("765432", "18.04", "18_04")


def ckan(name: str, **params: Any) -> Callable[[World], tuple[str, str, dict[str, Any]]]:
    return lambda w: ("post", f"/api/3/action/{name}", params)


def get(url: str) -> Callable[[World], tuple[str, str, dict[str, Any]]]:
    return lambda w: ("get", url, {})


@dataclass
class Surface:
    name: str
    requests: list[Callable[[World], tuple[str, str, dict[str, Any]]]]
    public_only: bool = False


FACETS = {"facet.field": ["tags", "groups", "organization", "res_format", "license_id"]}
SURFACES = [
    Surface(
        "ckan package_search include_private",
        [ckan("package_search", include_private=True, rows=1000, **FACETS)],
    ),  # fmt: skip
    Surface(
        "ckan package_show",
        [ckan("package_show", id="rahasia-internal"), ckan("package_show", id="dikecualikan-kominfo")],
    ),  # fmt: skip
    Surface(
        "ckan resource_show",
        [
            lambda w: ("post", "/api/3/action/resource_show", {"id": ids.make(ids.DATASTORE, w.internal.pk)}),
            lambda w: ("post", "/api/3/action/resource_show", {"id": ids.make(ids.DATASTORE, w.excluded.pk)}),
        ],
    ),  # fmt: skip
    Surface(
        "ckan datastore_search",
        [
            ckan("datastore_search", resource_id="rahasia-internal"),
            ckan("datastore_search", resource_id="dikecualikan-kominfo"),
        ],
    ),  # fmt: skip
    Surface(
        "ckan organization_show",
        [
            ckan("organization_show", id="dinkes-lampung", include_datasets=True),
            ckan("organization_show", id="diskominfo-lampung", include_datasets=True),
        ],
    ),  # fmt: skip
    Surface(
        "ckan group_show",
        [
            ckan("group_show", id="topik-internal", include_datasets=True),
            ckan("group_show", id="topik-dikecualikan", include_datasets=True),
        ],
    ),  # fmt: skip
    Surface(
        "dcat dataset", [get("/dataset/rahasia-internal.ttl"), get("/dataset/dikecualikan-kominfo.jsonld")]
    ),
    Surface(
        "sdmx data json",
        [get("/api/sdmx/data/dataflow/SIMPUL/DF_IPM/1.0"), get("/api/sdmx/data/dataflow/SIMPUL/DF_INFL/1.0")],
    ),  # fmt: skip
    Surface("sdmx data csv", [get("/api/sdmx/data/dataflow/SIMPUL/DF_IPM/1.0?format=sdmx-csv")]),
    Surface(
        "sdmx structures",
        [
            get("/api/sdmx/structure/dataflow/SIMPUL/*"),
            get("/api/sdmx/structure/dataflow/SIMPUL/DF_IPM/1.0?references=all"),
        ],
    ),  # fmt: skip
    # Public by design: the same answer for everyone.
    Surface("ckan package_search", [ckan("package_search", rows=1000, **FACETS)], public_only=True),
    Surface("ckan package_list", [ckan("package_list")], public_only=True),
    Surface(
        "ckan current_package_list_with_resources",
        [ckan("current_package_list_with_resources")],
        public_only=True,
    ),  # fmt: skip
    Surface("ckan tag_list", [ckan("tag_list", all_fields=True)], public_only=True),
    Surface("ckan group_list", [ckan("group_list", all_fields=True)], public_only=True),
    Surface("ckan organization_list", [ckan("organization_list", all_fields=True)], public_only=True),
    Surface("dcat catalog", [get("/catalog.ttl"), get("/catalog.jsonld")], public_only=True),
]


def _call(client: Client, token: str | None, method: str, url: str, params: dict[str, Any]) -> str:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if method == "post":
        response = client.post(url, json.dumps(params), content_type="application/json", headers=headers)
    else:
        response = client.get(url, headers=headers)
    assert response.status_code in (200, 404), (url, response.status_code, response.content[:300])
    return response.content.decode()


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
def test_surface_shows_exactly_what_the_selector_allows(world: World, surface: Surface) -> None:
    personas = Personas(own_org=world.orgs["dinkes"], other_org=world.orgs["kominfo"])
    client = Client()
    wrong = []
    for persona in PERSONAS:
        user = personas.user(persona)
        token = token_create(user=user, name="matriks").raw if user is not None else None
        visible = datasets_visible_to(user or AnonymousUser())
        sees_internal = not surface.public_only and visible.filter(pk=world.internal.pk).exists()
        sees_excluded = not surface.public_only and visible.filter(pk=world.excluded.pk).exists()
        body = "".join(_call(client, token, *request(world)) for request in surface.requests)
        got_internal = [m for m in INTERNAL if m in body]
        got_excluded = [m for m in EXCLUDED if m in body]
        got_unpublished = [m for m in UNPUBLISHED if m in body]
        if bool(got_internal) != sees_internal:
            wrong.append(f"{persona.key}: internal expected={sees_internal} markers={got_internal}")
        if bool(got_excluded) != sees_excluded:
            wrong.append(f"{persona.key}: excluded expected={sees_excluded} markers={got_excluded}")
        if got_unpublished:
            wrong.append(f"{persona.key}: unpublished value shown {got_unpublished}")
    assert not wrong, f"{surface.name}:\n  " + "\n  ".join(wrong)


def test_public_counts_do_not_count_hidden_datasets(world: World, client: Client) -> None:
    token = token_create(user=world.users["walidata"], name="x").raw
    response = client.post(
        "/api/3/action/organization_list",
        json.dumps({"all_fields": True}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    counts = {o["name"]: o["package_count"] for o in response.json()["result"]}
    assert counts["dinkes-lampung"] == 1
    assert counts["diskominfo-lampung"] == 0
