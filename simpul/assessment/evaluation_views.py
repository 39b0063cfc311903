"""Pages of the evaluation workflow: list, evaluation, per-indicator answer form, actions, reports.

Thin: parse, call one service or selector, render. An evaluation the user may not see answers 404.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from simpul.core.navigation import SPBE_ROLES
from simpul.organizations.models import Organization
from simpul.organizations.permissions import has_role

from . import evaluations as ev
from . import reports, selectors, services
from .models import Evaluation, Evidence, Framework, Layer, Verdict


def _evaluation(request: HttpRequest, pk: int) -> Evaluation:
    evaluation = ev.get_visible(request.user, pk)
    if evaluation is None:
        raise Http404(_("Evaluasi tidak ditemukan."))
    return evaluation


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [str(m) for msgs in exc.message_dict.values() for m in msgs]
    return [str(m) for m in exc.messages]


# --- public summary ---------------------------------------------------------------------------------


def summary(request: HttpRequest) -> HttpResponse:
    """Ringkasan indeks (public): every finished evaluation's final index and predicate."""
    rows: list[dict[str, Any]] = []
    for evaluation in ev.finished_evaluations().order_by("-year", "instansi__name"):
        overview = ev.overview(evaluation)
        result = overview.scores["final"]
        if result is None:
            continue
        rows.append(
            {
                "evaluation": evaluation,
                "index": result.index,
                "domains": [(d, result.domains[d.number]) for d in overview.spec.domains],
            }
        )
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "results": [
                    {
                        "instansi": r["evaluation"].instansi.name,
                        "instansi_slug": r["evaluation"].instansi.slug,
                        "region_code": r["evaluation"].instansi.region.code,
                        "year": r["evaluation"].year,
                        "framework": r["evaluation"].framework.code,
                        "edition": r["evaluation"].framework.edition,
                        "index": float(r["index"].rounded),
                        "predicate": r["index"].predicate,
                        "domains": [
                            {
                                "number": d.number,
                                "name": d.name,
                                "value": float(s.rounded),
                                "predicate": s.predicate,
                            }
                            for d, s in r["domains"]
                        ],
                    }
                    for r in rows
                ]
            }
        )
    return render(request, "assessment/summary.html", {"nav_key": "evaluasi-home", "rows": rows})


# --- the work list and opening an evaluation --------------------------------------------------------


class OpenForm(forms.Form):
    framework = forms.ModelChoiceField(queryset=Framework.objects.none(), label=gettext_lazy("Kerangka"))
    instansi = forms.ModelChoiceField(queryset=Organization.objects.none(), label=gettext_lazy("Instansi"))
    year = forms.IntegerField(label=gettext_lazy("Tahun"), min_value=2000, max_value=2100)
    target_index = forms.DecimalField(
        label=gettext_lazy("Target indeks (IKU)"), required=False, min_value=1, max_value=5, decimal_places=2
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = Framework.objects.filter(  # type: ignore[attr-defined]
            pk__in=[f.pk for f in selectors.current_editions()]
        )
        self.fields["instansi"].queryset = ev.openable_instansi(user)  # type: ignore[attr-defined]


@login_required
def work(request: HttpRequest) -> HttpResponse:
    """Penilaian: the evaluations this user may see; koordinator SPBE and admins may open one."""
    if not has_role(request.user, *SPBE_ROLES):
        raise PermissionDenied
    form = None
    if ev.openable_instansi(request.user).exists():
        form = OpenForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})
        if request.method == "POST" and form.is_valid():
            try:
                evaluation = services.open_evaluation(
                    actor=request.user,
                    framework=form.cleaned_data["framework"],
                    instansi=form.cleaned_data["instansi"],
                    year=form.cleaned_data["year"],
                    target_index=form.cleaned_data["target_index"],
                )
            except ValidationError as exc:
                for message in _errors(exc):
                    form.add_error(None, message)
            else:
                messages.success(request, _("Evaluasi dibuka."))
                return redirect("penilaian:detail", pk=evaluation.pk)
    elif request.method == "POST":
        raise PermissionDenied
    items = []
    for evaluation in ev.visible_evaluations(request.user).order_by("-year", "instansi__name"):
        overview = ev.overview(evaluation)
        done = sum(p["answered"] for p in overview.progress)
        total = sum(p["total"] for p in overview.progress)
        items.append(
            {"evaluation": evaluation, "done": done, "total": total, "final": overview.scores["final"]}
        )
    return render(
        request, "assessment/evaluation_list.html", {"nav_key": "evaluasi-work", "items": items, "form": form}
    )


