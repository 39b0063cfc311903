"""The standard-data pages as a pembina uses them: search, create with metadata, the import report."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from simpul.standards.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_pembina(pembina: Any) -> Client:
    client = Client()
    client.force_login(pembina)
    return client


def test_list_searches_and_has_a_json_twin(client: Client, std: dict[str, Any]) -> None:
    page = client.get(reverse("standards:list", args=["indikator"]), {"q": "pembangunan"})
    assert b"IPM" in page.content
    assert b"PDDK" not in page.content
    data = client.get(
        reverse("standards:list", args=["indikator"]), {"q": "penduduk", "format": "json"}
    ).json()
    assert [r["kode"] for r in data["data"]] == ["PDDK"]
    assert data["data"][0]["disagregasi"] == ["jk", "ku"]


def test_create_with_rules_and_metadata(
    client_pembina: Client, std: dict[str, Any], orgs: dict[str, Any]
) -> None:
    form = {
        "code": "TPT", "name_id": "Tingkat pengangguran terbuka", "unit": "persen", "periodicity": "tahunan",
        "value_type": "desimal", "min_value": "0", "max_value": "100", "is_percentage": "on",
        "classifications": [std["jk"].pk], "pembina": orgs["bps"].pk, "meta_rumus": "penganggur / AK x 100",
        "aggregation": "tidak",
    }  # fmt: skip
    response = client_pembina.post(reverse("standards:create", args=["indikator"]), form)
    assert response.status_code == 302
    tpt = Indicator.objects.get(code="TPT")
    assert tpt.metadata == {"rumus": "penganggur / AK x 100", "aggregasi": "tidak"}
    page = client_pembina.get(reverse("standards:detail", args=["indikator", "TPT"])).content.decode()
    assert "penganggur / AK x 100" in page
    assert "Jenis Kelamin" in page


def test_form_errors_keep_what_was_typed(client_pembina: Client, std: dict[str, Any]) -> None:
    form = {"code": "IPM", "name_id": "Dobel", "periodicity": "tahunan", "value_type": "desimal",
            "min_value": "5", "max_value": "1"}  # fmt: skip
    response = client_pembina.post(reverse("standards:create", args=["indikator"]), form)
    assert response.status_code == 200
    assert "Dobel" in response.content.decode()
    assert Indicator.objects.get(code="IPM").name_id == "Indeks Pembangunan Manusia"


def test_pembina_of_another_org_is_not_offered_an_org_it_does_not_hold(
    client_pembina: Client, orgs: dict[str, Any]
) -> None:
    page = client_pembina.get(reverse("standards:create", args=["indikator"])).content.decode()
    assert orgs["bps"].name in page
    assert orgs["dinkes"].name not in page


def test_import_page_lists_every_problem_and_stores_nothing(
    client_pembina: Client, std: dict[str, Any]
) -> None:
    body = b"kode,nama,periode\nOK1,Baik,tahunan\nBAD,,mingguan\n"
    response = client_pembina.post(
        reverse("standards:import"), {"kind": "indikator", "file": SimpleUploadedFile("s.csv", body)}
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "mingguan" in text
    assert "wajib diisi" in text
    assert not Indicator.objects.filter(code__in=["OK1", "BAD"]).exists()


def test_delete_of_a_used_indicator_explains_why(
    client_pembina: Client, std: dict[str, Any], upload: Any
) -> None:
    upload("indikator,wilayah,periode,nilai\nIPM,18.01,2023,70.1\n")
    response = client_pembina.post(reverse("standards:delete", args=["indikator", "IPM"]), follow=True)
    assert "masih dipakai" in response.content.decode()
    assert Indicator.objects.filter(code="IPM").exists()


def test_export_is_a_download(client: Client, std: dict[str, Any]) -> None:
    response = client.get(reverse("standards:export", args=["indikator", "csv"]))
    assert response["Content-Disposition"] == 'attachment; filename="standar-indikator.csv"'
    assert response.content.decode().splitlines()[0].startswith("kode,nama,nama_en")
