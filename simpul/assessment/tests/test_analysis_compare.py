"""Comparisons: ranking across instansi for one year, the province's view of its kab/kota, one instansi
across years, JSON twins, and the radar at 360 px in Chromium."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from simpul.assessment import comparison
from simpul.organizations.models import Organization
from simpul.regions.models import Region

from .analysis_helpers import finished_evaluation


def _kota(slug: str, name: str, code: str) -> Organization:
    return Organization.objects.create(
        slug=slug, name=name, kind="pemda", region=Region.objects.get(code=code)
    )


def _setup(frameworks: dict[str, Any], orgs: dict[str, Any]) -> dict[str, Any]:
    fw = frameworks["spbe-2020"]
    metro = _kota("pemda-kota-metro", "Pemerintah Kota Metro", "18.72")
    _kota("pemda-kota-bandar-lampung", "Pemerintah Kota Bandar Lampung", "18.71")  # no result
    jabar = _kota("pemprov-jabar", "Pemerintah Provinsi Jawa Barat", "32")
    return {
        "prov": finished_evaluation(fw, orgs["prov"], 2024, 4, target="3.50"),
        "lamsel": finished_evaluation(fw, orgs["lamsel"], 2024, {n: 2 for n in range(1, 48)}),
        # the same index as Lampung Selatan: they share a rank
        "metro": finished_evaluation(fw, metro, 2024, 2),
        "jabar": finished_evaluation(fw, jabar, 2024, 3),
        "prov-2023": finished_evaluation(fw, orgs["prov"], 2023, 3, target="3.00"),
        "lamsel-2025-open": finished_evaluation(fw, orgs["lamsel"], 2025, 5, status="eksternal"),
    }


def test_ranking_orders_by_index_and_ties_share_a_rank(
    client: Any, frameworks: dict[str, Any], orgs: dict[str, Any]
) -> None:
    _setup(frameworks, orgs)
    data = client.get(reverse("penilaian:compare"), {"tahun": "2024", "format": "json"}).json()
    ranking = [(r["rank"], r["instansi_slug"], r["index"], r["predicate"]) for r in data["ranking"]]
    assert ranking == [
        (1, "pemprov-lampung", 4.0, "Sangat Baik"),
        (2, "pemprov-jabar", 3.0, "Baik"),
        (3, "pemkab-lampung-selatan", 2.0, "Cukup"),  # ties: by name
        (3, "pemda-kota-metro", 2.0, "Cukup"),
    ]
    assert [d["value"] for d in data["ranking"][0]["domains"]] == [4.0, 4.0, 4.0, 4.0]
    # the newest year with finished results is the default; the open 2025 evaluation takes no part
    assert data["years"] == [2024, 2023]
    assert client.get(reverse("penilaian:compare"), {"format": "json"}).json()["year"] == 2024
    csv_response = client.get(reverse("penilaian:compare"), {"tahun": "2024", "format": "csv"})
    assert csv_response["Content-Type"].startswith("text/csv")
    lines = csv_response.content.decode().splitlines()
    assert lines[0].startswith("rank,instansi,instansi_slug,region_code,year")
    assert lines[1].startswith("1,Pemerintah Provinsi Lampung,pemprov-lampung,18,2024")
    assert lines[1].endswith("4.00,4.00,4.00,4.00")
    assert len(lines) == 5


def test_province_view_lists_its_kabkota_and_those_without_result(
    client: Any, frameworks: dict[str, Any], orgs: dict[str, Any]
) -> None:
    _setup(frameworks, orgs)
    data = client.get(
        reverse("penilaian:compare"), {"tahun": "2024", "wilayah": "18", "format": "json"}
    ).json()
    assert [r["instansi_slug"] for r in data["ranking"]] == [
        "pemprov-lampung",
        "pemkab-lampung-selatan",
        "pemda-kota-metro",
    ]
    assert [o["instansi_slug"] for o in data["without_result"]] == ["pemda-kota-bandar-lampung"]
    page = client.get(reverse("penilaian:compare"), {"tahun": "2024", "wilayah": "18"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="compare-radar-data"' in html
    assert "<script>" not in html.replace('<script id="compare-radar-data" type="application/json">', "")
    assert "Pemerintah Kota Bandar Lampung" in html
    assert 'data-instansi="pemprov-jabar"' not in html


def test_radar_data_has_one_axis_per_domain_and_one_series_per_instansi(
    frameworks: dict[str, Any], orgs: dict[str, Any]
) -> None:
    _setup(frameworks, orgs)
    data = comparison.across_instansi(year=2024, region="18")
    radar = comparison.radar(data.ranking)
    assert len(radar["indicators"]) == 4
    assert all(i["max"] == 5 for i in radar["indicators"])
    assert [s["name"] for s in radar["series"]][0] == "Pemerintah Provinsi Lampung"
    assert radar["series"][0]["value"] == [4.0, 4.0, 4.0, 4.0]


def test_across_years_for_one_instansi(client: Any, frameworks: dict[str, Any], orgs: dict[str, Any]) -> None:
    _setup(frameworks, orgs)
    url = reverse("penilaian:compare-years", args=["pemprov-lampung"])
    data = client.get(url, {"format": "json"}).json()
    assert [(r["year"], r["index"], r["target"]) for r in data["results"]] == [
        (2023, 3.0, 3.0),
        (2024, 4.0, 3.5),
    ]
    assert client.get(url).status_code == 200
    years_csv = client.get(url, {"format": "csv"}).content.decode().splitlines()
    assert [line.split(",")[4] for line in years_csv[1:]] == ["2023", "2024"]
    assert client.get(reverse("penilaian:compare-years", args=["tidak-ada"])).status_code == 404
    # an instansi with only an unfinished evaluation shows nothing
    lamsel = client.get(
        reverse("penilaian:compare-years", args=["pemkab-lampung-selatan"]), {"format": "json"}
    )
    assert [r["year"] for r in lamsel.json()["results"]] == [2024]


def test_empty_comparison(client: Any, frameworks: dict[str, Any]) -> None:
    response = client.get(reverse("penilaian:compare"))
    assert response.status_code == 200
    assert client.get(reverse("penilaian:compare"), {"format": "json"}).json()["ranking"] == []


def test_comparison_page_on_a_phone(phone_page: Any, make_user: Any) -> None:
    from simpul.assessment.loaders import load_framework_files
    from simpul.assessment.models import Framework

    load_framework_files()
    fw = Framework.objects.get(code="spbe-2020")
    prov = _kota("pemprov-lampung", "Pemerintah Provinsi Lampung", "18")
    metro = _kota("pemda-kota-metro", "Pemerintah Kota Metro", "18.72")
    lamsel = _kota("pemkab-lampung-selatan", "Pemerintah Kabupaten Lampung Selatan", "18.01")
    finished_evaluation(fw, prov, 2024, 4)
    finished_evaluation(fw, metro, 2024, 2)
    finished_evaluation(fw, lamsel, 2024, 3)
    make_user("viewer")
    page = phone_page
    page.goto("/evaluasi/perbandingan/?wilayah=18")
    rows = page.locator("[data-ranking] tbody tr")
    assert rows.count() == 3
    assert rows.nth(0).get_attribute("data-instansi") == "pemprov-lampung"
    assert rows.nth(2).get_attribute("data-instansi") == "pemda-kota-metro"
    page.wait_for_selector("#compare-radar[data-ready='true'] svg")
    box = page.locator("#compare-radar").bounding_box()
    assert box is not None
    assert box["width"] <= 360
    assert box["height"] > 200
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # the per-year view opens from the ranking
    page.locator("[data-instansi='pemprov-lampung'] a", has_text="antartahun").click()
    page.wait_for_selector("[data-years] tbody tr[data-year='2024']")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_summary_and_evaluation_pages_link_the_analysis_and_comparisons(
    client: Any, frameworks: dict[str, Any], orgs: dict[str, Any], people: dict[str, Any]
) -> None:
    evaluations = _setup(frameworks, orgs)
    summary = client.get(reverse("evaluasi:home")).content.decode()
    assert reverse("penilaian:compare") in summary
    assert reverse("penilaian:analysis", args=[evaluations["prov"].pk]) in summary
    client.force_login(people["koordinator"])
    detail = client.get(reverse("penilaian:detail", args=[evaluations["prov"].pk])).content.decode()
    assert reverse("penilaian:analysis", args=[evaluations["prov"].pk]) in detail
    assert reverse("penilaian:compare-years", args=["pemprov-lampung"]) in detail
    work = client.get(reverse("evaluasi:work")).content.decode()
    assert reverse("penilaian:import") in work
