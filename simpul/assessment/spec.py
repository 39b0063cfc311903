"""Assessment frameworks as plain data: parse and validate a framework file (no database needed).

A framework file (YAML or JSON, see docs/assessment.md) describes one edition of one framework:
domains -> aspects -> indicators, with weights, level scales, five level criteria per indicator and
the predicate bands. `parse_framework` turns the decoded mapping into a frozen `FrameworkSpec` or
raises `FrameworkSpecError` listing every problem it found, each with its place in the file.

Weights are exact: a decimal ("1.30", 2.5) or a fraction string ("17/3"); they are kept as
`fractions.Fraction` so that "the weights sum to the parent's weight" is checked without rounding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

FORMAT = "simpul-framework/1"
LEVELS = (1, 2, 3, 4, 5)
WORDING_CHOICES = ("paraphrase", "official")
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,49}$")
FRACTION_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)\s*$")


class FrameworkSpecError(ValueError):
    """Every problem found in one framework file; `errors` are human-readable, each with its place."""

    def __init__(self, errors: list[str], source: str = "") -> None:
        self.errors = errors
        self.source = source
        where = f"{source}: " if source else ""
        super().__init__(where + "; ".join(errors))


@dataclass(frozen=True)
class LevelSpec:
    level: int
    name: str
    description: str


@dataclass(frozen=True)
class ScaleSpec:
    key: str
    name: str
    description: str
    levels: tuple[LevelSpec, ...]

    def level_name(self, level: int) -> str:
        return next(item.name for item in self.levels if item.level == level)


@dataclass(frozen=True)
class IndicatorSpec:
    number: int
    name: str
    weight: Fraction
    weight_text: str
    scale: str
    question: str
    reference: str
    criteria: tuple[str, ...]  # five texts, level 1 first


@dataclass(frozen=True)
class AspectSpec:
    number: int
    name: str
    weight: Fraction
    weight_text: str
    indicators: tuple[IndicatorSpec, ...]


@dataclass(frozen=True)
class DomainSpec:
    number: int
    name: str
    weight: Fraction
    weight_text: str
    aspects: tuple[AspectSpec, ...]


@dataclass(frozen=True)
class PredicateBand:
    name: str
    minimum: Fraction  # inclusive lower bound


@dataclass(frozen=True)
class FrameworkSpec:
    code: str
    edition: str
    name: str
    description: str
    regulation: str
    valid_from: date | None
    index_name: str
    total_weight: Fraction
    total_weight_text: str
    weights_confirmed: bool
    structure_confirmed: bool
    wording: str
    decimals: int
    notes: str
    predicates: tuple[PredicateBand, ...]  # highest band first
    scales: tuple[ScaleSpec, ...]
    domains: tuple[DomainSpec, ...]

    def aspects(self) -> Iterator[AspectSpec]:
        for domain in self.domains:
            yield from domain.aspects

    def indicators(self) -> Iterator[IndicatorSpec]:
        for aspect in self.aspects():
            yield from aspect.indicators

    def indicator_numbers(self) -> list[int]:
        return [indicator.number for indicator in self.indicators()]

    def scale(self, key: str) -> ScaleSpec:
        return next(scale for scale in self.scales if scale.key == key)

    def structure_key(self) -> dict[str, Any]:
        """What changes scores: weights, numbering, scales and bands (not the wording)."""
        return {
            "total": str(self.total_weight),
            "decimals": self.decimals,
            "predicates": [[band.name, str(band.minimum)] for band in self.predicates],
            "scales": sorted(scale.key for scale in self.scales),
            "domains": [
                [
                    domain.number,
                    str(domain.weight),
                    [
                        [
                            aspect.number,
                            str(aspect.weight),
                            [[ind.number, str(ind.weight), ind.scale] for ind in aspect.indicators],
                        ]
                        for aspect in domain.aspects
                    ],
                ]
                for domain in self.domains
            ],
        }


def parse_weight(value: Any) -> Fraction | None:
    """A positive exact weight from 1.3, "1.30", "1,30" or "17/3"; None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        result = Fraction(value)
    elif isinstance(value, float):
        result = Fraction(Decimal(repr(value)))
    elif isinstance(value, str):
        text = value.strip().replace(",", ".")
        match = FRACTION_RE.match(text)
        try:
            if match:
                denominator = Fraction(Decimal(match.group(2)))
                if denominator == 0:
                    return None
                result = Fraction(Decimal(match.group(1))) / denominator
            else:
                result = Fraction(Decimal(text))
        except (InvalidOperation, ValueError):
            return None
    else:
        return None
    return result if result > 0 else None