# --- one evaluation ---------------------------------------------------------------------------------


ADVANCE_LABELS = {
    "mandiri": gettext_lazy("Kirim penilaian mandiri"),
    "verifikasi": gettext_lazy("Selesaikan verifikasi"),
    "eksternal": gettext_lazy("Selesaikan penilaian eksternal"),
    "reviu": gettext_lazy("Selesaikan reviu"),
}


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    overview = ev.overview(evaluation)
    layer = ev.current_layer(evaluation)
    domains = []
    for domain, progress in zip(overview.spec.domains, overview.progress, strict=True):
        aspects = []
        for aspect in domain.aspects:
            rows = []
            for indicator in aspect.indicators:
                n = indicator.number
                rows.append(
                    {
                        "spec": indicator,
                        "layers": {lay: overview.answers[lay].get(n) for lay in Layer.values},
                        "done": ev.layer_done(overview.answers[layer].get(n), layer),
                        "final": overview.final.get(n),
                        "evidence": len(overview.evidence.get(n, [])),
                        "stale": any(getattr(e, "stale", False) for e in overview.evidence.get(n, [])),
                    }
                )
            aspects.append({"spec": aspect, "rows": rows})
        domains.append({"spec": domain, "progress": progress, "aspects": aspects})
    score_table = []
    for key, label in (
        (Layer.MANDIRI, _("Penilaian mandiri")),
        (Layer.VERIFIKASI, _("Verifikasi")),
        (Layer.EKSTERNAL, _("Penilaian eksternal")),
        ("final", _("Hasil akhir")),
    ):
        score_table.append({"key": key, "label": label, "result": overview.scores.get(key)})
    may_assign = ev.may_assign(request.user, evaluation)
    context = {
        "nav_key": "evaluasi-work",
        "evaluation": evaluation,
        "overview": overview,
        "domains": domains,
        "score_table": score_table,
        "layer": layer,
        "may_write": ev.may_write_layer(request.user, evaluation, layer),
        "may_advance": ev.may_advance(request.user, evaluation),
        "advance_label": ADVANCE_LABELS.get(evaluation.status, ""),
        "may_assign": may_assign,
        "assign_orgs": Organization.objects.exclude(pk=evaluation.instansi_id) if may_assign else [],
        "accesses": evaluation.accesses.select_related("organization"),
        "statuses": list(Evaluation._meta.get_field("status").choices or []),
    }
    return render(request, "assessment/evaluation_detail.html", context)


@login_required
@require_POST
def advance(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        services.advance(actor=request.user, evaluation=evaluation, version=version)
    except services.StaleVersion as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Tahap selesai. Status sekarang: %(status)s.")
            % {"status": Evaluation.objects.get(pk=pk).get_status_display()},
        )
    return redirect("penilaian:detail", pk=pk)


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    organization = Organization.objects.filter(pk=request.POST.get("organization") or 0).first()
    role = request.POST.get("role", "")
    if organization is None:
        messages.error(request, _("Pilih organisasi."))
        return redirect("penilaian:detail", pk=pk)
    try:
        services.assign_access(
            actor=request.user, evaluation=evaluation, organization=organization, role=role
        )
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Penugasan disimpan."))
    return redirect("penilaian:detail", pk=pk)


# --- one indicator ----------------------------------------------------------------------------------


def _int_or_none(raw: str | None) -> int | None:
    try:
        return int(raw or "")
    except ValueError:
        return None


