"""Reading files: encodings, delimiters, header rows, XLSX sheets; codes stay text."""

from __future__ import annotations

import csv
import io
from typing import Any

import polars as pl
import pytest
import xlsxwriter

from simpul.ingest import numbers
from simpul.ingest.errors import IngestError
from simpul.ingest.reading import read_table


def rows(table: Any) -> list[tuple[Any, ...]]:
    return table.frame.select(["_row", *table.columns]).rows()


def xlsx(sheets: dict[str, list[tuple[int, list[Any]]]]) -> bytes:
    """{sheet name: [(row index 0-based, [cells...]), ...]} -> XLSX bytes"""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for name, content in sheets.items():
        sheet = book.add_worksheet(name)
        for r, cells in content:
            sheet.write_row(r, 0, cells)
    book.close()
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        ("wilayah,catatan\n18.01,Kédaton\n".encode(), "utf-8"),
        (b"\xef\xbb\xbf" + "wilayah,catatan\n18.01,Kédaton\n".encode(), "utf-8-sig"),
        ("wilayah,catatan\n18.01,Kédaton\n".encode("cp1252"), "cp1252"),
        ("wilayah,catatan\n18.01,Kédaton\n".encode("utf-16"), "utf-16"),
    ],
)
def test_encodings_are_detected(encoded: bytes, encoding: str) -> None:
    table = read_table(encoded)
    assert table.headers == ["wilayah", "catatan"]  # a BOM does not stick to the first header
    assert rows(table) == [(2, "18.01", "Kédaton")]
    assert (
        table.encoding.replace("_", "").startswith(encoding.replace("-", "")[:5])
        or table.encoding == encoding
    )


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_detected(delimiter: str) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerows([["indikator", "wilayah", "tahun", "nilai"], ["IPM", "18.10", "2023", "1.234,5"]])
    table = read_table(out.getvalue().encode())
    assert table.delimiter == delimiter
    assert rows(table) == [(2, "IPM", "18.10", "2023", "1.234,5")]


def test_codes_stay_text_exactly() -> None:
    table = read_table(b"kode,kode_bps,nilai\n18.10,1810,007\n18.01,0018,1.50\n")
    assert rows(table) == [(2, "18.10", "1810", "007"), (3, "18.01", "0018", "1.50")]


def test_title_rows_are_skipped_and_row_numbers_follow_the_file() -> None:
    text = "Tabel 3.1 Jumlah Penduduk\nSumber: BPS\n\nwilayah;tahun;nilai\n18.01;2023;1\n\n18.02;2023;2\n"
    table = read_table(text.encode())
    assert table.header_row == 4
    assert table.headers == ["wilayah", "tahun", "nilai"]
    assert rows(table) == [(5, "18.01", "2023", "1"), (7, "18.02", "2023", "2")]


def test_quoted_delimiters_and_trailing_empty_columns() -> None:
    table = read_table(b'wilayah,catatan,,\n18.01,"satu, dua",,\n')
    assert table.headers == ["wilayah", "catatan"]
    assert rows(table) == [(2, "18.01", "satu, dua")]


def test_row_with_too_many_fields_is_named() -> None:
    with pytest.raises(IngestError) as exc:
        read_table(b"a,b\n1,2\n3,4,5\n")
    assert exc.value.code == "ragged_row"
    assert exc.value.details["row"] == 3


def test_xlsx_sheet_choice_and_header_detection() -> None:
    content = xlsx(
        {
            "Catatan": [(0, ["Dibuat oleh Dinkes"])],
            "Data": [
                (1, ["Tabel IPM Kabupaten/Kota"]),
                (3, ["wilayah", "2022", "2023"]),
                (4, ["18.10", 69.5, 70]),
                (5, [18.1, 1234.5, "1.234,5"]),
            ],
        }
    )
    table = read_table(content, options={"sheet": "Data"})
    assert table.sheet == "Data"
    assert table.header_row == 4
    assert table.headers == ["wilayah", "2022", "2023"]
    # Typed as text, "18.10" stays; typed as a number it was 18.1 already in the file.
    assert rows(table) == [(5, "18.10", "69.5", "70"), (6, "18.1", "1234.5", "1.234,5")]
    assert table.warnings[0]["code"] == "several_sheets"
    by_number = read_table(content, options={"sheet": 2})
    assert by_number.sheet == "Data"


def test_unknown_sheet_lists_the_real_ones() -> None:
    content = xlsx({"Data": [(0, ["a", "b"]), (1, ["1", "2"])]})
    with pytest.raises(IngestError) as exc:
        read_table(content, options={"sheet": "Lembar9"})
    assert exc.value.code == "unknown_sheet"
    assert "Data" in exc.value.message


@pytest.mark.parametrize(
    ("values", "decimal", "parsed"),
    [
        (["1.234,56", "12,5", "7"], ",", [1234.56, 12.5, 7.0]),
        (["1,234.56", "12.5", "7"], ".", [1234.56, 12.5, 7.0]),
        (["1.234.567", "2"], ",", [1234567.0, 2.0]),
        (["0.5", "1"], ".", [0.5, 1.0]),
        (["12 345", "Rp 1.000,5", "45%"], ",", [12345.0, 1000.5, 45.0]),
    ],
)
def test_number_formats_are_recognised_per_column(
    values: list[str], decimal: str, parsed: list[float]
) -> None:
    series = pl.Series(values)
    cleaned = pl.select(numbers.clean(pl.lit(series))).to_series()
    found = numbers.detect(cleaned)
    assert found.decimal == decimal
    assert not found.ambiguous
    assert pl.select(numbers.parse(pl.lit(cleaned), found.decimal)).to_series().to_list() == parsed


@pytest.mark.parametrize("values", [["1.234", "5"], ["1,234", "5"], ["12,5", "12.5"], ["1.234", "1,234"]])
def test_ambiguous_number_columns_are_flagged(values: list[str]) -> None:
    assert numbers.detect(pl.Series(values)).ambiguous
