"""The dashboard's selectors, endpoints and target import on a deterministic Lampung demo."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from simpul.dashboard import services
from simpul.dashboard.demo import load_dashboard_demo
from simpul.dashboard.models import Target
from simpul.datasets.models import Observation
from simpul.datasets.publication import publish_revisions
from simpul.organizations.choices import Role

LAMPUNG_KABKOTA = {f"18.{n:02d}" for n in range(1, 14)} | {"18.71", "18.72"}


@pytest.fixture
def demo(orgs: dict[str, Any]) -> None:
    load_dashboard_demo()


@pytest.fixture
def leader(make_user: Any, orgs: dict[str, Any]) -> Client:
    client = Client()
    client.force_login(make_user("gubernur", (orgs["prov"], Role.PIMPINAN)))
    return client


def _map(client: Client, **params: str) -> dict[str, Any]:
    response = client.get(reverse("pantau:data-map"), {"indikator": "DEMO-IPM", **params})
    assert response.status_code == 200
    return response.json()


def test_map_shows_lampungs_fifteen_kabkota_ranked_with_province_and_targets(
    demo: None, leader: Client
) -> None:
    data = _map(leader)
    assert data["period"] == "2024"  # the latest period by default
    assert data["periods"] == ["2019", "2020", "2021", "2022", "2023", "2024"]
    assert {t["code"] for t in data["tiles"]} == LAMPUNG_KABKOTA
    assert all(t["value"] is not None for t in data["tiles"])
    assert data["missing"] == []
    # every tile at its own grid cell
    assert len({(t["col"], t["row"]) for t in data["tiles"]}) == 15
    values = [r["value"] for r in data["ranking"]]
    assert values == sorted(values, reverse=True)
    assert len(values) == 15
    assert data["min"] == min(values)
    assert data["max"] == max(values)
    assert data["province"]["value"] == pytest.approx(round(sum(values) / 15, 2))
    assert set(data["province"]["target"]) == {"rpjmd", "rkpd"}


def test_map_of_an_earlier_period_and_another_indicator(demo: None, leader: Client) -> None:
    first = _map(leader, periode="2019")
    last = _map(leader)
    assert first["period"] == "2019"
    # the demo IPM rises every year in every kab/kota
    assert first["province"]["value"] < last["province"]["value"]
    poverty = leader.get(reverse("pantau:data-map"), {"indikator": "DEMO-MISKIN"}).json()
    assert poverty["indicator"]["unit"] == "persen"
    assert len(poverty["ranking"]) == 15


def test_a_corrected_value_replaces_the_old_one(demo: None, leader: Client) -> None:
    old = Observation.objects.get(indicator__code="DEMO-IPM", region_id="18.72", period="2024", valid_to=None)
    later = timezone.now() + datetime.timedelta(seconds=1)
    Observation.objects.filter(pk=old.pk).update(valid_to=later)
    correction = Observation.objects.create(
        dataset=old.dataset, producer=old.producer, indicator=old.indicator, region=old.region, period="2024",
        value=99.5, unit=old.unit, valid_from=later,
    )  # fmt: skip
    publish_revisions(Observation.objects.filter(pk=correction.pk), now=later)
    data = _map(leader)
    tile = next(t for t in data["tiles"] if t["code"] == "18.72")
    assert tile["value"] == 99.5
    assert data["ranking"][0]["code"] == "18.72"


def test_map_endpoint_needs_few_queries(
    demo: None, leader: Client, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(16):
        _map(leader)


def test_unknown_indicator_is_404(demo: None, leader: Client) -> None:
    assert leader.get(reverse("pantau:data-map"), {"indikator": "TIDAK-ADA"}).status_code == 404


def test_trend_has_province_and_region_series_and_targets(demo: None, leader: Client) -> None:
    data = leader.get(reverse("pantau:data-trend"), {"indikator": "DEMO-IPM", "wilayah": "18.71"}).json()
    assert data["periods"] == ["2019", "2020", "2021", "2022", "2023", "2024"]
    assert [s["code"] for s in data["series"]] == ["18", "18.71"]
    assert all(v is not None for s in data["series"] for v in s["values"])
    rpjmd = next(t for t in data["targets"] if t["source"] == "rpjmd")
    assert rpjmd["values"][:2] == [None, None]
    assert rpjmd["values"][2] is not None


def test_indicator_list(demo: None, leader: Client) -> None:
    codes = [i["code"] for i in leader.get(reverse("pantau:data-indicators")).json()["indicators"]]
    assert codes == ["DEMO-IPM", "DEMO-MISKIN", "DEMO-STUNTING", "DEMO-TPT"]


def test_region_and_organization_pages(demo: None, leader: Client, orgs: dict[str, Any]) -> None:
    page = leader.get(reverse("pantau:region", args=["18.01"]) + "?format=json").json()
    assert page["region"]["name"] == "Kabupaten Lampung Selatan"
    assert {r["code"] for r in page["indicators"]} == {"DEMO-IPM", "DEMO-MISKIN", "DEMO-STUNTING", "DEMO-TPT"}
    assert all(1 <= r["rank"] <= 15 and r["of"] == 15 for r in page["indicators"])
    html = leader.get(reverse("pantau:region", args=["18.01"]))
    assert html.status_code == 200
    assert "Pemerintah Kabupaten Lampung Selatan" in html.content.decode()
    assert leader.get(reverse("pantau:region", args=["31.71"])).status_code == 404  # not a Lampung kab/kota
    org = leader.get(reverse("pantau:organization", args=[orgs["dinkes"].slug]))
    assert org.status_code == 200
    assert "Dinas Kesehatan Provinsi Lampung" in org.content.decode()


def test_followups_endpoint_pimpinan_sees_all_produsen_only_own(
    make_user: Any, orgs: dict[str, Any], leader: Client
) -> None:
    from simpul.followups import services as fu

    governor = make_user("sekda", (orgs["prov"], Role.PIMPINAN))
    due = timezone.localdate() - datetime.timedelta(days=1)
    fu.followup_create(actor=governor, title="Perbaiki data", owner_organization=orgs["dinkes"], due_date=due)
    fu.followup_create(
        actor=governor, title="Lengkapi SPBE", owner_organization=orgs["kominfo"], due_date=due
    )
    all_rows = leader.get(reverse("pantau:data-followups")).json()
    assert {r["organization"] for r in all_rows["organizations"]} == {
        orgs["dinkes"].name,
        orgs["kominfo"].name,
    }
    assert all_rows["counters"]["overdue"] == 2
    producer = Client()
    producer.force_login(make_user("produsen", (orgs["dinkes"], Role.PRODUSEN)))
    own = producer.get(reverse("pantau:data-followups")).json()
    assert [r["organization"] for r in own["organizations"]] == [orgs["dinkes"].name]


def test_completeness_endpoint_answers_with_an_empty_state(leader: Client) -> None:
    data = leader.get(reverse("pantau:data-completeness"), {"tahun": "2025"}).json()
    assert data["year"] == 2025
    assert data["producers"] == []


def test_spbe_results_from_the_demo_evaluations(leader: Client) -> None:
    from simpul.core.demo import load_demo

    load_demo()
    data = leader.get(reverse("pantau:data-spbe")).json()
    slugs = {r["slug"] for r in data["results"]}
    assert "pemprov-lampung" in slugs
    assert len(slugs) >= 4
    assert all(1 <= r["index"] <= 5 and r["predicate"] for r in data["results"])
    coloured = [t for t in data["tiles"] if t["value"] is not None]
    assert len(coloured) >= 3
    assert all(t["label"] for t in coloured)


# --- targets ------------------------------------------------------------------------------------


def test_import_targets_csv(demo: None, make_user: Any, orgs: dict[str, Any]) -> None:
    walidata = make_user("wali", (orgs["kominfo"], Role.WALIDATA))
    text = (
        "indikator,wilayah,tahun,nilai,sumber\nDEMO-IPM,18.01,2026,71.5,RPJMD\nDEMO-IPM,18.01,2025,70,rkpd\n"
    )
    assert services.import_targets(actor=walidata, text=text) == 2
    assert Target.objects.get(indicator__code="DEMO-IPM", region_id="18.01", year=2026).value == 71.5
    # re-import updates, no duplicates
    services.import_targets(actor=walidata, text=text.replace("71.5", "72"))
    assert Target.objects.filter(region_id="18.01").count() == 2
    assert Target.objects.get(region_id="18.01", year=2026).value == 72


def test_import_targets_reports_every_bad_row_and_stores_nothing(
    demo: None, make_user: Any, orgs: dict[str, Any]
) -> None:
    walidata = make_user("wali", (orgs["kominfo"], Role.WALIDATA))
    text = (
        "indikator,wilayah,tahun,nilai,sumber\n"
        "DEMO-IPM,18.01,2026,71.5,rpjmd\n"
        "XXX,18.01,2026,1,rpjmd\n"
        "DEMO-IPM,18.01,20x6,abc,renstra\n"
        "DEMO-IPM,99.99,2026,1,rkpd\n"
    )
    with pytest.raises(ValidationError) as exc:
        services.import_targets(actor=walidata, text=text)
    messages = exc.value.messages
    assert any("Baris 3" in m and "XXX" in m for m in messages)
    assert any("Baris 4" in m and "tahun" in m and "nilai" in m and "sumber" in m for m in messages)
    assert any("99.99" in m for m in messages)
    assert not Target.objects.filter(region_id="18.01").exists()


def test_only_walidata_imports_targets(demo: None, make_user: Any, orgs: dict[str, Any]) -> None:
    governor = make_user("gub", (orgs["prov"], Role.PIMPINAN))
    with pytest.raises(PermissionDenied):
        services.import_targets(actor=governor, text="indikator,wilayah,tahun,nilai,sumber\n")


def test_target_upload_page(demo: None, make_user: Any, orgs: dict[str, Any]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.force_login(make_user("wali", (orgs["kominfo"], Role.WALIDATA)))
    csv = b"indikator,wilayah,tahun,nilai,sumber\nDEMO-TPT,18.72,2026,3.9,rkpd\n"
    response = client.post(reverse("pantau:targets"), {"file": SimpleUploadedFile("t.csv", csv)}, follow=True)
    assert "1 target disimpan" in response.content.decode()
    assert Target.objects.filter(region_id="18.72", year=2026, value=3.9).exists()


def test_unpublished_values_are_shown_as_provisional(demo: None, leader: Client) -> None:
    Observation.objects.filter(indicator__code="DEMO-IPM", region_id="18.05", period="2024").update(
        published_at=None
    )
    data = _map(leader)
    tile = next(t for t in data["tiles"] if t["code"] == "18.05")
    assert tile["value"] is not None
    assert tile["published"] is False
    assert data["provisional"] == ["18.05"]
    assert all(t["published"] for t in data["tiles"] if t["code"] != "18.05")
