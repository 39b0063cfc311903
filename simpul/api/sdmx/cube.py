"""An indicator's cube as the caller may see it: one value per cell (region x disaggregation x period).

Values come from `simpul.reconcile.selectors.official_values`, itself built on
`simpul.datasets.selectors.public_observations`: published revisions of datasets the caller may see, one
official number per cell (the walidata's decision, else the designated source, else the latest published).
The observation status attribute is read from the same published revisions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from simpul.datasets.models import ObservationStatus
from simpul.datasets.selectors import datasets_visible_to, public_observations
from simpul.reconcile.selectors import official_values
from simpul.regions.models import Region
from simpul.standards.models import Classification, Indicator

AGENCY = "SIMPUL"
VERSION = "1.0"
TOTAL = "_T"
TIME = "TIME_PERIOD"
STATUS_CODES: dict[int, tuple[str, str]] = {
    ObservationStatus.SEMENTARA: ("P", "Sementara"),
    ObservationStatus.TETAP: ("A", "Tetap"),
    ObservationStatus.DIPERBAIKI: ("R", "Diperbaiki"),
}
_BAD = re.compile(r"[^A-Za-z0-9_@$-]")


def sdmx_id(text: str) -> str:
    """An SDMX identifier (IDType: letters, digits, _ @ $ -) for a Simpul code: other characters become _.
    Region "18.01" -> "18_01", indicator "PDRB.Q" -> "PDRB_Q"."""
    return _BAD.sub("_", text.strip()) or "_"


def indicators_visible_to(user: Any) -> QuerySet[Indicator]:
    """Indicators of at least one dataset the caller may see."""
    visible = datasets_visible_to(user).values("pk")
    return Indicator.objects.filter(datasets__in=visible).distinct().order_by("code")


def indicator_by_flow(user: Any, flow_id: str) -> Indicator | None:
    wanted = flow_id[3:] if flow_id.startswith("DF_") else flow_id
    wanted = wanted[4:] if wanted.startswith("DSD_") else wanted
    for indicator in indicators_visible_to(user):
        if sdmx_id(indicator.code) == wanted:
            return indicator
    return None


@dataclass
class Dimension:
    id: str
    name: str
    classification: Classification | None = None
    codes: dict[str, str] = field(default_factory=dict)  # id -> name, in order of first use


@dataclass
class Cell:
    key: tuple[str, ...]  # one code id per non-time dimension
    period: str
    value: float
    unit: str
    status: str


@dataclass
class Cube:
    indicator: Indicator
    dimensions: list[Dimension]  # non-time dimensions, in key order
    periods: list[str]
    units: dict[str, str]  # id -> name
    cells: list[Cell]

    @property
    def flow_id(self) -> str:
        return f"DF_{sdmx_id(self.indicator.code)}"

    @property
    def dsd_id(self) -> str:
        return f"DSD_{sdmx_id(self.indicator.code)}"


def _parse_disagg(text: str) -> dict[str, str]:
    out = {}
    for part in text.split(";"):
        if "=" in part:
            key, value = part.split("=", 1)
            out[key.strip()] = value.strip()
    return out


def dimensions_for(indicator: Indicator) -> list[Dimension]:
    dims = [Dimension("INDICATOR", "Indikator"), Dimension("REGION", "Wilayah")]
    dims += [
        Dimension(sdmx_id(cls.code).upper(), cls.name, classification=cls)
        for cls in indicator.classifications.order_by("code")
    ]
    return dims


def build(
    *, indicator: Indicator, user: Any, filters: dict[str, set[str]] | None = None,
    start: str | None = None, end: str | None = None, updated_after: datetime | None = None,
) -> Cube:  # fmt: skip
    """The cube of official values the caller may see, optionally restricted: `filters` maps a dimension id
    to the code ids kept; `start`/`end` bound TIME_PERIOD (inclusive, compared as canonical period text);
    `updated_after` keeps values published after it."""
    dims = dimensions_for(indicator)
    labels: dict[str, dict[str, str]] = {}
    for dim in dims[2:]:
        assert dim.classification is not None
        items = dim.classification.items.values_list("code", "label")
        labels[dim.id] = {sdmx_id(code): label for code, label in items}
    dims[0].codes[sdmx_id(indicator.code)] = indicator.name_id
    values = official_values(user=user, indicator_ids=[indicator.pk], updated_after=updated_after)
    statuses = {
        (producer, region, period, disagg): status
        for producer, region, period, disagg, status in public_observations(
            user=user, indicator_ids=[indicator.pk]
        ).values_list("producer_id", "region_id", "period", "disagg", "status")
    }
    names = dict(Region.objects.filter(code__in={v["region"] for v in values}).values_list("code", "name"))
    values.sort(key=lambda v: (v["region"], v["disagg"], v["period"]))
    filters = filters or {}
    cells: list[Cell] = []
    periods: set[str] = set()
    units: dict[str, str] = {}
    class_keys = {dim.classification.code: dim.id for dim in dims[2:] if dim.classification}
    for item in values:
        region, disagg, period = item["region"], item["disagg"], item["period"]
        if (start and period < start) or (end and period > end):
            continue
        parts = _parse_disagg(disagg)
        if any(k not in class_keys for k in parts):
            continue  # a breakdown the indicator's standard does not declare
        key = [sdmx_id(indicator.code), sdmx_id(region)]
        key += [
            sdmx_id(parts[cls.code]) if cls and cls.code in parts else TOTAL
            for cls in (dim.classification for dim in dims[2:])
        ]
        if any(
            dim.id in filters and code not in filters[dim.id] for dim, code in zip(dims, key, strict=True)
        ):
            continue
        if TIME in filters and period not in filters[TIME]:
            continue
        dims[1].codes.setdefault(key[1], names.get(region, region))
        for dim, code in zip(dims[2:], key[2:], strict=True):
            dim.codes.setdefault(code, "Total" if code == TOTAL else labels[dim.id].get(code, code))
        unit_text = item["unit"] or indicator.unit or "-"
        units.setdefault(sdmx_id(unit_text), unit_text)
        periods.add(period)
        status = statuses.get((item["source"]["id"], region, period, disagg), ObservationStatus.SEMENTARA)
        status_code = STATUS_CODES.get(status, ("P", ""))[0]
        cells.append(Cell(tuple(key), period, item["value"], sdmx_id(unit_text), status_code))
    return Cube(indicator, dims, sorted(periods), units, cells)
