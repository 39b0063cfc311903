"""Assessment endpoints at /api/v1/frameworks: frameworks as data and what-if scoring. Public, no login."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from simpul.api.errors import not_found, unprocessable

from . import selectors
from .models import Framework
from .scoring import LevelsError, Score, score
from .spec import FrameworkSpec

router = Router()


class LevelOut(Schema):
    level: int
    name: str
    description: str


class ScaleOut(Schema):
    key: str
    name: str
    description: str
    levels: list[LevelOut]


class PredicateOut(Schema):
    name: str
    min: float


class IndicatorOut(Schema):
    number: int
    name: str
    weight: float
    weight_text: str
    scale: str
    question: str
    reference: str
    criteria: dict[str, str]


class AspectOut(Schema):
    number: int
    name: str
    weight: float
    weight_text: str
    indicators: list[IndicatorOut]


class DomainOut(Schema):
    number: int
    name: str
    weight: float
    weight_text: str
    aspects: list[AspectOut]


class FrameworkSummary(Schema):
    code: str
    edition: str
    name: str
    index_name: str
    regulation: str
    valid_from: date | None
    weights_confirmed: bool
    structure_confirmed: bool
    wording: str
    domain_count: int
    aspect_count: int
    indicator_count: int
    other_editions: list[str]


class FrameworkDetail(Schema):
    code: str
    edition: str
    name: str
    index_name: str
    description: str
    regulation: str
    valid_from: date | None
    weights_confirmed: bool
    structure_confirmed: bool
    wording: str
    notes: str
    total_weight: float
    decimals: int
    predicates: list[PredicateOut]
    scales: list[ScaleOut]
    domains: list[DomainOut]


class ScoreIn(Schema):
    levels: dict[str, Any]


class ScoreOut(Schema):
    value: float
    exact: float
    predicate: str


class AspectScoreOut(ScoreOut):
    number: int
    name: str
    weight: float
    share: float


class DomainScoreOut(ScoreOut):
    number: int
    name: str
    weight: float
    share: float
    aspects: list[AspectScoreOut]


class ScoreResultOut(Schema):
    code: str
    edition: str
    index_name: str
    weights_confirmed: bool
    rounding: str
    index: ScoreOut
    domains: list[DomainScoreOut]


def _framework_or_404(code: str, edition: str | None) -> Framework:
    framework = selectors.get_framework(code, edition)
    if framework is None:
        if edition:
            raise not_found(
                _("Kerangka %(code)s edisi %(edition)s tidak ditemukan.") % {"code": code, "edition": edition}
            )
        raise not_found(_("Kerangka %(code)s tidak ditemukan.") % {"code": code})
    return framework


def _score_out(item: Score) -> dict[str, Any]:
    return {"value": float(item.rounded), "exact": float(item.value), "predicate": item.predicate}


def structure(spec: FrameworkSpec) -> dict[str, Any]:
    return {
        "code": spec.code,
        "edition": spec.edition,
        "name": spec.name,
        "index_name": spec.index_name,
        "description": spec.description,
        "regulation": spec.regulation,
        "valid_from": spec.valid_from,
        "weights_confirmed": spec.weights_confirmed,
        "structure_confirmed": spec.structure_confirmed,
        "wording": spec.wording,
        "notes": spec.notes,
        "total_weight": float(spec.total_weight),
        "decimals": spec.decimals,
        "predicates": [{"name": band.name, "min": float(band.minimum)} for band in spec.predicates],
        "scales": [
            {
                "key": s.key,
                "name": s.name,
                "description": s.description,
                "levels": [
                    {"level": lv.level, "name": lv.name, "description": lv.description} for lv in s.levels
                ],
            }
            for s in spec.scales
        ],
        "domains": [
            {
                "number": d.number,
                "name": d.name,
                "weight": float(d.weight),
                "weight_text": d.weight_text,
                "aspects": [
                    {
                        "number": a.number,
                        "name": a.name,
                        "weight": float(a.weight),
                        "weight_text": a.weight_text,
                        "indicators": [
                            {
                                "number": i.number,
                                "name": i.name,
                                "weight": float(i.weight),
                                "weight_text": i.weight_text,
                                "scale": i.scale,
                                "question": i.question,
                                "reference": i.reference,
                                "criteria": {
                                    str(level): text for level, text in enumerate(i.criteria, start=1)
                                },
                            }
                            for i in a.indicators
                        ],
                    }
                    for a in d.aspects
                ],
            }
            for d in spec.domains
        ],
    }


def scored(spec: FrameworkSpec, levels: dict[Any, Any]) -> dict[str, Any]:
    """The what-if result for complete levels (LevelsError otherwise); shared by the API and the page."""
    result = score(spec, levels)
    total = spec.total_weight
    return {
        "code": spec.code,
        "edition": spec.edition,
        "index_name": spec.index_name,
        "weights_confirmed": spec.weights_confirmed,
        "rounding": _(
            "Dihitung penuh tanpa pembulatan antara; dibulatkan setengah ke atas ke %(n)s desimal "
            "hanya untuk tampilan; predikat menurut nilai yang ditampilkan."
        )
        % {"n": spec.decimals},
        "index": _score_out(result.index),
        "domains": [
            {
                "number": d.number,
                "name": d.name,
                "weight": float(d.weight),
                "share": float(d.weight / total),
                **_score_out(result.domains[d.number]),
                "aspects": [
                    {
                        "number": a.number,
                        "name": a.name,
                        "weight": float(a.weight),
                        "share": float(a.weight / total),
                        **_score_out(result.aspects[a.number]),
                    }
                    for a in d.aspects
                ],
            }
            for d in spec.domains
        ],
    }


PROBLEM_TEXT = {
    "missing": gettext_lazy("tingkat belum diisi"),
    "level_out_of_range": gettext_lazy("tingkat harus bilangan bulat 1-5"),
    "unknown_indicator": gettext_lazy("indikator tidak ada dalam kerangka ini"),
}


def levels_error_message(exc: LevelsError) -> str:
    groups: dict[str, list[str]] = {}
    for problem in exc.problems:
        groups.setdefault(str(problem["problem"]), []).append(str(problem["indicator"]))
    parts = [f"{PROBLEM_TEXT[kind]}: {', '.join(numbers)}" for kind, numbers in groups.items()]
    return _("Tingkat indikator tidak lengkap atau tidak valid") + " (" + "; ".join(parts) + ")."


@router.get(
    "", response=list[FrameworkSummary], summary="Daftar kerangka penilaian (edisi terbaru tiap kode)"
)
def list_frameworks(request: HttpRequest) -> list[dict[str, Any]]:
    editions: dict[str, list[str]] = {}
    for framework in selectors.frameworks():
        editions.setdefault(framework.code, []).append(framework.edition)
    return [
        {
            "code": framework.code,
            "edition": framework.edition,
            "name": framework.name,
            "index_name": framework.index_name,
            "regulation": framework.regulation,
            "valid_from": framework.valid_from,
            "weights_confirmed": framework.weights_confirmed,
            "structure_confirmed": framework.structure_confirmed,
            "wording": framework.wording,
            "domain_count": framework.domains.count(),
            "aspect_count": framework.aspects.count(),
            "indicator_count": framework.indicators.count(),
            "other_editions": [e for e in editions[framework.code] if e != framework.edition],
        }
        for framework in selectors.current_editions()
    ]


@router.get(
    "/{code}",
    response=FrameworkDetail,
    summary="Struktur kerangka: domain, aspek, indikator, bobot, kriteria",
)
def get_framework(request: HttpRequest, code: str, edition: str | None = None) -> dict[str, Any]:
    return structure(selectors.framework_spec(_framework_or_404(code, edition)))


@router.post(
    "/{code}/score",
    response=ScoreResultOut,
    summary="Simulasi: skor aspek, domain dan indeks dari tingkat indikator",
)
def score_framework(
    request: HttpRequest, code: str, payload: ScoreIn, edition: str | None = None
) -> dict[str, Any]:
    spec = selectors.framework_spec(_framework_or_404(code, edition))
    try:
        return scored(spec, payload.levels)
    except LevelsError as exc:
        raise unprocessable(levels_error_message(exc), {"problems": exc.problems}) from exc
