"""Masked copies of files that hold personal data (UU 27/2022): what the public downloads once the
walidata chose "disamarkan"; the original stays for the producer, walidata and pembina.

CSV/TSV/text keep their layout with every NIK, NIP, phone number and e-mail masked (`pii.mask_text`) and
every cell of a name or address column masked whole; an XLSX becomes an XLSX with the same sheets and
cells (values only: formatting is not copied). Other formats cannot be masked here: the walidata uploads a
masked replacement or records why the file is lawful to publish.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from simpul.ingest.errors import IngestError
from simpul.ingest.reading import XLSX_MAGIC, decode, sniff_delimiter

from . import pii

MASKABLE = {"csv", "tsv", "txt", "xlsx", ""}


def _masked_cell(value: str, whole: bool) -> str:
    return pii.mask(value) if whole and value.strip() else pii.mask_text(value)


def _whole_columns(header: list[str]) -> set[int]:
    names = pii.NAME_COLUMNS | pii.ADDRESS_COLUMNS
    return {i for i, h in enumerate(header) if str(h).strip().lower() in names}


def mask_delimited(text: str) -> str:
    lines = text.splitlines()
    delimiter = sniff_delimiter(lines[:30])
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        return pii.mask_text(text)
    whole = _whole_columns(rows[0])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(rows[0])
    for row in rows[1:]:
        writer.writerow([_masked_cell(cell, i in whole) for i, cell in enumerate(row)])
    return out.getvalue()


def _xlsx_value(value: Any, whole: bool) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) >= 1e7:
        value = str(int(value))  # a NIK typed as a number is still a NIK
    return _masked_cell(value, whole) if isinstance(value, str) else value


def mask_xlsx(content: bytes) -> bytes:
    import xlsxwriter
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheets = [(name, workbook.get_sheet_by_name(name).to_python()) for name in workbook.sheet_names]
    except (CalamineError, ValueError, OSError, KeyError, TypeError) as exc:
        raise ValidationError(_("Berkas XLSX tidak dapat dibaca untuk disamarkan.")) from exc
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    for name, rows in sheets:
        sheet = book.add_worksheet(name[:31])
        header = next((r for r in rows if any(str(c).strip() for c in r)), [])
        whole = _whole_columns([str(c) for c in header])
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value in ("", None):
                    continue
                cell = _xlsx_value(value, c in whole and row is not header)
                if isinstance(cell, str):
                    sheet.write_string(r, c, cell)
                else:
                    sheet.write(r, c, cell)
    book.close()
    return out.getvalue()


def masked_copy(content: bytes, file_format: str) -> bytes:
    """The masked bytes of a CSV/TSV/text or XLSX file; ValidationError for anything else."""
    fmt = (file_format or "").lower()
    if fmt not in MASKABLE:
        raise ValidationError(
            _(
                "Berkas %(format)s tidak dapat disamarkan otomatis: unggah berkas pengganti yang sudah "
                "disamarkan, atau nyatakan sah dipublikasikan dengan alasannya."
            )
            % {"format": fmt.upper()}
        )
    if content.startswith(XLSX_MAGIC):
        return mask_xlsx(content)
    try:
        text, _encoding = decode(content)
    except IngestError as exc:
        raise ValidationError(exc.message) from exc
    if fmt == "txt":
        return pii.mask_text(text).encode("utf-8")
    return mask_delimited(text).encode("utf-8")
