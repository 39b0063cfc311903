"""The upload pages: upload, mapping preview (guessed, remembered), check, errors inline, reports, store."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

from simpul.datasets.models import Observation
from simpul.ingest.models import ColumnMapping, IngestRun, RunStatus, UploadedFile
from simpul.ingest.samples import LAMPUNG, YEARS, bps_wide_xlsx, long_csv

pytestmark = pytest.mark.django_db

BAD_CSV = (
    "indikator,wilayah,tahun,nilai\n"
    "IPM,18.01,2022,70.1\n"
    "IPM,Lampung Selatn,2022,70.2\n"
    'IPM,18.02,2022,=HYPERLINK("x")\n'
)


@pytest.fixture
def client_in(client: Client, produsen: Any) -> Client:
    client.force_login(produsen)
    return client


def _upload(client: Client, dataset: Any, content: bytes, name: str = "data.csv") -> IngestRun:
    response = client.post(
        reverse("ingest:index"), {"dataset": dataset.pk, "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    run = IngestRun.objects.latest("pk")
    assert response["Location"] == reverse("ingest:run", args=[run.pk])
    return run


def _submit(client: Client, run: IngestRun, action: str = "check", **data: Any) -> Any:
    return client.post(reverse("ingest:submit", args=[run.pk]), {"action": action, **data})


def test_index_lists_only_uploadable_datasets_and_my_runs(
    client_in: Client, dataset: Any, orgs: Any, produsen: Any
) -> None:
    from simpul.datasets.tests.factories import DatasetFactory

    DatasetFactory.create(slug="milik-bps", title="Data BPS", producer=orgs["bps"])
    page = client_in.get(reverse("ingest:index")).content.decode()
    assert dataset.title in page
    assert "Data BPS" not in page
    # The header's "Meja kerja data" is this page.
    assert client_in.get(reverse("satudata:work")).status_code == 200
    run = _upload(client_in, dataset, long_csv(["IPM"]))
    assert run.file_name in client_in.get(reverse("ingest:index")).content.decode()


def test_upload_to_another_producers_dataset_is_refused(client_in: Client, orgs: Any) -> None:
    from simpul.datasets.tests.factories import DatasetFactory

    other: Any = DatasetFactory.create(slug="milik-bps", producer=orgs["bps"])
    response = client_in.post(
        reverse("ingest:index"), {"dataset": other.pk, "file": SimpleUploadedFile("a.csv", b"a,b\n1,2\n")}
    )
    assert response.status_code == 400
    assert not IngestRun.objects.exists()


def test_mapping_preview_guesses_roles_and_shows_first_rows(client_in: Client, dataset: Any) -> None:
    run = _upload(client_in, dataset, long_csv(["IPM"]))
    page = client_in.get(reverse("ingest:run", args=[run.pk])).content.decode()
    assert 'data-testid="preview"' in page
    assert "Lampung Selatan" in page  # a preview cell
    assert '<option value="region" selected>' in page
    assert '<option value="value" selected>' in page
    assert '<option value="ignore" selected>' in page  # nama_wilayah is not recognised


def test_errors_inline_and_reports_download_and_parse_back(client_in: Client, dataset: Any) -> None:
    run = _upload(client_in, dataset, BAD_CSV.encode())
    _submit(client_in, run)
    run.refresh_from_db()
    assert run.status == RunStatus.INVALID
    page = client_in.get(reverse("ingest:run", args=[run.pk])).content.decode()
    assert "Lampung Selatn" in page
    assert "18.01 Kabupaten Lampung Selatan (Lampung)" in page  # the suggestion
    assert "&quot;x&quot;" in page  # values are escaped, never markup
    assert not Observation.objects.exists()

    body = client_in.get(reverse("ingest:report", args=[run.pk, "csv"])).content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:4] == ["baris", "kolom", "nilai", "kode"]
    assert rows[1][:4] == ["3", "wilayah", "Lampung Selatn", "unknown_region"]
    assert rows[2][:4] == ["4", "nilai", '\'=HYPERLINK("x")', "not_a_number"]  # formula neutralised

    xlsx = client_in.get(reverse("ingest:report", args=[run.pk, "xlsx"])).content
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(xlsx)).get_sheet_by_index(0).to_python()
    assert [sheet[1][0], sheet[1][2], sheet[1][3]] == [3.0, "Lampung Selatn", "unknown_region"]
    assert sheet[2][2] == '=HYPERLINK("x")'  # a string cell, not a formula
    assert client_in.get(reverse("ingest:report", args=[run.pk, "pdf"])).status_code == 404


def test_check_then_store_and_the_mapping_is_remembered(client_in: Client, dataset: Any) -> None:
    content = long_csv(["IPM"])
    run = _upload(client_in, dataset, content)
    # Say the name column is ignored and the code column is the region, explicitly.
    roles = {
        "role_0": "indicator",
        "role_1": "region",
        "role_2": "ignore",
        "role_3": "period",
        "role_4": "value",
    }
    _submit(client_in, run, "check", **roles)
    run.refresh_from_db()
    assert run.status == RunStatus.VALID, run.report
    assert not Observation.objects.exists()
    page = client_in.get(reverse("ingest:run", args=[run.pk])).content.decode()
    assert 'data-testid="commit"' in page
    client_in.post(reverse("ingest:commit", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == RunStatus.COMMITTED
    assert Observation.objects.count() == len(LAMPUNG) * len(YEARS)
    assert not UploadedFile.objects.filter(run=run).exists()
    page = client_in.get(reverse("ingest:run", args=[run.pk])).content.decode()
    assert 'data-testid="committed"' in page
    assert reverse("datasets:detail", args=[dataset.slug]) in page
    # The next file with the same headers gets the same mapping, marked as remembered.
    remembered = ColumnMapping.objects.get(producer=dataset.producer).mapping
    assert remembered["kode_wilayah"] == "region"
    assert "nama_wilayah" not in remembered  # ignored
    again = _upload(client_in, dataset, long_csv(["IPM"], [2025]).replace(b"2025", b"2025"))
    page = client_in.get(reverse("ingest:run", args=[again.pk])).content.decode()
    assert "sebelumnya dengan judul kolom yang sama" in page


def test_wide_xlsx_with_a_default_indicator(client_in: Client, dataset: Any, std: Any) -> None:
    dataset.indicators.add(std["ipm"], std["penduduk"])
    run = _upload(client_in, dataset, bps_wide_xlsx("IPM", "Indeks Pembangunan Manusia"), "ipm.xlsx")
    page = client_in.get(reverse("ingest:run", args=[run.pk])).content.decode()
    assert '<option value="period:2019" selected>' in page
    assert "Tata letak lebar" in page
    # The table's title names one of the dataset's indicators: it is pre-selected for all rows.
    assert '<option value="IPM" selected>' in page
    _submit(client_in, run, "commit", indicator="IPM")
    run.refresh_from_db()
    assert run.status == RunStatus.COMMITTED, run.report
    assert run.inserted == 16 * len(YEARS)


def test_sheet_choice_and_header_row_reread_the_preview(client_in: Client, dataset: Any) -> None:
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    book.add_worksheet("Catatan").write(0, 0, "Lembar ini hanya catatan")
    data = book.add_worksheet("Data")
    for i, row in enumerate([["indikator", "wilayah", "tahun", "nilai"], ["IPM", "18.01", "2023", "71.2"]]):
        data.write_row(i, 0, row)
    book.close()
    run = _upload(client_in, dataset, buf.getvalue(), "dua.xlsx")
    page = client_in.get(reverse("ingest:run", args=[run.pk])).content.decode()
    assert '<option value="Data">Data</option>' in page
    _submit(client_in, run, "apply", sheet="Data")
    run.refresh_from_db()
    assert run.options["sheet"] == "Data"
    assert run.status == RunStatus.PENDING  # "apply" only re-reads
    page = client_in.get(reverse("ingest:run", args=[run.pk])).content.decode()
    assert "71.2" in page
    _submit(client_in, run, "commit", sheet="Data", role_0="indicator", role_1="region", role_2="period",
            role_3="value")  # fmt: skip
    run.refresh_from_db()
    assert run.status == RunStatus.COMMITTED, run.report


def test_progress_partial_polls_and_asks_for_a_reload_when_done(client_in: Client, dataset: Any) -> None:
    run = _upload(client_in, dataset, long_csv(["IPM"]))
    from simpul.ingest import services

    services.prepare_rerun(actor=run.created_by, run=run)  # submitted, waiting for the worker
    page = client_in.get(reverse("ingest:run", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page
    partial = client_in.get(reverse("ingest:status", args=[run.pk]), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in partial.content.decode()
    assert "HX-Refresh" not in partial
    services.process_upload(run_id=run.pk)
    partial = client_in.get(reverse("ingest:status", args=[run.pk]), headers={"HX-Request": "true"})
    assert partial["HX-Refresh"] == "true"
    assert 'value="100"' in partial.content.decode()


def test_another_producer_cannot_see_the_run(client: Client, dataset: Any, produsen: Any, make_user: Any,
                                             orgs: Any) -> None:  # fmt: skip
    client.force_login(produsen)
    run = _upload(client, dataset, BAD_CSV.encode())
    client.force_login(make_user("produsen-bps", (orgs["bps"], "produsen")))
    urls = [
        reverse("ingest:run", args=[run.pk]),
        reverse("ingest:status", args=[run.pk]),
        reverse("ingest:report", args=[run.pk, "csv"]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
    assert _submit(client, run).status_code == 404


def test_a_failed_run_offers_a_retry_that_stores_the_values(
    client_in: Client, dataset: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from simpul.ingest import services

    run = _upload(client_in, dataset, long_csv(["IPM"], [2021]))

    def crash(**kwargs: Any) -> None:
        raise RuntimeError("worker killed")

    monkeypatch.setattr(services, "record", crash)
    _submit(client_in, run, "commit")
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert not Observation.objects.exists()
    page = client_in.get(reverse("ingest:run", args=[run.pk])).content.decode()
    assert 'data-testid="retry"' in page
    monkeypatch.undo()
    client_in.post(reverse("ingest:commit", args=[run.pk]), {"retry": "1"})
    run.refresh_from_db()
    assert run.status == RunStatus.COMMITTED
    assert Observation.objects.count() == len(LAMPUNG)
    # Stored: nothing to retry or store again.
    response = client_in.post(reverse("ingest:commit", args=[run.pk]), {"retry": "1"})
    assert response.status_code == 302
    assert Observation.objects.count() == len(LAMPUNG)
