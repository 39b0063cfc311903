"""SDMX REST (sdmx-rest v2, SDMX 3.0 style paths) over `cube` and the writers. Read-only, GET only.

Data:      /api/sdmx/data/dataflow/SIMPUL/<flow>/<version>/<key>   (key optional; `*` or empty = all)
Structure: /api/sdmx/structure/{dataflow,datastructure,codelist,conceptscheme}/SIMPUL/<id>/<version>
Format: `format=` (sdmx-json | sdmx-csv) or the Accept header; SDMX-JSON 2.0 by default.
"""

from __future__ import annotations

import json
from datetime import UTC
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from simpul.standards.models import Classification

from . import cube as cubes
from . import data, structures
from .cube import AGENCY, TIME, TOTAL, sdmx_id

JSON_DATA = "application/vnd.sdmx.data+json; version=2.0.0; charset=utf-8"
CSV_DATA = "application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8"
JSON_STRUCTURE = "application/vnd.sdmx.structure+json; version=2.0.0; charset=utf-8"
VERSIONS = {"1.0", "1.0.0", "latest", "~", "+", "*"}


def _error(status: int, message: str) -> JsonResponse:
    """SDMX-JSON's error form: an `errors` list of status messages (code 100 = no results)."""
    code = {404: 100, 400: 140, 406: 406}.get(status, 500)
    return JsonResponse({"errors": [{"code": code, "title": str(message)}]}, status=status)


def _json(body: dict[str, Any], content_type: str) -> HttpResponse:
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type=content_type)


def _wants_csv(request: HttpRequest) -> bool | None:
    fmt = request.GET.get("format", "").lower()
    if fmt:
        if fmt in ("sdmx-csv", "csv", "csvfile", "sdmx-csv-2.0"):
            return True
        if fmt in ("sdmx-json", "json", "jsondata", "sdmx-json-2.0"):
            return False
        return None
    accept = request.headers.get("Accept", "")
    return "csv" in accept and "json" not in accept


def _key_filters(key: str, dims: list[cubes.Dimension]) -> dict[str, set[str]] | None:
    """Key "IPM.18+18_01.*" -> {"INDICATOR": {"IPM"}, "REGION": {"18", "18_01"}}; None: too many parts."""
    if key in ("", "*", "all"):
        return {}
    parts = key.split(".")
    if len(parts) > len(dims):
        return None
    out: dict[str, set[str]] = {}
    for dim, part in zip(dims, parts, strict=False):
        if part and part != "*":
            out[dim.id] = {v for v in part.replace(",", "+").split("+") if v}
    return out


def _component_filters(request: HttpRequest, filters: dict[str, set[str]]) -> tuple[str | None, str | None]:
    """c[DIM]=A,B and c[TIME_PERIOD]=ge:2020+le:2024 (also startPeriod/endPeriod)."""
    start = request.GET.get("startPeriod") or None
    end = request.GET.get("endPeriod") or None
    for name in request.GET:
        value = request.GET.get(name, "")
        if not (name.startswith("c[") and name.endswith("]")):
            continue
        dim = name[2:-1]
        for clause in value.replace(" ", "+").split("+"):
            op, _sep, operand = clause.partition(":") if ":" in clause else ("eq", "", clause)
            if dim == TIME and op in ("ge", "gt"):
                start = operand
            elif dim == TIME and op in ("le", "lt"):
                end = operand
            elif op == "eq":
                filters.setdefault(dim, set()).update(v for v in operand.split(",") if v)
            else:
                raise ValueError(clause)
    return start, end


