"""The error report: every problem with row, column, value and reason, counted per kind.

    {"error_count": 3, "summary": {"unknown_region": 2, ...}, "truncated": false,
     "errors": [{"row": 12, "column": "Kab/Kota", "value": "Lampung Selatn", "code": "unknown_region",
                 "message": "...", "suggestions": ["18.01 Lampung Selatan (Lampung)"]}, ...],
     "warnings": [{"code": "ignored_column", "column": "Catatan", "message": "..."}]}

`row` is the row number shown by a spreadsheet (header on row 1: first data row is 2); it is null for
problems of a whole column or file. The report keeps the first MAX_REPORTED_ERRORS rows.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from django.utils.translation import gettext_lazy

from . import limits

MESSAGES = {
    "missing_indicator": gettext_lazy("Kode indikator kosong."),
    "unknown_indicator": gettext_lazy("Kode indikator '%(value)s' tidak dikenal."),
    "missing_region": gettext_lazy("Wilayah kosong."),
    "unknown_region": gettext_lazy("Wilayah '%(value)s' tidak dikenal."),
    "ambiguous_region": gettext_lazy(
        "Wilayah '%(value)s' cocok dengan lebih dari satu wilayah; gunakan kode."
    ),
    "region_outside": gettext_lazy("Wilayah '%(value)s' berada di luar cakupan wilayah dataset."),
    "missing_period": gettext_lazy("Periode kosong."),
    "bad_period": gettext_lazy("Periode '%(value)s' bukan periode %(extra)s yang sah."),
    "unknown_category": gettext_lazy("Kategori '%(value)s' tidak ada dalam klasifikasi %(extra)s."),
    "disagg_not_allowed": gettext_lazy("Indikator ini tidak boleh dipilah menurut klasifikasi %(extra)s."),
    "not_a_number": gettext_lazy("Nilai '%(value)s' bukan angka."),
    "not_integer": gettext_lazy("Nilai '%(value)s' harus bilangan bulat."),
    "out_of_range": gettext_lazy("Nilai '%(value)s' di luar rentang yang diizinkan (%(extra)s)."),
    "unit_mismatch": gettext_lazy("Satuan '%(value)s' berbeda dengan satuan indikator ('%(extra)s')."),
    "bad_status": gettext_lazy("Status '%(value)s' tidak dikenal (sementara, tetap, atau diperbaiki)."),
    "duplicate_cell": gettext_lazy(
        "Sel yang sama (indikator, wilayah, periode, disagregasi) sudah ada di baris %(extra)s."
    ),
    "ambiguous_number": gettext_lazy(
        "Format angka kolom ini tidak jelas (misalnya %(extra)s): titik bisa pemisah ribuan atau desimal. "
        "Pilih pemisah desimal (koma atau titik) saat mengunggah."
    ),
}  # fmt: skip

_SCHEMA = {"row": pl.Int64, "column": pl.String, "value": pl.String, "code": pl.String, "extra": pl.String}


class ErrorCollector:
    def __init__(self) -> None:
        self.frames: list[pl.DataFrame] = []
        self.file_problems: list[dict[str, Any]] = []
        self.suggestions: dict[str, list[str]] = {}

    def add(
        self, frame: pl.DataFrame, code: str, column: str, value_col: str, extra: pl.Expr | None = None
    ) -> None:
        if frame.height == 0:
            return
        col = pl.col(column) if column in ("_vcol", "_pcol") else pl.lit(column)
        self.frames.append(
            frame.select(
                pl.col("_row").cast(pl.Int64).alias("row"),
                col.cast(pl.String).alias("column"),
                pl.col(value_col).cast(pl.String).alias("value"),
                pl.lit(code).alias("code"),
                (extra if extra is not None else pl.lit(None, dtype=pl.String))
                .cast(pl.String)
                .alias("extra"),
            )
        )

    def file_problem(
        self, code: str, *, column: str | None = None, examples: list[str] | None = None
    ) -> None:
        extra = ", ".join(f"'{e}'" for e in (examples or []))
        self.file_problems.append(
            {"row": None, "column": column, "value": None, "code": code, "message": _message(code, "", extra)}
        )

    @property
    def count(self) -> int:
        return len(self.file_problems) + sum(f.height for f in self.frames)

    def report(self, warnings: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        summary: dict[str, int] = {}
        for p in self.file_problems:
            summary[p["code"]] = summary.get(p["code"], 0) + 1
        rows: list[dict[str, Any]] = list(self.file_problems)
        if self.frames:
            all_rows = pl.concat(self.frames, how="vertical")
            for code, n in all_rows.group_by("code").len().iter_rows():
                summary[code] = summary.get(code, 0) + n
            first = all_rows.sort("row", maintain_order=True).head(limits.MAX_REPORTED_ERRORS)
            for row in first.iter_rows(named=True):
                entry = {
                    "row": row["row"],
                    "column": row["column"],
                    "value": row["value"],
                    "code": row["code"],
                    "message": _message(row["code"], row["value"] or "", row["extra"] or ""),
                }
                if row["code"] == "duplicate_cell":
                    entry["first_row"] = int(row["extra"])
                hints = self.suggestions.get(row["value"] or "")
                if hints and row["code"] in ("unknown_region", "ambiguous_region"):
                    entry["suggestions"] = hints
                rows.append(entry)
        count = self.count
        return {
            "error_count": count,
            "summary": summary,
            "truncated": count > len(rows),
            "errors": rows[: limits.MAX_REPORTED_ERRORS],
            "warnings": warnings or [],
        }


def _message(code: str, value: str, extra: str) -> str:
    template = MESSAGES.get(code)
    if template is None:
        return code
    shown = value if len(value) <= 80 else value[:77] + "..."
    return str(template) % {"value": shown, "extra": extra}


def fatal_report(code: str, message: str, details: dict[str, Any]) -> dict[str, Any]:
    """The report of a file that could not be read at all."""
    entry = {"row": details.get("row"), "column": details.get("column"), "value": None, "code": code}
    entry["message"] = message
    return {"error_count": 1, "summary": {code: 1}, "truncated": False, "errors": [entry], "warnings": []}
