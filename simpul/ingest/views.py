"""The upload pages under /satu-data/unggah/: upload, map columns with a preview, check, store, progress.

Thin adapters: the forms and `preview` read, `services` writes, `tasks.enqueue_run` runs the work.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from simpul.core.navigation import NAVIGATION
from simpul.reconcile import rules as reconcile_rules
from simpul.reconcile import selectors as reconcile_selectors
from simpul.reconcile import services as reconcile_services

from . import exports, services
from .forms import OptionsForm, UploadForm, datasets_for_upload
from .models import IngestRun, RunStatus, UploadedFile
from .preview import build_preview, role_label
from .tasks import enqueue_run

NAV_KEY = "satudata-work"
ERRORS_SHOWN = 25


def _may_open_workbench(user: Any) -> bool:
    item = next(i for section in NAVIGATION for i in section.items if i.key == NAV_KEY)
    return item.visible_to(user)


def _run_for(request: HttpRequest, pk: int) -> IngestRun:
    run = get_object_or_404(IngestRun.objects.select_related("dataset", "producer", "created_by"), pk=pk)
    user = request.user
    if run.created_by_id == user.pk or services.can_ingest(user, run.dataset, run.producer):
        return run
    raise Http404


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """My uploads, and the form to upload a file."""
    if not _may_open_workbench(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = services.stage_upload(
            actor=request.user,
            dataset=form.cleaned_data["dataset"],
            content=upload.read(),
            file_name=upload.name or "unggahan",
        )
        return redirect("ingest:run", pk=run.pk)
    runs = IngestRun.objects.filter(created_by_id=request.user.pk).select_related("dataset")[:50]
    has_datasets = datasets_for_upload(request.user).exists()
    context = {"nav_key": NAV_KEY, "form": form, "runs": runs, "has_datasets": has_datasets}
    return render(request, "ingest/index.html", context, status=400 if form.errors else 200)


def _submitted(run: IngestRun) -> bool:
    return UploadedFile.objects.filter(run=run, submitted_at__isnull=False).exists()


def _running(run: IngestRun) -> bool:
    if run.status in services.IN_PROGRESS:
        return not services.is_stale(run)
    return run.status == RunStatus.PENDING and _submitted(run)


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run_for(request, pk)
    running = _running(run)
    content = None if running else services.upload_content(run)
    preview = build_preview(run, content) if content is not None and services.can_rerun(run) else None
    options = OptionsForm(
        initial={
            "sheet": run.options.get("sheet", ""),
            "header_row": run.options.get("header_row"),
            "decimal": run.options.get("decimal", ""),
            "region_level": run.options.get("region_level", ""),
            "indicator": (preview.defaults if preview else {}).get("indicator"),
            "period": (preview.defaults if preview else {}).get("period", ""),
        }
    )
    if preview is not None and preview.header_row:
        # Empty means "detect" (which also joins a two-row header); show what was detected.
        options.fields["header_row"].widget.attrs["placeholder"] = _("terdeteksi: %(row)s") % {
            "row": preview.header_row
        }
    report = run.report or {}
    context = {
        "nav_key": NAV_KEY,
        "run": run,
        "running": running,
        "preview": preview,
        "options": options,
        "report": report,
        "errors_shown": report.get("errors", [])[:ERRORS_SHOWN],
        "summary": sorted((report.get("summary") or {}).items(), key=lambda kv: -kv[1]),
        "mapping_labels": [(h, role_label(r)) for h, r in run.mapping.items()],
        "can_rerun": services.can_rerun(run),
        "stale": services.is_stale(run),
        **_setor_context(request.user, run),
    }
    return render(request, "ingest/run.html", context)


def _setor_context(user: Any, run: IngestRun) -> dict[str, Any]:
    """The "Setor ke walidata" box of a stored upload: its submission, or the items it may go to."""
    if run.status != RunStatus.COMMITTED:
        return {}
    submission = reconcile_selectors.submission_for_run(run)
    if submission is not None:
        return {"setor_submission": submission}
    may_submit = reconcile_rules.can_submit(user, run.producer_id)
    return {
        "setor_allowed": may_submit,
        "setor_items": reconcile_selectors.plan_items_for_run(user, run) if may_submit else [],
    }


@login_required
@require_POST
def run_setor(request: HttpRequest, pk: int) -> HttpResponse:
    """Deliver a stored upload to the walidata as a submission against a Daftar Data item."""
    run = _run_for(request, pk)
    if not reconcile_rules.can_submit(request.user, run.producer_id):
        messages.error(request, _("Anda tidak berwenang menyetor data untuk produsen ini."))
        return redirect("ingest:run", pk=run.pk)
    items = {str(i.pk): i for i in reconcile_selectors.plan_items_for_run(request.user, run)}
    item = items.get(request.POST.get("item", ""))
    if item is None and len(items) == 1 and not request.POST.get("item"):
        item = next(iter(items.values()))
    if item is None:
        messages.error(
            request,
            _("Pilih butir Daftar Data untuk unggahan ini.")
            if items
            else _("Tidak ada butir Daftar Data yang dapat Anda setor dengan unggahan ini."),
        )
        return redirect("ingest:run", pk=run.pk)
    try:
        submission = reconcile_services.submission_create(
            actor=request.user, item=item, run=run, content=services.upload_content(run)
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Anda tidak berwenang menyetor data untuk produsen ini."))
        return redirect("ingest:run", pk=run.pk)
    except (ValidationError, reconcile_services.StaleError) as exc:
        for message in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
            messages.error(request, message)
        return redirect("ingest:run", pk=run.pk)
    if any(s in ("diverifikasi", "disetujui") for s in getattr(submission, "replaced_statuses", [])):
        messages.warning(
            request, _("Setoran sebelumnya sudah diverifikasi; setoran baru ini perlu diperiksa ulang.")
        )
    messages.success(request, _("Data disetor untuk diperiksa walidata."))
    return redirect("ingest:run", pk=run.pk)


def _posted_mapping(request: HttpRequest, headers: list[str]) -> dict[str, str]:
    mapping = {}
    for i, header in enumerate(headers):
        role = request.POST.get(f"role_{i}", "").strip()
        if header and role:
            mapping[header] = role
    return mapping


@login_required
@require_POST
def run_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """The mapping step's buttons: apply (re-read the preview), check only, or check and store."""
    run = _run_for(request, pk)
    action = request.POST.get("action", "check")
    form = OptionsForm(request.POST)
    if not form.is_valid() or not services.can_rerun(run):
        messages.error(request, _("Pilihan tidak dapat dipakai; periksa isian."))
        return redirect("ingest:run", pk=run.pk)
    options = form.options()
    reading = ("sheet", "header_row")
    same_shape = all(options.get(k) == run.options.get(k) for k in reading)
    content = services.upload_content(run)
    mapping: dict[str, str] = {}
    if same_shape and content is not None and action != "apply":
        preview = build_preview(run, content)
        mapping = _posted_mapping(request, [c.header for c in preview.columns])
    try:
        services.prepare_rerun(
            actor=request.user,
            run=run,
            mapping=mapping,
            options=options,
            dry_run=action != "commit",
            submit=action in ("check", "commit"),
        )
    except ValueError:
        messages.error(request, _("Unggahan ini sedang diproses atau sudah tersimpan."))
        return redirect("ingest:run", pk=run.pk)
    if action in ("check", "commit"):
        enqueue_run(run)
    return redirect("ingest:run", pk=run.pk)


@login_required
@require_POST
def run_commit(request: HttpRequest, pk: int) -> HttpResponse:
    """Store a checked (valid) run, or retry a failed or killed one, with the same mapping."""
    run = _run_for(request, pk)
    retry = request.POST.get("retry") == "1"
    dry_run = bool(UploadedFile.objects.filter(run=run, dry_run=True).exists()) if retry else False
    try:
        services.prepare_rerun(actor=request.user, run=run, dry_run=dry_run)
    except ValueError:
        messages.error(request, _("Unggahan ini sedang diproses atau sudah tersimpan."))
        return redirect("ingest:run", pk=run.pk)
    enqueue_run(run)
    return redirect("ingest:run", pk=run.pk)


@login_required
def run_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar, polled by htmx every second; tells the page to reload once the run is done."""
    run = _run_for(request, pk)
    response = render(request, "ingest/_progress.html", {"run": run, "running": _running(run)})
    if not _running(run) and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
def run_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    run = _run_for(request, pk)
    name = f"laporan-unggahan-{run.pk}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(exports.report_csv(run), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.report_xlsx(run),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def run_url(run: IngestRun) -> str:
    return reverse("ingest:run", args=[run.pk])
