"""Commit: all or nothing, idempotent, revisions readable as of any time, permission, audit, command."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone

from simpul.core.models import AuditEntry
from simpul.datasets.models import Observation, ObservationStatus
from simpul.datasets.selectors import observation_history, observations_as_of
from simpul.ingest.models import IngestRun, RunStatus

HEAD = "indikator,wilayah,tahun,nilai\n"
GOOD = HEAD + "IPM,18.01,2022,69.1\nIPM,18.01,2023,70.5\nIPM,18.02,2023,68\n"


def test_one_bad_row_stores_nothing(upload: Any) -> None:
    run = upload(GOOD + "IPM,18.03,2023,x\n")
    assert run.status == RunStatus.INVALID
    assert Observation.objects.count() == 0
    assert run.inserted == 0


def test_failure_during_the_write_rolls_everything_back(upload: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from simpul.ingest import services

    def explode(**kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.ColumnMapping.objects, "update_or_create", explode)
    with pytest.raises(RuntimeError):
        upload(GOOD)
    assert Observation.objects.count() == 0  # rows were written, then rolled back with the transaction
    run = IngestRun.objects.get()
    assert run.status == RunStatus.FAILED
    assert not AuditEntry.objects.filter(action="ingest.commit").exists()


def test_commit_stores_values_and_writes_an_audit_entry(upload: Any, produsen: Any) -> None:
    run = upload(GOOD)
    assert run.status == RunStatus.COMMITTED
    assert (run.inserted, run.revised, run.unchanged) == (3, 0, 0)
    obs = Observation.objects.get(region_id="18.01", period="2023")
    assert (obs.value, obs.unit, obs.status, obs.run_id) == (
        70.5,
        "indeks",
        ObservationStatus.SEMENTARA,
        run.pk,
    )
    assert obs.producer_id == run.dataset.producer_id
    entry = AuditEntry.objects.get(action="ingest.commit")
    assert entry.actor == produsen
    assert entry.after is not None
    assert entry.after["inserted"] == 3
    assert list(run.dataset.indicators.values_list("code", flat=True)) == ["IPM"]


def test_same_file_again_adds_nothing(upload: Any) -> None:
    first = upload(GOOD)
    again = upload(GOOD)
    assert again.status == RunStatus.DUPLICATE
    assert again.duplicate_of == first
    assert Observation.objects.count() == 3
    # Same values in a different file (other order, other spelling): unchanged, nothing added.
    reordered = upload(HEAD + "IPM,18.02,2023,68\nIPM,Lampung Selatan,2023,70.5\nIPM,1803,2022,69.1\n")
    assert reordered.status == RunStatus.COMMITTED
    assert (reordered.inserted, reordered.revised, reordered.unchanged) == (0, 0, 3)
    assert Observation.objects.count() == 3


def test_changed_values_are_revisions_and_the_past_stays_readable(upload: Any, dataset: Any) -> None:
    upload(GOOD)
    before_revision = timezone.now()
    run = upload(HEAD + "IPM,18.01,2023,70.9\nIPM,18.02,2023,68\nIPM,18.03,2023,66\n")
    assert (run.inserted, run.revised, run.unchanged) == (1, 1, 1)
    assert Observation.objects.count() == 5  # nothing overwritten
    history = list(observation_history(dataset=dataset, indicator_id=run.dataset.indicators.get().pk,
                                       region_id="18.01", period="2023"))  # fmt: skip
    assert [(o.value, o.status) for o in history] == [
        (70.5, ObservationStatus.SEMENTARA),
        (70.9, ObservationStatus.DIPERBAIKI),  # a revision without a stated status
    ]
    assert history[0].valid_to == history[1].valid_from

    def state(at: Any = None) -> set[tuple[str, str, float]]:
        return set(observations_as_of(dataset=dataset, at=at).values_list("region_id", "period", "value"))

    assert state(before_revision) == {
        ("18.01", "2022", 69.1),
        ("18.01", "2023", 70.5),
        ("18.02", "2023", 68.0),
    }
    assert state() == {
        ("18.01", "2022", 69.1),
        ("18.01", "2023", 70.9),
        ("18.02", "2023", 68.0),
        ("18.03", "2023", 66.0),
    }
    assert state(history[0].valid_from - timedelta(seconds=1)) == set()


def test_status_change_alone_is_a_revision(upload: Any) -> None:
    upload(GOOD)
    run = upload(GOOD, options={"status": "tetap"})
    assert (run.inserted, run.revised) == (0, 3)
    assert set(Observation.objects.filter(valid_to__isnull=True).values_list("status", flat=True)) == {
        ObservationStatus.TETAP
    }


def test_produsen_of_another_organization_is_refused(
    make_user: Any, orgs: dict[str, Any], dataset: Any, upload: Any
) -> None:
    outsider = make_user("produsen-kominfo", (orgs["kominfo"], "produsen"))
    with pytest.raises(PermissionDenied):
        upload(GOOD, actor=outsider)
    with pytest.raises(PermissionDenied):
        upload(GOOD, actor=None)  # anonymous
    assert not IngestRun.objects.exists()
    assert not Observation.objects.exists()


def test_produsen_cannot_load_for_another_producer_but_walidata_can(
    make_user: Any, orgs: dict[str, Any], upload: Any
) -> None:
    with pytest.raises(PermissionDenied):
        upload(GOOD, producer=orgs["bps"])
    walidata = make_user("walidata", (orgs["kominfo"], "walidata"))
    run = upload(GOOD, actor=walidata, producer=orgs["bps"])
    assert run.status == RunStatus.COMMITTED
    assert set(Observation.objects.values_list("producer_id", flat=True)) == {orgs["bps"].pk}


def test_two_producers_keep_their_own_value_for_the_same_cell(
    make_user: Any, orgs: dict[str, Any], upload: Any
) -> None:
    walidata = make_user("walidata", (orgs["kominfo"], "walidata"))
    upload(GOOD)
    upload(GOOD.replace("70.5", "70.4"), actor=walidata, producer=orgs["bps"])
    cell = Observation.objects.filter(region_id="18.01", period="2023", valid_to__isnull=True)
    assert sorted(cell.values_list("value", flat=True)) == [70.4, 70.5]


def test_dry_run_validates_without_storing(upload: Any) -> None:
    run = upload(GOOD, dry_run=True)
    assert run.status == RunStatus.VALID
    assert run.cells_total == 3
    assert not Observation.objects.exists()
    # A dry run is not a stored upload: the real one afterwards is not a "duplicate".
    assert upload(GOOD).status == RunStatus.COMMITTED


def test_progress_fields_end_finished(upload: Any) -> None:
    run = upload(GOOD)
    assert run.finished
    assert run.progress == 100
    assert run.finished_at is not None
    assert run.sha256
    assert run.file_size == len(GOOD.encode())


def test_management_command_prints_the_report(dataset: Any, tmp_path: Path) -> None:
    bad = tmp_path / "ipm.csv"
    bad.write_text(HEAD + "IPM,Lampung Selatn,2023,70\n", encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("ingest_file", str(bad), dataset=dataset.slug, stdout=out)
    assert "row 2, column 'wilayah'" in out.getvalue()
    assert "18.01 Kabupaten Lampung Selatan" in out.getvalue()
    good = tmp_path / "ipm2.csv"
    good.write_text("Kab;2021;2022\n18.01;68,5;69,1\n", encoding="utf-8")
    out = StringIO()
    call_command(
        "ingest_file",
        str(good),
        dataset=dataset.slug,
        map=["Kab=region"],
        default=["indicator=IPM"],
        stdout=out,
    )
    assert "inserted 2" in out.getvalue()
    assert Observation.objects.count() == 2
