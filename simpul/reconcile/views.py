"""Pages of the walidata workflow: thin adapters over selectors and services."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from simpul.datasets.models import Dataset
from simpul.ingest.models import IngestRun, RunStatus
from simpul.organizations.models import Organization
from simpul.regions.models import Region
from simpul.standards.models import Indicator

from . import rules, selectors, services
from .models import ConflictCase, ConflictStatus, PiiFinding, PlanItem, Submission

NAV = {"nav_key": "satudata-check"}


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError as exc:
        raise PermissionDenied(_("Versi tidak valid.")) from exc


def _errors(request: HttpRequest, exc: ValidationError | services.StaleError) -> None:
    for msg in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
        messages.error(request, msg)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Pemeriksaan: the walidata's (or pembina's, or producer's) queue and the open conflicts."""
    user = request.user
    if not rules.can_open_queue(user):
        raise PermissionDenied
    return render(
        request,
        "reconcile/queue.html",
        {
            **NAV,
            "queue": selectors.review_queue(user)[:200],
            "conflicts": selectors.conflicts_visible(user).filter(status=ConflictStatus.OPEN)[:100],
            "is_walidata": rules.is_walidata(user),
        },
    )


@login_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sub = get_object_or_404(selectors.submissions_visible(request.user), pk=pk)
    user = request.user
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "return":
                notes = request.POST.get("notes", "").splitlines()
                services.submission_return(
                    actor=user, submission=sub, expected_version=_version(request), notes=notes
                )
                messages.success(request, _("Setoran dikembalikan ke produsen."))
            elif action == "verify":
                services.submission_verify(actor=user, submission=sub, expected_version=_version(request))
                messages.success(request, _("Setoran diverifikasi."))
            elif action == "approve":
                services.submission_approve(actor=user, submission=sub, expected_version=_version(request))
                messages.success(request, _("Data prioritas disetujui."))
            elif action == "publish":
                services.submission_publish(actor=user, submission=sub, expected_version=_version(request))
                messages.success(request, _("Data dipublikasikan."))
            elif action == "pii":
                finding = get_object_or_404(PiiFinding, pk=request.POST.get("finding"), submission=sub)
                services.pii_resolve(
                    actor=user,
                    finding=finding,
                    resolution=request.POST.get("resolution", ""),
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, _("Temuan data pribadi ditangani."))
            else:
                raise PermissionDenied
        except (ValidationError, services.StaleError) as exc:
            _errors(request, exc)
        return redirect("reconcile:submission", pk=sub.pk)
    return render(
        request,
        "reconcile/submission.html",
        {
            **NAV,
            "sub": sub,
            "notes": sub.notes.select_related("author"),
            "findings": sub.pii_findings.all(),
            "blockers": services.publication_blockers(sub),
            "conflicts": services.open_conflicts_for(sub),
            "is_walidata": rules.is_walidata(user),
            "is_pembina": rules.is_pembina(user),
            "older": selectors.submissions_visible(user).filter(item=sub.item).exclude(pk=sub.pk),
        },
    )


