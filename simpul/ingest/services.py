"""The one way data files become observations; used by the upload page, the API and `ingest_file`.

    run = ingest_file(actor=user, dataset=ds, content=data, file_name="ipm.csv")
    run.status, run.report  # "tersimpan" / "ditolak"..., the error report (see report.py)

Read -> map columns -> validate every cell -> commit all-or-nothing in one transaction -> audit.
`start_ingest` + `run_ingest` split the same work for a background task with progress polling.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core.audit import record
from simpul.datasets.bulk import write_revisions
from simpul.datasets.models import Dataset
from simpul.organizations.choices import Role
from simpul.organizations.models import Organization
from simpul.organizations.permissions import has_role, is_admin, require
from simpul.regions.models import Region

from . import mapping as mapping_mod
from .errors import IngestError
from .models import FINISHED, ColumnMapping, IngestRun, RunStatus, UploadedFile
from .reading import read_table
from .report import fatal_report
from .validate import STATUS_WORDS, validate

logger = logging.getLogger(__name__)

OPTION_KEYS = {
    "sheet", "header_row", "delimiter", "decimal", "defaults", "region_scheme", "region_parent",
    "region_level", "status",
}  # fmt: skip


def can_ingest(user: Any, dataset: Dataset, producer: Organization | None = None) -> bool:
    """Produsen (or walidata pendukung) of the dataset's producer, any walidata, or an admin.

    Only walidata and admins may load values on behalf of another producer than the dataset's own.
    """
    if is_admin(user) or has_role(user, Role.WALIDATA):
        return True
    if producer is not None and producer.pk != dataset.producer_id:
        return False
    return has_role(user, Role.PRODUSEN, Role.WALIDATA_PENDUKUNG, organization=dataset.producer_id)


def _authorise(actor: Any, dataset: Dataset, producer: Organization | None, system: bool) -> None:
    if actor is None and system:
        return
    require(
        can_ingest(actor, dataset, producer),
        _("Anda tidak berwenang mengunggah data ke dataset ini."),
    )


def start_ingest(
    *,
    actor: Any,
    dataset: Dataset,
    content: bytes,
    file_name: str,
    producer: Organization | None = None,
    mapping: dict[str, str] | None = None,
    options: dict[str, Any] | None = None,
    system: bool = False,
) -> IngestRun:
    """Check permission and record a pending run (a task then calls `run_ingest`)."""
    _authorise(actor, dataset, producer, system)
    unknown = set(options or {}) - OPTION_KEYS
    if unknown:
        raise ValueError(f"unknown ingest options: {sorted(unknown)}")
    return IngestRun.objects.create(
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        producer=producer or dataset.producer,
        dataset=dataset,
        file_name=file_name[:255],
        file_size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        mapping=mapping or {},
        options=options or {},
    )


def ingest_file(
    *,
    actor: Any,
    dataset: Dataset,
    content: bytes,
    file_name: str,
    producer: Organization | None = None,
    mapping: dict[str, str] | None = None,
    options: dict[str, Any] | None = None,
    dry_run: bool = False,
    system: bool = False,
) -> IngestRun:
    """Read, validate and (unless `dry_run` or invalid) store a file's values; returns the finished run.

    `system=True` with `actor=None` is for trusted operator tools (the management command).
    """
    run = start_ingest(
        actor=actor,
        dataset=dataset,
        content=content,
        file_name=file_name,
        producer=producer,
        mapping=mapping,
        options=options,
        system=system,
    )
    return run_ingest(run=run, content=content, actor=actor, dry_run=dry_run)


def _stage(run: IngestRun, status: str, progress: int, stage: str) -> None:
    run.status, run.progress, run.stage = status, progress, stage
    run.save(update_fields=["status", "progress", "stage", "updated_at"])


def _clear_results(run: IngestRun) -> None:
    """Forget what an attempt computed (after a rollback, or before trying again)."""
    run.inserted = run.revised = run.unchanged = 0
    run.rows_total = run.cells_total = run.cells_empty = run.error_count = 0
    run.committed_at = None
    run.finished_at = None
    run.duplicate_of = None
    run.report = {}


def _finish(run: IngestRun, status: str, report: dict[str, Any] | None = None) -> IngestRun:
    run.status = status
    run.progress = 100
    run.stage = ""
    run.finished_at = timezone.now()
    if report is not None:
        run.report = report
        run.error_count = report.get("error_count", 0)
    run.save()
    return run


def run_ingest(*, run: IngestRun, content: bytes, actor: Any = None, dry_run: bool = False) -> IngestRun:
    """Do the work of a pending run. File problems end in status "ditolak" with a report, never a raise."""
    if run.status != RunStatus.PENDING:
        raise ValueError(f"run {run.pk} is {run.status}, not pending")
    if hashlib.sha256(content).hexdigest() != run.sha256:
        raise ValueError("content does not match the run's sha256")
    # The same bytes read the same way (options, and the mapping if one was given) were stored before.
    candidates = IngestRun.objects.filter(
        dataset_id=run.dataset_id, producer_id=run.producer_id, sha256=run.sha256, status=RunStatus.COMMITTED
    ).exclude(pk=run.pk)
    earlier = next(
        (
            r
            for r in candidates.order_by("committed_at")
            if r.options == run.options and (not run.mapping or r.mapping == run.mapping)
        ),
        None,
    )
    if earlier is not None and not dry_run:
        run.duplicate_of = earlier
        return _finish(
            run, RunStatus.DUPLICATE, {"error_count": 0, "summary": {}, "errors": [], "warnings": []}
        )
    try:
        return _run(run, content, actor, dry_run)
    except IngestError as exc:
        return _finish(run, RunStatus.INVALID, fatal_report(exc.code, exc.message, exc.details))
    except Exception:
        logger.exception("ingest run %s failed", run.pk)
        # The commit's transaction was rolled back: whatever this attempt counted was not stored.
        _clear_results(run)
        run.report = fatal_report(
            "internal_error", _("Terjadi kesalahan internal; tidak ada data disimpan."), {}
        )
        _finish(run, RunStatus.FAILED, run.report)
        raise


def _options(run: IngestRun) -> dict[str, Any]:
    opts = dict(run.options)
    parent_code = opts.get("region_parent")
    parent = Region.objects.filter(code=parent_code).first() if parent_code else run.dataset.spatial_coverage
    if parent_code and parent is None:
        raise IngestError("bad_option", _("Wilayah induk '%(code)s' tidak dikenal.") % {"code": parent_code})
    status_text = str(opts.get("status") or "").strip().lower()
    if status_text and status_text not in STATUS_WORDS:
        raise IngestError("bad_option", _("Status '%(status)s' tidak dikenal.") % {"status": status_text})
    decimal = opts.get("decimal") or None
    if decimal not in (None, ",", "."):
        raise IngestError("bad_option", _("Pemisah desimal harus koma atau titik."))
    return {
        "parent": parent,
        "level": int(opts["region_level"]) if opts.get("region_level") else None,
        "scheme": opts.get("region_scheme") or None,
        "status": STATUS_WORDS[status_text] if status_text else None,
        "decimal": decimal,
    }


def _run(run: IngestRun, content: bytes, actor: Any, dry_run: bool) -> IngestRun:
    _stage(run, RunStatus.PARSING, 5, _("Membaca berkas"))
    opts = _options(run)
    table = read_table(content, file_name=run.file_name, options=run.options)
    run.file_format, run.encoding, run.delimiter = table.file_format, table.encoding, table.delimiter
    run.header_signature = mapping_mod.header_signature(table.headers)
    explicit = run.mapping or None
    remembered = None
    if explicit is None:
        remembered = ColumnMapping.objects.filter(
            producer_id=run.producer_id, header_signature=run.header_signature
        ).first()
    resolved = mapping_mod.resolve(
        table.headers,
        explicit or (remembered.mapping if remembered else None),
        (run.options.get("defaults") or (remembered.options.get("defaults") if remembered else None)),
    )
    run.layout = resolved.layout
    run.mapping = resolved.by_header(table.headers)
    _stage(run, RunStatus.VALIDATING, 30, _("Memeriksa %(n)s baris") % {"n": table.frame.height})
    checked = validate(
        table,
        resolved,
        decimal=opts["decimal"],
        region_parent=opts["parent"],
        region_level=opts["level"],
        region_scheme=opts["scheme"],
        default_status=opts["status"],
    )
    run.rows_total, run.cells_total, run.cells_empty = (
        checked.rows_total,
        checked.cells_total,
        checked.cells_empty,
    )
    report = checked.errors.report(table.warnings + resolved.warnings)
    if report["error_count"]:
        return _finish(run, RunStatus.INVALID, report)
    if dry_run:
        return _finish(run, RunStatus.VALID, report)
    _stage(run, RunStatus.COMMITTING, 70, _("Menyimpan %(n)s nilai") % {"n": checked.cells.height})
    with transaction.atomic():
        now = timezone.now()
        result = write_revisions(
            cells=checked.cells,
            dataset_id=run.dataset_id,
            producer_id=run.producer_id,
            run_id=run.pk,
            now=now,
        )
        run.dataset.indicators.add(*checked.indicator_ids)
        ColumnMapping.objects.update_or_create(
            producer_id=run.producer_id,
            header_signature=run.header_signature,
            defaults={
                "headers": table.headers,
                "mapping": run.mapping,
                "options": {"defaults": resolved.defaults},
            },
        )
        run.inserted, run.revised, run.unchanged = result.inserted, result.revised, result.unchanged
        run.committed_at = now
        _finish(run, RunStatus.COMMITTED, report)
        record(
            actor=actor,
            action="ingest.commit",
            obj=run,
            after={
                "dataset": run.dataset.slug,
                "producer": run.producer.slug,
                "file_name": run.file_name,
                "sha256": run.sha256,
                "inserted": result.inserted,
                "revised": result.revised,
                "unchanged": result.unchanged,
            },
        )
    return run


# ---------------------------------------------------------------------------------------------------
# Background uploads: the bytes are kept with the run until it is stored, so a task (or a retry) reads them.

IN_PROGRESS = {RunStatus.PARSING, RunStatus.VALIDATING, RunStatus.COMMITTING}


def stale_after() -> timedelta:
    """How long a run may sit in one stage before it counts as killed (SIMPUL_INGEST_STALE_MINUTES)."""
    return timedelta(minutes=settings.SIMPUL_INGEST_STALE_MINUTES)


def is_stale(run: IngestRun) -> bool:
    """In progress but not moved for `stale_after()`: its worker was killed (nothing of it was committed)."""
    moved = run.updated_at or run.created_at
    return run.status in IN_PROGRESS and moved is not None and timezone.now() - moved > stale_after()


def discard_kept_uploads(*, older_than: timedelta) -> int:
    """Delete the kept bytes of uploads left unfinished (checked but never stored, failed, abandoned) whose
    run has not moved for `older_than`; returns how many. The runs and their reports stay; the uploader
    uploads the file again to carry on. A run still in progress keeps its bytes unless it is stale too."""
    cutoff = timezone.now() - max(older_than, stale_after())
    old = UploadedFile.objects.filter(run__updated_at__lt=cutoff)
    discarded = 0
    for upload in old.select_related("run").defer("content"):  # the bytes are deleted, not read
        with transaction.atomic():
            upload.delete()
            record(
                actor=None,
                action="ingest.discard_upload",
                obj=upload.run,
                before={"status": upload.run.status},
            )
        discarded += 1
    return discarded


def can_rerun(run: IngestRun) -> bool:
    """A run may be checked again (new mapping, options) or retried until its values are stored."""
    if run.status in (RunStatus.COMMITTED, RunStatus.DUPLICATE):
        return False
    if run.status in IN_PROGRESS and not is_stale(run):
        return False
    return UploadedFile.objects.filter(run=run).exists()


def stage_upload(
    *,
    actor: Any,
    dataset: Dataset,
    content: bytes,
    file_name: str,
    producer: Organization | None = None,
    mapping: dict[str, str] | None = None,
    options: dict[str, Any] | None = None,
    system: bool = False,
) -> IngestRun:
    """Record a pending run (permission checked) and keep its bytes for `process_upload`."""
    with transaction.atomic():
        run = start_ingest(
            actor=actor,
            dataset=dataset,
            content=content,
            file_name=file_name,
            producer=producer,
            mapping=mapping,
            options=options,
            system=system,
        )
        UploadedFile.objects.create(run=run, content=content)
    return run


def upload_content(run: IngestRun) -> bytes | None:
    upload = UploadedFile.objects.filter(run=run).only("content").first()
    return bytes(upload.content) if upload is not None else None


def prepare_rerun(
    *,
    actor: Any,
    run: IngestRun,
    mapping: dict[str, str] | None = None,
    options: dict[str, Any] | None = None,
    dry_run: bool = False,
    submit: bool = True,
    system: bool = False,
) -> IngestRun:
    """Put a kept run back to pending (with a new mapping/options if given) and mark it submitted.

    Used for the upload page's "check" and "store" steps and to retry a failed or killed run (`submit=False`
    only changes how the file is read, for the preview; no task runs it). Nothing of
    the earlier attempt was stored (a commit is one transaction), so starting over is safe.
    """
    _authorise(actor, run.dataset, run.producer, system)
    unknown = set(options or {}) - OPTION_KEYS
    if unknown:
        raise ValueError(f"unknown ingest options: {sorted(unknown)}")
    with transaction.atomic():
        run = IngestRun.objects.select_for_update().get(pk=run.pk)
        if not can_rerun(run):
            raise ValueError(f"run {run.pk} ({run.status}) cannot be run again")
        retried = run.status == RunStatus.FAILED or run.status in IN_PROGRESS
        if mapping is not None:
            run.mapping = mapping
        if options is not None:
            run.options = options
        _clear_results(run)
        run.status, run.progress, run.stage = RunStatus.PENDING, 0, ""
        run.save()
        UploadedFile.objects.filter(run=run).update(
            dry_run=dry_run, submitted_at=timezone.now() if submit else None
        )
        if retried:
            record(actor=actor, action="ingest.retry", obj=run, after={"file_name": run.file_name})
    return run


def process_upload(*, run_id: int) -> str:
    """The background task's body: run a submitted pending run from its kept bytes; returns its status.

    A second delivery of the same task finds the run no longer pending and does nothing.
    """
    run = IngestRun.objects.select_related("dataset", "producer").filter(pk=run_id).first()
    if run is None or run.status != RunStatus.PENDING:
        return run.status if run is not None else "missing"
    upload = UploadedFile.objects.filter(run=run).first()
    if upload is None:
        _finish(
            run, RunStatus.FAILED, fatal_report("internal_error", _("Berkas unggahan tidak ada lagi."), {})
        )
        return run.status
    try:
        run_ingest(run=run, content=bytes(upload.content), actor=run.created_by, dry_run=upload.dry_run)
    except Exception:  # already logged and recorded as "gagal" by run_ingest; the bytes stay for a retry
        return RunStatus.FAILED
    if run.status in (RunStatus.COMMITTED, RunStatus.DUPLICATE):
        upload.delete()
    return run.status


__all__ = [
    "FINISHED",
    "PermissionDenied",
    "can_ingest",
    "can_rerun",
    "discard_kept_uploads",
    "ingest_file",
    "is_stale",
    "prepare_rerun",
    "process_upload",
    "run_ingest",
    "stage_upload",
    "start_ingest",
]
