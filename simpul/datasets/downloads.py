"""Dataset downloads as CSV, JSON (both streamed) and XLSX (written with constant memory).

Text cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) are prefixed with
an apostrophe in CSV; XLSX cells are written as strings, which never run.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterator
from typing import Any

import xlsxwriter
from django.db.models import QuerySet

from .models import Dataset, Observation, ObservationStatus

COLUMNS = ["indikator", "nama_indikator", "wilayah", "nama_wilayah", "periode", "disagregasi", "nilai",
           "satuan", "status"]  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_STATUS = {s.value: s.name.lower() for s in ObservationStatus}


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def rows(values: QuerySet[Observation]) -> Iterator[tuple[Any, ...]]:
    """`values` comes from `selectors.dataset_values`, which decides published-only or current."""
    qs = (
        values.order_by("indicator__code", "region_id", "period", "disagg", "producer_id")
        .values_list(
            "indicator__code", "indicator__name_id", "region_id", "region__name", "period", "disagg", "value",
            "unit", "status",
        )
    )  # fmt: skip
    for row in qs.iterator(chunk_size=5000):
        yield (*row[:8], _STATUS.get(row[8], ""))


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_chunks(values: QuerySet[Observation]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(COLUMNS)  # BOM: Excel then reads UTF-8
    for row in rows(values):
        yield writer.writerow([neutralise(v) if isinstance(v, str) else _number(v) for v in row])


def _number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def json_chunks(dataset: Dataset, values: QuerySet[Observation]) -> Iterator[str]:
    head = {"dataset": dataset.slug, "title": dataset.title, "producer": dataset.producer.name}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "observations": ['
    first = True
    for row in rows(values):
        item = json.dumps(dict(zip(COLUMNS, row, strict=True)), ensure_ascii=False)
        yield item if first else "," + item
        first = False
    yield "]}"


def xlsx_file(values: QuerySet[Observation]) -> Any:
    """A temporary file holding the workbook (XlsxWriter's constant-memory mode streams rows to disk)."""
    handle = tempfile.TemporaryFile()  # the response closes it
    book = xlsxwriter.Workbook(handle, {"constant_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("data")
    sheet.write_row(0, 0, COLUMNS)
    for r, row in enumerate(rows(values), start=1):
        for c, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif value is not None:
                sheet.write_number(r, c, value)
    book.close()
    handle.seek(0)
    return handle
