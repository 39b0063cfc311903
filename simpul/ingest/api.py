"""Upload endpoints at /api/v1/ingest: send a file, then read the run's status, progress and report.

    curl -H "Authorization: Bearer smp_..." -F file=@ipm.csv -F dataset=ipm-lampung \\
         [-F 'mapping={"Kab/Kota": "region"}'] [-F 'options={"defaults": {"indicator": "IPM"}}'] \\
         [-F dry_run=true] https://.../api/v1/ingest

Sending needs a token with the write scope (a read-only token gets 403; a session cookie is not enough,
so no page can send a file on a user's behalf). Reading a run accepts a token or a session.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile as NinjaFile

from simpul.accounts.models import TokenScope
from simpul.api.errors import ApiError, not_found, unprocessable
from simpul.datasets.models import Dataset
from simpul.organizations.models import Organization

from . import limits, services
from .models import IngestRun
from .tasks import enqueue_run

router = Router()


class RunOut(Schema):
    id: int
    url: str
    status: str
    status_label: str
    finished: bool
    progress: int
    stage: str
    dataset: str
    producer: str
    file_name: str
    file_size: int
    sha256: str
    file_format: str
    layout: str
    mapping: dict[str, str]
    options: dict[str, Any]
    rows_total: int
    cells_total: int
    cells_empty: int
    error_count: int
    inserted: int
    revised: int
    unchanged: int
    report: dict[str, Any]
    created_at: datetime
    finished_at: datetime | None
    committed_at: datetime | None


def _out(request: HttpRequest, run: IngestRun) -> RunOut:
    from django.urls import reverse

    return RunOut(
        id=run.pk,
        url=request.build_absolute_uri(reverse("ingest:run", args=[run.pk])),
        status=run.status,
        status_label=str(run.get_status_display()),
        finished=run.finished,
        progress=run.progress,
        stage=run.stage,
        dataset=run.dataset.slug,
        producer=run.producer.slug,
        file_name=run.file_name,
        file_size=run.file_size,
        sha256=run.sha256,
        file_format=run.file_format,
        layout=run.layout,
        mapping=run.mapping,
        options=run.options,
        rows_total=run.rows_total,
        cells_total=run.cells_total,
        cells_empty=run.cells_empty,
        error_count=run.error_count,
        inserted=run.inserted,
        revised=run.revised,
        unchanged=run.unchanged,
        report=run.report or {},
        created_at=run.created_at,
        finished_at=run.finished_at,
        committed_at=run.committed_at,
    )


def _signed_in(request: HttpRequest) -> Any:
    if not request.user.is_authenticated:
        raise ApiError(401, "unauthenticated", _("Perlu masuk atau token API."))
    return request.user


def _json_field(name: str, text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise unprocessable(
            _("Isian '%(name)s' bukan JSON yang sah.") % {"name": name}, {name: str(exc)}
        ) from exc
    if not isinstance(value, dict):
        raise unprocessable(_("Isian '%(name)s' harus objek JSON.") % {"name": name}, {name: "not an object"})
    return value


@router.post("", response={201: RunOut}, summary="Upload a CSV or XLSX file into a dataset")
def ingest_create(
    request: HttpRequest,
    file: NinjaFile = File(...),  # noqa: B008
    dataset: str = Form(...),
    producer: str | None = Form(None),
    mapping: str | None = Form(None),
    options: str | None = Form(None),
    dry_run: bool = Form(False),
) -> tuple[int, RunOut]:
    user = _signed_in(request)
    token = getattr(request, "api_token", None)
    if token is None:
        raise ApiError(
            401, "token_required", _("Mengirim berkas memerlukan token API (Bearer) bercakupan tulis.")
        )
    if token.scope != TokenScope.WRITE:
        raise ApiError(
            403, "read_only_token", _("Token ini hanya untuk membaca; buat token bercakupan tulis.")
        )
    ds = Dataset.objects.filter(slug=dataset).select_related("producer").first()
    if ds is None:
        raise unprocessable(_("Dataset '%(slug)s' tidak ada.") % {"slug": dataset}, {"dataset": dataset})
    org = None
    if producer:
        org = Organization.objects.filter(slug=producer).first()
        if org is None:
            raise unprocessable(
                _("Produsen '%(slug)s' tidak ada.") % {"slug": producer}, {"producer": producer}
            )
    parsed_mapping = _json_field("mapping", mapping)
    parsed_options = _json_field("options", options)
    unknown = set(parsed_options or {}) - services.OPTION_KEYS
    if unknown:
        raise unprocessable(
            _("Opsi tidak dikenal: %(keys)s.") % {"keys": ", ".join(sorted(unknown))},
            {"options": sorted(unknown), "allowed": sorted(services.OPTION_KEYS)},
        )
    if (file.size or 0) > limits.max_upload_bytes():
        raise ApiError(
            413,
            "file_too_large",
            _("Berkas terlalu besar; batas %(limit)s MB.") % {"limit": limits.max_upload_bytes() // 1048576},
        )
    run = services.stage_upload(
        actor=user,
        dataset=ds,
        content=file.read(),
        file_name=file.name or "unggahan",
        producer=org,
        mapping={str(k): str(v) for k, v in parsed_mapping.items()} if parsed_mapping else None,
        options=parsed_options,
    )
    run = services.prepare_rerun(actor=user, run=run, dry_run=dry_run)
    enqueue_run(run)
    run.refresh_from_db()
    return 201, _out(request, run)


@router.get("/{run_id}", response=RunOut, summary="An upload run: status, progress and error report")
def ingest_get(request: HttpRequest, run_id: int) -> RunOut:
    user = _signed_in(request)
    run = IngestRun.objects.select_related("dataset", "producer").filter(pk=run_id).first()
    if run is None or not (
        run.created_by_id == user.pk or services.can_ingest(user, run.dataset, run.producer)
    ):
        raise not_found(_("Unggahan tidak ditemukan."))
    return _out(request, run)