@require_GET
def data_view(
    request: HttpRequest, agency: str, flow: str, version: str = "latest", key: str = ""
) -> HttpResponse:
    if agency not in (AGENCY, "*") or version not in VERSIONS:
        return _error(404, _("Aliran data tidak ditemukan."))
    indicator = cubes.indicator_by_flow(request.user, flow)
    if indicator is None:
        return _error(404, _("Aliran data tidak ditemukan."))
    csv_wanted = _wants_csv(request)
    if csv_wanted is None:
        return _error(406, _("Format tidak didukung; gunakan sdmx-json atau sdmx-csv."))
    dims = cubes.dimensions_for(indicator)
    filters = _key_filters(key, dims)
    if filters is None:
        return _error(400, _("Kunci memiliki lebih banyak bagian daripada dimensi."))
    try:
        start, end = _component_filters(request, filters)
    except ValueError:
        return _error(400, _("Filter komponen tidak didukung."))
    known = {d.id for d in dims} | {TIME}
    if set(filters) - known:
        return _error(
            400, _("Dimensi tidak dikenal: {names}").format(names=", ".join(sorted(set(filters) - known)))
        )
    updated_after = None
    if request.GET.get("updatedAfter"):
        updated_after = parse_datetime(request.GET["updatedAfter"])
        if updated_after is None:
            return _error(400, _("updatedAfter harus waktu ISO 8601."))
        if updated_after.tzinfo is None:
            updated_after = updated_after.replace(tzinfo=UTC)
    cube = cubes.build(
        indicator=indicator,
        user=request.user,
        filters=filters,
        start=start,
        end=end,
        updated_after=updated_after,
    )
    if not cube.cells:
        return _error(404, _("Tidak ada data yang cocok."))
    if csv_wanted:
        response = HttpResponse(data.csv_text(cube), content_type=CSV_DATA)
        response["Content-Disposition"] = f'inline; filename="{cube.flow_id}.csv"'
        return response
    return _json(data.json_message(cube), JSON_DATA)


@require_GET
def structure_view(
    request: HttpRequest, kind: str, agency: str, artefact: str = "*", version: str = "latest"
) -> HttpResponse:
    if agency not in (AGENCY, "*") or version not in VERSIONS:
        return _error(404, _("Struktur tidak ditemukan."))
    references = request.GET.get("references", "none" if artefact in ("*", "all") else "children")
    with_refs = references in ("children", "descendants", "all", "parents", "parentsandsiblings")
    indicators = list(cubes.indicators_visible_to(request.user))
    if kind == "dataflow" and artefact in ("*", "all"):
        flows = [structures.dataflow(cubes.Cube(i, [], [], {}, [])) for i in indicators]
        return _json(structures.message(dataflows=flows), JSON_STRUCTURE)
    if kind in ("dataflow", "datastructure"):
        indicator = cubes.indicator_by_flow(request.user, artefact)
        if indicator is None or (kind == "dataflow") != artefact.startswith("DF_"):
            return _error(404, _("Struktur tidak ditemukan."))
        cube = cubes.build(indicator=indicator, user=request.user)
        if with_refs:
            body = structures.full_structure(cube, indicators=indicators, with_flow=kind == "dataflow")
        elif kind == "dataflow":
            body = structures.message(dataflows=[structures.dataflow(cube)])
        else:
            body = structures.message(data_structures=[structures.data_structure(cube)])
        return _json(body, JSON_STRUCTURE)
    if kind == "conceptscheme" and artefact in (structures.CONCEPT_SCHEME, "*", "all"):
        scheme = structures.concept_scheme(list(Classification.objects.order_by("code")))
        return _json(structures.message(concept_schemes=[scheme]), JSON_STRUCTURE)
    if kind == "codelist":
        found = _codelist(request, artefact, indicators)
        if found is not None:
            return _json(structures.message(codelists=[found]), JSON_STRUCTURE)
    return _error(404, _("Struktur tidak ditemukan."))


def _codelist(request: HttpRequest, artefact: str, indicators: list[Any]) -> dict[str, Any] | None:
    if artefact == "CL_INDICATOR":
        return structures.indicator_codelist(indicators)
    if artefact == "CL_OBS_STATUS":
        return structures.status_codelist()
    if artefact.startswith("CL_REGION_"):
        indicator = cubes.indicator_by_flow(request.user, artefact[len("CL_REGION_") :])
        if indicator is None:
            return None
        return structures.region_codelist(cubes.build(indicator=indicator, user=request.user))
    for cls in Classification.objects.order_by("code"):
        if f"CL_{sdmx_id(cls.code).upper()}" == artefact:
            return structures.classification_codelist(cls)
    return None


__all__ = ["TOTAL", "data_view", "structure_view"]
