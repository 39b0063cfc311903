"""The CKAN Action API through Django's test client: envelopes, each read action, errors, visibility."""

from __future__ import annotations

import json
from typing import Any

import pytest

from simpul.api.ckan import ids

from .conftest import World

pytestmark = pytest.mark.django_db


def test_status_show_envelope(ckan: Any) -> None:
    status, body = ckan("status_show", _method="get")
    assert status == 200
    assert body["success"] is True
    assert body["help"].endswith("/api/3/action/help_show?name=status_show")
    assert body["result"]["ckan_version"].startswith("2.")


def test_package_list_only_public(world: World, ckan: Any) -> None:
    status, body = ckan("package_list", _method="get")
    assert status == 200
    assert body["result"] == ["ipm-lampung", "penduduk-lampung"]
    # Even a token of someone entitled to more gets only the public list here, as in CKAN.
    _, body = ckan("package_list", _token=world.tokens["walidata"])
    assert body["result"] == ["ipm-lampung", "penduduk-lampung"]
    _, body = ckan("package_list", limit=1, offset=1)
    assert body["result"] == ["penduduk-lampung"]


def test_package_show_by_name_and_id(world: World, ckan: Any) -> None:
    status, body = ckan("package_show", id="ipm-lampung", _method="get")
    assert status == 200
    pkg = body["result"]
    assert pkg["id"] == ids.make(ids.PACKAGE, world.public.pk)
    assert pkg["name"] == "ipm-lampung"
    assert pkg["private"] is False
    assert pkg["organization"]["name"] == "dinkes-lampung"
    assert pkg["owner_org"] == pkg["organization"]["id"]
    assert {t["name"] for t in pkg["tags"]} == {"ipm", "pembangunan manusia"}
    assert [g["name"] for g in pkg["groups"]] == ["kesehatan"]
    assert pkg["license_id"] == "cc-by"
    store, pdf = pkg["resources"]
    assert store["datastore_active"] is True
    assert store["id"] == ids.make(ids.DATASTORE, world.public.pk)
    assert pdf["format"] == "PDF"
    assert pdf["url"].startswith("http://testserver/satu-data/dataset/ipm-lampung/berkas/")
    assert pkg["num_resources"] == 2
    _, again = ckan("package_show", id=pkg["id"])
    assert again["result"]["name"] == "ipm-lampung"


def test_package_show_not_found_envelope(world: World, ckan: Any) -> None:
    status, body = ckan("package_show", id="tidak-ada")
    assert status == 404
    assert body["success"] is False
    assert body["error"]["__type"] == "Not Found Error"
    assert "help" in body


@pytest.mark.parametrize("slug", ["rahasia-internal", "dikecualikan-kominfo"])
def test_package_show_hides_non_public_from_anonymous_with_a_plain_404(
    world: World, ckan: Any, slug: str
) -> None:
    status, body = ckan("package_show", id=slug)
    _, missing = ckan("package_show", id="tidak-ada-sama-sekali")
    assert status == 404
    assert body["error"] == missing["error"]  # no hint that it exists


def test_package_show_for_entitled_token(world: World, ckan: Any) -> None:
    status, body = ckan("package_show", id="rahasia-internal", _token=world.tokens["produsen"])
    assert status == 200
    assert body["result"]["private"] is True
    status, _ = ckan("package_show", id="dikecualikan-kominfo", _token=world.tokens["produsen"])
    assert status == 404  # excluded data of another producer
    status, _ = ckan("package_show", id="dikecualikan-kominfo", _token=world.tokens["walidata"])
    assert status == 200


def test_bad_token_is_an_authorization_error(world: World, ckan: Any) -> None:
    status, body = ckan("package_list", _token="smp_deadbeef_bukan-token")
    assert status == 403
    assert body["error"]["__type"] == "Authorization Error"


def test_validation_error_409(world: World, ckan: Any) -> None:
    status, body = ckan("package_search", rows=-1)
    assert status == 409
    assert body["error"]["__type"] == "Validation Error"
    assert "rows" in body["error"]
    status, body = ckan("package_show")
    assert status == 409
    assert "id" in body["error"]


def test_unknown_action_and_no_sql_action(ckan: Any) -> None:
    for name in ("datastore_search_sql", "package_create", "tidak_ada"):
        status, body = ckan(name, sql="SELECT 1")
        assert status == 400
        assert body["success"] is False


