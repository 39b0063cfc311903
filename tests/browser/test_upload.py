"""A produsen uploads data in Chromium: a long CSV with a mistake (error shown inline with a suggestion,
nothing stored), the corrected file (progress bar polled to done, values on the dataset page and in its
CSV download), then a BPS-style wide XLSX (merged two-row header, indicator chosen in the mapping step).

The background worker is played by the test: enqueueing is recorded, and the test runs the task while
the page polls the progress bar, so the htmx polling and the reload at the end are really exercised.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest

from simpul.ingest import services, views
from simpul.ingest.models import IngestRun
from simpul.ingest.samples import LAMPUNG, bps_wide_xlsx, long_csv
from simpul.reconcile import services as reconcile
from simpul.reconcile.models import Submission

pytestmark = pytest.mark.browser
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def worker(monkeypatch: pytest.MonkeyPatch) -> Callable[[], str]:
    """Record what the page enqueues; calling the fixture runs the oldest waiting task."""
    queue: list[int] = []
    monkeypatch.setattr(views, "enqueue_run", lambda run: queue.append(run.pk))

    def run_next() -> str:
        assert queue, "nothing was enqueued"
        return str(services.process_upload(run_id=queue.pop(0)))

    return run_next


def _login(page: Any, username: str) -> None:
    page.goto("/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "rahasia-uji-123")
    page.click("form.form button[type=submit]")
    page.wait_for_selector("button[data-nav=logout]", state="attached")


def _upload(page: Any, dataset: Any, name: str, content: bytes, mime: str = "text/csv") -> None:
    page.click("a[data-nav=satudata-work]")
    page.wait_for_selector("[data-testid=upload-form]")
    page.select_option("select[name=dataset]", str(dataset.pk))
    page.set_input_files("input[name=file]", files=[{"name": name, "mimeType": mime, "buffer": content}])
    page.click("[data-testid=upload-form] button[type=submit]")
    page.wait_for_selector("[data-testid=preview]")


def _wait_done(page: Any, worker: Callable[[], str]) -> str:
    """The progress bar is shown and polled; the worker runs; the page reloads with the result."""
    page.wait_for_selector("[data-testid=progress][hx-trigger]")
    assert page.get_attribute("#progress-bar", "value") == "0"
    status = worker()
    page.wait_for_selector("[data-testid=result]", timeout=10_000)
    return status


def test_produsen_uploads_csv_with_a_mistake_then_the_fix_then_a_bps_xlsx(
    page: Any, make_user: Callable[..., Any], orgs: dict[str, Any], worker: Callable[[], str]
) -> None:
    from simpul.datasets.tests.factories import DatasetFactory, standard_data
    from simpul.regions.models import Region

    std = standard_data()
    dataset: Any = DatasetFactory.create(
        slug="statistik-dinkes",
        title="Statistik Dinkes Lampung",
        producer=orgs["dinkes"],
        spatial_coverage=Region.objects.get(code="18"),
    )
    make_user("sari", (orgs["dinkes"], "produsen"))
    walidata = make_user("wali", (orgs["kominfo"], "walidata"))
    plan = reconcile.plan_create(actor=walidata, organization=orgs["dinkes"], year=2026)
    item = reconcile.plan_add_item(
        actor=walidata,
        plan=plan,
        dataset=dataset,
        indicator=std["ipm"],
        region=Region.objects.get(code="18"),
        period="2023",
        due_date=datetime.date(2026, 12, 31),
    )
    _login(page, "sari")

    # 1. A long CSV with a misspelt region: the error is shown inline with a suggestion; nothing stored.
    bad = long_csv(["IPM"], [2023]).replace(b",18.03,", b",Lampung Utaraa,")
    _upload(page, dataset, "ipm-salah.csv", bad)
    assert page.locator("select[data-header=kode_wilayah]").input_value() == "region"
    page.click("[data-testid=check-commit]")
    assert _wait_done(page, worker) == "ditolak"
    assert page.inner_text("[data-testid=error-count]") == "1"
    errors = page.inner_text("[data-testid=errors]")
    assert "Lampung Utaraa" in errors
    assert "18.03 Kabupaten Lampung Utara" in errors
    assert page.get_attribute("[data-testid=report-csv]", "href").endswith("laporan.csv")
    report = page.request.get(page.get_attribute("[data-testid=report-xlsx]", "href"))
    assert report.ok
    assert report.headers["content-type"] == XLSX
    assert not IngestRun.objects.filter(inserted__gt=0).exists()

    # 2. The corrected file: progress to done, then the values on the dataset page and in the download.
    _upload(page, dataset, "ipm.csv", long_csv(["IPM"], [2022, 2023]))
    page.click("[data-testid=check-commit]")
    assert _wait_done(page, worker) == "tersimpan"
    assert "30 nilai baru" in page.inner_text("[data-testid=committed]")
    # Delivered to the walidata from the result page, against the Daftar Data item; the button goes.
    page.click("[data-testid=setor-button]")
    page.wait_for_selector("[data-testid=setor-done]")
    assert page.inner_text("[data-testid=setor-status]") == "Diajukan"
    assert not page.is_visible("[data-testid=setor-button]")
    sub = Submission.objects.get(run=IngestRun.objects.latest("pk"))
    assert sub.item == item
    assert (
        page.get_attribute("[data-testid=submission-link]", "href")
        == f"/satu-data/pemeriksaan/setoran/{sub.pk}/"
    )
    page.click("[data-testid=dataset-link]")
    page.wait_for_selector("h1")
    body = page.inner_text("main")
    assert "Kabupaten Lampung Selatan" in body
    assert "IPM" in body
    csv_text = page.request.get(f"/satu-data/dataset/{dataset.slug}/unduh.csv").text()
    assert len([line for line in csv_text.splitlines() if line.startswith("IPM,")]) == 2 * len(LAMPUNG)

    # 3. A BPS-style wide XLSX: years recognised as period columns; the indicator chosen for all rows;
    #    checked first, then stored.
    _upload(page, dataset, "penduduk.xlsx", bps_wide_xlsx("PDDK", "Jumlah Penduduk (jiwa)"), XLSX)
    assert page.locator("select[data-header='2019']").input_value() == "period:2019"
    assert page.locator("select[data-header^='Kabupaten/Kota']").input_value() == "region"
    page.select_option("select[name=indicator]", "PDDK")
    page.click("[data-testid=check]")
    status = _wait_done(page, worker)
    last = IngestRun.objects.latest("pk")
    assert status == "valid", (last.report["errors"], last.options, last.mapping)
    page.click("[data-testid=commit]")
    page.wait_for_selector("[data-testid=progress][hx-trigger]")
    assert worker() == "tersimpan"
    page.wait_for_selector("[data-testid=committed]")
    assert re.search(r"96 nilai baru", page.inner_text("[data-testid=committed]"))  # 16 rows x 6 years
    # The uploads list shows all three.
    page.click("a[data-nav=satudata-work]")
    runs = page.inner_text("[data-testid=runs]")
    assert "ipm-salah.csv" in runs
    assert "penduduk.xlsx" in runs
