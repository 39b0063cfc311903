"""Reads of assessment frameworks. Frameworks are public regulation data: no visibility filter applies."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from django.db.models import F, Prefetch, QuerySet

from .models import Aspect, Domain, Framework, Indicator, LevelScale
from .spec import (
    AspectSpec,
    DomainSpec,
    FrameworkSpec,
    IndicatorSpec,
    LevelSpec,
    PredicateBand,
    ScaleSpec,
    parse_weight,
)


def frameworks() -> QuerySet[Framework]:
    """Every loaded edition, newest edition of each code first."""
    return Framework.objects.order_by("code", F("valid_from").desc(nulls_last=True), "-edition")


def current_editions() -> list[Framework]:
    """One row per framework code: its newest edition (latest valid_from, then highest edition)."""
    result: dict[str, Framework] = {}
    for framework in frameworks():
        result.setdefault(framework.code, framework)
    return list(result.values())


def get_framework(code: str, edition: str | None = None) -> Framework | None:
    qs = frameworks().filter(code=code)
    if edition:
        qs = qs.filter(edition=edition)
    return qs.first()


def _weight(text: str) -> Fraction:
    value = parse_weight(text)
    if value is None:
        raise ValueError(f"invalid stored weight {text!r}")
    return value


def framework_spec(framework: Framework) -> FrameworkSpec:
    """The stored edition as a FrameworkSpec (the shape scoring.py works on); six queries."""
    indicators = Indicator.objects.prefetch_related("criteria").select_related("scale").order_by("number")
    domains = Domain.objects.filter(framework=framework).prefetch_related(
        Prefetch(
            "aspects",
            queryset=Aspect.objects.order_by("number").prefetch_related(
                Prefetch("indicators", queryset=indicators)
            ),
        )
    )
    scales = LevelScale.objects.filter(framework=framework).prefetch_related("levels").order_by("key")
    return FrameworkSpec(
        code=framework.code,
        edition=framework.edition,
        name=framework.name,
        description=framework.description,
        regulation=framework.regulation,
        valid_from=framework.valid_from if isinstance(framework.valid_from, date) else None,
        index_name=framework.index_name,
        total_weight=_weight(framework.total_weight),
        total_weight_text=framework.total_weight,
        weights_confirmed=framework.weights_confirmed,
        structure_confirmed=framework.structure_confirmed,
        wording=framework.wording,
        decimals=framework.decimals,
        notes=framework.notes,
        predicates=tuple(PredicateBand(p["name"], Fraction(p["min"])) for p in framework.predicates),
        scales=tuple(
            ScaleSpec(
                s.key,
                s.name,
                s.description,
                tuple(LevelSpec(lv.level, lv.name, lv.description) for lv in s.levels.all()),
            )
            for s in scales
        ),
        domains=tuple(
            DomainSpec(
                d.number,
                d.name,
                _weight(d.weight),
                d.weight,
                tuple(
                    AspectSpec(
                        a.number,
                        a.name,
                        _weight(a.weight),
                        a.weight,
                        tuple(
                            IndicatorSpec(
                                number=i.number,
                                name=i.name,
                                weight=_weight(i.weight),
                                weight_text=i.weight,
                                scale=i.scale.key,
                                question=i.question,
                                reference=i.reference,
                                criteria=tuple(c.text for c in i.criteria.all()),
                            )
                            for i in a.indicators.all()
                        ),
                    )
                    for a in d.aspects.all()
                ),
            )
            for d in domains.order_by("number")
        ),
    )
