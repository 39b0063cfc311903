"""Reads behind the leader's dashboard: the map, ranking and trend of one indicator, targets, SPBE results,
completeness and follow-ups. Each returns plain JSON-ready dicts, built with a handful of queries.

Every observation value the dashboard shows comes from ONE function, `cell_values`, so the source of the
"official number" can be switched in one place.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q

from simpul.datasets.models import Observation
from simpul.datasets.selectors import datasets_visible_to
from simpul.organizations.choices import Role
from simpul.organizations.models import Organization
from simpul.organizations.permissions import has_role, organizations_with_role
from simpul.regions.models import Level, Region
from simpul.regions.selectors import tilegrid as region_tilegrid
from simpul.standards.models import Indicator

from .models import Target

DASHBOARD_ROLES = (Role.PIMPINAN, Role.WALIDATA, Role.KOORDINATOR_SPBE)


# --- who may see what ------------------------------------------------------------------------------


def may_view_dashboard(user: Any) -> bool:
    """Pimpinan, walidata, koordinator SPBE and admins (the "Dasbor pimpinan" navigation rule)."""
    return bool(getattr(user, "is_authenticated", False)) and has_role(user, *DASHBOARD_ROLES)


def may_view_organization(user: Any, organization: Organization) -> bool:
    """An OPD page: dashboard roles for every organization; any member for its own."""
    if may_view_dashboard(user):
        return True
    return organization.pk in organizations_with_role(user, *Role.values)


# --- the province and its kab/kota ---------------------------------------------------------------


_PROVINCE: dict[str, Region] = {}


def home_province() -> Region:
    """The site's province (SIMPUL_HOME_REGION); kept per process once loaded (reference data)."""
    code = settings.SIMPUL_HOME_REGION[:2]
    if code not in _PROVINCE:
        _PROVINCE[code] = Region.objects.get(code=code)
    return _PROVINCE[code]


def tilegrid(province_code: str) -> dict[str, tuple[int, int]]:
    """{kab/kota code: (column, row)} from the packaged tile-grid (simpul.regions); {} when there is none."""
    return {t["code"]: (t["col"], t["row"]) for t in region_tilegrid(province_code)}


_KABKOTA: dict[str, list[Region]] = {}


def kabkota(province: Region) -> list[Region]:
    """The province's kab/kota in code order; kept per process once loaded (reference data)."""
    cached = _KABKOTA.get(province.code)
    if cached:
        return cached
    rows = list(Region.objects.filter(parent=province, level=Level.KABKOTA).order_by("code"))
    if rows:
        _KABKOTA[province.code] = rows
    return rows


