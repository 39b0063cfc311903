"""Standard-data pages under /satu-data/standar/: thin adapters over selectors, services and transfer.

Everyone may read (standards are public metadata, each list has a JSON twin); pembina data users and
admins change them (simpul.standards.rules)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from simpul.organizations.choices import Role
from simpul.organizations.models import Organization
from simpul.organizations.permissions import is_admin, organizations_with_role

from . import forms, metadata, rules, selectors, services, transfer
from .models import Classification, Indicator, StatisticalActivity

NAV = {"nav_key": "satudata-standards"}


@dataclass(frozen=True)
class Kind:
    key: str
    model: type[Model]
    title: Any
    new_label: Any


KINDS = {
    "indikator": Kind("indikator", Indicator, gettext_lazy("Indikator"), gettext_lazy("Tambah indikator")),
    "klasifikasi": Kind(
        "klasifikasi", Classification, gettext_lazy("Klasifikasi"), gettext_lazy("Tambah klasifikasi")
    ),
    "kegiatan": Kind(
        "kegiatan", StatisticalActivity, gettext_lazy("Kegiatan statistik"), gettext_lazy("Tambah kegiatan")
    ),
}
_LISTS = {
    "indikator": selectors.indicators,
    "klasifikasi": selectors.classifications,
    "kegiatan": selectors.activities,
}
_MAY_EDIT = {
    "indikator": rules.may_edit_indicator,
    "klasifikasi": rules.may_edit_classification,
    "kegiatan": rules.may_edit_activity,
}


def _kind(key: str) -> Kind:
    if key not in KINDS:
        raise Http404
    return KINDS[key]


def _object(kind: Kind, code: str) -> Any:
    return get_object_or_404(kind.model, code=code)


def home(request: HttpRequest) -> HttpResponse:
    return redirect("standards:list", "indikator")


def standard_list(request: HttpRequest, kind: str) -> HttpResponse:
    spec = _kind(kind)
    q = request.GET.get("q", "").strip()[:100]
    rows = _LISTS[kind](q)
    if request.GET.get("format") == "json":
        return JsonResponse({"jenis": kind, "data": transfer.export_records(kind, codes=rows.values("code"))})
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "standards/list.html",
        {
            **NAV,
            "kind": spec,
            "kinds": KINDS.values(),
            "page": page,
            "q": q,
            "may_create": rules.is_pembina(request.user),
            "import_form": forms.ImportForm(initial={"kind": kind}),
        },
    )


def standard_detail(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    spec = _kind(kind)
    obj = _object(spec, code)
    if request.GET.get("format") == "json":
        return JsonResponse({"jenis": kind, "data": transfer.export_records(kind, codes=[obj.code])})
    context: dict[str, Any] = {
        **NAV,
        "kind": spec,
        "obj": obj,
        "may_edit": _MAY_EDIT[kind](request.user, obj),
    }
    if kind == "indikator":
        context["metadata"] = _labelled(obj.metadata, metadata.INDICATOR_FIELDS)
        context["public_page"] = obj.datasets.exists()
    elif kind == "kegiatan":
        context["metadata"] = _labelled(obj.metadata, metadata.ACTIVITY_FIELDS)
    return render(request, f"standards/{kind}.html", context)


def _labelled(stored: dict[str, Any], fields: tuple[tuple[str, Any], ...]) -> list[tuple[Any, Any]]:
    labels = dict(fields)
    return [
        (labels.get(k, k), v)
        for k, v in sorted(stored.items(), key=lambda kv: str(kv[0]))
        if v not in ("", None)
    ]


def _pembina_choices(user: Any) -> Any:
    if is_admin(user):
        return Organization.objects.order_by("name")
    return Organization.objects.filter(pk__in=organizations_with_role(user, Role.PEMBINA)).order_by("name")


@login_required
def standard_form(request: HttpRequest, kind: str, code: str | None = None) -> HttpResponse:
    spec = _kind(kind)
    obj = _object(spec, code) if code else None
    allowed = _MAY_EDIT[kind](request.user, obj) if obj else rules.is_pembina(request.user)
    if not allowed:
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form: Any
    if kind == "indikator":
        form = forms.IndicatorForm(data, instance=obj, pembina_choices=_pembina_choices(request.user))
    elif kind == "klasifikasi":
        form = forms.ClassificationForm(data, instance=obj)
    else:
        form = forms.ActivityForm(data, instance=obj)
    if data is not None and form.is_valid():
        try:
            saved = _save(request.user, kind, obj, form)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("%(obj)s disimpan.") % {"obj": saved})
            return redirect("standards:detail", kind, saved.code)
    return render(request, "standards/form.html", {**NAV, "kind": spec, "obj": obj, "form": form})


def _save(user: Any, kind: str, obj: Any, form: Any) -> Any:
    saved: Any
    if kind == "indikator":
        chosen = list(form.cleaned_data["classifications"])
        saved, _changed = services.indicator_save(
            actor=user, indicator=obj, data=form.data_for_service(), classifications=chosen
        )
    elif kind == "klasifikasi":
        data, items = form.data_for_service()
        saved, _changed = services.classification_save(actor=user, classification=obj, data=data, items=items)
    else:
        saved, _changed = services.activity_save(actor=user, activity=obj, data=form.data_for_service())
    return saved


@login_required
@require_POST
def standard_delete(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    spec = _kind(kind)
    obj = _object(spec, code)
    try:
        services.delete(actor=request.user, obj=obj)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("standards:detail", kind, code)
    messages.success(request, _("%(obj)s dihapus.") % {"obj": obj})
    return redirect("standards:list", kind)


@login_required
def import_file(request: HttpRequest) -> HttpResponse:
    if not rules.is_pembina(request.user):
        raise PermissionDenied
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    problems: list[transfer.Problem] = []
    if request.method == "POST" and form.is_valid():
        kind, upload = form.cleaned_data["kind"], form.cleaned_data["file"]
        try:
            result = transfer.import_file(
                actor=request.user, kind=kind, content=upload.read(), file_name=upload.name or ""
            )
        except transfer.ImportRejected as exc:
            problems = exc.problems
        else:
            messages.success(
                request,
                _("Impor selesai: %(created)d baru, %(updated)d diubah, %(unchanged)d tidak berubah.")
                % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
            )
            return redirect("standards:list", kind)
    status = 422 if problems else 200
    return render(
        request, "standards/import.html", {**NAV, "form": form, "problems": problems[:500],
                                           "n_problems": len(problems)}, status=status
    )  # fmt: skip


def export_file(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    _kind(kind)
    if fmt == "csv":
        response = HttpResponse(transfer.export_csv(kind), content_type="text/csv; charset=utf-8")
    elif fmt == "json":
        response = HttpResponse(transfer.export_json(kind), content_type="application/json")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="standar-{kind}.{fmt}"'
    return response
