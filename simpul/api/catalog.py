"""Catalogue endpoints at /api/v1/: datasets (search with facets), indicators, organizations, observations.

Thin adapters over `simpul.catalog.selectors` and `simpul.datasets.selectors` (visibility lives there).
Every endpoint is rate-limited (simpul.api.ratelimit). docs/api.md.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any, Literal

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from simpul.catalog import selectors as catalog
from simpul.datasets.models import Dataset, Observation, ObservationStatus
from simpul.datasets.selectors import dataset_get, public_observations
from simpul.organizations.models import Organization
from simpul.reconcile.selectors import official_values
from simpul.regions import selectors as regions
from simpul.regions.models import Region
from simpul.standards.models import Indicator

from .errors import ApiError, not_found, unprocessable
from .instants import in_utc
from .ratelimit import throttle
from .regions import ErrorOut

datasets_router = Router()
indicators_router = Router()
organizations_router = Router()
observations_router = Router()

_STATUS = {s.value: s.name.lower() for s in ObservationStatus}
ERRORS: dict[int, Any] = {404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
SLUG = r"^[-a-zA-Z0-9_]+$"
CODE = r"^[-A-Za-z0-9_.]+$"


def _text(value: str, name: str) -> str:
    if "\x00" in value:
        raise unprocessable(_("Teks tidak boleh memuat karakter NUL."), {"field": name})
    return value


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    try:
        return in_utc(value)
    except ValueError as exc:
        raise unprocessable(_("Waktu di luar jangkauan."), {"value": value.isoformat()}) from exc


# ---- schemas -------------------------------------------------------------------------------------------


class OrganizationRef(Schema):
    slug: str
    name: str


class IndicatorRef(Schema):
    code: str
    name: str
    unit: str


class ResourceOut(Schema):
    title: str
    format: str
    size: int
    url: str


class DatasetOut(Schema):
    slug: str
    title: str
    description: str
    organization: OrganizationRef
    topic: str
    tags: list[str]
    licence: str
    update_schedule: str
    temporal_start: str
    temporal_end: str
    spatial_coverage: str | None
    modified: datetime
    url: str = Field(description="Halaman dataset di portal")
    api_url: str


class DatasetDetailOut(DatasetOut):
    indicators: list[IndicatorRef]
    resources: list[ResourceOut]
    downloads: dict[str, str]


class FacetOut(Schema):
    value: str
    label: str
    count: int


class DatasetPageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[DatasetOut]
    facets: dict[str, list[FacetOut]]


class DatasetParams(Schema):
    q: str = Field("", max_length=200, description="Kata kunci (judul, deskripsi, kata kunci, indikator)")
    organization: str = Field("", max_length=80)
    topic: str = Field("", max_length=100)
    region: str = Field("", max_length=13, description="Kode Kemendagri cakupan wilayah")
    year: int | None = Field(None, ge=1000, le=9999)
    format: str = Field("", max_length=20)
    tag: str = Field("", max_length=100)
    sort: Literal["relevance", "title", "modified", "-modified"] = "relevance"
    page: int = Field(1, ge=1, le=100_000)
    per_page: int = Field(20, ge=1, le=catalog.MAX_PER_PAGE)


class IndicatorOut(Schema):
    code: str
    name: str
    name_en: str
    unit: str
    periodicity: str
    definition: str
    concept: str
    is_percentage: bool
    aggregatable: bool = Field(description="Nilai kab/kota boleh dijumlahkan ke provinsi")
    classifications: list[str]


class IndicatorPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[IndicatorOut]


class OrganizationOut(Schema):
    slug: str
    name: str
    kind: str
    region: str | None
    datasets: int


class OrganizationDetailOut(OrganizationOut):
    dataset_list: list[DatasetOut]


class AlternativeOut(Schema):
    value: float
    unit: str
    producer: str


class ObservationOut(Schema):
    id: int | None = Field(description="null in official=true mode (one value chosen per cell)")
    dataset: str | None
    indicator: str
    region: str
    region_bps: str | None
    period: str
    disagg: str
    value: float
    unit: str
    status: str
    producer: str
    published_at: datetime | None
    note: str | None = Field(None, description="official=true: why this producer's value is the official one")
    alternatives: list[AlternativeOut] | None = Field(
        None, description="include=alternatives: other producers"
    )


class ObservationPageOut(Schema):
    count: int = Field(description="Jumlah baris di halaman ini")
    next_cursor: str | None = Field(description="Teruskan sebagai ?cursor= untuk halaman berikutnya")
    next: str | None
    items: list[ObservationOut]


class ObservationParams(Schema):
    indicator: str | None = Field(None, max_length=40, pattern=CODE)
    dataset: str | None = Field(None, max_length=120, pattern=SLUG)
    region: str | None = Field(None, max_length=13, description="Kode Kemendagri (18.01) atau BPS (1803)")
    scheme: Literal["kemendagri", "bps"] | None = None
    descendants: bool = Field(False, description="Sertakan semua wilayah di bawah `region`")
    period: str | None = Field(
        None,
        max_length=7,
        pattern=r"^[0-9A-Za-z-]+$",
        description="Satu periode: 2023, 2023-S1, 2023-Q2, 2023-03",
    )
    period_from: str | None = Field(None, max_length=7, pattern=r"^[0-9A-Za-z-]+$")
    period_to: str | None = Field(None, max_length=7, pattern=r"^[0-9A-Za-z-]+$")
    disagg: str | None = Field(None, max_length=200, description='"" = total; mis. "jk=1"')
    as_of: datetime | None = Field(None, description="Nilai yang terbit pada waktu ini")
    updated_after: datetime | None = Field(None, description="Hanya nilai yang terbit setelah waktu ini")
    cursor: str | None = Field(None, max_length=20, pattern=r"^[0-9]+$")
    limit: int = Field(1000, ge=1, le=5000)
    format: Literal["json", "csv"] = "json"
    official: bool = Field(
        False, description="Satu nilai resmi per sel (pilihan walidata di antara produsen)"
    )
    include: Literal["alternatives"] | None = Field(
        None, description="alternatives: nilai produsen lain per sel (menyiratkan official=true)"
    )


class AggregateParams(Schema):
    indicator: str = Field(max_length=40, pattern=CODE)
    parent: str = Field(max_length=13, description="Wilayah induk (Kemendagri atau BPS)")
    scheme: Literal["kemendagri", "bps"] | None = None
    period: str | None = Field(None, max_length=7, pattern=r"^[0-9A-Za-z-]+$")
    disagg: str = Field("", max_length=200)


class AggregateRowOut(Schema):
    period: str
    disagg: str
    value: float
    regions: int = Field(description="Jumlah wilayah anak yang dijumlahkan")


class AggregateOut(Schema):
    indicator: str
    parent: str
    unit: str
    items: list[AggregateRowOut]


# ---- helpers -------------------------------------------------------------------------------------------


def _dataset_out(request: HttpRequest, d: Dataset) -> dict[str, Any]:
    return {
        "slug": d.slug,
        "title": d.title,
        "description": d.description,
        "organization": {"slug": d.producer.slug, "name": d.producer.name},
        "topic": d.topic,
        "tags": [t for t in (d.tags or []) if isinstance(t, str)],
        "licence": d.licence,
        "update_schedule": d.update_schedule,
        "temporal_start": d.temporal_start,
        "temporal_end": d.temporal_end,
        "spatial_coverage": d.spatial_coverage_id,
        "modified": d.modified_at,
        "url": request.build_absolute_uri(reverse("datasets:detail", args=[d.slug])),
        "api_url": request.build_absolute_uri(f"/api/v1/datasets/{d.slug}"),
    }


def _indicator_out(i: Indicator) -> dict[str, Any]:
    return {
        "code": i.code,
        "name": i.name_id,
        "name_en": i.name_en,
        "unit": i.unit,
        "periodicity": i.periodicity,
        "definition": i.definition,
        "concept": i.concept,
        "is_percentage": i.is_percentage,
        "aggregatable": catalog.aggregatable(i),
        "classifications": [c.code for c in i.classifications.all()],
    }


def resolve_region(code: str, scheme: str | None) -> Region:
    """A region by either code scheme; 422 for a malformed or ambiguous code, 404 for an unknown one."""
    _text(code, "region")
    try:
        found = regions.region_get(code, scheme)  # type: ignore[arg-type]
    except regions.InvalidRegionCode as exc:
        raise unprocessable(_("Kode wilayah tidak valid."), {"region": code}) from exc
    if isinstance(found, regions.AmbiguousCode):
        raise unprocessable(
            _("Kode wilayah ini berbeda arti di skema Kemendagri dan BPS; tambahkan ?scheme=."),
            {s: r.code for s, r in found.candidates.items()},
        )
    if found is None:
        raise not_found(_("Wilayah tidak ditemukan."))
    return found


def _indicator(code: str, request: HttpRequest) -> Indicator:
    found = catalog.indicator_get(user=request.user, code=_text(code, "indicator"))
    if found is None:
        raise not_found(_("Indikator tidak ditemukan."))
    return found


# ---- datasets ------------------------------------------------------------------------------------------


@datasets_router.get("", response={200: DatasetPageOut, **ERRORS}, summary="Cari dataset (dengan facet)")
def list_datasets(request: HttpRequest, params: Query[DatasetParams]) -> dict[str, Any]:
    throttle(request)
    values = params.dict()
    for key in ("q", "organization", "topic", "region", "format", "tag"):
        _text(values[key], key)
    result = catalog.search_datasets(user=request.user, filters=catalog.Filters(**values))
    return {
        "count": result.total,
        "page": result.page,
        "pages": result.pages,
        "items": [_dataset_out(request, d) for d in result.datasets],
        "facets": {k: [vars(v) for v in vs] for k, vs in result.facets.items()},
    }


@datasets_router.get("/{slug}", response={200: DatasetDetailOut, **ERRORS}, summary="Satu dataset")
def get_dataset(request: HttpRequest, slug: str) -> dict[str, Any]:
    throttle(request)
    d = dataset_get(slug=_text(slug, "slug"), user=request.user)
    if d is None:
        raise not_found(_("Dataset tidak ditemukan."))
    out = _dataset_out(request, d)
    out["indicators"] = [
        {"code": i.code, "name": i.name_id, "unit": i.unit} for i in d.indicators.order_by("code")
    ]
    out["resources"] = [
        {
            "title": r.title,
            "format": r.format,
            "size": r.size,
            "url": request.build_absolute_uri(r.get_absolute_url()),
        }
        for r in d.resources.all()
    ]
    out["downloads"] = {
        fmt: request.build_absolute_uri(reverse("datasets:download", args=[d.slug, fmt]))
        for fmt in ("csv", "json", "xlsx")
    }
    return out


# ---- indicators ----------------------------------------------------------------------------------------


class PageParams(Schema):
    limit: int = Field(100, ge=1, le=1000)
    offset: int = Field(0, ge=0, le=1_000_000)


@indicators_router.get("", response={200: IndicatorPageOut, **ERRORS}, summary="Indikator yang punya data")
def list_indicators(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    throttle(request)
    qs = catalog.indicators_public(user=request.user).prefetch_related("classifications")
    items = list(qs[params.offset : params.offset + params.limit])
    return {
        "count": qs.count(),
        "limit": params.limit,
        "offset": params.offset,
        "items": [_indicator_out(i) for i in items],
    }


@indicators_router.get("/{code}", response={200: IndicatorOut, **ERRORS}, summary="Satu indikator")
def get_indicator(request: HttpRequest, code: str) -> dict[str, Any]:
    throttle(request)
    return _indicator_out(_indicator(code, request))


# ---- organizations -------------------------------------------------------------------------------------


def _organization_out(o: Organization, count: int) -> dict[str, Any]:
    return {"slug": o.slug, "name": o.name, "kind": o.kind, "region": o.region_id, "datasets": count}


@organizations_router.get("", response={200: list[OrganizationOut], **ERRORS}, summary="Produsen data")
def list_organizations(request: HttpRequest) -> list[dict[str, Any]]:
    throttle(request)
    return [_organization_out(o, o.count) for o in catalog.organizations_with_datasets(user=request.user)]  # type: ignore[attr-defined]


@organizations_router.get("/{slug}", response={200: OrganizationDetailOut, **ERRORS}, summary="Satu produsen")
def get_organization(request: HttpRequest, slug: str) -> dict[str, Any]:
    throttle(request)
    page = catalog.organization_page(user=request.user, slug=_text(slug, "slug"))
    if page is None:
        raise not_found(_("Organisasi tidak ditemukan."))
    out = _organization_out(page["organization"], len(page["datasets"]))
    out["dataset_list"] = [_dataset_out(request, d) for d in page["datasets"]]
    return out


# ---- observations --------------------------------------------------------------------------------------


def observations_query(request: HttpRequest, p: ObservationParams) -> QuerySet[Observation]:
    """Published values the caller may see, filtered as asked, ordered by id (the keyset).

    The indicator, and a region given by its Kemendagri code (the observation's own region key), are
    matched inside this query; whether an unknown code is a 404 is asked only when the page comes back
    empty (`_missing_filter`), which saves one or two queries on every other call."""
    dataset = None
    if p.dataset:
        dataset = dataset_get(slug=p.dataset, user=request.user)
        if dataset is None:
            raise not_found(_("Dataset tidak ditemukan."))
    qs = public_observations(
        user=request.user,
        as_of=_aware(p.as_of),
        updated_after=_aware(p.updated_after),
        dataset=dataset,
        period=p.period,
    )
    where = Q()  # one filter() call: every call clones the query, a good part of a small call's time
    if p.indicator:
        where &= Q(indicator__code=_text(p.indicator, "indicator"))
    if p.region:
        code = _text(p.region, "region")
        if p.scheme == "bps" or regions.code_schemes(code) != ["kemendagri"]:
            code = resolve_region(code, p.scheme).code
        where &= (
            Q(region_id=code) | Q(region__code__startswith=code + ".") if p.descendants else Q(region_id=code)
        )
    elif p.descendants:
        raise unprocessable(_("descendants=true memerlukan region."), {"descendants": True})
    if p.period_from:
        where &= Q(period__gte=p.period_from)
    if p.period_to:
        where &= Q(period__lte=p.period_to)
    if p.disagg is not None:
        where &= Q(disagg=_text(p.disagg, "disagg"))
    if p.cursor:
        where &= Q(pk__gt=int(p.cursor))
    return qs.filter(where).order_by("pk")


def _missing_filter(request: HttpRequest, p: ObservationParams) -> None:
    """An empty page because the indicator or region does not exist (or is not visible) is a 404."""
    if p.indicator:
        _indicator(p.indicator, request)
    if p.region:
        resolve_region(p.region, p.scheme)


_OBS_FIELDS = ("pk", "dataset__slug", "indicator__code", "region_id", "region__bps_code", "period", "disagg",
               "value", "unit", "status", "producer__slug", "published_at")  # fmt: skip


def _rows(qs: QuerySet[Observation], limit: int) -> list[dict[str, Any]]:
    out = []
    for pk, ds, ind, reg, bps, period, disagg, value, unit, status, producer, published in qs.values_list(
        *_OBS_FIELDS
    )[:limit]:
        out.append(
            {
                "id": pk,
                "dataset": ds,
                "indicator": ind,
                "region": reg,
                "region_bps": bps,
                "period": period,
                "disagg": disagg,
                "value": value,
                "unit": unit,
                "status": _STATUS.get(status, ""),
                "producer": producer,
                "published_at": published,
            }  # fmt: skip
        )
    return out


@observations_router.get(
    "",
    response={200: ObservationPageOut, **ERRORS},
    summary="Nilai terbit, disaring indikator, wilayah, periode dan disagregasi",
    description="Keyset pagination: ikuti `next` (atau `cursor=next_cursor`). `format=csv` mengembalikan "
    'halaman yang sama sebagai CSV, dengan header `Link: <...>; rel="next"`.',
)
def list_observations(request: HttpRequest, params: Query[ObservationParams]) -> Any:
    throttle(request)
    if params.official or params.include:
        rows = _official_rows(request, params)
        more = len(rows) > params.limit
        rows = rows[: params.limit]
        start = int(params.cursor or 0)
        next_cursor = str(start + len(rows)) if more else None
    else:
        rows = _rows(observations_query(request, params), params.limit + 1)
        if not rows:
            _missing_filter(request, params)
        more = len(rows) > params.limit
        rows = rows[: params.limit]
        next_cursor = str(rows[-1]["id"]) if more and rows else None
    next_url = None
    if next_cursor is not None:
        query = request.GET.copy()
        query["cursor"] = next_cursor
        next_url = request.build_absolute_uri(request.path + "?" + query.urlencode())
    if params.format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        columns = [c for c in ObservationOut.model_fields if c != "alternatives"]
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        if next_url:
            response["Link"] = f'<{next_url}>; rel="next"'
        return response
    page = {"count": len(rows), "next_cursor": next_cursor, "next": next_url, "items": rows}
    if params.official or params.include:
        return page
    # The plain rows already have ObservationPageOut's shape and types (tested against the OpenAPI schema):
    # written directly, without validating every row again, which took most of a call's time.
    for row in rows:
        row["note"] = row["alternatives"] = None
    return JsonResponse(page, json_dumps_params={"ensure_ascii": False})


MAX_OFFICIAL_CELLS = 100_000


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return "" if value is None else value


def _official_rows(request: HttpRequest, p: ObservationParams) -> list[dict[str, Any]]:
    """official=true / include=alternatives: one official value per cell (simpul.reconcile), sorted by cell;
    the cursor is the position in that order (cells are few per indicator)."""
    if not p.indicator:
        raise unprocessable(_("official=true memerlukan indicator."), {"indicator": None})
    indicator = _indicator(p.indicator, request)
    region_ids = None
    if p.region:
        region = resolve_region(p.region, p.scheme)
        region_ids = [region.code]
        if p.descendants:
            region_ids += list(
                Region.objects.filter(code__startswith=region.code + ".").values_list("code", flat=True)
            )
    elif p.descendants:
        raise unprocessable(_("descendants=true memerlukan region."), {"descendants": True})
    items = official_values(
        user=request.user,
        as_of=_aware(p.as_of),
        updated_after=_aware(p.updated_after),
        indicator_ids=[indicator.pk],
        region_ids=region_ids,
        include_alternatives=p.include == "alternatives",
    )
    if p.period:
        items = [i for i in items if i["period"] == p.period]
    if p.period_from:
        items = [i for i in items if i["period"] >= p.period_from]
    if p.period_to:
        items = [i for i in items if i["period"] <= p.period_to]
    if p.disagg is not None:
        disagg = _text(p.disagg, "disagg")
        items = [i for i in items if i["disagg"] == disagg]
    items.sort(key=lambda i: (i["region"], i["period"], i["disagg"]))
    bps = dict(Region.objects.filter(code__in={i["region"] for i in items}).values_list("code", "bps_code"))
    start = int(p.cursor or 0)
    out = []
    for i in items[start : start + p.limit + 1][:MAX_OFFICIAL_CELLS]:
        row: dict[str, Any] = {
            "id": None, "dataset": None, "indicator": i["indicator"], "region": i["region"],
            "region_bps": bps.get(i["region"]), "period": i["period"], "disagg": i["disagg"],
            "value": i["value"], "unit": i["unit"], "status": "", "producer": i["source"]["slug"],
            "published_at": i["published_at"], "note": i["note"],
        }  # fmt: skip
        if "alternatives" in i:
            row["alternatives"] = [
                {"value": a["value"], "unit": a["unit"], "producer": a["source"]["slug"]}
                for a in i["alternatives"]
            ]
        out.append(row)
    return out


@observations_router.get(
    "/aggregate",
    response={200: AggregateOut, **ERRORS},
    summary="Jumlah nilai wilayah anak per wilayah induk (hanya indikator yang boleh dijumlahkan)",
)
def aggregate_observations(request: HttpRequest, params: Query[AggregateParams]) -> dict[str, Any]:
    throttle(request)
    indicator = _indicator(params.indicator, request)
    if not catalog.aggregatable(indicator):
        raise ApiError(
            422,
            "not_aggregatable",
            _("Indikator ini (rasio, persentase atau indeks) tidak boleh dijumlahkan antarwilayah."),
            {"indicator": indicator.code},
        )
    parent = resolve_region(params.parent, params.scheme)
    children = list(Region.objects.filter(parent=parent).values_list("code", flat=True))
    disagg = _text(params.disagg, "disagg")
    totals: dict[tuple[str, str], list[float]] = {}
    # One official value per cell (the walidata's choice among producers), so no double counting.
    for item in official_values(
        user=request.user, indicator_ids=[indicator.pk], region_ids=children, period=params.period
    ):
        if item["disagg"] == disagg:
            totals.setdefault((item["period"], item["disagg"]), []).append(item["value"])
    rows = [{"period": k[0], "disagg": k[1], "total": sum(v), "n": len(v)} for k, v in sorted(totals.items())]
    return {
        "indicator": indicator.code,
        "parent": parent.code,
        "unit": indicator.unit,
        "items": [
            {"period": r["period"], "disagg": r["disagg"], "value": r["total"], "regions": r["n"]}
            for r in rows
        ],
    }
