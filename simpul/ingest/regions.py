"""Region cells to Kemendagri codes: codes in either scheme, or names that match exactly one region.

A name that matches several regions, or none exactly, is an error with suggestions; never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from simpul.regions.models import Region
from simpul.regions.selectors import code_schemes, region_match

_LOST_ZERO = re.compile(r"[0-9]{2}(\.[0-9]{2})*\.[0-9]\Z")  # 18.1: Excel read "18.10" as a number
_NUMERIC = re.compile(r"[0-9.]+\Z")  # digits and dots only: meant as a code, never matched as a name
_CHUNK = 900


@dataclass
class RegionAnswer:
    code: str | None = None
    error: str | None = None  # unknown_region, ambiguous_region, region_outside
    suggestions: list[str] = field(default_factory=list)


def _label(code: str, name: str, parent_name: str | None) -> str:
    return f"{code} {name}" + (f" ({parent_name})" if parent_name else "")


def _inside(code: str, parent: Region | None) -> bool:
    return parent is None or code == parent.code or code.startswith(f"{parent.code}.")


def resolve_regions(
    values: list[str],
    *,
    parent: Region | None = None,
    level: int | None = None,
    scheme: str | None = None,
    level_hint: int | None = None,
) -> dict[str, RegionAnswer]:
    """`level_hint` (from the column's header, "Kabupaten/Kota") settles a name that matches one region
    at that level and others elsewhere; a name equal to `parent`'s own (a table's total row, "Lampung")
    is the parent."""
    answers: dict[str, RegionAnswer] = {}
    kemendagri: list[str] = []
    bps: list[str] = []
    names: list[str] = []
    for value in values:
        fits = [s for s in code_schemes(value) if scheme in (None, "", s)]
        if "kemendagri" in fits:
            kemendagri.append(value)
        if "bps" in fits:
            bps.append(value)
        if not fits and _NUMERIC.match(value):
            answers[value] = RegionAnswer(error="unknown_region", suggestions=_lost_zero(value))
        elif not fits:
            names.append(value)
    found_k: set[str] = set()
    for i in range(0, len(kemendagri), _CHUNK):
        found_k.update(
            Region.objects.filter(code__in=kemendagri[i : i + _CHUNK]).values_list("code", flat=True)
        )
    found_b: dict[str, str] = {}
    for i in range(0, len(bps), _CHUNK):
        chunk = Region.objects.filter(bps_code__in=bps[i : i + _CHUNK]).values_list("bps_code", "code")
        found_b.update((b, c) for b, c in chunk if b is not None)
    for value in {*kemendagri, *bps}:
        hits = {value} & found_k
        if value in found_b:
            hits.add(found_b[value])
        if len(hits) > 1:
            answers[value] = RegionAnswer(error="ambiguous_region", suggestions=sorted(hits))
        elif hits:
            code = hits.pop()
            answers[value] = (
                RegionAnswer(code=code) if _inside(code, parent) else RegionAnswer(error="region_outside")
            )
        else:
            answers[value] = RegionAnswer(error="unknown_region", suggestions=_lost_zero(value))
    for value in names:
        if parent is not None and _bare(value) == _bare(parent.name):
            answers[value] = RegionAnswer(code=parent.code)
            continue
        result = region_match(value, level=level, parent=parent, limit=5)
        best = result.best
        if best is None and level is None and level_hint is not None:
            best = region_match(value, level=level_hint, parent=parent, limit=5).best
        if best is not None:
            answers[value] = RegionAnswer(code=best.code)
            continue
        answers[value] = RegionAnswer(
            error="ambiguous_region" if result.ambiguous else "unknown_region",
            suggestions=[_label(c.code, c.name, c.parent_name) for c in result.candidates[:5]],
        )
    return answers


_KIND = re.compile(r"^(provinsi|prov\.?|kabupaten|kab\.?|kota)\s+", re.IGNORECASE)


def _bare(name: str) -> str:
    return _KIND.sub("", " ".join(name.split())).casefold()


def _lost_zero(value: str) -> list[str]:
    if _LOST_ZERO.match(value):
        candidate = value + "0"
        region = Region.objects.filter(code=candidate).select_related("parent").first()
        if region is not None:
            return [_label(region.code, region.name, region.parent.name if region.parent else None)]
    return []