@login_required
def answer(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    overview = ev.overview(evaluation)
    spec = overview.spec
    indicator = next((i for i in spec.indicators() if i.number == number), None)
    if indicator is None:
        raise Http404(_("Indikator tidak ditemukan."))
    layer = ev.current_layer(evaluation)
    may_write = ev.may_write_layer(request.user, evaluation, layer)
    layers = {lay: overview.answers[lay].get(number) for lay in Layer.values}
    own = layers.get(layer)
    errors: list[str] = []
    values: dict[str, Any] = {}
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        values = {
            "level": _int_or_none(request.POST.get("level")),
            "fakta": request.POST.get("fakta", ""),
            "analisis": request.POST.get("analisis", ""),
            "justification": request.POST.get("justification", ""),
            "verdict": request.POST.get("verdict", ""),
            "note": request.POST.get("note", ""),
        }
        try:
            services.save_answer(
                actor=request.user,
                evaluation=evaluation,
                indicator_number=number,
                layer=layer,
                version=_int_or_none(request.POST.get("version")),
                **values,
            )
        except services.StaleVersion as exc:
            errors.append(str(exc))
        except ValidationError as exc:
            errors.extend(_errors(exc))
        else:
            messages.success(request, _("Jawaban indikator %(n)s tersimpan.") % {"n": number})
            numbers = spec.indicator_numbers()
            position = numbers.index(number)
            if request.POST.get("next") and position + 1 < len(numbers):
                return redirect("penilaian:answer", pk=pk, number=numbers[position + 1])
            return redirect("penilaian:answer", pk=pk, number=number)
    # what the form shows: what was posted, else the own answer, else a sensible start
    previous = layers.get(Layer.VERIFIKASI) or layers.get(Layer.MANDIRI)
    if not values:
        values = {
            "level": own.level
            if own
            else (previous.level if previous and layer == Layer.VERIFIKASI else None),
            "fakta": own.fakta if own else "",
            "analisis": own.analisis if own else "",
            "justification": own.justification if own else "",
            "verdict": own.verdict if own else "",
            "note": own.note if own else "",
        }
    scale = spec.scale(indicator.scale)
    options = [
        {"level": lv.level, "name": lv.name, "criterion": indicator.criteria[lv.level - 1]}
        for lv in scale.levels
    ]
    numbers = spec.indicator_numbers()
    position = numbers.index(number)
    context = {
        "nav_key": "evaluasi-work",
        "evaluation": evaluation,
        "indicator": indicator,
        "options": options,
        "layer": layer,
        "layer_label": Layer(layer).label,
        "layers": layers,
        "own": own,
        "may_write": may_write,
        "values": values,
        "errors": errors,
        "verdicts": Verdict.choices,
        "evidence": overview.evidence.get(number, []),
        "may_add_evidence": may_write and layer != Layer.REVIU,
        "previous_number": numbers[position - 1] if position > 0 else None,
        "next_number": numbers[position + 1] if position + 1 < len(numbers) else None,
        "final": overview.final.get(number),
        "today": timezone.localdate().isoformat(),
    }
    return render(request, "assessment/answer.html", context, status=422 if errors else 200)


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    try:
        document_date = date.fromisoformat(request.POST.get("document_date", ""))
    except ValueError:
        messages.error(request, _("Tanggal dokumen wajib diisi (TTTT-BB-HH)."))
        return redirect("penilaian:answer", pk=pk, number=number)
    try:
        services.add_evidence(
            actor=request.user,
            evaluation=evaluation,
            indicator_number=number,
            title=request.POST.get("title", ""),
            document_date=document_date,
            upload=request.FILES.get("file"),
            url=request.POST.get("url", ""),
        )
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Bukti dukung ditambahkan."))
    return redirect("penilaian:answer", pk=pk, number=number)


@login_required
def evidence_file(request: HttpRequest, pk: int, evidence_id: int) -> FileResponse:
    evaluation = _evaluation(request, pk)
    item = Evidence.objects.filter(evaluation=evaluation, pk=evidence_id).first()
    if item is None or not item.file:
        raise Http404(_("Bukti tidak ditemukan."))
    extension = item.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        item.file.open("rb"), content_type=item.content_type, filename=f"bukti-{item.pk}.{extension}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- reports ----------------------------------------------------------------------------------------


def _filename(evaluation: Evaluation, kind: str, extension: str) -> str:
    return f"{kind}-{evaluation.instansi.slug}-{evaluation.year}.{extension}"


@login_required
def berita_acara(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    response = HttpResponse(reports.berita_acara_pdf(ev.overview(evaluation)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(evaluation, "berita-acara", "pdf")}"'
    return response


@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    response = HttpResponse(reports.report_pdf(ev.overview(evaluation)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(evaluation, "laporan", "pdf")}"'
    return response


@login_required
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    response = HttpResponse(
        reports.report_xlsx(ev.overview(evaluation)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(evaluation, "laporan", "xlsx")}"'
    return response
