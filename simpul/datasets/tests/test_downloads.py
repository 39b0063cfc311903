"""Dataset page and downloads: current values, formulas neutralised, visibility applied."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from python_calamine import CalamineWorkbook

from simpul.datasets.models import AccessLevel
from simpul.datasets.tests.factories import DatasetFactory

DATA = "indikator,wilayah,tahun,nilai\nIPM,18.01,2022,69.1\nIPM,18.01,2023,70.5\nIPM,18.72,2023,78\n"


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_csv_download_has_current_values(client: Any, upload: Any, dataset: Any, produsen: Any) -> None:
    client.force_login(produsen)  # the producer sees its values before the walidata publishes them
    upload(DATA)
    upload(DATA.replace("70.5", "70.9"))
    response = client.get(f"/satu-data/dataset/{dataset.slug}/unduh.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{dataset.slug}.csv"'
    table = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))
    assert table[0][:3] == ["indikator", "nama_indikator", "wilayah"]
    cells = {(r[2], r[4]): r[6] for r in table[1:]}
    assert cells == {("18.01", "2022"): "69.1", ("18.01", "2023"): "70.9", ("18.72", "2023"): "78"}


def test_formula_like_text_is_neutralised_in_csv(
    client: Any, upload: Any, dataset: Any, std: Any, produsen: Any
) -> None:
    client.force_login(produsen)
    std["ipm"].name_id = '=HYPERLINK("http://evil.example")'
    std["ipm"].save()
    upload(DATA)
    text = body(client.get(f"/satu-data/dataset/{dataset.slug}/unduh.csv")).decode("utf-8-sig")
    row = next(r for r in csv.reader(io.StringIO(text)) if r[0] == "IPM")
    assert row[1] == '\'=HYPERLINK("http://evil.example")'


def test_json_and_xlsx_downloads(client: Any, upload: Any, dataset: Any, produsen: Any) -> None:
    client.force_login(produsen)
    upload(DATA)
    data = json.loads(body(client.get(f"/satu-data/dataset/{dataset.slug}/unduh.json")))
    assert data["dataset"] == dataset.slug
    assert {(o["wilayah"], o["periode"], o["nilai"]) for o in data["observations"]} == {
        ("18.01", "2022", 69.1),
        ("18.01", "2023", 70.5),
        ("18.72", "2023", 78.0),
    }
    response = client.get(f"/satu-data/dataset/{dataset.slug}/unduh.xlsx")
    book = CalamineWorkbook.from_filelike(io.BytesIO(body(response)))
    sheet = book.get_sheet_by_name("data").to_python()
    assert sheet[0][0] == "indikator"
    assert len(sheet) == 4


def test_page_shows_dataset_and_internal_ones_are_hidden_from_the_public(
    client: Any, upload: Any, dataset: Any, orgs: dict[str, Any], produsen: Any
) -> None:
    upload(DATA)
    page = client.get(f"/satu-data/dataset/{dataset.slug}/")
    assert page.status_code == 200
    assert "69,1" not in page.content.decode()  # not published yet: the public sees no value
    hidden = DatasetFactory(slug="internal-data", producer=orgs["dinkes"], access=AccessLevel.EXCLUDED)
    assert client.get(f"/satu-data/dataset/{hidden.slug}/").status_code == 404
    assert client.get(f"/satu-data/dataset/{hidden.slug}/unduh.csv").status_code == 404
    client.force_login(produsen)
    assert client.get(f"/satu-data/dataset/{hidden.slug}/").status_code == 200
    own_view = client.get(f"/satu-data/dataset/{dataset.slug}/").content.decode()
    assert "Kabupaten Lampung Selatan" in own_view
    assert "69,1" in own_view
    assert client.get(f"/satu-data/dataset/{dataset.slug}/unduh.pdf").status_code == 404


def test_the_public_sees_values_only_once_published(client: Any, upload: Any, dataset: Any) -> None:
    from django.utils import timezone

    from simpul.datasets.models import Observation

    upload(DATA)
    url = f"/satu-data/dataset/{dataset.slug}/unduh.csv"
    assert len(list(csv.reader(io.StringIO(body(client.get(url)).decode("utf-8-sig"))))) == 1  # header only
    Observation.objects.update(published_at=timezone.now())
    assert len(list(csv.reader(io.StringIO(body(client.get(url)).decode("utf-8-sig"))))) == 4


def test_internal_datasets_are_for_government_users_only(
    client: Any, orgs: dict[str, Any], make_user: Any
) -> None:
    from simpul.datasets.selectors import datasets_visible_to
    from simpul.organizations.choices import Role

    internal: Any = DatasetFactory(slug="internal-only", producer=orgs["dinkes"], access=AccessLevel.INTERNAL)
    no_role = make_user("warga")
    civil_servant = make_user("pegawai", (orgs["bps"], Role.PRODUSEN))
    assert not datasets_visible_to(no_role).filter(pk=internal.pk).exists()
    assert datasets_visible_to(civil_servant).filter(pk=internal.pk).exists()
    client.force_login(no_role)
    assert client.get(f"/satu-data/dataset/{internal.slug}/").status_code == 404
