"""The Kemendagri <-> BPS crosswalk for provinces and kabupaten/kota, built from the packaged sources.

Method (docs/regions.md has the full story):

1. Provinces are matched by normalised name across the whole country (so Kemendagri 91 Papua finds
   BPS 94 PAPUA, and Kemendagri 92 Papua Barat finds BPS 91 PAPUA BARAT).
2. Kabupaten/kota are matched by kind (kabupaten or kota) and compact normalised name, only within
   the BPS province that corresponds to the Kemendagri province. The four provinces formed in 2022
   (93-96) are absent from the packaged BPS source; their kab/kota are matched within the BPS
   province they were split from (BPS 94 PAPUA or BPS 91 PAPUA BARAT) and so carry the BPS codes
   they had before the split (e.g. Kab. Merauke, Kemendagri 93.01 -> BPS 9401).
3. Anything the rules above cannot match is listed, with a reason, in `bps_exceptions.csv`: a
   manual match (renamed regions) or no BPS code at all. The build fails if the exceptions table is
   incomplete (a region left unmatched) or stale (an exception the rules would have matched anyway).

Codes are never derived from one another: BPS 1801 is Kab. Lampung Barat (Kemendagri 18.04).

The result is committed as `fixtures/regions/bps_crosswalk.csv`; the loader reads that file, and a
test checks it equals a fresh build. Rebuild with `python manage.py build_bps_crosswalk`.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from django.conf import settings

from .names import normalise

# Provinces formed in 2022 from Papua (Kemendagri 91) and Papua Barat (92): UU 14/2022 Papua Selatan,
# UU 15/2022 Papua Tengah, UU 16/2022 Papua Pegunungan, UU 29/2022 Papua Barat Daya.
SPLIT_FROM = {"93": "91", "94": "91", "95": "91", "96": "92"}

EXCEPTION_FIELDS = ["kemendagri_code", "kemendagri_name", "bps_code", "bps_name", "reason"]


class CrosswalkError(Exception):
    """The packaged sources and the exceptions table disagree; the message says how."""


def fixtures_dir() -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / "regions"


@dataclass(frozen=True)
class CrosswalkRow:
    kemendagri_code: str
    bps_code: str  # "" when the region has no BPS code in the packaged sources
    level: int
    kemendagri_name: str
    bps_name: str
    method: str  # "name" (automatic) or "exception" (from bps_exceptions.csv)
    note: str


def _read_rows(path: Path, *, header: bool) -> list[list[str]]:
    # dtype is always str: codes such as 18.10 must never become numbers.
    with path.open(newline="", encoding="utf-8") as fh:
        rows = [row for row in csv.reader(fh) if row]
    return rows[1:] if header else rows


def read_exceptions(directory: Path | None = None) -> list[dict[str, str]]:
    path = (directory or fixtures_dir()) / "bps_exceptions.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def build_crosswalk(directory: Path | None = None) -> list[CrosswalkRow]:
    """Match provinces and kab/kota of the two packaged sources; raise CrosswalkError on any gap."""
    d = directory or fixtures_dir()
    k_prov = _read_rows(d / "provinces.csv", header=True)  # code,name
    k_reg = _read_rows(d / "regencies.csv", header=True)  # code,province_code,name
    b_prov = _read_rows(d / "bps_provinces.csv", header=False)  # code,NAME
    b_reg = _read_rows(d / "bps_regencies.csv", header=False)  # code,province_code,NAME
    b_names = {row[0]: row[-1] for row in (*b_prov, *b_reg)}
    exceptions = {row["kemendagri_code"]: row for row in read_exceptions(d)}
    k_names = {row[0]: row[-1] for row in (*k_prov, *k_reg)}

    unknown = sorted(set(exceptions) - set(k_names))
    if unknown:
        raise CrosswalkError(f"bps_exceptions.csv names Kemendagri codes not in the source: {unknown}")

    automatic: dict[str, str] = {}

    # 1. provinces by name, nationwide
    b_prov_by_name: dict[str, list[str]] = defaultdict(list)
    for code, name in b_prov:
        b_prov_by_name[normalise(name).compact].append(code)
    for code, name in k_prov:
        hits = b_prov_by_name.get(normalise(name).compact, [])
        if len(hits) == 1:
            automatic[code] = hits[0]
    prov_to_bps = dict(automatic)
    for new, old in SPLIT_FROM.items():
        if new not in prov_to_bps and old in prov_to_bps:
            prov_to_bps[new] = prov_to_bps[old]

    # 2. kab/kota by (kind, compact name) within the corresponding BPS province
    b_reg_index: dict[tuple[str, str | None, str], list[str]] = defaultdict(list)
    for code, prov, name in b_reg:
        n = normalise(name)
        b_reg_index[(prov, n.kind, n.compact)].append(code)
    for code, prov, name in k_reg:
        bps_prov = prov_to_bps.get(prov)
        n = normalise(name)
        hits = b_reg_index.get((bps_prov or "", n.kind, n.compact), [])
        if len(hits) == 1:
            automatic[code] = hits[0]

    # 3. the exceptions table must cover exactly what the rules leave unmatched
    unmatched = sorted(set(k_names) - set(automatic))
    missing = [code for code in unmatched if code not in exceptions]
    stale = sorted(code for code in exceptions if code in automatic)
    if missing or stale:
        raise CrosswalkError(
            "bps_exceptions.csv is out of date: "
            f"unmatched and not listed {[(c, k_names[c]) for c in missing]}; "
            f"listed but matched by name {[(c, k_names[c], automatic[c]) for c in stale]}"
        )
    result: dict[str, tuple[str, str, str]] = {code: (bps, "name", "") for code, bps in automatic.items()}
    for code, exc in exceptions.items():
        bps = exc["bps_code"].strip()
        if bps and bps not in b_names:
            raise CrosswalkError(f"bps_exceptions.csv: {code} -> BPS {bps} which is not in the BPS source")
        if exc["kemendagri_name"] != k_names[code] or (bps and exc["bps_name"] != b_names[bps]):
            raise CrosswalkError(f"bps_exceptions.csv: names for {code} differ from the sources")
        if not exc["reason"].strip():
            raise CrosswalkError(f"bps_exceptions.csv: {code} has no reason")
        result[code] = (bps, "exception", exc["reason"].strip())

    used: dict[str, str] = {}
    for code, (bps, _method, _note) in result.items():
        if bps and bps in used:
            raise CrosswalkError(f"BPS {bps} matched twice: {used[bps]} and {code}")
        if bps:
            used[bps] = code
    unused = sorted(set(b_names) - set(used))
    if unused:
        raise CrosswalkError(f"BPS codes matched to no region: {[(c, b_names[c]) for c in unused]}")

    rows = []
    for code in sorted(k_names):
        bps, method, note = result[code]
        prov = code.split(".")[0]
        if bps and "." in code and prov in SPLIT_FROM:
            note = (
                f"BPS code from before the 2022 split (BPS province {bps[:2]}); "
                "the packaged BPS source has no codes from after the split"
            )
        rows.append(
            CrosswalkRow(
                kemendagri_code=code,
                bps_code=bps,
                level=1 if "." not in code else 2,
                kemendagri_name=k_names[code],
                bps_name=b_names.get(bps, ""),
                method=method,
                note=note,
            )
        )
    return rows


def crosswalk_csv(rows: list[CrosswalkRow]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=[f.name for f in fields(CrosswalkRow)], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(asdict(row))
    return buf.getvalue()


def read_crosswalk(directory: Path | None = None) -> dict[str, str]:
    """Kemendagri code -> BPS code from the committed `bps_crosswalk.csv` (regions without one left out)."""
    path = (directory or fixtures_dir()) / "bps_crosswalk.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        return {row["kemendagri_code"]: row["bps_code"] for row in csv.DictReader(fh) if row["bps_code"]}
