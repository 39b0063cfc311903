"""The what-if simulator page: pick levels, see aspect, domain and index scores with predicates."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import selectors
from .api import scored
from .spec import LEVELS

DEFAULT_CODE = "spbe-2020"


def _level(raw: str | None, default: int) -> int:
    try:
        value = int(raw or "")
    except ValueError:
        return default
    return value if value in LEVELS else default


def simulator(request: HttpRequest) -> HttpResponse:
    """Server-rendered first (works without JavaScript: the form is a GET); static/src/assessment-simulator.js
    then recomputes through POST /api/v1/frameworks/{code}/score on every change."""
    editions = selectors.current_editions()
    code = request.GET.get("kerangka") or (
        DEFAULT_CODE if any(f.code == DEFAULT_CODE for f in editions) else ""
    )
    framework = None
    if code:
        framework = selectors.get_framework(code)
        if framework is None:
            raise Http404(_("Kerangka penilaian tidak ditemukan."))
    elif editions:
        framework = editions[0]
    if framework is None:
        return render(request, "assessment/simulator.html", {"nav_key": "evaluasi-home", "spec": None})
    spec = selectors.framework_spec(framework)
    start = _level(request.GET.get("awal"), 1)
    levels = {i.number: _level(request.GET.get(f"i{i.number}"), start) for i in spec.indicators()}
    result = scored(spec, levels)
    domain_scores = {d["number"]: d for d in result["domains"]}
    aspect_scores = {a["number"]: a for d in result["domains"] for a in d["aspects"]}
    domains: list[dict[str, Any]] = []
    for d in spec.domains:
        aspects = []
        for a in d.aspects:
            indicators = []
            for i in a.indicators:
                scale = spec.scale(i.scale)
                options = [
                    {"level": lv.level, "name": lv.name, "criterion": i.criteria[lv.level - 1]}
                    for lv in scale.levels
                ]
                indicators.append({"spec": i, "level": levels[i.number], "options": options})
            aspects.append({"spec": a, "score": aspect_scores[a.number], "indicators": indicators})
        domains.append({"spec": d, "score": domain_scores[d.number], "aspects": aspects})
    context = {
        "nav_key": "evaluasi-home",
        "spec": spec,
        "editions": editions,
        "start": start,
        "levels_range": LEVELS,
        "result": result,
        "domains": domains,
        "bands": spec.predicates,
    }
    return render(request, "assessment/simulator.html", context)
