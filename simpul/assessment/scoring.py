"""Scores of an assessment framework: pure functions, no database.

PermenPANRB 59/2020 Lampiran II.B.4 (NI = indicator level, BI/BA/BD = indicator/aspect/domain weight):

    Indeks Aspek  = (1 / BA) x sum(NI x BI)   over the aspect's indicators
    Indeks Domain = (1 / BD) x sum(NA x BA)   over the domain's aspects
    Indeks        = (1 / total) x sum(ND x BD) over the domains   (total = 100 when weights are in %)

Because child weights sum to the parent's weight, the index also equals sum(NI x BI) / total.

Rounding: every value is computed exactly (fractions.Fraction), and aspect, domain and index scores
are built from the *unrounded* values below them. A score is rounded only for display, half-up to
the framework's `decimals` (2 for SPBE, as in the regulation's examples), and its predicate is taken
from that displayed value, so a shown "3,50" is never labelled "Baik". The regulation does not say
whether intermediate values are rounded; this is Simpul's documented choice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from .spec import LEVELS, AspectSpec, DomainSpec, FrameworkSpec, PredicateBand

Number = int | Fraction


class LevelsError(ValueError):
    """The submitted levels do not fit the framework; `problems` lists each one."""

    def __init__(self, problems: list[dict[str, object]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p['indicator']}: {p['problem']}" for p in problems))


def weighted_mean(pairs: Iterable[tuple[Number, Fraction]]) -> Fraction:
    """sum(value x weight) / sum(weight), exactly."""
    total = Fraction(0)
    weights = Fraction(0)
    for value, weight in pairs:
        total += Fraction(value) * weight
        weights += weight
    if weights == 0:
        raise ValueError("weights sum to zero")
    return total / weights


def round_half_up(value: Fraction, decimals: int = 2) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def predicate(value: Fraction | Decimal | float, bands: Sequence[PredicateBand], decimals: int = 2) -> str:
    """The band whose lower bound the displayed (rounded) value reaches; bands are highest first."""
    shown = Fraction(round_half_up(Fraction(value), decimals))
    for band in bands:
        if shown >= band.minimum:
            return band.name
    return bands[-1].name


@dataclass(frozen=True)
class Score:
    value: Fraction  # exact
    decimals: int
    predicate: str

    @property
    def rounded(self) -> Decimal:
        return round_half_up(self.value, self.decimals)

    def __str__(self) -> str:
        return f"{self.rounded} {self.predicate}"


@dataclass(frozen=True)
class ScoreResult:
    index: Score
    domains: dict[int, Score] = field(default_factory=dict)
    aspects: dict[int, Score] = field(default_factory=dict)


def aspect_value(aspect: AspectSpec, levels: Mapping[int, int]) -> Fraction:
    return weighted_mean((levels[ind.number], ind.weight) for ind in aspect.indicators)


def domain_value(domain: DomainSpec, aspect_values: Mapping[int, Fraction]) -> Fraction:
    return weighted_mean((aspect_values[aspect.number], aspect.weight) for aspect in domain.aspects)


def index_value(spec: FrameworkSpec, domain_values: Mapping[int, Fraction]) -> Fraction:
    total = sum((domain_values[domain.number] * domain.weight for domain in spec.domains), Fraction(0))
    return total / spec.total_weight


def check_levels(spec: FrameworkSpec, levels: Mapping[Any, Any]) -> dict[int, int]:
    """{indicator number: level 1-5} for every indicator, or LevelsError naming each problem.

    Keys may be ints or digit strings (JSON object keys); levels must be whole numbers 1-5.
    """
    problems: list[dict[str, object]] = []
    known = set(spec.indicator_numbers())
    clean: dict[int, int] = {}
    for key, level in levels.items():
        number: int | None = None
        if isinstance(key, int) and not isinstance(key, bool):
            number = key
        elif isinstance(key, str) and key.strip().isdigit():
            number = int(key.strip())
        if number is None or number not in known:
            problems.append({"indicator": str(key), "problem": "unknown_indicator"})
            continue
        if isinstance(level, bool) or not isinstance(level, int) or level not in LEVELS:
            problems.append({"indicator": str(number), "problem": "level_out_of_range", "level": level})
            continue
        clean[number] = level
    problems.extend(
        {"indicator": str(number), "problem": "missing"}
        for number in sorted(known - set(clean))
        if not any(p["indicator"] == str(number) for p in problems)
    )
    if problems:
        raise LevelsError(problems)
    return clean


def score(spec: FrameworkSpec, levels: Mapping[Any, Any]) -> ScoreResult:
    """Aspect, domain and index scores with predicates for a complete set of indicator levels."""
    clean = check_levels(spec, levels)
    bands, decimals = spec.predicates, spec.decimals

    def make(value: Fraction) -> Score:
        return Score(value, decimals, predicate(value, bands, decimals))

    aspect_values = {aspect.number: aspect_value(aspect, clean) for aspect in spec.aspects()}
    domain_values = {domain.number: domain_value(domain, aspect_values) for domain in spec.domains}
    return ScoreResult(
        index=make(index_value(spec, domain_values)),
        domains={number: make(value) for number, value in domain_values.items()},
        aspects={number: make(value) for number, value in aspect_values.items()},
    )