@login_required
def submission_create(request: HttpRequest) -> HttpResponse:
    """A producer delivers a committed upload (IngestRun) against one of its Daftar Data items."""
    user = request.user
    orgs = rules.producer_orgs(user)
    items = PlanItem.objects.select_related("plan__organization", "indicator", "dataset")
    if not rules.is_walidata(user):
        items = items.filter(plan__organization_id__in=orgs)
    if not (rules.is_walidata(user) or orgs):
        raise PermissionDenied
    item = get_object_or_404(items, pk=request.GET.get("item") or request.POST.get("item"))
    runs = IngestRun.objects.filter(
        dataset_id=item.dataset_id,
        producer_id=item.plan.organization_id,
        status__in=[RunStatus.COMMITTED, RunStatus.DUPLICATE],
    )[:50]
    if request.method == "POST":
        run = get_object_or_404(IngestRun, pk=request.POST.get("run"), pk__in=[r.pk for r in runs])
        try:
            sub = services.submission_create(
                actor=user, item=item, run=run, text=request.POST.get("text", "")
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            if any(s in ("diverifikasi", "disetujui") for s in getattr(sub, "replaced_statuses", [])):
                messages.warning(
                    request,
                    _("Setoran sebelumnya sudah diverifikasi; setoran baru ini perlu diperiksa ulang."),
                )
            messages.success(request, _("Data disetor untuk diperiksa walidata."))
            return redirect("reconcile:submission", pk=sub.pk)
    return render(request, "reconcile/submit.html", {**NAV, "item": item, "runs": runs})


@login_required
def conflict_list(request: HttpRequest) -> HttpResponse:
    if not rules.can_open_check_pages(request.user):
        raise PermissionDenied
    return render(
        request,
        "reconcile/conflicts.html",
        {
            **NAV,
            "conflicts": selectors.conflicts_visible(request.user)[:300],
        },
    )


@login_required
def conflict_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(selectors.conflicts_visible(request.user), pk=pk)
    if request.method == "POST":
        producer = get_object_or_404(Organization, pk=request.POST.get("producer"))
        try:
            services.conflict_decide(
                actor=request.user,
                case=case,
                producer=producer,
                reason=request.POST.get("reason", ""),
                expected_version=_version(request),
            )
            messages.success(request, _("Nilai resmi ditetapkan."))
        except (ValidationError, services.StaleError) as exc:
            _errors(request, exc)
        return redirect("reconcile:conflict", pk=case.pk)
    return render(
        request,
        "reconcile/conflict.html",
        {
            **NAV,
            "case": case,
            "candidates": selectors.conflict_candidates(case),
            "can_decide": rules.is_walidata(request.user),
        },
    )


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not rules.can_open_check_pages(user):
        raise PermissionDenied
    if request.method == "POST":
        org = get_object_or_404(Organization, pk=request.POST.get("organization"))
        try:
            plan = services.plan_create(actor=user, organization=org, year=int(request.POST.get("year", "0")))
        except ValueError:
            messages.error(request, _("Tahun tidak valid."))
            return redirect("reconcile:plans")
        return redirect("reconcile:plan", pk=plan.pk)
    own = (
        Organization.objects.all()
        if rules.is_walidata(user)
        else Organization.objects.filter(pk__in=rules.producer_orgs(user))
    )
    return render(
        request,
        "reconcile/plans.html",
        {
            **NAV,
            "plans": selectors.plans_visible(user),
            "organizations": own,
            "year": timezone.localdate().year,
        },
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    plan = get_object_or_404(selectors.plans_visible(user), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add":
                services.plan_add_item(
                    actor=user,
                    plan=plan,
                    dataset=get_object_or_404(Dataset, pk=request.POST.get("dataset")),
                    indicator=get_object_or_404(Indicator, pk=request.POST.get("indicator")),
                    region=get_object_or_404(Region, pk=request.POST.get("region")),
                    period=request.POST.get("period", "").strip()[:7],
                    due_date=datetime.date.fromisoformat(request.POST.get("due_date", "")),
                    priority=bool(request.POST.get("priority")),
                )
                messages.success(request, _("Butir ditambahkan."))
            elif action == "agree":
                services.plan_agree(actor=user, plan=plan, expected_version=_version(request))
                messages.success(request, _("Daftar data disepakati."))
            elif action == "copy":
                new = services.plan_copy_forward(actor=user, plan=plan)
                messages.success(request, _("Daftar data disalin ke tahun %(year)s.") % {"year": new.year})
                return redirect("reconcile:plan", pk=new.pk)
            else:
                raise PermissionDenied
        except (ValidationError, services.StaleError) as exc:
            _errors(request, exc)
        except ValueError:
            messages.error(request, _("Tanggal tidak valid."))
        return redirect("reconcile:plan", pk=plan.pk)
    datasets = (
        Dataset.objects.all()
        if rules.is_walidata(user)
        else Dataset.objects.filter(producer=plan.organization)
    )
    items = plan.items.select_related("indicator", "dataset", "region").prefetch_related("submissions")
    return render(
        request,
        "reconcile/plan.html",
        {
            **NAV,
            "plan": plan,
            "items": items,
            "datasets": datasets,
            "indicators": Indicator.objects.all()[:500],
            "can_edit": rules.can_edit_plan(user, plan.organization_id),
            "is_walidata": rules.is_walidata(user),
            "can_submit": rules.can_submit(user, plan.organization_id),
        },
    )


@login_required
def completeness(request: HttpRequest) -> HttpResponse:
    if not rules.can_open_check_pages(request.user) and not _is_pimpinan(request.user):
        raise PermissionDenied
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    org = None
    if request.GET.get("organization"):
        org = Organization.objects.filter(slug=request.GET["organization"]).first()
    data = selectors.completeness(user=request.user, year=year, organization=org)
    if request.GET.get("format") == "json":
        return JsonResponse(data)
    return render(request, "reconcile/completeness.html", {**NAV, "data": data, "year": year})


def _is_pimpinan(user: Any) -> bool:
    from simpul.organizations.choices import Role
    from simpul.organizations.permissions import has_role

    return has_role(user, Role.PIMPINAN)


@login_required
def plan_item(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit or delete one Daftar Data item (producer while the plan is a draft; walidata always)."""
    user = request.user
    item = get_object_or_404(
        PlanItem.objects.select_related("plan__organization", "indicator", "dataset", "region"),
        pk=pk,
        plan__in=selectors.plans_visible(user),
    )
    if not rules.can_edit_plan(user, item.plan.organization_id):
        raise PermissionDenied
    if request.method == "POST":
        try:
            if request.POST.get("action") == "delete":
                services.plan_item_delete(actor=user, item=item)
                messages.success(request, _("Butir dihapus."))
                return redirect("reconcile:plan", pk=item.plan_id)
            services.plan_item_update(
                actor=user,
                item=item,
                due_date=datetime.date.fromisoformat(request.POST.get("due_date", "")),
                priority=bool(request.POST.get("priority")),
                region=get_object_or_404(Region, pk=request.POST.get("region", "").strip()),
                period=request.POST.get("period", "").strip()[:7],
            )
            messages.success(request, _("Butir disimpan."))
            return redirect("reconcile:plan", pk=item.plan_id)
        except ValidationError as exc:
            _errors(request, exc)
        except ValueError:
            messages.error(request, _("Tanggal tidak valid."))
    return render(request, "reconcile/plan_item.html", {**NAV, "item": item})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        count = services.mark_all_read(actor=request.user)
        messages.success(request, _("%(n)d notifikasi ditandai sudah dibaca.") % {"n": count})
        return redirect("reconcile:notifications")
    items = selectors.notifications_for(request.user)[:100]
    return render(request, "reconcile/notifications.html", {"items": items})


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Marks one of the user's own notifications read and goes to what it is about."""
    notification = get_object_or_404(selectors.notifications_for(request.user), pk=pk)
    services.mark_read(actor=request.user, notification=notification)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("reconcile:notifications")


__all__ = ["ConflictCase", "Submission", "require_POST", "reverse"]