def test_bad_json_body(client: Any) -> None:
    response = client.post("/api/3/action/package_list", "{nope", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["success"] is False


def test_post_needs_no_csrf_token(world: World) -> None:
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/api/3/action/package_list", "{}", content_type="application/json")
    assert response.status_code == 200


def test_latest_version_path(world: World, client: Any) -> None:
    response = client.get("/api/action/package_list")
    assert response.json()["result"] == ["ipm-lampung", "penduduk-lampung"]


def test_package_search_basics(world: World, ckan: Any) -> None:
    _, body = ckan("package_search", _method="get")
    result = body["result"]
    assert result["count"] == 2
    assert {p["name"] for p in result["results"]} == {"ipm-lampung", "penduduk-lampung"}
    _, body = ckan("package_search", q="pembangunan")
    assert [p["name"] for p in body["result"]["results"]] == ["ipm-lampung"]
    _, body = ckan("package_search", q="ipm", fq="organization:bps-lampung")
    assert body["result"]["count"] == 0
    _, body = ckan("package_search", fq='tags:"pembangunan manusia"')
    assert body["result"]["count"] == 1
    _, body = ckan("package_search", fq="groups:kependudukan")
    assert [p["name"] for p in body["result"]["results"]] == ["penduduk-lampung"]
    _, body = ckan("package_search", fq="res_format:PDF")
    assert [p["name"] for p in body["result"]["results"]] == ["ipm-lampung"]
    _, body = ckan("package_search", fq="-organization:bps-lampung")
    assert [p["name"] for p in body["result"]["results"]] == ["ipm-lampung"]


def test_package_search_paging_and_sort(world: World, ckan: Any) -> None:
    _, body = ckan("package_search", sort="name desc", rows=1)
    assert [p["name"] for p in body["result"]["results"]] == ["penduduk-lampung"]
    assert body["result"]["count"] == 2
    _, body = ckan("package_search", sort="name desc", rows=1, start=1)
    assert [p["name"] for p in body["result"]["results"]] == ["ipm-lampung"]
    _, body = ckan("package_search", rows=5000)
    assert body["success"] is True  # clamped to 1000
    status, body = ckan("package_search", sort="bogus asc")
    assert status == 400
    assert body["error"]["__type"] == "Search Query Error"


def test_package_search_metadata_modified_range(world: World, ckan: Any) -> None:
    _, body = ckan("package_search", fq="metadata_modified:[2000-01-01T00:00:00Z TO *]")
    assert body["result"]["count"] == 2
    _, body = ckan("package_search", fq="metadata_modified:[2999-01-01T00:00:00Z TO *]")
    assert body["result"]["count"] == 0
    _, body = ckan("package_search", fq="metadata_modified:[* TO NOW]", _method="get")
    assert body["result"]["count"] == 2
    _, body = ckan("package_search", fq="metadata_modified:[2000-01-01T00:00:00-16:40 TO *]")
    assert body["result"]["count"] == 2  # an offset PostgreSQL refuses: converted, not a server error


def test_package_search_facets_public_only(world: World, ckan: Any) -> None:
    _, body = ckan("package_search", **{"facet.field": ["organization", "tags", "groups", "res_format"]})
    facets = body["result"]["facets"]
    assert facets["tags"] == {"ipm": 1, "pembangunan manusia": 1, "penduduk": 1}  # not 2 for ipm
    assert facets["organization"] == {"dinkes-lampung": 1, "bps-lampung": 1}
    assert facets["groups"] == {"kesehatan": 1, "kependudukan": 1}
    assert facets["res_format"] == {"CSV": 2, "PDF": 1}
    items = body["result"]["search_facets"]["organization"]["items"]
    assert {"name": "dinkes-lampung", "display_name": "Dinas Kesehatan Provinsi Lampung", "count": 1} in items
    # facet.field as a JSON-encoded string in a GET query, as CKAN documents
    _, body = ckan("package_search", _method="get", **{"facet.field": '["tags"]'})
    assert "tag-internal" not in body["result"]["facets"]["tags"]


def test_include_private_only_for_entitled_tokens(world: World, ckan: Any) -> None:
    _, anon = ckan("package_search", include_private=True)
    assert anon["result"]["count"] == 2
    _, citizen = ckan("package_search", include_private=True, _token=world.tokens["warga"])
    _, produsen = ckan(
        "package_search", include_private=True, _token=world.tokens["produsen"], **{"facet.field": ["tags"]}
    )
    names = {p["name"] for p in produsen["result"]["results"]}
    assert names == {"ipm-lampung", "penduduk-lampung", "rahasia-internal"}
    assert produsen["result"]["facets"]["tags"]["ipm"] == 2
    private = {p["name"]: p["private"] for p in produsen["result"]["results"]}
    assert private["rahasia-internal"] is True
    assert private["ipm-lampung"] is False
    _, walidata = ckan("package_search", include_private="true", _token=world.tokens["walidata"], rows=100)
    assert walidata["result"]["count"] == 4
    _, no_flag = ckan("package_search", _token=world.tokens["walidata"])
    assert no_flag["result"]["count"] == 2
    assert citizen["result"]["count"] >= 2


def test_current_package_list_with_resources(world: World, ckan: Any) -> None:
    _, body = ckan("current_package_list_with_resources", limit=10)
    names = [p["name"] for p in body["result"]]
    assert sorted(names) == ["ipm-lampung", "penduduk-lampung"]
    assert all(p["resources"] for p in body["result"])


def test_organizations(world: World, ckan: Any) -> None:
    _, body = ckan("organization_list", _method="get")
    assert "dinkes-lampung" in body["result"]
    _, body = ckan("organization_list", all_fields=True, sort="package_count desc")
    counts = {o["name"]: o["package_count"] for o in body["result"]}
    assert counts["dinkes-lampung"] == 1  # the internal dataset is not counted
    assert counts["diskominfo-lampung"] == 0
    _, body = ckan("organization_show", id="dinkes-lampung", include_datasets=True)
    assert [p["name"] for p in body["result"]["packages"]] == ["ipm-lampung"]
    assert body["result"]["package_count"] == 1
    _, body = ckan(
        "organization_show", id="dinkes-lampung", include_datasets=True, _token=world.tokens["produsen"]
    )
    assert [p["name"] for p in body["result"]["packages"]] == ["ipm-lampung", "rahasia-internal"]
    status, body = ckan("organization_show", id="tidak-ada")
    assert status == 404


def test_groups_and_tags(world: World, ckan: Any) -> None:
    _, body = ckan("group_list")
    assert body["result"] == ["kependudukan", "kesehatan"]  # by title; internal topics absent
    _, body = ckan("group_list", all_fields=True)
    assert {g["name"]: g["package_count"] for g in body["result"]} == {"kependudukan": 1, "kesehatan": 1}
    _, body = ckan("group_show", id="kesehatan", include_datasets=True)
    assert [p["name"] for p in body["result"]["packages"]] == ["ipm-lampung"]
    status, _ = ckan("group_show", id="topik-internal")
    assert status == 404
    _, body = ckan("tag_list")
    assert body["result"] == ["ipm", "pembangunan manusia", "penduduk"]
    _, body = ckan("tag_list", query="pen")
    assert body["result"] == ["penduduk"]


def test_resource_show(world: World, ckan: Any) -> None:
    rid = ids.make(ids.RESOURCE, world.resource.pk)
    status, body = ckan("resource_show", id=rid)
    assert status == 200
    assert body["result"]["package_id"] == ids.make(ids.PACKAGE, world.public.pk)
    store = ids.make(ids.DATASTORE, world.public.pk)
    _, body = ckan("resource_show", id=store)
    assert body["result"]["datastore_active"] is True
    internal_file = world.internal.resources.get()
    for hidden in (ids.make(ids.RESOURCE, internal_file.pk), ids.make(ids.DATASTORE, world.internal.pk)):
        status, body = ckan("resource_show", id=hidden)
        assert status == 404
        assert "rahasia" not in json.dumps(body)


def test_datastore_search(world: World, ckan: Any) -> None:
    store = ids.make(ids.DATASTORE, world.public.pk)
    status, body = ckan("datastore_search", resource_id=store)
    assert status == 200
    result = body["result"]
    assert result["total"] == 3
    assert [f["id"] for f in result["fields"]][:3] == ["_id", "indikator", "nama_indikator"]
    _, body = ckan(
        "datastore_search",
        resource_id=store,
        filters={"wilayah": "18"},
        sort="periode desc",
        fields=["periode", "nilai", "status"],
    )
    assert body["result"]["records"] == [
        {"periode": "2023", "nilai": 71.15, "status": "tetap"},
        {"periode": "2022", "nilai": 70.45, "status": "tetap"},
    ]
    _, body = ckan(
        "datastore_search", resource_id=store, filters={"periode": ["2022", "2023"]}, limit=1, offset=1
    )
    assert body["result"]["total"] == 3
    assert len(body["result"]["records"]) == 1
    _, body = ckan("datastore_search", resource_id="ipm-lampung", q="Lampung Selatan", include_total=False)
    assert [r["wilayah"] for r in body["result"]["records"]] == ["18.01"]
    assert "total" not in body["result"]
    _, body = ckan("datastore_search", _method="get", resource_id=store, filters='{"periode": "2022"}')
    assert len(body["result"]["records"]) == 1


def test_datastore_search_errors(world: World, ckan: Any) -> None:
    store = ids.make(ids.DATASTORE, world.public.pk)
    status, body = ckan("datastore_search", resource_id=store, fields=["nilai", "password"])
    assert status == 409
    assert body["error"]["__type"] == "Validation Error"
    status, body = ckan("datastore_search", resource_id=store, filters={"nilai; DROP TABLE x": 1})
    assert status == 409
    status, body = ckan("datastore_search", resource_id=store, sort="nilai sideways")
    assert status == 409
    status, body = ckan("datastore_search")
    assert status == 409
    status, body = ckan("datastore_search", resource_id=ids.make(ids.DATASTORE, world.internal.pk))
    assert status == 404
    status, body = ckan("datastore_search", resource_id="rahasia-internal")
    assert status == 404


def test_datastore_search_internal_for_entitled(world: World, ckan: Any) -> None:
    status, body = ckan("datastore_search", resource_id="rahasia-internal", _token=world.tokens["produsen"])
    assert status == 200
    assert body["result"]["records"][0]["nilai"] == 987654.0
