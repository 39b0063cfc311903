"""Pages under /pantau/tindak-lanjut/: thin adapters over the selectors and services."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import rules, selectors, services
from .forms import CompleteForm, DispositionForm, FilterForm, FollowUpForm, VersionForm
from .models import Disposition, FollowUp

NAV = {"nav_key": "pantau-followups"}


def _followup(request: HttpRequest, pk: int) -> FollowUp:
    return get_object_or_404(selectors.visible_followups(user=request.user), pk=pk)


def _disposition(request: HttpRequest, pk: int) -> Disposition:
    visible = selectors.visible_followups(user=request.user).values("pk")
    return get_object_or_404(
        Disposition.objects.select_related("followup", "from_user", "to_user", "to_organization"),
        pk=pk,
        followup__in=visible,
    )


def _form_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _followup_json(fu: FollowUp) -> dict[str, Any]:
    return {
        "id": fu.pk,
        "title": fu.title,
        "status": fu.status,
        "priority": fu.priority,
        "source_kind": fu.source_kind,
        "source": {"object_type": fu.source_object_type, "object_id": fu.source_object_id}
        if fu.source_object_type
        else None,
        "owner_organization": {"id": fu.owner_organization_id, "name": fu.owner_organization.name},
        "owner_person": fu.owner_person.username if fu.owner_person else None,
        "due_date": fu.due_date.isoformat(),
        "overdue": fu.is_overdue,
        "srikandi_number": fu.srikandi_number,
        "version": fu.version,
        "url": reverse("pantau:followup-detail", args=[fu.pk]),
    }


def _disposition_json(d: Disposition) -> dict[str, Any]:
    def when(value: Any) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": d.pk,
        "parent": d.parent_id,
        "from": d.from_user.username if d.from_user else None,
        "to_organization": d.to_organization.name if d.to_organization else None,
        "to_user": d.to_user.username if d.to_user else None,
        "instruction": d.instruction,
        "instruction_label": str(d.get_instruction_display()),
        "note": d.note,
        "status": d.status,
        "created_at": when(d.created_at),
        "read_at": when(d.read_at),
        "processing_at": when(d.processing_at),
        "completed_at": when(d.completed_at),
        "completion_note": d.completion_note,
        "has_evidence": bool(d.evidence),
        "version": d.version,
    }


@login_required
def followup_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    filters = FilterForm(request.GET or None)
    qs = selectors.visible_followups(user=user)
    if filters.is_valid():
        data = filters.cleaned_data
        qs = selectors.filter_followups(
            qs,
            user=user,
            status=data["status"],
            priority=data["priority"],
            source_kind=data["source_kind"],
            organization=data["organization"].pk if data["organization"] else None,
            q=data["q"].strip(),
            mine=data["mine"],
            overdue=data["overdue"],
        )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    counters = selectors.counters(user=user)
    by_org = selectors.counts_by_organization(user=user)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "counters": counters,
                "by_organization": by_org,
                "results": [_followup_json(fu) for fu in page],
                "page": page.number,
                "pages": page.paginator.num_pages,
                "count": page.paginator.count,
            }
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "followups/list.html",
        {
            **NAV,
            "page": page,
            "filters": filters,
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            "query": query.urlencode(),
            "counters": counters,
            "by_org": by_org,
            "can_create": rules.can_create(user),
        },
    )


@login_required
def followup_detail(request: HttpRequest, pk: int) -> HttpResponse:
    fu = _followup(request, pk)
    services.mark_read(actor=request.user, followup=fu)
    fu.refresh_from_db()
    trail = selectors.trail(followup=fu)
    if request.GET.get("format") == "json":
        return JsonResponse({**_followup_json(fu), "dispositions": [_disposition_json(d) for d in trail]})
    user = request.user
    for d in trail:
        d.can_process = rules.can_process(user, d)  # type: ignore[attr-defined]
        d.can_complete = rules.can_complete(user, d)  # type: ignore[attr-defined]
        d.can_cancel = rules.can_cancel(user, d)  # type: ignore[attr-defined]
        d.can_redispose = rules.can_redispose(user, d)  # type: ignore[attr-defined]
        d.is_mine = rules.is_recipient(user, d)  # type: ignore[attr-defined]
    return render(
        request,
        "followups/detail.html",
        {
            **NAV,
            "fu": fu,
            "trail": trail,
            "can_dispose": rules.can_dispose(user, fu),
            "can_complete": rules.can_complete_followup(user, fu),
        },
    )


@login_required
def followup_create(request: HttpRequest) -> HttpResponse:
    if not rules.can_create(request.user):
        raise PermissionDenied
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            fu = services.followup_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Tindak lanjut dibuat. Sekarang Anda dapat mendisposisikannya."))
            return redirect("pantau:followup-detail", pk=fu.pk)
    return render(
        request,
        "followups/form.html",
        {**NAV, "form": form, "title": _("Tindak lanjut baru"), "submit": _("Simpan"), "multipart": False},
    )


def _dispose_page(request: HttpRequest, fu: FollowUp, parent: Disposition | None) -> HttpResponse:
    orgs, people = rules.disposition_targets(request.user, fu, parent)
    initial = {"version": parent.version} if parent else {}
    form = DispositionForm(request.POST or None, organizations=orgs, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.dispose(
                actor=request.user,
                followup=fu,
                parent=parent,
                expected_version=data["version"] if parent else None,
                instruction=data["instruction"],
                note=data["note"],
                to_organizations=list(data["to_organizations"]),
                to_users=list(data["to_users"]),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        except services.ConflictError as exc:
            messages.error(request, str(exc))
            return redirect("pantau:followup-detail", pk=fu.pk)
        else:
            messages.success(request, _("Disposisi terkirim kepada %(n)s penerima.") % {"n": len(created)})
            return redirect("pantau:followup-detail", pk=fu.pk)
    empty = not orgs.exists() and not people.exists()
    return render(
        request,
        "followups/dispose.html",
        {**NAV, "form": form, "fu": fu, "parent": parent, "no_targets": empty},
    )


@login_required
def followup_dispose(request: HttpRequest, pk: int) -> HttpResponse:
    fu = _followup(request, pk)
    if not rules.can_dispose(request.user, fu):
        raise PermissionDenied
    return _dispose_page(request, fu, None)


@login_required
def disposition_redispose(request: HttpRequest, pk: int) -> HttpResponse:
    d = _disposition(request, pk)
    if not rules.can_redispose(request.user, d):
        raise PermissionDenied
    return _dispose_page(request, d.followup, d)


def _complete_page(request: HttpRequest, target: FollowUp | Disposition) -> HttpResponse:
    fu = target if isinstance(target, FollowUp) else target.followup
    form = CompleteForm(request.POST or None, request.FILES or None, initial={"version": target.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kwargs = {
            "actor": request.user,
            "expected_version": data["version"],
            "note": data["note"],
            "evidence": data["evidence"] or None,
        }
        try:
            if isinstance(target, FollowUp):
                services.followup_complete(followup=target, **kwargs)
            else:
                services.disposition_complete(disposition=target, **kwargs)
        except ValidationError as exc:
            _form_errors(form, exc)
        except services.ConflictError as exc:
            messages.error(request, str(exc))
            return redirect("pantau:followup-detail", pk=fu.pk)
        else:
            messages.success(request, _("Penyelesaian dicatat."))
            return redirect("pantau:followup-detail", pk=fu.pk)
    title = _("Selesaikan tindak lanjut") if isinstance(target, FollowUp) else _("Selesaikan disposisi")
    return render(
        request,
        "followups/form.html",
        {**NAV, "form": form, "fu": fu, "title": title, "submit": _("Tandai selesai"), "multipart": True},
    )


@login_required
def followup_complete(request: HttpRequest, pk: int) -> HttpResponse:
    fu = _followup(request, pk)
    if not rules.can_complete_followup(request.user, fu):
        raise PermissionDenied
    return _complete_page(request, fu)


@login_required
def disposition_complete(request: HttpRequest, pk: int) -> HttpResponse:
    d = _disposition(request, pk)
    if not rules.can_complete(request.user, d):
        raise PermissionDenied
    return _complete_page(request, d)


def _transition(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    d = _disposition(request, pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Permintaan tidak lengkap; muat ulang halaman."))
    else:
        try:
            action(actor=request.user, disposition=d, expected_version=form.cleaned_data["version"])
        except services.ConflictError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done)
    return redirect("pantau:followup-detail", pk=d.followup_id)


@login_required
@require_POST
def disposition_process(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.disposition_process, _("Disposisi ditandai sedang diproses."))


@login_required
@require_POST
def disposition_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.disposition_cancel, _("Disposisi dibatalkan."))


def _file(field: Any) -> HttpResponseBase:
    if not field:
        raise Http404
    ctype = mimetypes.guess_type(field.name)[0] or "application/octet-stream"
    return FileResponse(field.open("rb"), content_type=ctype)


@login_required
def followup_evidence(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _file(_followup(request, pk).evidence)


@login_required
def disposition_evidence(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _file(_disposition(request, pk).evidence)
