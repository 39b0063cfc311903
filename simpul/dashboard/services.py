"""Writes of the dashboard app: RPJMD/RKPD targets, entered one by one or imported from CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from simpul.core import audit
from simpul.organizations.choices import Role
from simpul.organizations.permissions import has_role, require
from simpul.regions.models import Region
from simpul.standards.models import Indicator

from .models import Target, TargetSource

TARGET_ROLES = (Role.WALIDATA, Role.WALIDATA_PENDUKUNG)
CSV_COLUMNS = ("indikator", "wilayah", "tahun", "nilai", "sumber")


def may_edit_targets(user: Any) -> bool:
    return has_role(user, *TARGET_ROLES)


def target_set(
    *, actor: Any, indicator: Indicator, region: Region, year: int, source: str, value: float, note: str = ""
) -> Target:
    require(may_edit_targets(actor))
    if source not in TargetSource.values:
        raise ValidationError({"source": _("Sumber target harus RPJMD atau RKPD.")})
    with transaction.atomic():
        target = Target.objects.filter(indicator=indicator, region=region, year=year, source=source).first()
        before = {"value": target.value} if target else None
        if target is None:
            target = Target(indicator=indicator, region=region, year=year, source=source)
        target.value, target.note, target.updated_by = value, note, actor
        target.save()
        audit.record(actor=actor, action="target.set", obj=target, before=before, after={"value": value})
    return target


def import_targets(*, actor: Any, text: str) -> int:
    """Import `indikator,wilayah,tahun,nilai,sumber` rows (wilayah: Kemendagri code; sumber: rpjmd/rkpd).

    All or nothing: every bad row is reported (row number and reason) and nothing is stored.
    Returns the number of targets written.
    """
    require(may_edit_targets(actor))
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise ValidationError(_("Kolom wajib tidak ada: %(cols)s.") % {"cols": ", ".join(missing)})
    reader.fieldnames = header
    indicators = dict(Indicator.objects.values_list("code", "pk"))
    rows: list[tuple[int, str, int, float, str]] = []
    errors: list[str] = []
    for number, raw in enumerate(reader, start=2):
        row = {k: (v or "").strip() for k, v in raw.items() if k}
        reasons = []
        if row["indikator"] not in indicators:
            reasons.append(_("indikator %(code)s tidak dikenal") % {"code": row["indikator"]})
        if not row["tahun"].isdigit() or not 1990 <= int(row["tahun"]) <= 2100:
            reasons.append(_("tahun tidak sah"))
        try:
            value = float(row["nilai"].replace(",", "."))
        except ValueError:
            reasons.append(_("nilai bukan angka"))
            value = 0.0
        source = row["sumber"].lower()
        if source not in TargetSource.values:
            reasons.append(_("sumber harus rpjmd atau rkpd"))
        if reasons:
            errors.append(_("Baris %(n)d: %(why)s.") % {"n": number, "why": "; ".join(reasons)})
        else:
            rows.append((indicators[row["indikator"]], row["wilayah"], int(row["tahun"]), value, source))
    known = set(Region.objects.filter(code__in={r[1] for r in rows}).values_list("code", flat=True))
    for _i, r in enumerate(rows):
        if r[1] not in known:
            errors.append(_("Wilayah %(code)s tidak dikenal.") % {"code": r[1]})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for indicator_id, region_id, year, value, source in rows:
            target, created = Target.objects.update_or_create(
                indicator_id=indicator_id, region_id=region_id, year=year, source=source,
                defaults={"value": value, "updated_by": actor},
            )  # fmt: skip
        if rows:
            audit.record(actor=actor, action="target.import", obj=target, after={"rows": len(rows)})
    return len(rows)
