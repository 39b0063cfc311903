from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_home_lists_topics_latest_and_has_json_twin(client: Client, catalog_data: dict[str, Any]) -> None:
    html = client.get("/satu-data/").content.decode()
    assert "Kependudukan" in html
    assert "Penduduk Lampung menurut kabupaten/kota" in html
    assert "Topik Internal" not in html
    assert "senjata" not in html
    twin = client.get("/satu-data/?format=json").json()
    assert {t["topic"] for t in twin["topics"]} == {"Kependudukan", "Pembangunan manusia"}
    assert [o["slug"] for o in twin["organizations"]] == ["bps-lampung"]


def test_search_page_facets_and_json(client: Client, catalog_data: dict[str, Any]) -> None:
    response = client.get("/satu-data/katalog/cari/", {"q": "penduduk"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Penduduk Lampung menurut kabupaten/kota" in html
    assert "Indeks Pembangunan Manusia Lampung" not in html
    assert 'data-facet="topic"' in html
    twin = client.get("/satu-data/katalog/cari/", {"q": "senjata", "format": "json"}).json()
    assert twin["count"] == 0
    assert twin["facets"]["topic"] == []
    filtered = client.get("/satu-data/katalog/cari/", {"format_file": "XLSX", "format": "json"}).json()
    assert [d["slug"] for d in filtered["items"]] == ["penduduk-lampung"]
    assert (
        client.get("/satu-data/katalog/cari/", {"page": "x", "year": "abc", "sort": "?"}).status_code == 200
    )
    # The catalogue's bare address leads to the search, keeping the query.
    bare = client.get("/satu-data/katalog/", {"q": "penduduk"})
    assert (bare.status_code, bare["Location"]) == (302, "/satu-data/katalog/cari/?q=penduduk")


def test_organization_indicator_region_pages(client: Client, catalog_data: dict[str, Any]) -> None:
    org = client.get("/satu-data/katalog/organisasi/bps-lampung/?format=json").json()
    assert {d["slug"] for d in org["datasets"]} == {"penduduk-lampung", "ipm-lampung"}
    assert client.get("/satu-data/katalog/organisasi/").status_code == 200
    html = client.get("/satu-data/katalog/indikator/PDDK/").content.decode()
    assert "Kabupaten Lampung Selatan" in html
    assert 'id="catalog-chart"' in html
    twin = client.get("/satu-data/katalog/indikator/PDDK/?format=json").json()
    assert twin["periods"] == ["2021", "2022", "2023"]
    lamsel = next(r for r in twin["rows"] if r["code"] == "18.01")
    assert lamsel["values"] == [1064301, 1064302, 1064303]
    assert all(123456 not in r["values"] for r in twin["rows"])
    assert client.get("/satu-data/katalog/indikator/RHS/").status_code == 404
    region = client.get("/satu-data/katalog/wilayah/1803/").content.decode()  # BPS code works too
    assert "Kabupaten Lampung Selatan dalam angka" in region
    facts = client.get("/satu-data/katalog/wilayah/18.01/?format=json").json()["facts"]
    assert {(f["indicator"], f["period"], f["value"]) for f in facts} == {("PDDK", "2023", 1064303),
                                                                         ("IPM", "2023", 70.5)}  # fmt: skip
    assert client.get("/satu-data/katalog/wilayah/xx/").status_code == 404


def test_dataset_page_has_chart_map_and_api_examples(client: Client, catalog_data: dict[str, Any]) -> None:
    html = client.get("/satu-data/dataset/penduduk-lampung/").content.decode()
    assert 'id="catalog-chart"' in html
    assert "tilegrid.js" in html
    assert "/api/v1/observations?dataset=penduduk-lampung" in html
    twin = client.get("/satu-data/dataset/penduduk-lampung/?format=json", follow=True).json()
    assert twin["slug"] == "penduduk-lampung"
    assert client.get("/satu-data/dataset/internal-gudang/").status_code == 404


def test_api_docs_page_uses_local_assets(client: Client) -> None:
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn.jsdelivr.net" not in html


@pytest.mark.slow
def test_demo_site_portal_pages_render(client: Client) -> None:
    from simpul.core.demo import load_demo
    from simpul.datasets.models import Dataset

    load_demo()
    assert client.get("/satu-data/").status_code == 200
    assert client.get("/satu-data/katalog/cari/?q=penduduk").status_code == 200
    for slug in Dataset.objects.filter(access="publik").values_list("slug", flat=True):
        assert client.get(f"/satu-data/dataset/{slug}/").status_code == 200, slug
    for item in client.get("/api/v1/indicators").json()["items"]:
        assert client.get(f"/satu-data/katalog/indikator/{item['code']}/").status_code == 200, item["code"]
    assert client.get("/satu-data/katalog/wilayah/18/").status_code == 200
    assert client.get("/satu-data/katalog/wilayah/18.71/").status_code == 200