def _grid_positions(province: Region, regions: list[Region]) -> dict[str, tuple[int, int]]:
    """The packaged grid, else a plain 5-column grid in code order (any province still gets a map)."""
    grid = tilegrid(province.code)
    if grid and all(r.code in grid for r in regions):
        return grid
    return {r.code: (i % 5, i // 5) for i, r in enumerate(regions)}


# --- THE value source ------------------------------------------------------------------------------


def cell_values(
    *, user: Any, indicator: Indicator, region_ids: list[str], period: str | None = None
) -> dict[tuple[str, str], tuple[float, bool]]:
    """{(region, period): (value, published)} of the indicator's totals (no disaggregation).

    The official number per cell from `simpul.reconcile.selectors.official_values` (published values,
    the walidata's choice among producers): published=True. Cells with nothing published yet show the
    current (not superseded) value from the datasets the caller may see, latest revision winning:
    published=False, drawn as provisional ("belum terbit") so a leader sees what has been delivered.
    """
    official: dict[tuple[str, str], tuple[float, bool]] = {}
    try:
        from simpul.reconcile.selectors import official_values
    except ImportError:  # pragma: no cover - the workflow app not installed
        official_values = None  # type: ignore[assignment]
    if official_values is not None:
        for row in official_values(
            user=user, indicator_ids=[indicator.pk], region_ids=region_ids, period=period
        ):
            if row["disagg"] == "":
                official[(row["region"], row["period"])] = (row["value"], True)
    if period is not None and all((code, period) in official for code in region_ids):
        return official  # every cell published: no need to look at unpublished values
    out: dict[tuple[str, str], tuple[float, bool]] = {}
    qs = Observation.objects.filter(
        indicator_id=indicator.pk, region_id__in=region_ids, disagg="", valid_to__isnull=True
    ).filter(dataset__in=datasets_visible_to(user).values("pk"))
    if period is not None:
        qs = qs.filter(period=period)
    for region_id, per, value in qs.order_by("valid_from", "id").values_list("region_id", "period", "value"):
        out[(region_id, per)] = (value, False)
    out.update(official)
    return out


def periods_of(*, indicator: Indicator, region_ids: list[str]) -> list[str]:
    """Periods with any value for these regions, oldest first (an index-only scan of obs_cell_idx)."""
    return sorted(
        set(
            Observation.objects.filter(indicator_id=indicator.pk, region_id__in=region_ids)
            .values_list("period", flat=True)
            .distinct()
        )
    )


# --- indicators, map, ranking, trend ---------------------------------------------------------------


def indicators_for(user: Any) -> list[dict[str, Any]]:
    """Indicators of the datasets the caller may see that have current values (something to map)."""
    has_values = Observation.objects.filter(indicator_id=OuterRef("pk"), valid_to__isnull=True)
    qs = (
        Indicator.objects.filter(datasets__in=datasets_visible_to(user).values("pk"))
        .filter(Exists(has_values))
        .distinct()
        .order_by("code")
        .values("code", "name_id", "unit")
    )
    return [{"code": r["code"], "name": r["name_id"], "unit": r["unit"]} for r in qs]


def indicator_get(code: str) -> Indicator | None:
    return Indicator.objects.filter(code=code).first()


def _year(period: str) -> int | None:
    return int(period[:4]) if period[:4].isdigit() else None


def _targets(indicator: Indicator, region_ids: list[str], years: set[int] | None = None) -> dict[Any, Any]:
    """{(region, year): {"rpjmd": v, "rkpd": v}}."""
    qs = Target.objects.filter(indicator=indicator, region_id__in=region_ids)
    if years is not None:
        qs = qs.filter(year__in=years)
    out: dict[tuple[str, int], dict[str, float]] = {}
    for region_id, year, source, value in qs.values_list("region_id", "year", "source", "value"):
        out.setdefault((region_id, year), {})[source] = value
    return out


def _v(values: dict[tuple[str, str], tuple[float, bool]], code: str, period: str) -> float | None:
    cell = values.get((code, period))
    return cell[0] if cell else None


def _p(values: dict[tuple[str, str], tuple[float, bool]], code: str, period: str) -> bool:
    cell = values.get((code, period))
    return bool(cell and cell[1])


def indicator_map(*, user: Any, indicator: Indicator, period: str | None = None) -> dict[str, Any]:
    """The kab/kota of the home province coloured by the indicator's value in `period` (the latest period
    with data when None), ranked, with the province's own value and the targets of that year."""
    province = home_province()
    regions = kabkota(province)
    ids = [r.code for r in regions] + [province.code]
    periods = periods_of(indicator=indicator, region_ids=ids)
    if period is None:
        period = periods[-1] if periods else ""
    values = cell_values(user=user, indicator=indicator, region_ids=ids, period=period) if period else {}
    year = _year(period) if period else None
    targets = _targets(indicator, ids, {year}) if year else {}
    grid = _grid_positions(province, regions)
    tiles: list[dict[str, Any]] = []
    for r in regions:
        col, row = grid[r.code]
        tiles.append({
            "code": r.code, "name": r.name, "col": col, "row": row,
            "value": _v(values, r.code, period), "published": _p(values, r.code, period),
            "target": targets.get((r.code, year or 0)),
        })  # fmt: skip
    ranked = sorted((t for t in tiles if t["value"] is not None), key=lambda t: -t["value"])
    present = [t["value"] for t in ranked]
    return {
        "indicator": {"code": indicator.code, "name": indicator.name_id, "unit": indicator.unit},
        "period": period,
        "periods": periods,
        "province": {
            "code": province.code,
            "name": province.name,
            "value": _v(values, province.code, period),
            "published": _p(values, province.code, period),
            "target": targets.get((province.code, year or 0)),
        },
        "tiles": tiles,
        "ranking": [{"code": t["code"], "name": t["name"], "value": t["value"]} for t in ranked],
        "min": min(present) if present else None,
        "max": max(present) if present else None,
        "missing": [t["code"] for t in tiles if t["value"] is None],
        "provisional": [t["code"] for t in tiles if t["value"] is not None and not t["published"]],
    }


def indicator_trend(*, user: Any, indicator: Indicator, region: Region | None = None) -> dict[str, Any]:
    """Every period's value of the province (and of one kab/kota), with the targets per year."""
    province = home_province()
    ids = [province.code] + ([region.code] if region is not None and region.code != province.code else [])
    values = cell_values(user=user, indicator=indicator, region_ids=ids)
    periods = sorted({p for _, p in values})
    targets = _targets(indicator, ids)
    series = []
    for code in ids:
        name = province.name if code == province.code else region.name  # type: ignore[union-attr]
        series.append({
            "code": code, "name": name, "values": [_v(values, code, p) for p in periods],
            "published": [_p(values, code, p) for p in periods],
        })  # fmt: skip
    target_rows = []
    for code in ids:
        by_period = [targets.get((code, _year(p) or 0), {}) for p in periods]
        target_rows += [
            {"code": code, "source": source, "values": [t.get(source) for t in by_period]}
            for source in ("rpjmd", "rkpd")
            if any(source in t for t in by_period)
        ]
    return {
        "indicator": {"code": indicator.code, "name": indicator.name_id, "unit": indicator.unit},
        "periods": periods,
        "series": series,
        "targets": target_rows,
    }


def region_profile(*, user: Any, region: Region, indicators: list[Indicator]) -> list[dict[str, Any]]:
    """A kab/kota page: each indicator's latest value there, the province's value and rank that period."""
    province = home_province()
    peers = [r.code for r in kabkota(province)]
    rows = []
    for indicator in indicators:
        values = cell_values(user=user, indicator=indicator, region_ids=[*peers, province.code])
        mine = sorted(p for (code, p) in values if code == region.code)
        if not mine:
            continue
        period = mine[-1]
        same = sorted(
            (v[0] for (code, p), v in values.items() if p == period and code in peers), reverse=True
        )
        value, published = values[(region.code, period)]
        target = _targets(indicator, [region.code], {_year(period) or 0}).get(
            (region.code, _year(period) or 0)
        )
        rows.append({
            "code": indicator.code, "name": indicator.name_id, "unit": indicator.unit, "period": period,
            "value": value, "published": published, "province": _v(values, province.code, period),
            "rank": same.index(value) + 1,
            "of": len(same), "target": target,
        })  # fmt: skip
    return rows


# --- SPBE, completeness, follow-ups ---------------------------------------------------------------


def spbe_results() -> dict[str, Any]:
    """The latest finished evaluation per instansi: final index and predicate (public information)."""
    from simpul.assessment import evaluations as ev

    province = home_province()
    latest: dict[int, Any] = {}
    for evaluation in ev.finished_evaluations().select_related("instansi__region").order_by("year"):
        latest[evaluation.instansi_id] = evaluation
    rows = []
    for evaluation in latest.values():
        result = ev.overview(evaluation).scores["final"]
        if result is None:
            continue
        region = evaluation.instansi.region
        rows.append({
            "instansi": evaluation.instansi.name, "slug": evaluation.instansi.slug,
            "region": region.code if region else None, "region_name": region.name if region else "",
            "year": evaluation.year, "framework": evaluation.framework.index_name,
            "index": float(result.index.rounded), "predicate": result.index.predicate,
            "target": float(evaluation.target_index) if evaluation.target_index is not None else None,
        })  # fmt: skip
    rows.sort(key=lambda r: -r["index"])
    regions = kabkota(province)
    grid = _grid_positions(province, regions)
    by_region = {r["region"]: r for r in rows}
    tiles = [
        {"code": r.code, "name": r.name, "col": grid[r.code][0], "row": grid[r.code][1],
         "value": by_region[r.code]["index"] if r.code in by_region else None,
         "label": by_region[r.code]["predicate"] if r.code in by_region else ""}
        for r in regions
    ]  # fmt: skip
    return {"results": rows, "tiles": tiles, "min": 1.0, "max": 5.0}


def completeness(*, user: Any, year: int, organization: Organization | None = None) -> dict[str, Any]:
    """Daftar Data completeness per producer from the workflow app; `available: False` without it."""
    try:
        from simpul.reconcile.selectors import completeness as reconcile_completeness
    except ImportError:  # pragma: no cover
        return {"available": False, "year": year, "producers": [], "province": None}
    data = reconcile_completeness(user=user, year=year, organization=organization)
    return {"available": True, **data}


def followups(*, user: Any, organization: Organization | None = None) -> dict[str, Any]:
    """Open and overdue follow-ups per owner organization, among those the caller may see."""
    from simpul.followups import selectors as fs

    rows = fs.counts_by_organization(user=user)
    if organization is not None:
        rows = [r for r in rows if r["organization_id"] == organization.pk]
    return {"counters": fs.counters(user=user), "organizations": rows}


def organizations_in(region: Region) -> list[Organization]:
    return list(Organization.objects.filter(Q(region=region) | Q(parent__region=region)).order_by("name"))
