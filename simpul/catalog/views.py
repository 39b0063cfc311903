"""Public portal pages: home, search, organizations, indicators, regions. Each has a JSON twin (?format=json).

Thin adapters over `simpul.catalog.selectors`; the dataset page itself is `simpul.datasets.views.detail`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from simpul.datasets.models import Dataset
from simpul.regions import selectors as region_selectors
from simpul.regions.models import Region
from simpul.regions.selectors import tilegrid

from . import selectors

NAV = "satudata-home"


def tilegrid_tiles() -> list[dict[str, Any]]:
    """Fixed grid positions of the home province's kab/kota (see docs/portal.md, static/src/tilegrid.js)."""
    return list(tilegrid(settings.SIMPUL_HOME_REGION[:2]))


def _json(request: HttpRequest) -> bool:
    return request.GET.get("format") == "json"


def _dataset_json(request: HttpRequest, d: Dataset) -> dict[str, Any]:
    return {
        "slug": d.slug,
        "title": d.title,
        "description": d.description,
        "organization": {"slug": d.producer.slug, "name": d.producer.name},
        "topic": d.topic,
        "modified": d.modified_at.isoformat(),
        "url": request.build_absolute_uri(reverse("datasets:detail", args=[d.slug])),
    }


def _int(value: str | None, default: int | None) -> int | None:
    try:
        return int(value) if value else default
    except ValueError:
        return default


def _filters(request: HttpRequest) -> selectors.Filters:
    g = request.GET
    sort = g.get("sort", "relevance")
    return selectors.Filters(
        q=g.get("q", "")[:200].replace("\x00", ""),
        organization=g.get("organization", "")[:80],
        topic=g.get("topic", "")[:100],
        region=g.get("region", "")[:13],
        year=_int(g.get("year"), None),
        format=g.get("format_file", "")[:20],
        tag=g.get("tag", "")[:100],
        sort=sort if sort in selectors.SORTS else "relevance",
        page=max(1, _int(g.get("page"), 1) or 1),
        per_page=20,
    )


def home(request: HttpRequest) -> HttpResponse:
    topics = selectors.topics(user=request.user)
    latest = selectors.latest_datasets(user=request.user)
    organizations = list(selectors.organizations_with_datasets(user=request.user)[:12])
    if _json(request):
        return JsonResponse(
            {
                "topics": topics,
                "latest": [_dataset_json(request, d) for d in latest],
                "organizations": [
                    {"slug": o.slug, "name": o.name, "datasets": o.count}  # type: ignore[attr-defined]
                    for o in organizations
                ],
            }
        )
    context = {"nav_key": NAV, "topics": topics, "latest": latest, "organizations": organizations}
    return render(request, "catalog/home.html", context)


FACET_LABELS = {
    "organization": _("Produsen data"),
    "topic": _("Topik"),
    "region": _("Wilayah"),
    "year": _("Tahun"),
    "format": _("Format"),
    "tag": _("Kata kunci"),
}


def search(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    result = selectors.search_datasets(user=request.user, filters=filters)
    if _json(request):
        return JsonResponse(
            {
                "count": result.total,
                "page": result.page,
                "pages": result.pages,
                "items": [_dataset_json(request, d) for d in result.datasets],
                "facets": {k: [vars(v) for v in vs] for k, vs in result.facets.items()},
            }
        )
    param = {"format": "format_file"}
    facets = []
    for key, values in result.facets.items():
        name = param.get(key, key)
        selected = request.GET.get(name, "")
        items = []
        for v in values:
            query = request.GET.copy()
            query.pop("page", None)
            if selected == v.value:
                query.pop(name, None)
            else:
                query[name] = v.value
            items.append({"value": v, "selected": selected == v.value, "query": query.urlencode()})
        facets.append({"key": key, "label": FACET_LABELS[key], "items": items})

    def page_query(n: int) -> str:
        query = request.GET.copy()
        query["page"] = str(n)
        return query.urlencode()

    json_query = request.GET.copy()
    json_query["format"] = "json"
    context = {
        "nav_key": NAV,
        "result": result,
        "filters": filters,
        "facets": facets,
        "sorts": [
            ("relevance", _("Paling cocok")),
            ("title", _("Judul A-Z")),
            ("-modified", _("Terbaru")),
            ("modified", _("Terlama")),
        ],  # fmt: skip
        "prev_query": page_query(result.page - 1) if result.page > 1 else "",
        "next_query": page_query(result.page + 1) if result.page < result.pages else "",
        "json_query": json_query.urlencode(),
    }
    return render(request, "catalog/search.html", context)


def organizations(request: HttpRequest) -> HttpResponse:
    orgs = list(selectors.organizations_with_datasets(user=request.user))
    if _json(request):
        return JsonResponse(
            {"items": [{"slug": o.slug, "name": o.name, "kind": o.kind, "datasets": o.count} for o in orgs]}  # type: ignore[attr-defined]
        )
    return render(request, "catalog/organizations.html", {"nav_key": NAV, "organizations": orgs})


def organization(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.organization_page(user=request.user, slug=slug)
    if page is None:
        raise Http404
    org = page["organization"]
    if _json(request):
        return JsonResponse(
            {
                "slug": org.slug,
                "name": org.name,
                "kind": org.kind,
                "region": org.region_id,
                "datasets": [_dataset_json(request, d) for d in page["datasets"]],
            }
        )
    return render(request, "catalog/organization.html", {"nav_key": NAV, **page})


def indicators(request: HttpRequest) -> HttpResponse:
    items = list(selectors.indicators_public(user=request.user)[:1000])
    if _json(request):
        return JsonResponse({"items": [{"code": i.code, "name": i.name_id, "unit": i.unit} for i in items]})
    return render(request, "catalog/indicators.html", {"nav_key": NAV, "indicators": items})


def indicator(request: HttpRequest, code: str) -> HttpResponse:
    found = selectors.indicator_get(user=request.user, code=code)
    if found is None:
        raise Http404
    table = selectors.indicator_table(user=request.user, indicator=found)
    if _json(request):
        return JsonResponse(
            {
                "code": found.code,
                "name": found.name_id,
                "unit": found.unit,
                "definition": found.definition,
                "aggregatable": selectors.aggregatable(found),
                **table,
            }
        )
    chart = {
        "indicators": [
            {
                "code": found.code,
                "name": found.name_id,
                "unit": found.unit,
                "periods": table["periods"],
                "regions": {
                    r["code"]: {
                        "name": r["name"],
                        "values": dict(zip(table["periods"], r["values"], strict=True)),
                    }
                    for r in table["rows"]
                },
            }
        ],
        "tiles": tilegrid_tiles(),
    }
    context = {"nav_key": NAV, "indicator": found, "table": table, "chart": chart,
               "aggregatable": selectors.aggregatable(found)}  # fmt: skip
    return render(request, "catalog/indicator.html", context)


def region(request: HttpRequest, code: str) -> HttpResponse:
    try:
        found = region_selectors.region_get(code)
    except region_selectors.InvalidRegionCode as exc:
        raise Http404 from exc
    if not isinstance(found, Region):
        raise Http404
    page = selectors.region_page(user=request.user, region=found)
    if _json(request):
        return JsonResponse(
            {
                "code": found.code,
                "bps_code": found.bps_code,
                "name": found.name,
                "facts": page["facts"],
                "datasets": [_dataset_json(request, d) for d in page["datasets"]],
                "children": [{"code": c.code, "name": c.name} for c in page["children"]],
            }
        )
    return render(request, "catalog/region.html", {"nav_key": NAV, **page})
