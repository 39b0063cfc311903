"""Pages under /pantau/ (dashboard, big screen, kab/kota and OPD pages, targets) and the JSON data
endpoints under /pantau/data/ that the charts read (the CSP forbids inline data and scripts)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.organizations.models import Organization
from simpul.regions.models import Level, Region

from . import selectors, services
from .models import Target

NAV = {"nav_key": "pantau-home"}


def _login_redirect(request: HttpRequest) -> HttpResponse:
    return redirect(f"/akun/masuk/?next={request.path}")


def dashboard_role(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pimpinan, walidata, koordinator SPBE, admins; anonymous to the login page, others 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return _login_redirect(request)
        if not selectors.may_view_dashboard(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def signed_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return _login_redirect(request)
        return view(request, *args, **kwargs)

    return wrapper


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("tahun", "")
    return int(raw) if raw.isdigit() and 1990 <= int(raw) <= 2100 else timezone.localdate().year


# --- pages ----------------------------------------------------------------------------------------


@dashboard_role
def home(request: HttpRequest) -> HttpResponse:
    province = selectors.home_province()
    return render(
        request,
        "dashboard/home.html",
        {
            **NAV,
            "province": province,
            "year": _year(request),
            "may_edit_targets": services.may_edit_targets(request.user),
        },
    )


@dashboard_role
def big_screen(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("putar", "")
    rotate = int(raw) if raw.isdigit() and 3 <= int(raw) <= 600 else 20
    return render(
        request,
        "dashboard/big_screen.html",
        {**NAV, "province": selectors.home_province(), "year": _year(request), "rotate": rotate},
    )


@dashboard_role
def region_page(request: HttpRequest, code: str) -> HttpResponse:
    province = selectors.home_province()
    region = get_object_or_404(Region, code=code, parent=province, level=Level.KABKOTA)
    indicators = [
        i for i in (selectors.indicator_get(r["code"]) for r in selectors.indicators_for(request.user)) if i
    ]
    rows = selectors.region_profile(user=request.user, region=region, indicators=indicators)
    spbe = [r for r in selectors.spbe_results()["results"] if r["region"] == region.code]
    organizations = selectors.organizations_in(region)
    org_ids = {o.pk for o in organizations}
    follow = [
        r for r in selectors.followups(user=request.user)["organizations"] if r["organization_id"] in org_ids
    ]
    context = {**NAV, "province": province, "region": region, "rows": rows, "spbe": spbe,
               "organizations": organizations, "followups": follow}  # fmt: skip
    if request.GET.get("format") == "json":
        return JsonResponse({"region": {"code": region.code, "name": region.name}, "indicators": rows,
                             "spbe": spbe, "followups": follow})  # fmt: skip
    return render(request, "dashboard/region.html", context)


@signed_in
def organization_page(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    if not selectors.may_view_organization(request.user, organization):
        raise Http404
    year = _year(request)
    complete = selectors.completeness(user=request.user, year=year, organization=organization)
    follow = selectors.followups(user=request.user, organization=organization)["organizations"]
    spbe = [r for r in selectors.spbe_results()["results"] if r["slug"] == organization.slug]
    producer = next(iter(complete["producers"]), None) if complete["available"] else None
    if request.GET.get("format") == "json":
        return JsonResponse({
            "organization": {"slug": organization.slug, "name": organization.name},
            "year": year, "completeness": producer, "followups": follow, "spbe": spbe,
        })  # fmt: skip
    return render(
        request,
        "dashboard/organization.html",
        {**NAV, "organization": organization, "year": year, "completeness": producer,
         "completeness_available": complete["available"], "followups": follow, "spbe": spbe},
    )  # fmt: skip


@signed_in
def targets(request: HttpRequest) -> HttpResponse:
    """Targets: dashboard roles read them; walidata (pendukung) and admins import them."""
    if not (selectors.may_view_dashboard(request.user) or services.may_edit_targets(request.user)):
        raise PermissionDenied
    if request.method == "POST":
        if not services.may_edit_targets(request.user):
            raise PermissionDenied
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Pilih berkas CSV target."))
        else:
            try:
                count = services.import_targets(actor=request.user, text=upload.read().decode("utf-8-sig"))
            except UnicodeDecodeError:
                messages.error(request, _("Berkas harus CSV dengan pengodean UTF-8."))
            except ValidationError as exc:
                for message in exc.messages[:50]:
                    messages.error(request, message)
            else:
                messages.success(request, _("%(n)d target disimpan.") % {"n": count})
                return redirect("pantau:targets")
    rows = Target.objects.select_related("indicator", "region").order_by(
        "indicator__code", "region_id", "year"
    )
    return render(
        request,
        "dashboard/targets.html",
        {**NAV, "targets": rows[:500], "may_edit": services.may_edit_targets(request.user)},
    )


# --- JSON data endpoints --------------------------------------------------------------------------


def _indicator(request: HttpRequest) -> Any:
    code = request.GET.get("indikator", "")
    indicator = selectors.indicator_get(code) if code else None
    if indicator is None:
        raise Http404
    return indicator


@dashboard_role
def data_indicators(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"indicators": selectors.indicators_for(request.user)})


@dashboard_role
def data_map(request: HttpRequest) -> JsonResponse:
    period = request.GET.get("periode") or None
    return JsonResponse(
        selectors.indicator_map(user=request.user, indicator=_indicator(request), period=period)
    )


@dashboard_role
def data_trend(request: HttpRequest) -> JsonResponse:
    code = request.GET.get("wilayah", "")
    region = Region.objects.filter(code=code).first() if code else None
    return JsonResponse(
        selectors.indicator_trend(user=request.user, indicator=_indicator(request), region=region)
    )


@dashboard_role
def data_spbe(request: HttpRequest) -> JsonResponse:
    return JsonResponse(selectors.spbe_results())


@signed_in
def data_completeness(request: HttpRequest) -> JsonResponse:
    return JsonResponse(selectors.completeness(user=request.user, year=_year(request)))


@signed_in
def data_followups(request: HttpRequest) -> JsonResponse:
    return JsonResponse(selectors.followups(user=request.user))
