"""Deterministic Lampung sample data and files: the demo's values, the shipped sample files, the tests.

`bps_wide_xlsx` writes a table the way BPS publishes one (title rows, a two-row merged header with the
years, a region-name column, the province total and footnotes below); `long_csv` one row per value.
"""

from __future__ import annotations

import csv
import datetime
import io
import zlib
from collections.abc import Iterable

# Lampung's 15 kab/kota: Kemendagri code and the name as BPS tables print it.
LAMPUNG: list[tuple[str, str]] = [
    ("18.01", "Lampung Selatan"),
    ("18.02", "Lampung Tengah"),
    ("18.03", "Lampung Utara"),
    ("18.04", "Lampung Barat"),
    ("18.05", "Tulang Bawang"),
    ("18.06", "Tanggamus"),
    ("18.07", "Lampung Timur"),
    ("18.08", "Way Kanan"),
    ("18.09", "Pesawaran"),
    ("18.10", "Pringsewu"),
    ("18.11", "Mesuji"),
    ("18.12", "Tulang Bawang Barat"),
    ("18.13", "Pesisir Barat"),
    ("18.71", "Bandar Lampung"),
    ("18.72", "Metro"),
]
YEARS = list(range(2019, 2025))

# code -> (base value for a middle-sized kabupaten, yearly change, decimals, spread between regions)
SHAPES: dict[str, tuple[float, float, int, float]] = {
    "PDDK": (900_000, 9_000, 0, 0.6),
    "IPM": (68.5, 0.55, 2, 0.08),
    "KMSK": (13.2, -0.35, 2, 0.3),
    "APK-SMA": (82.0, 1.1, 2, 0.12),
    "KES.PUSKESMAS": (22, 0.4, 0, 0.5),
    "AHH": (69.6, 0.21, 2, 0.04),
}


def value(code: str, region: str, year: int) -> float:
    """A stable, plausible value for one cell (not real statistics: demo data)."""
    base, step, decimals, spread = SHAPES[code]
    wobble = (zlib.crc32(f"{code}|{region}".encode()) % 1000) / 1000 - 0.5  # -0.5 .. 0.5 per region
    noise = (zlib.crc32(f"{code}|{region}|{year}".encode()) % 100) / 100 - 0.5
    scale = 1 + spread * wobble * 2
    if region == "18.71":  # the capital is bigger and better served
        scale *= 1.25 if code in ("PDDK", "IPM", "APK-SMA", "AHH") else 0.7
    raw = base * scale + step * (year - YEARS[0]) * scale + noise * abs(step)
    return round(raw, decimals) if decimals else float(round(raw))


def long_csv(
    codes: Iterable[str], years: Iterable[int] = YEARS, *, regions: list[tuple[str, str]] | None = None
) -> bytes:
    """indikator,kode_wilayah,nama_wilayah,tahun,nilai (the name column is ignored on upload)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["indikator", "kode_wilayah", "nama_wilayah", "tahun", "nilai"])
    for code in codes:
        for region, name in regions or LAMPUNG:
            for year in years:
                v = value(code, region, year)
                writer.writerow([code, region, name, year, f"{v:g}" if v != int(v) else int(v)])
    return out.getvalue().encode("utf-8")


def bps_wide_xlsx(
    code: str,
    title: str,
    years: list[int] = YEARS,
    *,
    total_label: str | None = "Lampung",
    cells: dict[tuple[str, int], object] | None = None,
) -> bytes:
    """A BPS-style table: title rows, merged two-row header, region names, province total, footnotes.

    `cells` overrides single cells ((region code, year) -> what to write), to make a mistake on purpose.
    """
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    book.set_properties(
        {"created": datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC), "author": "Simpul demo"}
    )  # same bytes
    sheet = book.add_worksheet("Tabel")
    bold = book.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1})
    num = book.add_format({"num_format": "#,##0.00" if SHAPES[code][2] else "#,##0", "border": 1})
    text = book.add_format({"border": 1})
    last = len(years)
    sheet.write(0, 0, f"Tabel 4.1.{len(code)} {title} Menurut Kabupaten/Kota di Provinsi Lampung, "
                      f"{years[0]}–{years[-1]}")  # fmt: skip
    sheet.write(1, 0, f"Table 4.1.{len(code)} {title} by Regency/Municipality in Lampung Province")
    sheet.merge_range(3, 0, 4, 0, "Kabupaten/Kota\nRegency/Municipality", bold)
    sheet.merge_range(3, 1, 3, last, title, bold)
    for j, year in enumerate(years, start=1):
        sheet.write_number(4, j, year, bold)
    row = 5
    for region, name in LAMPUNG:
        sheet.write(row, 0, name, text)
        for j, year in enumerate(years, start=1):
            override = (cells or {}).get((region, year))
            if override is not None:
                sheet.write(row, j, override, text)
            else:
                sheet.write_number(row, j, value(code, region, year), num)
        row += 1
    if total_label:
        sheet.write(row, 0, total_label, bold)
        for j, year in enumerate(years, start=1):
            total = sum(value(code, r, year) for r, _n in LAMPUNG)
            sheet.write_number(row, j, total if SHAPES[code][2] == 0 else round(total / len(LAMPUNG), 2), num)
        row += 1
    sheet.write(row + 1, 0, "Sumber/Source: BPS Provinsi Lampung (data contoh untuk demo Simpul)")
    sheet.write(row + 2, 0, "Catatan/Note: angka tahun terakhir bersifat sementara")
    book.close()
    return buf.getvalue()
