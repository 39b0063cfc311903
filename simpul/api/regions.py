"""Region endpoints at /api/v1/regions: lookup by Kemendagri or BPS code, children, name matching.

A code that names different regions in the two schemes (91: Kemendagri Papua, BPS Papua Barat)
answers 300 Multiple Choices with both candidates unless `?scheme=` picks one. docs/regions.md.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.urls import register_converter
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from simpul.regions import selectors
from simpul.regions.models import Level, Region

from .errors import not_found, unprocessable


class _AnyTextConverter:
    """Takes any path remainder, newlines and slashes included, so every malformed code gets our JSON 422
    (Django's `path` converter stops at a newline and the request would fall through to an HTML 404)."""

    regex = r"[\s\S]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(_AnyTextConverter, "regioncode")

router = Router()

SchemeParam = Literal["kemendagri", "bps"]


class ErrorBody(Schema):
    code: str
    message: str
    details: Any = None


class ErrorOut(Schema):
    error: ErrorBody


class ParentOut(Schema):
    code: str
    name: str


class RegionOut(Schema):
    code: str = Field(description="Kode Kemendagri (dengan titik), mis. 18.01")
    bps_code: str | None = Field(
        description="Kode BPS, mis. 1803; null bila tidak ada di sumber yang dipaket"
    )
    name: str
    level: int = Field(description="1 provinsi, 2 kabupaten/kota, 3 kecamatan, 4 desa/kelurahan")
    kind: str = Field(description="provinsi, kabupaten, kota, kecamatan, desa atau kelurahan")
    parent: ParentOut | None


class SchemeCandidateOut(Schema):
    scheme: SchemeParam
    region: RegionOut


class AmbiguousOut(Schema):
    ambiguous: bool = True
    code: str
    message: str
    candidates: list[SchemeCandidateOut]


class RegionListOut(Schema):
    parent: RegionOut | None
    level: int
    count: int
    limit: int
    offset: int
    items: list[RegionOut]


class MatchCandidateOut(Schema):
    code: str
    bps_code: str | None
    name: str
    level: int
    kind: str
    parent: ParentOut | None
    score: float = Field(description="0-100; 100 hanya untuk nama yang sama persis setelah dinormalkan")
    exact: bool


class MatchOut(Schema):
    query: str
    best: MatchCandidateOut | None = Field(description="Satu-satunya kecocokan persis, bila tepat satu")
    ambiguous: bool = Field(description="Lebih dari satu kecocokan persis")
    candidates: list[MatchCandidateOut]


class ListParams(Schema):
    parent: str | None = Field(None, description="Kode induk, Kemendagri atau BPS")
    level: int | None = Field(None, ge=1, le=4)
    scheme: SchemeParam | None = Field(None, description="Skema kode induk bila kode itu ambigu")
    limit: int = Field(1000, ge=1, le=10000)
    offset: int = Field(0, ge=0, le=1_000_000)


class MatchParams(Schema):
    q: str = Field(min_length=1, max_length=selectors.MAX_QUERY_LENGTH)
    level: int | None = Field(None, ge=1, le=4)
    parent: str | None = Field(None, description="Batasi ke wilayah di bawah induk ini (Kemendagri atau BPS)")
    scheme: SchemeParam | None = None
    limit: int = Field(10, ge=1, le=50)


def _region_out(region: Region) -> dict[str, Any]:
    parent = region.parent
    return {
        "code": region.code,
        "bps_code": region.bps_code,
        "name": region.name,
        "level": region.level,
        "kind": region.kind,
        "parent": {"code": parent.code, "name": parent.name} if parent is not None else None,
    }


def _ambiguous_out(result: selectors.AmbiguousCode) -> dict[str, Any]:
    return {
        "ambiguous": True,
        "code": result.code,
        "message": _(
            "Kode %(code)s berarti wilayah berbeda dalam skema Kemendagri dan BPS; pilih dengan ?scheme=."
        )
        % {"code": result.code},
        "candidates": [{"scheme": s, "region": _region_out(r)} for s, r in result.candidates.items()],
    }


def _lookup(
    code: str, scheme: str | None, *, field: Literal["code", "parent"]
) -> Region | selectors.AmbiguousCode:
    """Resolve a code or raise the API error (422 malformed, 404 unknown)."""
    try:
        found = selectors.region_get(code, scheme)  # type: ignore[arg-type]
    except selectors.InvalidRegionCode:
        if field == "parent":
            message = _("Kode induk tidak valid.")
        else:
            message = _("Kode wilayah tidak valid.")
        hint = _(
            "Kode Kemendagri: 18, 18.01, 18.01.01, 18.01.01.2001; kode BPS: 18, 1803, 1803010, 1803010001."
        )
        raise unprocessable(f"{message} {hint}", {"field": field}) from None
    if found is None:
        raise not_found(_("Wilayah dengan kode %(code)s tidak ditemukan.") % {"code": code})
    return found


@router.get(
    "",
    response={200: RegionListOut, 300: AmbiguousOut, 404: ErrorOut, 422: ErrorOut},
    summary="Daftar wilayah (anak dari induk, atau menurut tingkat)",
)
def region_list(request: HttpRequest, params: Query[ListParams]) -> Any:
    """Without `parent`: the regions at `level` (provinces by default). With `parent` (either scheme):
    its direct children, or all its descendants at `level`."""
    parent: Region | None = None
    if params.parent is not None:
        found = _lookup(params.parent, params.scheme, field="parent")
        if isinstance(found, selectors.AmbiguousCode):
            return 300, _ambiguous_out(found)
        parent = found
    try:
        qs = selectors.region_children(parent, level=params.level)
    except ValueError:
        raise unprocessable(_("Tingkat harus di bawah tingkat induk."), {"field": "level"}) from None
    count = qs.count()
    items = [_region_out(r) for r in qs[params.offset : params.offset + params.limit]]
    if params.level is not None:
        level = params.level
    else:
        level = parent.level + 1 if parent is not None else int(Level.PROVINSI)
    return 200, {
        "parent": _region_out(parent) if parent is not None else None,
        "level": level,
        "count": count,
        "limit": params.limit,
        "offset": params.offset,
        "items": items,
    }


@router.get(
    "/match",
    response={200: MatchOut, 300: AmbiguousOut, 404: ErrorOut, 422: ErrorOut},
    summary="Cocokkan nama wilayah (toleran terhadap singkatan dan ejaan)",
)
def region_match(request: HttpRequest, params: Query[MatchParams]) -> Any:
    """Ranked candidates for a region name such as `Kab. Lampung Sel.`; an exact hit scores 100 and is
    marked `exact`, fuzzy ones score at most 90."""
    if not params.q.strip():
        raise unprocessable(_("Nama yang dicari kosong."), {"field": "q"})
    parent: Region | None = None
    if params.parent is not None:
        found = _lookup(params.parent, params.scheme, field="parent")
        if isinstance(found, selectors.AmbiguousCode):
            return 300, _ambiguous_out(found)
        parent = found
        if params.level is not None and params.level <= parent.level:
            raise unprocessable(_("Tingkat harus di bawah tingkat induk."), {"field": "level"})
    result = selectors.region_match(params.q, level=params.level, parent=parent, limit=params.limit)

    def out(c: selectors.Candidate) -> dict[str, Any]:
        return {
            "code": c.code,
            "bps_code": c.bps_code,
            "name": c.name,
            "level": c.level,
            "kind": c.kind,
            "parent": {"code": c.parent_code, "name": c.parent_name} if c.parent_code else None,
            "score": c.score,
            "exact": c.exact,
        }

    best = result.best
    return 200, {
        "query": params.q,
        "best": out(best) if best is not None else None,
        "ambiguous": result.ambiguous,
        "candidates": [out(c) for c in result.candidates],
    }


@router.get(
    "/{regioncode:code}",
    response={200: RegionOut, 300: AmbiguousOut, 404: ErrorOut, 422: ErrorOut},
    summary="Satu wilayah menurut kode Kemendagri atau BPS",
)
def region_detail(request: HttpRequest, code: str, scheme: SchemeParam | None = None) -> Any:
    """`18.04` (Kemendagri) and `1801` (BPS) both give Kab. Lampung Barat. A code meaning different
    regions in the two schemes (91, 94) answers 300 with both candidates unless `scheme` is given."""
    found = _lookup(code, scheme, field="code")
    if isinstance(found, selectors.AmbiguousCode):
        return 300, _ambiguous_out(found)
    return 200, _region_out(found)
