"""What the mapping step shows: the sheets, the first rows, and each column's role (remembered or guessed).

Reads only; the upload page and the API call it before asking `services.prepare_rerun` to check or store.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from simpul.standards.models import Classification

from . import mapping as mapping_mod
from .errors import IngestError
from .models import ColumnMapping, IngestRun
from .reading import XLSX_MAGIC, read_table

PREVIEW_ROWS = 10
BASE_ROLES = ("indicator", "region", "period", "value", "unit", "status", "ignore")


def role_label(role: str) -> str:
    labels = {
        "indicator": _("Indikator"),
        "region": _("Wilayah"),
        "period": _("Periode"),
        "value": _("Nilai"),
        "unit": _("Satuan"),
        "status": _("Status"),
        "ignore": _("Abaikan"),
    }
    if role in labels:
        return str(labels[role])
    if role.startswith("disagg:"):
        return _("Disagregasi: %(code)s") % {"code": role.split(":", 1)[1]}
    if role.startswith("period:"):
        return _("Nilai periode %(period)s") % {"period": role.split(":", 1)[1]}
    return role


@dataclass
class Column:
    index: int
    header: str
    role: str
    choices: list[tuple[str, str]]
    samples: list[str] = field(default_factory=list)


@dataclass
class Preview:
    sheets: list[str]
    columns: list[Column]
    rows: list[list[str]]
    row_numbers: list[int]
    header_row: int | None
    defaults: dict[str, str]
    layout: str
    source: str  # "run" (chosen on this upload), "remembered", "guessed"
    error: dict[str, Any] | None = None
    warnings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def numbered_rows(self) -> list[tuple[int, list[str]]]:
        return list(zip(self.row_numbers, self.rows, strict=True))


def sheet_names(content: bytes) -> list[str]:
    if not content.startswith(XLSX_MAGIC):
        return []
    try:
        from python_calamine import CalamineWorkbook

        return list(CalamineWorkbook.from_filelike(io.BytesIO(content)).sheet_names)
    except Exception:  # a broken file is reported by read_table with its own message
        return []


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.casefold())}


def indicator_from_caption(caption: str, dataset: Any) -> str | None:
    """The dataset's only indicator, or the one whose name shares most words (at least two) with the
    table's title ("Angka Harapan Hidup (tahun)" -> AHH "Angka harapan hidup saat lahir")."""
    candidates = list(dataset.indicators.values_list("code", "name_id"))
    if len(candidates) == 1:
        return str(candidates[0][0])
    title = _words(caption)
    scored = sorted(((len(title & _words(name)), code) for code, name in candidates), reverse=True)
    if scored and scored[0][0] >= 2 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return str(scored[0][1])
    return None


def _guesses(headers: list[str], defaults: dict[str, str]) -> dict[str, str]:
    try:
        return mapping_mod.resolve(headers, None, defaults).by_header(headers)
    except IngestError:
        classes = mapping_mod._classifications()
        return {h: mapping_mod._guess(h, classes) or "ignore" for h in headers if h}


def build_preview(run: IngestRun, content: bytes) -> Preview:
    sheets = sheet_names(content)
    options = {k: v for k, v in run.options.items() if k in ("sheet", "header_row", "delimiter")}
    defaults = dict(run.options.get("defaults") or {})
    try:
        table = read_table(content, file_name=run.file_name, options=options)
    except IngestError as exc:
        return Preview(sheets, [], [], [], None, defaults, "", "", error=exc.as_dict())
    headers = table.headers
    remembered = ColumnMapping.objects.filter(
        producer_id=run.producer_id, header_signature=mapping_mod.header_signature(headers)
    ).first()
    if run.mapping:
        roles, source = dict(run.mapping), "run"
    elif remembered is not None:
        roles, source = dict(remembered.mapping), "remembered"
        defaults = defaults or dict(remembered.options.get("defaults") or {})
    else:
        roles, source = _guesses(headers, defaults), "guessed"
    if "indicator" not in roles.values() and "indicator" not in defaults:
        guessed = indicator_from_caption(table.caption, run.dataset)
        if guessed:
            defaults["indicator"] = guessed
    classes = list(Classification.objects.order_by("code").values_list("code", "name"))
    head = table.frame.head(PREVIEW_ROWS)
    rows = [["" if v is None else str(v) for v in row] for row in head.select(table.columns).iter_rows()]
    columns = []
    for i, header in enumerate(headers):
        choices = [(r, role_label(r)) for r in BASE_ROLES]
        choices += [(f"disagg:{code}", role_label(f"disagg:{code}") + f" ({name})") for code, name in classes]
        role = roles.get(header, "ignore") if header else "ignore"
        own_period = f"period:{header}"
        if header:
            choices.insert(3, (own_period, role_label(own_period)))
        if role not in {c for c, _l in choices}:
            choices.append((role, role_label(role)))
        columns.append(Column(i, header, role, choices, [r[i] for r in rows]))
    layout = "wide" if any(c.role.startswith("period:") for c in columns) else "long"
    return Preview(
        sheets=sheets,
        columns=columns,
        rows=rows,
        row_numbers=[int(n) for n in head["_row"].to_list()],
        header_row=table.header_row,
        defaults=defaults,
        layout=layout,
        source=source,
        warnings=table.warnings,
    )
