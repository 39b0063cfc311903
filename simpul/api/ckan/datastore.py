"""`datastore_search` over a dataset's published observations: per producer and cell, the latest revision
the walidata has published, as `simpul.datasets.selectors.public_observations` serves them.

Fields: _id, indikator, nama_indikator, wilayah, nama_wilayah, periode, disagregasi, nilai, satuan, status.
Filters are equality on one value or any of a list; `q` is a case-insensitive substring over the text
fields (a string) or per field (a dict). No SQL is ever taken from the caller.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from simpul.datasets.models import Dataset, Observation, ObservationStatus
from simpul.datasets.selectors import public_observations

from .dicts import DATASTORE_FIELDS
from .errors import ValidationError
from .params import as_bool, as_dict, as_int, as_list, as_str

ROWS_MAX = 32000
COLUMNS = {
    "_id": "id",
    "indikator": "indicator__code",
    "nama_indikator": "indicator__name_id",
    "wilayah": "region__code",
    "nama_wilayah": "region__name",
    "periode": "period",
    "disagregasi": "disagg",
    "nilai": "value",
    "satuan": "unit",
    "status": "status",
}
TEXT_FIELDS = ("indikator", "nama_indikator", "wilayah", "nama_wilayah", "periode", "disagregasi", "satuan")
_STATUS_CODE = {s.name.lower(): s.value for s in ObservationStatus}
_STATUS_NAME = {s.value: s.name.lower() for s in ObservationStatus}


def _match(field: str, value: Any) -> Q:
    column = COLUMNS[field]
    if field == "status":
        code = _STATUS_CODE.get(str(value).lower())
        return Q(**{column: code}) if code is not None else Q(pk__in=[])
    if field in ("_id", "nilai"):
        try:
            number: float | int = int(value) if field == "_id" else float(value)
        except (TypeError, ValueError):
            raise ValidationError(
                {"filters": [_("Nilai bukan angka untuk {field}.").format(field=field)]}
            ) from None
        return Q(**{column: number})
    return Q(**{column: str(value)})


def _fields(params: dict[str, Any]) -> list[str]:
    fields = as_list(params, "fields") or [name for name, _type in DATASTORE_FIELDS]
    unknown = [f for f in fields if f not in COLUMNS]
    if unknown:
        raise ValidationError(
            {"fields": [_("Kolom tidak dikenal: {names}").format(names=", ".join(unknown))]}
        )
    return fields


def _order(params: dict[str, Any]) -> list[str]:
    sort = params.get("sort")
    parts = (
        as_list(params, "sort") if isinstance(sort, list) else [p for p in as_str(params, "sort").split(",")]
    )
    ordering = []
    for part in [p.strip() for p in parts if p.strip()]:
        bits = part.strip('"').split()
        name = bits[0].strip('"')
        direction = bits[1].lower() if len(bits) > 1 else "asc"
        if name not in COLUMNS or direction not in ("asc", "desc") or len(bits) > 2:
            raise ValidationError({"sort": [_("Urutan tidak sah: {part}").format(part=part)]})
        ordering.append(("-" if direction == "desc" else "") + COLUMNS[name])
    return [*ordering, "id"]


def search(dataset: Dataset, resource_id: str, params: dict[str, Any], user: Any) -> dict[str, Any]:
    fields = _fields(params)
    limit = as_int(params, "limit", 100, maximum=ROWS_MAX) or 0
    offset = as_int(params, "offset", 0) or 0
    include_total = as_bool(params, "include_total", True)
    filters = as_dict(params, "filters")
    qs: QuerySet[Observation] = public_observations(user=user, dataset=dataset)
    for name, value in filters.items():
        if name not in COLUMNS:
            raise ValidationError({"filters": [_("Kolom tidak dikenal: {name}").format(name=name)]})
        values = value if isinstance(value, list) else [value]
        condition = Q(pk__in=[])
        for item in values:
            if isinstance(item, dict | list):
                raise ValidationError({"filters": [_("Nilai filter harus teks atau angka.")]})
            condition |= _match(name, item)
        qs = qs.filter(condition)
    q = params.get("q")
    if isinstance(q, dict) or (isinstance(q, str) and q.strip().startswith("{")):
        for name, word in as_dict(params, "q").items():
            if name not in TEXT_FIELDS:
                raise ValidationError({"q": [_("Kolom tidak dapat dicari: {name}").format(name=name)]})
            qs = qs.filter(**{f"{COLUMNS[name]}__icontains": str(word)})
    elif q:
        for word in as_str(params, "q").split():
            condition = Q()
            for name in TEXT_FIELDS:
                condition |= Q(**{f"{COLUMNS[name]}__icontains": word})
            qs = qs.filter(condition)
    ordered = qs.order_by(*_order(params))
    columns = [COLUMNS[f] for f in fields]
    records = []
    for row in ordered.values_list(*columns)[offset : offset + limit]:
        record = dict(zip(fields, row, strict=True))
        if "status" in record:
            record["status"] = _STATUS_NAME.get(record["status"], "")
        records.append(record)
    types = dict(DATASTORE_FIELDS)
    result: dict[str, Any] = {
        "resource_id": resource_id,
        "fields": [{"id": f, "type": types[f]} for f in fields],
        "records": records,
        "offset": offset,
        "limit": limit,
        "filters": filters,
        "sort": ", ".join(as_list(params, "sort"))
        if isinstance(params.get("sort"), list)
        else as_str(params, "sort"),
        "_links": {
            "start": f"/api/3/action/datastore_search?resource_id={resource_id}",
            "next": f"/api/3/action/datastore_search?resource_id={resource_id}&offset={offset + limit}",
        },
    }
    if q:
        result["q"] = q
    if include_total:
        result["total"] = qs.count()
        result["total_was_estimated"] = False
    return result
