"""BPS-style wide XLSX tables, and background runs that are killed half-way and retried."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from simpul.datasets.models import Observation
from simpul.ingest import services
from simpul.ingest.models import IngestRun, RunStatus, UploadedFile
from simpul.ingest.reading import read_table
from simpul.ingest.samples import LAMPUNG, YEARS, bps_wide_xlsx, long_csv, value
from simpul.regions.models import Region

pytestmark = pytest.mark.django_db


def test_bps_table_header_rows_region_names_and_footnotes(upload: Any, dataset: Any) -> None:
    content = bps_wide_xlsx("IPM", "Indeks Pembangunan Manusia")
    table = read_table(content, file_name="ipm.xlsx")
    # Two title rows and a blank row above; "Kabupaten/Kota" merged over two rows, years below the title.
    assert table.headers[0].startswith("Kabupaten/Kota")
    assert table.headers[1:] == [str(y) for y in YEARS]
    assert table.header_row == 4
    assert table.frame["c0"].to_list() == [name for _c, name in LAMPUNG] + ["Lampung"]
    assert table.frame["_row"].to_list()[0] == 6  # the row Excel shows for Lampung Selatan
    assert any(w["code"] == "footnotes_ignored" for w in table.warnings)

    dataset.spatial_coverage = Region.objects.get(code="18")
    dataset.save()
    run = upload(content, file_name="ipm.xlsx", options={"defaults": {"indicator": "IPM"}})
    assert run.status == RunStatus.COMMITTED, run.report
    assert run.layout == "wide"
    # 15 kab/kota and the province total row ("Lampung" is the dataset's own region), 6 years each.
    assert run.inserted == 16 * len(YEARS)
    # "Pringsewu" and "Metro" are also kecamatan names: the header "Kabupaten/Kota" settles them.
    pringsewu = Observation.objects.get(region_id="18.10", period="2021", indicator__code="IPM")
    assert pringsewu.value == pytest.approx(value("IPM", "18.10", 2021))
    assert Observation.objects.filter(region_id="18", indicator__code="IPM").count() == len(YEARS)


def test_bps_table_with_a_bad_cell_names_the_row_and_year(upload: Any) -> None:
    content = bps_wide_xlsx("IPM", "Indeks Pembangunan Manusia", cells={("18.03", 2022): "tujuh puluh"})
    run = upload(content, file_name="ipm.xlsx", options={"defaults": {"indicator": "IPM"}})
    assert run.status == RunStatus.INVALID
    (error,) = run.report["errors"]
    assert (error["row"], error["column"], error["value"], error["code"]) == (
        8,
        "2022",
        "tujuh puluh",
        "not_a_number",
    )
    assert not Observation.objects.exists()


def _staged(dataset: Any, produsen: Any, content: bytes) -> IngestRun:
    run = services.stage_upload(actor=produsen, dataset=dataset, content=content, file_name="ipm.csv")
    return services.prepare_rerun(actor=produsen, run=run)


def test_crash_mid_commit_leaves_nothing_and_the_retry_stores_everything(
    dataset: Any, produsen: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = long_csv(["IPM"])
    run = _staged(dataset, produsen, content)

    def crash(**kwargs: Any) -> None:  # after write_revisions has inserted its rows, inside the transaction
        assert Observation.objects.filter(run=run).exists()
        raise RuntimeError("worker killed")

    monkeypatch.setattr(services, "record", crash)
    assert services.process_upload(run_id=run.pk) == RunStatus.FAILED
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert (run.inserted, run.committed_at) == (0, None)
    assert run.report["errors"][0]["code"] == "internal_error"
    assert not Observation.objects.exists()
    assert services.can_rerun(run)  # the bytes were kept

    monkeypatch.undo()
    run = services.prepare_rerun(actor=produsen, run=run)
    assert services.process_upload(run_id=run.pk) == RunStatus.COMMITTED
    run.refresh_from_db()
    assert run.inserted == len(LAMPUNG) * len(YEARS)
    assert Observation.objects.count() == len(LAMPUNG) * len(YEARS)
    assert not UploadedFile.objects.filter(run=run).exists()  # stored: the bytes are not kept
    assert not services.can_rerun(run)


def test_a_run_killed_without_a_trace_can_be_retried_once_stale(dataset: Any, produsen: Any) -> None:
    run = _staged(dataset, produsen, long_csv(["IPM"], [2020]))
    # What a SIGKILL in the middle of the commit leaves: the stage written, the transaction never committed.
    IngestRun.objects.filter(pk=run.pk).update(status=RunStatus.COMMITTING, progress=70)
    run.refresh_from_db()
    assert not services.can_rerun(run)  # it may still be running
    with pytest.raises(ValueError, match="cannot be run again"):
        services.prepare_rerun(actor=produsen, run=run)
    IngestRun.objects.filter(pk=run.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    run.refresh_from_db()
    assert services.is_stale(run)
    assert services.can_rerun(run)
    run = services.prepare_rerun(actor=produsen, run=run)
    assert services.process_upload(run_id=run.pk) == RunStatus.COMMITTED
    assert Observation.objects.count() == len(LAMPUNG)
    # A second delivery of the same task does nothing.
    assert services.process_upload(run_id=run.pk) == RunStatus.COMMITTED
    assert Observation.objects.count() == len(LAMPUNG)


def test_only_uploaders_may_rerun(dataset: Any, produsen: Any, make_user: Any, orgs: Any) -> None:
    run = services.stage_upload(actor=produsen, dataset=dataset, content=long_csv(["IPM"]), file_name="a.csv")
    stranger = make_user("produsen-bps", (orgs["bps"], "produsen"))
    with pytest.raises(services.PermissionDenied):
        services.prepare_rerun(actor=stranger, run=run)


def test_stale_window_is_a_setting(dataset: Any, produsen: Any, settings: Any) -> None:
    run = _staged(dataset, produsen, long_csv(["IPM"], [2020]))
    IngestRun.objects.filter(pk=run.pk).update(
        status=RunStatus.COMMITTING, updated_at=timezone.now() - timedelta(minutes=10)
    )
    run.refresh_from_db()
    assert not services.is_stale(run)  # default 15 minutes
    settings.SIMPUL_INGEST_STALE_MINUTES = 5
    assert services.is_stale(run)
    assert services.can_rerun(run)


def _aged(run: IngestRun, status: str, days: float) -> None:
    moved = timezone.now() - timedelta(days=days)
    IngestRun.objects.filter(pk=run.pk).update(status=status, updated_at=moved)


def test_discard_uploads_deletes_only_old_unfinished_bytes(dataset: Any, produsen: Any, capsys: Any) -> None:
    from django.core.management import call_command

    from simpul.core.models import AuditEntry

    checked_long_ago = _staged(dataset, produsen, long_csv(["IPM"], [2019]))
    _aged(checked_long_ago, RunStatus.VALID, 20)
    failed_long_ago = _staged(dataset, produsen, long_csv(["IPM"], [2020]))
    _aged(failed_long_ago, RunStatus.FAILED, 15)
    checked_yesterday = _staged(dataset, produsen, long_csv(["IPM"], [2021]))
    _aged(checked_yesterday, RunStatus.VALID, 1)
    running = _staged(dataset, produsen, long_csv(["IPM"], [2022]))
    _aged(running, RunStatus.COMMITTING, 0.001)  # about 90 s ago: still working

    call_command("discard_uploads")  # default: SIMPUL_INGEST_KEEP_DAYS = 14
    assert "2 kept upload(s) discarded" in capsys.readouterr().out
    kept = set(UploadedFile.objects.values_list("run_id", flat=True))
    assert kept == {checked_yesterday.pk, running.pk}
    for run in (checked_long_ago, failed_long_ago):
        run.refresh_from_db()
        assert run.status in (RunStatus.VALID, RunStatus.FAILED)  # the run and its report stay
        assert not services.can_rerun(run)  # the page asks for the file again
        assert AuditEntry.objects.filter(action="ingest.discard_upload", object_id=str(run.pk)).exists()

    # --days 0 still spares a run that may be working (younger than the stale window).
    call_command("discard_uploads", "--days", "0")
    assert set(UploadedFile.objects.values_list("run_id", flat=True)) == {running.pk}
    assert not Observation.objects.exists()
