"""Reads of regions: lookup by Kemendagri or BPS code, children, and tolerant name matching.

Regions are public reference data, so there is no per-user visibility to apply here.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from django.db.models import QuerySet
from rapidfuzz import fuzz, process

from .models import Level, Region
from .names import normalise

Scheme = Literal["kemendagri", "bps"]
SCHEMES: tuple[Scheme, ...] = ("kemendagri", "bps")

# ASCII digits only ([0-9], not \d, which also accepts other scripts' digits); \Z so "18\n" is refused.
KEMENDAGRI_CODE = re.compile(r"[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{4})?)?)?\Z")
BPS_CODE = re.compile(r"[0-9]{2}(?:[0-9]{2}(?:[0-9]{3}(?:[0-9]{3})?)?)?\Z")
MAX_CODE_LENGTH = 13
MAX_QUERY_LENGTH = 200
# Fuzzy (non-exact) scores are scaled into 0-90, so an exact hit (100) always stands 10 points clear.
FUZZY_SCALE = 0.9
# The query states a kind the candidate is not (Kab. Bogor is not Kota Bogor).
KIND_CONFLICT_PENALTY = 15.0
# Answers remembered per index: uploaded files repeat the same few names thousands of times.
MEMO_SIZE = 20_000
FUZZY_CUTOFF = 50.0


class InvalidRegionCode(ValueError):
    """The code is not in the format of the scheme(s) it was checked against."""


@dataclass(frozen=True)
class AmbiguousCode:
    """A code naming different regions in the two schemes (91: Kemendagri Papua, BPS Papua Barat)."""

    code: str
    candidates: dict[str, Region]  # scheme -> region


def code_schemes(code: str) -> list[Scheme]:
    """The schemes whose format `code` fits (a two-digit province code fits both)."""
    found: list[Scheme] = []
    if len(code) <= MAX_CODE_LENGTH:
        if KEMENDAGRI_CODE.match(code):
            found.append("kemendagri")
        if BPS_CODE.match(code):
            found.append("bps")
    return found


def region_get(code: str, scheme: Scheme | None = None) -> Region | AmbiguousCode | None:
    """The region with this code in `scheme`, or in either scheme when `scheme` is None.

    Returns None when no region has the code, an AmbiguousCode when the code names different regions
    in the two schemes and no scheme was given; raises InvalidRegionCode for a malformed code.
    """
    if scheme is not None and scheme not in SCHEMES:
        raise InvalidRegionCode(f"unknown scheme {scheme!r}")
    fits = code_schemes(code)
    wanted = [s for s in fits if scheme is None or s == scheme]
    if not wanted:
        raise InvalidRegionCode(code)
    qs = Region.objects.select_related("parent")
    found: dict[str, Region] = {}
    if "kemendagri" in wanted:
        hit = qs.filter(code=code).first()
        if hit is not None:
            found["kemendagri"] = hit
    if "bps" in wanted:
        hit = qs.filter(bps_code=code).first()
        if hit is not None:
            found["bps"] = hit
    if len({r.pk for r in found.values()}) > 1:
        return AmbiguousCode(code=code, candidates=found)
    return next(iter(found.values()), None)


def region_children(region: Region | None, *, level: int | None = None) -> QuerySet[Region]:
    """Direct children of `region` (the provinces when None), or all its descendants at `level`."""
    qs = Region.objects.select_related("parent").order_by("code")
    if region is None:
        return qs.filter(level=level or Level.PROVINSI)
    if level is None:
        return qs.filter(parent=region)
    if level <= region.level:
        raise ValueError(f"level {level} is not below {region.level}")
    # Kemendagri codes nest: every descendant of 18.01 starts with "18.01."
    return qs.filter(level=level, code__startswith=f"{region.code}.")


# ---------------------------------------------------------------------------------------------------
# Name matching


@dataclass(frozen=True, slots=True)
class Candidate:
    code: str
    bps_code: str | None
    name: str
    level: int
    kind: str
    parent_code: str | None
    parent_name: str | None
    score: float  # 0-100; 100 only for an exact (normalised) name match
    exact: bool


@dataclass(frozen=True)
class MatchResult:
    query: str
    candidates: tuple[Candidate, ...] = ()

    @property
    def exact(self) -> list[Candidate]:
        return [c for c in self.candidates if c.exact]

    @property
    def best(self) -> Candidate | None:
        """The one unambiguous answer: the single exact hit, or None (no exact hit, or several)."""
        exact = self.exact
        return exact[0] if len(exact) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return len(self.exact) > 1


def _compatible(stated: str | None, actual: str | None) -> bool:
    if stated is None or actual is None or stated == actual:
        return True
    return {stated, actual} == {"desa", "kelurahan"}


def _kind_conflict(stated: str | None, actual: str) -> bool:
    """The query says "Kab." (or "Kota", "Kecamatan"...) and the candidate is something else."""
    return stated is not None and not _compatible(stated, actual)


class RegionIndex:
    """Prepared names of one set of regions (a level, below a parent) for repeated matching."""

    def __init__(self, rows: Sequence[tuple[str, str | None, str, int, str, str | None, str | None]]) -> None:
        self.rows = rows
        self.bases: list[str] = []
        self.name_kinds: list[str | None] = []
        self.by_compact: dict[str, list[int]] = {}
        self.by_raw: dict[str, list[int]] = {}
        for i, row in enumerate(rows):
            n = normalise(row[2])
            self.bases.append(n.base)
            self.name_kinds.append(n.kind)
            self.by_compact.setdefault(n.compact, []).append(i)
            if n.raw != n.compact:
                self.by_raw.setdefault(n.raw, []).append(i)
        self._memo: dict[tuple[str, int], MatchResult] = {}

    def match(self, query: str, limit: int = 10) -> MatchResult:
        key = (query, limit)
        result = self._memo.get(key)
        if result is None:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            result = self._memo[key] = self._match(query, limit)
        return result

    def _match(self, query: str, limit: int) -> MatchResult:
        q = normalise(query)
        if not q.compact:
            return MatchResult(query=query)
        exact: set[int] = set()
        for i in self.by_compact.get(q.compact, ()):
            if _compatible(q.kind, self.name_kinds[i] or self.rows[i][4]):
                exact.add(i)
        for i in self.by_raw.get(q.compact, ()):  # "Kecamatan Kota Baru" -> the kecamatan named Kota Baru
            if _compatible(q.kind, self.rows[i][4]):
                exact.add(i)
        if q.raw != q.compact:  # "Kota Baru" -> Kab. Kotabaru: the kind word was part of the name
            exact.update(self.by_compact.get(q.raw, ()))
        scores: dict[int, float] = dict.fromkeys(exact, 100.0)
        for _choice, raw_score, i in process.extract(
            q.base, self.bases, scorer=fuzz.WRatio, limit=limit + len(exact), score_cutoff=FUZZY_CUTOFF
        ):
            if i in scores:
                continue
            score = raw_score * FUZZY_SCALE
            if _kind_conflict(q.kind, self.rows[i][4]):
                score -= KIND_CONFLICT_PENALTY
            scores[i] = max(score, 0.0)
        ranked = sorted(
            scores.items(), key=lambda item: (-item[1], self.rows[item[0]][3], self.rows[item[0]][0])
        )
        candidates = []
        for i, score in ranked[:limit]:
            code, bps, name, level, kind, parent_code, parent_name = self.rows[i]
            candidates.append(
                Candidate(
                    code=code,
                    bps_code=bps,
                    name=name,
                    level=level,
                    kind=kind,
                    parent_code=parent_code,
                    parent_name=parent_name,
                    score=round(score, 1),
                    exact=i in exact,
                )
            )
        return MatchResult(query=query, candidates=tuple(candidates))


_indexes: dict[tuple[int | None, str | None], RegionIndex] = {}
_lock = threading.Lock()


def clear_match_cache() -> None:
    """Forget the prepared indexes (the loader calls this after changing regions)."""
    with _lock:
        _indexes.clear()


def region_index(*, level: int | None = None, parent: Region | None = None) -> RegionIndex:
    """The cached index of regions at `level` (all levels when None) below `parent` (anywhere when None)."""
    key = (level, parent.code if parent is not None else None)
    index = _indexes.get(key)
    if index is None:
        qs = Region.objects.all()
        if level is not None:
            qs = qs.filter(level=level)
        if parent is not None:
            qs = qs.filter(code__startswith=f"{parent.code}.")
        rows = list(
            qs.order_by("code").values_list(
                "code", "bps_code", "name", "level", "kind", "parent_id", "parent__name"
            )
        )
        index = RegionIndex(rows)
        with _lock:
            _indexes[key] = index
    return index


def region_match(
    q: str, level: int | None = None, parent: Region | None = None, limit: int = 10
) -> MatchResult:
    """Ranked candidates for the region name `q` (scores 0-100, exact hits first and marked `exact`).

    `MatchResult.best` is the single exact hit, if there is exactly one; data ingest may take it as the
    answer and should ask a person about everything else.
    """
    return region_index(level=level, parent=parent).match(q[:MAX_QUERY_LENGTH], limit=limit)


@cache
def tilegrid(province_code: str) -> tuple[dict[str, Any], ...]:
    """The packaged tile-grid of a province's kab/kota (code, bps, short, col, row); empty when none ships.

    One file per province in simpul/regions/data/, read once per process; the portal and dashboard draw it.
    """
    path = Path(__file__).parent / "data" / f"tilegrid-{province_code}.json"
    if not path.exists():
        return ()
    return tuple(json.loads(path.read_text(encoding="utf-8"))["tiles"])
