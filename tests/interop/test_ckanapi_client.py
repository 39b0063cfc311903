"""The real `ckanapi` client, library and command line, against a running server (live_server)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import ckanapi
import pytest

from simpul.api.ckan import ids

from .conftest import World, build_world

CLI = str(Path(sys.executable).with_name("ckanapi"))


@pytest.fixture
def live_world(live_server: Any, live_regions: None, orgs: dict[str, Any], make_user: Any) -> World:
    return build_world(orgs, make_user)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=60, check=False)


def test_library_reads_the_catalogue(live_server: Any, live_world: World) -> None:
    with ckanapi.RemoteCKAN(live_server.url, user_agent="simpul-tests") as site:
        assert site.action.status_show()["api_version"] == 3
        assert site.action.package_list() == ["ipm-lampung", "penduduk-lampung"]
        found = site.action.package_search(q="pembangunan", **{"facet.field": ["tags", "organization"]})
        assert [p["name"] for p in found["results"]] == ["ipm-lampung"]
        assert found["facets"]["organization"] == {"dinkes-lampung": 1}
        pkg = site.action.package_show(id="penduduk-lampung")
        assert pkg["license_id"] == "cc-zero"
        store = pkg["resources"][0]["id"]
        rows = site.action.datastore_search(resource_id=store, filters={"disagregasi": "jk=2"})
        assert [r["nilai"] for r in rows["records"]] == [4500000.0]
        assert site.action.resource_show(id=store)["datastore_active"] is True
        assert "bps-lampung" in site.action.organization_list()
        assert site.action.organization_show(id="bps-lampung")["title"] == "BPS Provinsi Lampung"
        assert site.action.group_list() == ["kependudukan", "kesehatan"]
        assert site.action.group_show(id="kesehatan")["package_count"] == 1
        assert site.action.tag_list() == ["ipm", "pembangunan manusia", "penduduk"]
        assert len(site.action.current_package_list_with_resources()) == 2


def test_library_get_only_mode(live_server: Any, live_world: World) -> None:
    with ckanapi.RemoteCKAN(live_server.url, get_only=True) as site:
        found = site.action.package_search(fq="organization:bps-lampung", rows=5)
        assert [p["name"] for p in found["results"]] == ["penduduk-lampung"]


def test_library_maps_errors_to_exceptions(live_server: Any, live_world: World) -> None:
    with ckanapi.RemoteCKAN(live_server.url) as site:
        with pytest.raises(ckanapi.NotFound):
            site.action.package_show(id="rahasia-internal")
        with pytest.raises(ckanapi.ValidationError):
            site.action.package_search(rows="banyak")
        with pytest.raises(ckanapi.SearchQueryError):
            site.action.package_search(sort="acak asc")
        with pytest.raises(ckanapi.NotFound):
            site.action.datastore_search(resource_id=ids.make(ids.DATASTORE, live_world.excluded.pk))
    with (
        ckanapi.RemoteCKAN(live_server.url, apikey="smp_00000000_palsu") as site,
        pytest.raises(ckanapi.NotAuthorized),
    ):
        site.action.package_list()


def test_library_token_unlocks_include_private(live_server: Any, live_world: World) -> None:
    with ckanapi.RemoteCKAN(live_server.url, apikey=live_world.tokens["produsen"]) as site:
        found = site.action.package_search(include_private=True, rows=1000)
        assert {p["name"] for p in found["results"]} == {
            "ipm-lampung",
            "penduduk-lampung",
            "rahasia-internal",
        }
        assert site.action.package_show(id="rahasia-internal")["private"] is True
        with pytest.raises(ckanapi.NotFound):
            site.action.package_show(id="dikecualikan-kominfo")


def test_cli_action_package_search(live_server: Any, live_world: World) -> None:
    done = cli("action", "package_search", "-r", live_server.url, "q=penduduk", "rows=5")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert [p["name"] for p in result["results"]] == ["penduduk-lampung"]
    assert "rahasia" not in done.stdout


def test_cli_json_parameters_and_datastore(live_server: Any, live_world: World) -> None:
    done = cli(
        "action", "datastore_search", "-r", live_server.url, "resource_id=ipm-lampung",
        'filters:{"wilayah": "18"}', 'fields:["periode", "nilai"]', "sort=periode asc",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["records"] == [
        {"periode": "2022", "nilai": 70.45},
        {"periode": "2023", "nilai": 71.15},
    ]


def test_cli_with_api_key_and_errors(live_server: Any, live_world: World) -> None:
    hidden = cli("action", "package_show", "-r", live_server.url, "id=rahasia-internal")
    assert hidden.returncode != 0
    assert "NotFound" in hidden.stderr + hidden.stdout
    shown = cli(
        "action",
        "package_show",
        "-r",
        live_server.url,
        "-a",
        live_world.tokens["walidata"],
        "id=rahasia-internal",
    )
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["private"] is True
