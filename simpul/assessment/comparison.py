"""Comparisons of finished evaluations: across instansi for one year (ranking, per-domain radar), the
province's view of all its kab/kota, and across years for one instansi.

Only finished evaluations (status selesai, imported ones included) take part: their final results are
public (the public Ringkasan indeks shows them), so these reads need no per-user filter. Scores come
from the pure scoring over the final levels; the framework's spec is built once per edition and the
answers of all compared evaluations are read in one query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Q, QuerySet

from simpul.organizations.models import Organization

from . import evaluations as ev
from . import selectors
from .models import Answer, Evaluation, Framework, ImportedEvaluation, Layer
from .scoring import ScoreResult
from .spec import FrameworkSpec

DEFAULT_FRAMEWORK = "spbe-2020"


@dataclass
class Result:
    evaluation: Evaluation
    spec: FrameworkSpec
    score: ScoreResult
    imported: bool
    rank: int = 0

    @property
    def gap(self) -> Decimal | None:
        target = self.evaluation.target_index
        if target is None:
            return None
        return (Decimal(target) - self.score.index.rounded).quantize(Decimal("0.01"))

    def as_dict(self) -> dict[str, Any]:
        e = self.evaluation
        return {
            "rank": self.rank,
            "instansi": e.instansi.name,
            "instansi_slug": e.instansi.slug,
            "region_code": e.instansi.region_id,
            "year": e.year,
            "framework": e.framework.code,
            "edition": e.framework.edition,
            "index": float(self.score.index.rounded),
            "exact": float(self.score.index.value),
            "predicate": self.score.index.predicate,
            "target": float(e.target_index) if e.target_index is not None else None,
            "imported": self.imported,
            "domains": [
                {
                    "number": d.number,
                    "name": d.name,
                    "value": float(self.score.domains[d.number].rounded),
                    "predicate": self.score.domains[d.number].predicate,
                }
                for d in self.spec.domains
            ],
        }


def finished(framework_code: str = DEFAULT_FRAMEWORK) -> QuerySet[Evaluation]:
    return ev.finished_evaluations().filter(framework__code=framework_code)


def results(evaluations: QuerySet[Evaluation]) -> list[Result]:
    """Final scores of finished evaluations (those without a complete set of final levels are left out)."""
    items = list(evaluations.select_related("framework", "instansi"))
    if not items:
        return []
    specs: dict[int, FrameworkSpec] = {}
    for e in items:
        if e.framework_id not in specs:
            specs[e.framework_id] = selectors.framework_spec(e.framework)
    answers: dict[int, dict[str, dict[int, Answer]]] = defaultdict(lambda: {lay: {} for lay in Layer.values})
    rows = Answer.objects.filter(evaluation__in=[e.pk for e in items]).select_related("indicator")
    for answer in rows:
        answers[answer.evaluation_id][answer.layer][answer.indicator.number] = answer
    imported = set(
        ImportedEvaluation.objects.filter(evaluation__in=[e.pk for e in items]).values_list(
            "evaluation_id", flat=True
        )
    )
    out = []
    for e in items:
        spec = specs[e.framework_id]
        result = ev.complete_score(spec, ev.final_levels(spec, answers[e.pk]))
        if result is not None:
            out.append(Result(e, spec, result, e.pk in imported))
    return out


def rank(items: list[Result]) -> list[Result]:
    """Highest exact index first; equal indexes share a rank (1, 2, 2, 4); then by instansi name."""
    ordered = sorted(items, key=lambda r: (-r.score.index.value, r.evaluation.instansi.name))
    previous: Fraction | None = None
    for position, item in enumerate(ordered, start=1):
        if previous is None or item.score.index.value != previous:
            item.rank = position
        else:
            item.rank = ordered[position - 2].rank
        previous = item.score.index.value
    return ordered


def region_pemda(region_code: str) -> QuerySet[Organization]:
    """The pemda organizations of a region and every region below it (a province and its kab/kota)."""
    return Organization.objects.filter(kind="pemda").filter(
        Q(region_id=region_code) | Q(region__code__startswith=region_code + ".")
    )


def years(framework_code: str = DEFAULT_FRAMEWORK) -> list[int]:
    return sorted(set(finished(framework_code).values_list("year", flat=True)), reverse=True)


@dataclass
class AcrossInstansi:
    year: int | None
    region: str
    framework: Framework | None
    ranking: list[Result]
    without_result: list[Organization]  # pemda of the region with no finished evaluation that year
    years: list[int]

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "region": self.region or None,
            "framework": self.framework.code if self.framework else None,
            "years": self.years,
            "ranking": [r.as_dict() for r in self.ranking],
            "without_result": [{"instansi": o.name, "instansi_slug": o.slug} for o in self.without_result],
        }


def across_instansi(
    *, year: int | None = None, region: str = "", framework_code: str = DEFAULT_FRAMEWORK
) -> AcrossInstansi:
    """Ranking of every instansi's finished evaluation of one year (the newest year by default).

    With `region` (a Kemendagri code such as "18") only the pemda of that region and below take part,
    and those without a result are listed: the province's view of all its kab/kota.
    """
    available = years(framework_code)
    if year is None:
        year = available[0] if available else None
    qs = finished(framework_code).filter(year=year) if year is not None else Evaluation.objects.none()
    without: list[Organization] = []
    if region:
        members = region_pemda(region)
        qs = qs.filter(instansi__in=members)
        have = set(qs.values_list("instansi_id", flat=True))
        without = [o for o in members.order_by("region_id", "name") if o.pk not in have]
    ranking = rank(results(qs))
    framework = ranking[0].evaluation.framework if ranking else selectors.get_framework(framework_code)
    return AcrossInstansi(year, region, framework, ranking, without, available)


@dataclass
class AcrossYears:
    instansi: Organization
    results: list[Result]  # oldest year first

    def as_dict(self) -> dict[str, Any]:
        return {
            "instansi": self.instansi.name,
            "instansi_slug": self.instansi.slug,
            "results": [r.as_dict() for r in self.results],
        }


def across_years(*, instansi: Organization, framework_code: str = DEFAULT_FRAMEWORK) -> AcrossYears:
    items = results(finished(framework_code).filter(instansi=instansi))
    return AcrossYears(instansi, sorted(items, key=lambda r: r.evaluation.year))


def csv_text(items: list[Result]) -> str:
    """The ranking (or the years) as CSV: one row per result, domains as D1..Dn columns."""
    import csv
    import io

    from simpul.datasets.downloads import neutralise

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    domains = items[0].spec.domains if items else ()
    writer.writerow(
        [
            "rank",
            "instansi",
            "instansi_slug",
            "region_code",
            "year",
            "framework",
            "index",
            "predicate",
            "target",
            "imported",
            *[f"D{d.number}" for d in domains],
        ]
    )
    for r in items:
        e = r.evaluation
        writer.writerow(
            [
                r.rank or "",
                neutralise(e.instansi.name),
                e.instansi.slug,
                e.instansi.region_id,
                e.year,
                f"{e.framework.code} {e.framework.edition}",
                r.score.index.rounded,
                r.score.index.predicate,
                e.target_index if e.target_index is not None else "",
                "ya" if r.imported else "",
                *[r.score.domains[d.number].rounded for d in domains],
            ]
        )
    return buffer.getvalue()


def radar(items: list[Result], label: str = "instansi") -> dict[str, Any]:
    """The data the ECharts radar needs: one axis per domain (max 5), one series per result."""
    if not items:
        return {"indicators": [], "series": []}
    spec = items[0].spec
    return {
        "indicators": [{"name": f"D{d.number} {d.name}", "max": 5} for d in spec.domains],
        "series": [
            {
                "name": r.evaluation.instansi.name if label == "instansi" else str(r.evaluation.year),
                "value": [float(r.score.domains[d.number].rounded) for d in spec.domains],
            }
            for r in items
        ],
    }