def format_weight(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    rest = value.denominator
    for factor in (2, 5):
        while rest % factor == 0:
            rest //= factor
    if rest == 1:  # a terminating decimal: write it as one
        return format((Decimal(value.numerator) / Decimal(value.denominator)).normalize(), "f")
    return f"{value.numerator}/{value.denominator}"


class _Collector:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}" if where else message)

    def text(self, data: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(where, f"'{key}' is required")
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.add(where, f"'{key}' must be text")
            return ""
        return str(value).strip()

    def number(self, data: Mapping[str, Any], where: str) -> int | None:
        value = data.get("number")
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.add(where, f"'number' must be a positive whole number, got {value!r}")
            return None
        return value

    def weight(self, data: Mapping[str, Any], where: str, key: str = "weight") -> tuple[Fraction, str]:
        raw = data.get(key)
        value = parse_weight(raw)
        if value is None:
            self.add(where, f"'{key}' must be a positive number or fraction like '17/3', got {raw!r}")
            return Fraction(0), ""
        return value, str(raw).strip()

    def items(self, data: Mapping[str, Any], key: str, where: str) -> list[Any]:
        value = data.get(key)
        if not isinstance(value, list) or not value:
            self.add(where, f"'{key}' must be a non-empty list")
            return []
        return value

    def mapping(self, value: Any, where: str) -> Mapping[str, Any] | None:
        if not isinstance(value, Mapping):
            self.add(where, "must be a mapping (key: value)")
            return None
        return value


def _parse_levels(raw: Any, where: str, c: _Collector, *, what: str) -> dict[int, Any]:
    """Five entries for levels 1..5, given as a mapping {1: ..., 5: ...} or a list of five."""
    if isinstance(raw, list):
        if len(raw) != 5:
            c.add(where, f"needs exactly five {what} (levels 1-5), got {len(raw)}")
            return {}
        return dict(zip(LEVELS, raw, strict=True))
    if isinstance(raw, Mapping):
        levels: dict[int, Any] = {}
        for key, value in raw.items():
            try:
                level = int(key)
            except (TypeError, ValueError):
                c.add(where, f"unknown level {key!r}; levels are 1-5")
                continue
            levels[level] = value
        if sorted(levels) != list(LEVELS):
            c.add(where, f"needs exactly five {what} for levels 1-5, got levels {sorted(levels)}")
            return {}
        return levels
    c.add(where, f"needs five {what} (levels 1-5)")
    return {}


def _parse_scales(data: Mapping[str, Any], c: _Collector) -> tuple[ScaleSpec, ...]:
    scales: list[ScaleSpec] = []
    seen: set[str] = set()
    for i, raw in enumerate(c.items(data, "scales", ""), start=1):
        where = f"scales[{i}]"
        item = c.mapping(raw, where)
        if item is None:
            continue
        key = c.text(item, "key", where)
        if key in seen:
            c.add(where, f"scale key '{key}' is used twice")
        seen.add(key)
        levels: list[LevelSpec] = []
        for level, value in _parse_levels(item.get("levels"), f"{where} '{key}'", c, what="levels").items():
            lw = f"{where} '{key}' level {level}"
            entry = c.mapping(value, lw)
            if entry is not None:
                levels.append(
                    LevelSpec(
                        level, c.text(entry, "name", lw), c.text(entry, "description", lw, required=False)
                    )
                )
        scales.append(
            ScaleSpec(
                key,
                c.text(item, "name", where),
                c.text(item, "description", where, required=False),
                tuple(levels),
            )
        )
    return tuple(scales)


def _parse_predicates(data: Mapping[str, Any], c: _Collector) -> tuple[PredicateBand, ...]:
    bands: list[PredicateBand] = []
    for i, raw in enumerate(c.items(data, "predicates", ""), start=1):
        where = f"predicates[{i}]"
        item = c.mapping(raw, where)
        if item is None:
            continue
        name = c.text(item, "name", where)
        minimum_raw = item.get("min")
        minimum = Fraction(0) if minimum_raw in (0, "0") else parse_weight(minimum_raw)
        if minimum is None:
            c.add(where, f"'min' must be a number >= 0, got {minimum_raw!r}")
            continue
        bands.append(PredicateBand(name, minimum))
    for higher, lower in zip(bands, bands[1:], strict=False):
        if lower.minimum >= higher.minimum:
            c.add(
                "predicates",
                f"bands must go from the highest 'min' down; '{lower.name}' is not below '{higher.name}'",
            )
    if bands and bands[-1].minimum > 1:
        c.add(
            "predicates",
            f"the lowest band '{bands[-1].name}' must start at 1 or below so every score has a predicate",
        )
    if len({band.name for band in bands}) != len(bands):
        c.add("predicates", "band names must be unique")
    return tuple(bands)


def _check_sum(c: _Collector, where: str, parent: Fraction, parts: list[Fraction], what: str) -> None:
    total = sum(parts, Fraction(0))
    if parts and all(parts) and parent and total != parent:
        c.add(where, f"the {what} weights sum to {format_weight(total)}, not {format_weight(parent)}")


def parse_framework(data: Any, *, source: str = "") -> FrameworkSpec:
    """Validate a decoded framework file; raise FrameworkSpecError naming every problem."""
    c = _Collector()
    if not isinstance(data, Mapping):
        raise FrameworkSpecError(["the file must hold one mapping (a framework), not a list or text"], source)
    if data.get("format") != FORMAT:
        c.add("", f"'format' must be '{FORMAT}', got {data.get('format')!r}")
    code = c.text(data, "code", "")
    if code and not CODE_RE.match(code):
        c.add("code", f"'{code}' must be lowercase letters, digits and dashes")
    edition = c.text(data, "edition", "")
    valid_from_raw = data.get("valid_from")
    valid_from: date | None = None
    if isinstance(valid_from_raw, date):
        valid_from = valid_from_raw
    elif isinstance(valid_from_raw, str):
        try:
            valid_from = date.fromisoformat(valid_from_raw)
        except ValueError:
            c.add("valid_from", f"must be a date YYYY-MM-DD, got {valid_from_raw!r}")
    elif valid_from_raw is not None:
        c.add("valid_from", f"must be a date YYYY-MM-DD, got {valid_from_raw!r}")
    wording = c.text(data, "wording", "", required=False) or "paraphrase"
    if wording not in WORDING_CHOICES:
        c.add("wording", f"must be one of {', '.join(WORDING_CHOICES)}, got '{wording}'")
    flags: dict[str, bool] = {}
    for flag in ("weights_confirmed", "structure_confirmed"):
        value = data.get(flag, True)
        if not isinstance(value, bool):
            c.add(flag, f"must be true or false, got {value!r}")
        flags[flag] = bool(value)
    decimals = data.get("decimals", 2)
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 6:
        c.add("decimals", f"must be a whole number 0-6, got {decimals!r}")
        decimals = 2
    total_weight, total_text = c.weight(data, "", "total_weight")

    scales = _parse_scales(data, c)
    scale_keys = {scale.key for scale in scales}
    predicates = _parse_predicates(data, c)

    domains: list[DomainSpec] = []
    domain_numbers: set[int] = set()
    aspect_numbers: set[int] = set()
    indicator_numbers: set[int] = set()
    for di, raw_domain in enumerate(c.items(data, "domains", ""), start=1):
        dwhere = f"domains[{di}]"
        domain = c.mapping(raw_domain, dwhere)
        if domain is None:
            continue
        dnum = c.number(domain, dwhere)
        if dnum is not None:
            dwhere = f"domain {dnum}"
            if dnum in domain_numbers:
                c.add(dwhere, "domain number is used twice")
            domain_numbers.add(dnum)
        dweight, dweight_text = c.weight(domain, dwhere)
        aspects: list[AspectSpec] = []
        for ai, raw_aspect in enumerate(c.items(domain, "aspects", dwhere), start=1):
            awhere = f"{dwhere} aspects[{ai}]"
            aspect = c.mapping(raw_aspect, awhere)
            if aspect is None:
                continue
            anum = c.number(aspect, awhere)
            if anum is not None:
                awhere = f"aspect {anum}"
                if anum in aspect_numbers:
                    c.add(awhere, "aspect number is used twice")
                aspect_numbers.add(anum)
            aweight, aweight_text = c.weight(aspect, awhere)
            indicators: list[IndicatorSpec] = []
            for ii, raw_ind in enumerate(c.items(aspect, "indicators", awhere), start=1):
                iwhere = f"{awhere} indicators[{ii}]"
                ind = c.mapping(raw_ind, iwhere)
                if ind is None:
                    continue
                inum = c.number(ind, iwhere)
                if inum is not None:
                    iwhere = f"indicator {inum}"
                    if inum in indicator_numbers:
                        c.add(iwhere, "indicator number is used twice")
                    indicator_numbers.add(inum)
                iweight, iweight_text = c.weight(ind, iwhere)
                scale = c.text(ind, "scale", iwhere)
                if scale and scale not in scale_keys:
                    c.add(
                        iwhere,
                        f"unknown scale '{scale}'; known scales: {', '.join(sorted(scale_keys)) or 'none'}",
                    )
                criteria_map = _parse_levels(ind.get("criteria"), iwhere, c, what="level criteria")
                criteria: list[str] = []
                for level, text in criteria_map.items():
                    if not isinstance(text, str) or not text.strip():
                        c.add(iwhere, f"level {level} criterion must be non-empty text")
                    else:
                        criteria.append(text.strip())
                indicators.append(
                    IndicatorSpec(
                        number=inum or 0,
                        name=c.text(ind, "name", iwhere),
                        weight=iweight,
                        weight_text=iweight_text,
                        scale=scale,
                        question=c.text(ind, "question", iwhere),
                        reference=c.text(ind, "reference", iwhere, required=False),
                        criteria=tuple(criteria),
                    )
                )
            _check_sum(c, awhere, aweight, [ind.weight for ind in indicators], "indicator")
            aspects.append(
                AspectSpec(
                    anum or 0, c.text(aspect, "name", awhere), aweight, aweight_text, tuple(indicators)
                )
            )
        _check_sum(c, dwhere, dweight, [aspect.weight for aspect in aspects], "aspect")
        domains.append(
            DomainSpec(dnum or 0, c.text(domain, "name", dwhere), dweight, dweight_text, tuple(aspects))
        )
    _check_sum(c, "domains", total_weight, [domain.weight for domain in domains], "domain")

    name = c.text(data, "name", "")
    if c.errors:
        raise FrameworkSpecError(c.errors, source)
    return FrameworkSpec(
        code=code,
        edition=edition,
        name=name,
        description=c.text(data, "description", "", required=False),
        regulation=c.text(data, "regulation", "", required=False),
        valid_from=valid_from,
        index_name=c.text(data, "index_name", "", required=False) or "Indeks",
        total_weight=total_weight,
        total_weight_text=total_text,
        weights_confirmed=flags["weights_confirmed"],
        structure_confirmed=flags["structure_confirmed"],
        wording=wording,
        decimals=decimals,
        notes=c.text(data, "notes", "", required=False),
        predicates=predicates,
        scales=scales,
        domains=tuple(domains),
    )
