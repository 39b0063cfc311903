"""The error report as a file: CSV (UTF-8 with BOM, for Excel) and XLSX, cells neutralised as data."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from simpul.datasets.downloads import neutralise

from .models import IngestRun


def header() -> list[str]:
    return [_("baris"), _("kolom"), _("nilai"), _("kode"), _("pesan"), _("saran")]


def report_rows(run: IngestRun) -> Iterator[list[Any]]:
    for e in (run.report or {}).get("errors", []):
        yield [
            e.get("row"),
            e.get("column") or "",
            e.get("value") or "",
            e.get("code") or "",
            e.get("message") or "",
            "; ".join(e.get("suggestions") or []),
        ]


def report_csv(run: IngestRun) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header())
    for row in report_rows(run):
        writer.writerow(["" if row[0] is None else row[0], *(neutralise(str(c)) for c in row[1:])])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def report_xlsx(run: IngestRun) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(
        buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet(_("Kesalahan")[:31])
    bold = book.add_format({"bold": True})
    for j, title in enumerate(header()):
        sheet.write_string(0, j, title, bold)
    for i, row in enumerate(report_rows(run), start=1):
        if row[0] is not None:
            sheet.write_number(i, 0, row[0])
        for j, cell in enumerate(row[1:], start=1):
            sheet.write_string(i, j, str(cell))
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 3, 18)
    sheet.set_column(4, 5, 60)
    book.close()
    return buf.getvalue()
