"""Which column is what: explicit mappings, recognised header names, and the header signature.

Roles: "indicator", "region", "period", "value", "unit", "status", "ignore", "disagg:<classification
code>" and, for the wide layout, "period:<period>" (the column holds values for that period).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from simpul.standards.models import Classification
from simpul.standards.periods import detect_period

from .errors import IngestError

SINGLE_ROLES = ("indicator", "region", "period", "value", "unit", "status")
DEFAULTABLE = ("indicator", "period", "unit", "status")

SYNONYMS: dict[str, set[str]] = {
    "indicator": {
        "indikator", "indicator", "kodeindikator", "kodevariabel", "variabel", "variable",
        "idindikator", "indicatorcode", "kodeind",
    },
    "region": {
        "wilayah", "region", "kodewilayah", "kodekabkota", "kabkota", "kabupatenkota", "kabupaten", "kota",
        "kecamatan", "desa", "kelurahan", "desakelurahan", "provinsi", "namawilayah", "kodebps",
        "kodekemendagri", "daerah", "regioncode", "kodedaerah",
    },
    "period": {"periode", "period", "tahun", "year", "waktu", "timeperiod", "bulan", "triwulan", "semester"},
    "value": {"nilai", "value", "jumlah", "angka", "obsvalue", "data"},
    "unit": {"satuan", "unit", "unitmeasure"},
    "status": {"status", "statusdata", "statusangka", "obsstatus"},
}  # fmt: skip


def normalise_header(header: str) -> str:
    return re.sub(r"[^0-9a-z]", "", header.casefold())


def header_signature(headers: list[str]) -> str:
    """The file shape: its normalised headers, in order. Same shape, same remembered mapping."""
    return hashlib.sha256("\x1f".join(normalise_header(h) for h in headers).encode()).hexdigest()


@dataclass
class ResolvedMapping:
    """Column key (c0, c1...) -> role, plus constant values for roles without a column."""

    roles: dict[str, str]
    defaults: dict[str, str] = field(default_factory=dict)
    warnings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def layout(self) -> str:
        return "wide" if any(r.startswith("period:") for r in self.roles.values()) else "long"

    def column(self, role: str) -> str | None:
        return next((c for c, r in self.roles.items() if r == role), None)

    def disagg_columns(self) -> dict[str, str]:
        """classification code -> column key"""
        return {r.split(":", 1)[1]: c for c, r in self.roles.items() if r.startswith("disagg:")}

    def period_columns(self) -> dict[str, str]:
        """column key -> period text as in the header"""
        return {c: r.split(":", 1)[1] for c, r in self.roles.items() if r.startswith("period:")}

    def by_header(self, headers: list[str]) -> dict[str, str]:
        return {headers[int(c[1:])]: r for c, r in self.roles.items()}


def _classifications() -> dict[str, str]:
    """normalised code or name -> classification code"""
    found: dict[str, str] = {}
    for code, name in Classification.objects.values_list("code", "name"):
        found[normalise_header(name)] = code
        found[normalise_header(code)] = code
    return found


def resolve(
    headers: list[str], mapping: dict[str, str] | None = None, defaults: dict[str, str] | None = None
) -> ResolvedMapping:
    """Apply the explicit `mapping` (header -> role), recognise the other headers, check the result."""
    mapping = mapping or {}
    defaults = {k: str(v).strip() for k, v in (defaults or {}).items() if k in DEFAULTABLE and str(v).strip()}
    classes = _classifications()
    by_norm = {normalise_header(h): i for i, h in enumerate(headers) if h}
    roles: dict[str, str] = {}
    warnings: list[dict[str, Any]] = []
    for header, role in mapping.items():
        index = by_norm.get(normalise_header(header))
        if index is None:
            raise IngestError(
                "mapping_unknown_column",
                _("Kolom '%(col)s' dalam pemetaan tidak ada di berkas.") % {"col": header},
                column=header,
            )
        role = _check_role(str(role), header, classes)
        roles[f"c{index}"] = role
    explicit_roles = set(roles.values())
    for i, header in enumerate(headers):
        key = f"c{i}"
        if key in roles:
            continue
        if not header:
            warnings.append(
                {
                    "code": "unnamed_column",
                    "message": _("Kolom ke-%(n)s tanpa judul diabaikan.") % {"n": i + 1},
                }
            )
            continue
        guessed = _guess(header, classes)
        taken = guessed in explicit_roles or (guessed in SINGLE_ROLES and guessed in roles.values())
        if guessed is None or taken:
            warnings.append(
                {
                    "code": "ignored_column",
                    "column": header,
                    "message": _("Kolom '%(col)s' tidak dikenali dan diabaikan.") % {"col": header},
                }
            )
            continue
        roles[key] = guessed
    resolved = ResolvedMapping(
        roles={k: v for k, v in roles.items() if v != "ignore"}, defaults=defaults, warnings=warnings
    )
    _check_complete(resolved, headers)
    return resolved


def _check_role(role: str, header: str, classes: dict[str, str]) -> str:
    if role in SINGLE_ROLES or role == "ignore":
        return role
    if role.startswith("disagg:"):
        code = role.split(":", 1)[1]
        if normalise_header(code) in classes:
            return f"disagg:{classes[normalise_header(code)]}"
    if role.startswith("period:"):
        return role
    raise IngestError(
        "mapping_bad_role",
        _("Peran '%(role)s' untuk kolom '%(col)s' tidak dikenal.") % {"role": role, "col": header},
        column=header,
    )


def _guess(header: str, classes: dict[str, str]) -> str | None:
    norm = normalise_header(header)
    if detect_period(header) is not None:
        return f"period:{header}"
    for role, names in SYNONYMS.items():
        if norm in names:
            return role
    if norm in classes:
        return f"disagg:{classes[norm]}"
    # Bilingual BPS headers ("Kabupaten/Kota Regency/Municipality"): a long region or indicator name
    # at the start of the header is enough.
    for role in ("region", "indicator"):
        if any(len(name) >= 6 and norm.startswith(name) for name in SYNONYMS[role]):
            return role
    return None


LEVEL_WORDS = (
    ("kabupatenkota", 2), ("kabkota", 2), ("kabupaten", 2), ("kota", 2), ("regency", 2),
    ("kecamatan", 3), ("district", 3), ("desa", 4), ("kelurahan", 4), ("village", 4),
    ("provinsi", 1), ("province", 1),
)  # fmt: skip


def region_level_hint(header: str) -> int | None:
    """The region level a header names ("Kabupaten/Kota" -> 2, "Kecamatan" -> 3), to settle names that
    also exist at another level (Pringsewu the kabupaten and Pringsewu the kecamatan)."""
    norm = normalise_header(header)
    return next((level for word, level in LEVEL_WORDS if norm.startswith(word)), None)


def _check_complete(resolved: ResolvedMapping, headers: list[str]) -> None:
    present = set(resolved.roles.values())
    wide = bool(resolved.period_columns())
    if wide and "value" in present:
        # Both a value column and period-named columns: the period-named ones are probably something else.
        raise IngestError(
            "mapping_layout_conflict",
            _(
                "Berkas berisi kolom nilai sekaligus kolom berjudul periode (%(cols)s); "
                "tentukan pemetaan kolom."
            )
            % {"cols": ", ".join(headers[int(c[1:])] for c in resolved.period_columns())},
        )
    needed = ["indicator", "region"] + ([] if wide else ["period", "value"])
    missing = [r for r in needed if r not in present and r not in resolved.defaults]
    if missing:
        labels = {
            "indicator": _("indikator"),
            "region": _("wilayah"),
            "period": _("periode"),
            "value": _("nilai"),
        }
        raise IngestError(
            "mapping_incomplete",
            _("Kolom %(roles)s tidak ditemukan. Judul kolom yang terbaca: %(headers)s.")
            % {
                "roles": ", ".join(str(labels[r]) for r in missing),
                "headers": ", ".join(h for h in headers if h),
            },
            missing=missing,
            headers=headers,
        )
