"""Pages of the analysis, the comparisons and the import of earlier results. Thin: parse, call, render.

- /evaluasi/penilaian/<pk>/analisis/: gap to the target, what the next level needs, strengths and
  weaknesses, recommendations ("Jadikan tindak lanjut"); ?format=json. Who may see the evaluation, and
  everybody once it is finished (finished results are public).
- /evaluasi/perbandingan/: ranking and per-domain radar across instansi for one year (?tahun=, ?wilayah=
  for the province's view of its kab/kota); ?format=json. Public (finished evaluations only).
- /evaluasi/perbandingan/instansi/<slug>/: one instansi across years; ?format=json. Public.
- /evaluasi/penilaian/impor/: import earlier years' final results from XLSX (Koordinator SPBE, admin).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from simpul.organizations.models import Organization

from . import analysis as an
from . import comparison, imports, selectors
from . import evaluations as ev
from .models import Framework, ImportedEvaluation

# --- analysis of one evaluation -----------------------------------------------------------------------


def _float(value: Any) -> float | None:
    return float(value) if value is not None else None


def _indicator_json(item: an.IndicatorAnalysis) -> dict[str, Any]:
    return {
        "number": item.number,
        "name": item.spec.name,
        "domain": item.domain_number,
        "aspect": item.aspect_number,
        "weight": float(item.spec.weight),
        "level": item.level,
        "level_name": item.level_name or None,
        "next_level": item.next_level,
        "next_level_name": item.next_level_name or None,
        "next_criterion": item.next_criterion or None,
        "index_gain": float(item.index_gain),
        "domain_gain": float(item.domain_gain),
    }


def analysis_page(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = an.get_visible(request.user, pk)
    if evaluation is None:
        raise Http404(_("Evaluasi tidak ditemukan."))
    overview, result = an.for_evaluation(evaluation)
    done = an.existing_followups(evaluation)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "instansi": evaluation.instansi.name,
                "instansi_slug": evaluation.instansi.slug,
                "year": evaluation.year,
                "framework": evaluation.framework.code,
                "edition": evaluation.framework.edition,
                "status": evaluation.status,
                "complete": result.complete,
                "missing": result.missing,
                "index": float(result.index.rounded) if result.index else None,
                "predicate": result.index.predicate if result.index else None,
                "target": _float(result.target),
                "gap": _float(result.gap),
                "target_reached": result.target_reached,
                "plan": [
                    {
                        "indicator": step.indicator.number,
                        "to_level": step.to_level,
                        "index_after": float(step.index_after),
                    }
                    for step in result.plan
                ],
                "plan_reaches_target": result.plan_reaches_target,
                "strengths": [i.number for i in result.strengths],
                "weaknesses": [i.number for i in result.weaknesses],
                "recommendations": [
                    {
                        **_indicator_json(i),
                        "text": an.recommendation_text(i),
                        "followup": done[i.number].followup_id if i.number in done else None,
                    }
                    for i in result.recommendations
                ],
                "indicators": [_indicator_json(i) for i in result.indicators],
            }
        )
    domains = [
        {
            "spec": domain,
            "score": result.domains.get(domain.number),
            "items": [i for i in result.indicators if i.domain_number == domain.number],
        }
        for domain in overview.spec.domains
    ]
    context = {
        "nav_key": "evaluasi-work",
        "evaluation": evaluation,
        "analysis": result,
        "domains": domains,
        "recommendations": [(i, done.get(i.number)) for i in result.recommendations],
        "may_followup": an.may_make_followup(request.user, evaluation),
        "detail_visible": ev.get_visible(request.user, evaluation.pk) is not None,
        "default_due": timezone.localdate() + datetime.timedelta(days=an.FOLLOWUP_DAYS),
        "imported": ImportedEvaluation.objects.filter(evaluation=evaluation).exists(),
        "plan_numbers": sorted({s.indicator.number for s in result.plan}),
    }
    return render(request, "assessment/analysis.html", context)


@login_required
@require_POST
def make_followup(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = an.get_visible(request.user, pk)
    if evaluation is None:
        raise Http404(_("Evaluasi tidak ditemukan."))
    try:
        number = int(request.POST.get("indicator", ""))
    except ValueError as exc:
        raise Http404(_("Indikator tidak ditemukan.")) from exc
    due = None
    if request.POST.get("due_date"):
        try:
            due = datetime.date.fromisoformat(request.POST["due_date"])
        except ValueError:
            messages.error(request, _("Batas waktu harus tanggal (TTTT-BB-HH)."))
            return redirect("penilaian:analysis", pk=pk)
    try:
        recommendation = an.recommendation_to_followup(
            actor=request.user, evaluation=evaluation, indicator_number=number, due_date=due
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("penilaian:analysis", pk=pk)
    messages.success(
        request,
        _("Tindak lanjut dibuat untuk indikator %(n)s (penanggung jawab: %(owner)s).")
        % {"n": number, "owner": evaluation.instansi.name},
    )
    return redirect("pantau:followup-detail", pk=recommendation.followup_id)


# --- comparisons ----------------------------------------------------------------------------------------


def _int(raw: str | None) -> int | None:
    try:
        return int(raw or "")
    except ValueError:
        return None


def _csv(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def compare(request: HttpRequest) -> HttpResponse:
    year = _int(request.GET.get("tahun"))
    region = (request.GET.get("wilayah") or "").strip()
    if region and not all(part.isdigit() for part in region.split(".")):
        region = ""
    data = comparison.across_instansi(year=year, region=region)
    if request.GET.get("format") == "json":
        return JsonResponse(data.as_dict())
    if request.GET.get("format") == "csv":
        name = f"perbandingan-spbe-{data.year or 'kosong'}{'-' + region if region else ''}.csv"
        return _csv(comparison.csv_text(data.ranking), name)
    provinces = (
        Organization.objects.filter(kind="pemda", region__level=1).select_related("region").order_by("name")
    )
    context = {
        "nav_key": "evaluasi-home",
        "data": data,
        "radar": comparison.radar(data.ranking),
        "provinces": provinces,
        "region_name": next((p.name for p in provinces if p.region_id == region), region),
        "domains": data.ranking[0].spec.domains if data.ranking else (),
    }
    return render(request, "assessment/compare.html", context)


def compare_years(request: HttpRequest, slug: str) -> HttpResponse:
    instansi = get_object_or_404(Organization, slug=slug)
    data = comparison.across_years(instansi=instansi)
    if request.GET.get("format") == "json":
        return JsonResponse(data.as_dict())
    if request.GET.get("format") == "csv":
        return _csv(comparison.csv_text(data.results), f"spbe-antartahun-{instansi.slug}.csv")
    context = {
        "nav_key": "evaluasi-home",
        "data": data,
        "radar": comparison.radar(data.results, label="year"),
        "domains": data.results[0].spec.domains if data.results else (),
    }
    return render(request, "assessment/compare_years.html", context)


# --- import ---------------------------------------------------------------------------------------------


def _framework(request: HttpRequest) -> Framework | None:
    code = request.POST.get("framework") or request.GET.get("kerangka") or comparison.DEFAULT_FRAMEWORK
    return selectors.get_framework(code)


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    if not imports.may_import(request.user):
        raise PermissionDenied
    frameworks = selectors.current_editions()
    framework = _framework(request)
    errors: list[imports.RowError] = []
    outcome = None
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        if framework is None:
            errors.append(imports.RowError(0, "", _("Kerangka tidak dikenal.")))
        elif upload is None:
            errors.append(imports.RowError(0, "", _("Pilih berkas XLSX.")))
        elif upload.size is not None and upload.size > imports.MAX_BYTES:
            errors.append(imports.RowError(0, "", _("Berkas terlalu besar.")))
        else:
            try:
                outcome = imports.import_results(
                    actor=request.user,
                    content=upload.read(),
                    file_name=upload.name or "impor.xlsx",
                    framework=framework,
                    dry_run=request.POST.get("action") != "store",
                )
            except imports.ImportRejected as exc:
                errors = exc.errors
        if errors:
            status = 422
        elif outcome is not None and not outcome.dry_run:
            messages.success(
                request,
                _("%(n)s evaluasi diimpor sebagai selesai.") % {"n": len(outcome.groups)},
            )
            return redirect("penilaian:import")
    context = {
        "nav_key": "evaluasi-work",
        "frameworks": frameworks,
        "framework": framework,
        "errors": errors,
        "outcome": outcome,
        "allowed": imports.importable_instansi(request.user).filter(kind="pemda").order_by("name")[:50],
    }
    return render(request, "assessment/analysis_import.html", context, status=status)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    if not imports.may_import(request.user):
        raise PermissionDenied
    framework = _framework(request)
    if framework is None:
        raise Http404(_("Kerangka tidak dikenal."))
    response = HttpResponse(
        imports.template_xlsx(framework),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="templat-impor-{framework.code}.xlsx"'
    return response
