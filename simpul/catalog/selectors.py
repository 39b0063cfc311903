"""Reads of the public catalogue: search with facets, home page, organization, indicator and region pages.

Every read starts from `simpul.datasets.selectors.datasets_visible_to(user)` (which datasets this caller
may see) and `public_observations(user=...)` (which published values); facet counts are computed over the
same visible set, so an internal or excluded dataset never shows up, not even as a count.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db.models import Count, Exists, Max, OuterRef, QuerySet

from simpul.datasets.models import Dataset, Resource
from simpul.datasets.selectors import datasets_visible_to, public_observations
from simpul.organizations.models import Organization
from simpul.regions.models import Region
from simpul.standards.models import Indicator, ValueType

from . import search

Sort = Literal["relevance", "title", "modified", "-modified"]
SORTS: tuple[str, ...] = ("relevance", "title", "modified", "-modified")
FACETS: tuple[str, ...] = ("organization", "topic", "region", "year", "format", "tag")
MAX_PER_PAGE = 100


@dataclass
class Filters:
    q: str = ""
    organization: str = ""
    topic: str = ""
    region: str = ""
    year: int | None = None
    format: str = ""
    tag: str = ""
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class SearchResult:
    filters: Filters
    total: int
    page: int
    pages: int
    datasets: list[Dataset]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)


def _years(start: str, end: str) -> list[int]:
    try:
        first = int(start[:4]) if start else None
        last = int(end[:4]) if end else first
    except ValueError:
        return []
    if first is None or last is None or last < first or last - first > 200:
        return [first] if first else []
    return list(range(first, last + 1))


def _in_region(code: str | None, wanted: str) -> bool:
    return bool(code) and (code == wanted or str(code).startswith(wanted + "."))


def search_datasets(*, user: Any, filters: Filters) -> SearchResult:
    """Datasets `user` may see that match `filters`, one page of them, and facet counts over all matches."""
    search.sync_index()
    visible = datasets_visible_to(user)
    ranked: list[int] | None = search.match_ids(filters.q) if filters.q.strip() else None
    if ranked is not None:
        visible = visible.filter(pk__in=ranked)
    rows: list[dict[str, Any]] = [
        dict(r)
        for r in visible.values(
            "pk", "title", "modified_at", "topic", "tags", "temporal_start", "temporal_end",
            "producer__slug", "producer__name", "spatial_coverage_id", "spatial_coverage__name",
        )
    ]  # fmt: skip
    formats: dict[int, set[str]] = {}
    for ds_id, fmt in Resource.objects.filter(dataset_id__in=[r["pk"] for r in rows]).values_list(
        "dataset_id", "format"
    ):
        if fmt:
            formats.setdefault(ds_id, set()).add(fmt.upper())
    for r in rows:
        r["years"] = _years(r["temporal_start"], r["temporal_end"])
        r["formats"] = formats.get(r["pk"], set())
        r["tags"] = [t for t in (r["tags"] or []) if isinstance(t, str)]

    def keep(r: dict[str, Any]) -> bool:
        f = filters
        return (
            (not f.organization or r["producer__slug"] == f.organization)
            and (not f.topic or r["topic"] == f.topic)
            and (not f.region or _in_region(r["spatial_coverage_id"], f.region))
            and (f.year is None or f.year in r["years"])
            and (not f.format or f.format.upper() in r["formats"])
            and (not f.tag or f.tag in r["tags"])
        )

    matched = [r for r in rows if keep(r)]
    facets = _facets(matched)
    if filters.sort == "title" or (filters.sort == "relevance" and ranked is None):
        matched.sort(key=lambda r: (r["title"].lower(), r["pk"]))
    elif filters.sort == "modified":
        matched.sort(key=lambda r: (r["modified_at"], r["pk"]))
    elif filters.sort == "-modified":
        matched.sort(key=lambda r: (r["modified_at"], r["pk"]), reverse=True)
    else:
        order = {pk: i for i, pk in enumerate(ranked or [])}
        matched.sort(key=lambda r: order.get(r["pk"], len(order)))
    per_page = max(1, min(filters.per_page, MAX_PER_PAGE))
    total = len(matched)
    pages = max(1, -(-total // per_page))
    page = max(1, min(filters.page, pages))
    ids = [r["pk"] for r in matched[(page - 1) * per_page : page * per_page]]
    by_id = {
        d.pk: d for d in Dataset.objects.filter(pk__in=ids).select_related("producer", "spatial_coverage")
    }
    return SearchResult(
        filters=filters, total=total, page=page, pages=pages, datasets=[by_id[i] for i in ids], facets=facets
    )


def _facets(rows: list[dict[str, Any]]) -> dict[str, list[FacetValue]]:
    orgs: Counter[tuple[str, str]] = Counter()
    topics: Counter[str] = Counter()
    regions: Counter[tuple[str, str]] = Counter()
    years: Counter[int] = Counter()
    formats: Counter[str] = Counter()
    tags: Counter[str] = Counter()
    for r in rows:
        orgs[(r["producer__slug"], r["producer__name"])] += 1
        if r["topic"]:
            topics[r["topic"]] += 1
        if r["spatial_coverage_id"]:
            regions[(r["spatial_coverage_id"], r["spatial_coverage__name"])] += 1
        years.update(set(r["years"]))
        formats.update(r["formats"])
        tags.update(set(r["tags"]))

    def top(counter: Counter[Any], label: Any = None) -> list[FacetValue]:
        items = sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))[:30]
        out = []
        for key, n in items:
            value, text = key if isinstance(key, tuple) else (key, key)
            out.append(FacetValue(value=str(value), label=str(text), count=n))
        return out

    year_items = [
        FacetValue(value=str(y), label=str(y), count=n) for y, n in sorted(years.items(), reverse=True)
    ]
    return {
        "organization": top(orgs),
        "topic": top(topics),
        "region": top(regions),
        "year": year_items[:30],
        "format": top(formats),
        "tag": top(tags),
    }


def topics(*, user: Any) -> list[dict[str, Any]]:
    return list(
        datasets_visible_to(user)
        .exclude(topic="")
        .values("topic")
        .annotate(count=Count("pk"))
        .order_by("-count", "topic")
    )


def latest_datasets(*, user: Any, limit: int = 6) -> list[Dataset]:
    return list(datasets_visible_to(user).order_by("-modified_at", "-pk")[:limit])


def organizations_with_datasets(*, user: Any) -> QuerySet[Organization]:
    visible = datasets_visible_to(user).values("producer_id")
    return (
        Organization.objects.filter(pk__in=visible)
        .annotate(count=Count("datasets", distinct=True))
        .order_by("name")
    )


def organization_page(*, user: Any, slug: str) -> dict[str, Any] | None:
    org = Organization.objects.filter(slug=slug).select_related("region", "parent").first()
    if org is None:
        return None
    datasets = list(datasets_visible_to(user).filter(producer=org).order_by("title"))
    return {"organization": org, "datasets": datasets}


def indicators_public(*, user: Any) -> QuerySet[Indicator]:
    """Indicators that appear in at least one dataset the caller may see."""
    visible = datasets_visible_to(user).values("pk")
    return Indicator.objects.filter(datasets__in=visible).distinct().order_by("code")


def indicator_get(*, user: Any, code: str) -> Indicator | None:
    """The indicator if a dataset the caller may see uses it: one probe through that indicator's own
    datasets, not a join over the whole catalogue."""
    used = datasets_visible_to(user).filter(indicators=OuterRef("pk"))
    return Indicator.objects.filter(code=code).filter(Exists(used)).first()


def aggregatable(indicator: Indicator) -> bool:
    """Whether values of child regions may be summed into their parent: counts, never rates or indices.

    `metadata["aggregasi"]` = "jumlah" or "tidak" overrides the rule (bulat and not a percentage)."""
    rule = str((indicator.metadata or {}).get("aggregasi", "")).lower()
    if rule in ("jumlah", "sum"):
        return True
    if rule in ("tidak", "none"):
        return False
    return indicator.value_type == ValueType.INTEGER and not indicator.is_percentage


def indicator_table(*, user: Any, indicator: Indicator, disagg: str = "") -> dict[str, Any]:
    """One indicator across regions (rows) and periods (columns), totals only unless `disagg` given."""
    qs = (
        public_observations(user=user, indicator_ids=[indicator.pk])
        .filter(disagg=disagg)
        .values_list("region_id", "region__name", "period", "value", "published_at")
        .order_by("region_id", "period", "published_at")
    )
    names: dict[str, str] = {}
    cells: dict[tuple[str, str], float] = {}
    for region_id, name, period, value, _published in qs[:20000]:
        names[region_id] = name
        cells[(region_id, period)] = value  # the latest published value of the cell wins
    periods = sorted({p for _r, p in cells})
    rows = [
        {"code": code, "name": names[code], "values": [cells.get((code, p)) for p in periods]}
        for code in sorted(names)
    ]
    return {"periods": periods, "rows": rows}


def region_page(*, user: Any, region: Region, limit: int = 200) -> dict[str, Any]:
    """ "<region> dalam angka": the latest published value of each indicator for this region."""
    qs = (
        public_observations(user=user, region_ids=[region.code])
        .filter(disagg="")
        .values_list("indicator__code", "indicator__name_id", "period", "value", "unit", "dataset__slug")
        .order_by("indicator__code", "-period")
    )
    latest: dict[str, dict[str, Any]] = {}
    for code, name, period, value, unit, slug in qs[:20000]:
        if code not in latest:
            latest[code] = {"indicator": code, "name": name, "period": period, "value": value, "unit": unit,
                            "dataset": slug}  # fmt: skip
        if len(latest) >= limit:
            break
    datasets = list(datasets_visible_to(user).filter(spatial_coverage=region).order_by("title")[:50])
    children = list(Region.objects.filter(parent=region).order_by("code")[:100])
    return {"region": region, "facts": list(latest.values()), "datasets": datasets, "children": children}


def dataset_chart(*, user: Any, dataset: Dataset, max_cells: int = 5000) -> dict[str, Any]:
    """Data for the dataset page's chart and kab/kota map: per indicator, totals by region and period."""
    qs = (
        public_observations(user=user, dataset=dataset)
        .filter(disagg="")
        .values_list("indicator__code", "indicator__name_id", "unit", "region_id", "region__name", "period",
                     "value")
        .order_by("indicator__code", "region_id", "period")
    )  # fmt: skip
    indicators: dict[str, dict[str, Any]] = {}
    for code, name, unit, region_id, region_name, period, value in qs[:max_cells]:
        ind = indicators.setdefault(
            code, {"code": code, "name": name, "unit": unit, "regions": {}, "periods": set()}
        )
        ind["regions"].setdefault(region_id, {"name": region_name, "values": {}})["values"][period] = value
        ind["periods"].add(period)
    out = []
    for ind in indicators.values():
        ind["periods"] = sorted(ind["periods"])
        out.append(ind)
    return {"indicators": out}


def last_modified(*, user: Any) -> Any:
    return datasets_visible_to(user).aggregate(m=Max("modified_at"))["m"]
