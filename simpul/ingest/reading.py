"""Turn uploaded bytes into a table of text cells: encoding, delimiter, header row, XLSX sheets.

Every cell stays text (a code "18.10" must never become 18.1); numbers are read later, per column.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from charset_normalizer import from_bytes
from django.utils.translation import gettext as _

from . import limits
from .errors import IngestError

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls and other OLE files
DELIMITERS = (",", ";", "\t", "|")
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r", "\x0c"}


@dataclass
class Table:
    """Data rows as text columns c0..cN plus `_row`, the row number the user sees in the file."""

    headers: list[str]
    frame: pl.DataFrame
    file_format: str
    header_row: int
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    warnings: list[dict[str, Any]] = field(default_factory=list)
    # Text above the header and of a merged header row it replaced (a BPS table's title, "Indeks
    # Pembangunan Manusia" over the years): a hint of the indicator for the mapping step.
    caption: str = ""

    @property
    def columns(self) -> list[str]:
        return [f"c{i}" for i in range(len(self.headers))]


def read_table(content: bytes, *, file_name: str = "", options: dict[str, Any] | None = None) -> Table:
    options = options or {}
    if len(content) > limits.max_upload_bytes():
        raise IngestError(
            "file_too_large",
            _("Berkas terlalu besar (%(size)s MB; batas %(limit)s MB).")
            % {"size": round(len(content) / 1048576, 1), "limit": limits.max_upload_bytes() // 1048576},
        )
    if not content.strip():
        raise IngestError("empty_file", _("Berkas kosong."))
    if content.startswith(XLSX_MAGIC):
        return read_xlsx(content, sheet=options.get("sheet"), header_row=options.get("header_row"))
    if content.startswith(OLE_MAGIC):
        raise IngestError(
            "xls_not_supported", _("Format XLS lama tidak didukung; simpan sebagai XLSX atau CSV.")
        )
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        raise IngestError("bad_xlsx", _("Berkas bukan XLSX yang sah (rusak atau bukan arsip XLSX)."))
    return read_csv(content, delimiter=options.get("delimiter"), header_row=options.get("header_row"))


# ---------------------------------------------------------------------------------------------------
# Text decoding


def decode(content: bytes) -> tuple[str, str]:
    """(text, encoding name). UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252/Latin-1."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _checked(content.decode("utf-16")), "utf-16"
        except UnicodeDecodeError as exc:
            raise IngestError("bad_encoding", _("Berkas UTF-16 rusak.")) from exc
    if b"\x00" in content:
        raise IngestError(
            "binary_file",
            _("Berkas berisi byte NUL: ini bukan berkas teks CSV (mungkin berkas biner atau rusak)."),
        )
    bom = content.startswith(b"\xef\xbb\xbf")
    body = content[3:] if bom else content
    try:
        return _checked(body.decode("utf-8")), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError as exc:
        before = body[: exc.start]
        if bom or any(b >= 0x80 for b in before):
            line = before.count(b"\n") + 1
            raise IngestError(
                "mixed_encoding",
                _(
                    "Berkas mencampur encoding: sebagian UTF-8, tetapi baris %(line)s tidak. "
                    "Simpan ulang seluruh berkas sebagai CSV UTF-8."
                )
                % {"line": line},
                row=line,
            ) from exc
    best = from_bytes(content, cp_isolation=["cp1252", "latin_1"]).best()
    if best is None:
        raise IngestError("bad_encoding", _("Encoding berkas tidak dikenali; simpan sebagai CSV UTF-8."))
    return _checked(str(best)), best.encoding


def _checked(text: str) -> str:
    if "\x00" in text:
        raise IngestError("binary_file", _("Berkas berisi karakter NUL: ini bukan berkas teks CSV."))
    sample = text[:65536]
    if any(ch in _CONTROL for ch in sample):
        raise IngestError(
            "binary_file", _("Berkas berisi karakter kendali: ini bukan berkas teks CSV (mungkin biner).")
        )
    return text


# ---------------------------------------------------------------------------------------------------
# CSV


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter giving the most lines with the same number (>1) of fields."""
    best, best_score = ",", (0, 0)
    for delim in DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=delim) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        if not counts:
            continue
        widest = max(counts)
        if widest < 2:
            continue
        mode = max(set(counts), key=lambda n: (counts.count(n), n))
        score = (counts.count(mode) if mode > 1 else 0, mode)
        if score > best_score:
            best, best_score = delim, score
    return best


def detect_header(rows: list[list[str]]) -> int:
    """Index of the header among the first rows: the first row about as wide as the widest one."""
    widths = [sum(1 for c in r if str(c).strip()) for r in rows]
    if not widths or max(widths) == 0:
        return 0
    need = max(2, (max(widths) + 1) // 2) if max(widths) >= 2 else 1
    return next(i for i, w in enumerate(widths) if w >= need)


def _line_offset(text: str, lines_before: int) -> int:
    offset = 0
    for _i in range(lines_before):
        nxt = text.find("\n", offset)
        if nxt < 0:
            return len(text)
        offset = nxt + 1
    return offset


def read_csv(content: bytes, *, delimiter: str | None = None, header_row: int | None = None) -> Table:
    text, encoding = decode(content)
    # Only for finding the delimiter and header: long lines are cut (the full text goes to Polars).
    head_lines = [line[:50_000] for line in text[:1_000_000].splitlines()[: limits.HEADER_SCAN_ROWS + 1]]
    if header_row is None:
        head_lines = head_lines[: limits.HEADER_SCAN_ROWS]
    delim = delimiter or sniff_delimiter(head_lines)
    # Line numbers of each record in the scanned head (a quoted field may span lines).
    reader = csv.reader(head_lines, delimiter=delim)
    records: list[list[str]] = []
    starts: list[int] = []
    try:
        while True:
            start = reader.line_num
            record = next(reader)
            records.append(record)
            starts.append(start)
    except StopIteration:
        pass
    except csv.Error as exc:
        raise _csv_error(exc, reader.line_num) from exc
    if not records:
        raise IngestError("empty_file", _("Berkas kosong."))
    if header_row is not None:
        index = next((i for i, s in enumerate(starts) if s + 1 == int(header_row)), None)
        if index is None:
            raise IngestError("bad_header_row", _("Baris header %(row)s tidak ada.") % {"row": header_row})
    else:
        index = detect_header(records)
    first_line = starts[index]  # 0-based line of the header
    body = text[_line_offset(text, first_line) :].encode("utf-8")
    try:
        frame = pl.read_csv(
            io.BytesIO(body),
            has_header=False,
            infer_schema=False,
            separator=delim,
            quote_char='"',
            raise_if_empty=False,
            n_threads=None,
        )
    except pl.exceptions.PolarsError as exc:
        width = len(records[index])
        raise _ragged_error(text[_line_offset(text, first_line) :], delim, width, first_line) from exc
    if frame.height == 0:
        raise IngestError("empty_file", _("Berkas kosong."))
    headers = _headers(["" if v is None else v for v in frame.row(0)])
    frame = frame.slice(1)
    frame.columns = [f"c{i}" for i in range(frame.width)]
    for i in range(frame.width, len(headers)):
        frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(f"c{i}"))
    frame = frame.with_row_index("_row", offset=first_line + 2)
    return _finish(Table(headers, frame, "csv", first_line + 1, encoding=encoding, delimiter=delim))


def _csv_error(exc: csv.Error, line: int) -> IngestError:
    if "field larger than field limit" in str(exc):
        return IngestError(
            "cell_too_long",
            _("Sel di baris %(row)s terlalu panjang (maksimum %(limit)s karakter).")
            % {"row": line, "limit": limits.MAX_CELL_CHARS},
            row=line,
        )
    return IngestError(
        "bad_csv",
        _("Struktur CSV rusak sekitar baris %(row)s (mungkin tanda kutip yang tidak ditutup).")
        % {"row": line},
        row=line,
    )


def _ragged_error(text: str, delim: str, width: int, first_line: int) -> IngestError:
    """Find the first record wider than the header (Polars only says that one exists)."""
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    try:
        for record in reader:
            if len(record) > width:
                line = first_line + reader.line_num
                return IngestError(
                    "ragged_row",
                    _("Baris %(row)s berisi %(found)s kolom, lebih banyak dari header (%(width)s kolom).")
                    % {"row": line, "found": len(record), "width": width},
                    row=line,
                )
    except csv.Error as exc:
        return _csv_error(exc, first_line + reader.line_num)
    return IngestError("bad_csv", _("Struktur CSV tidak dapat dibaca."))


def _headers(record: list[Any]) -> list[str]:
    headers = [" ".join(str(h).split()) for h in record]
    named = len(headers)
    while named and not headers[named - 1]:
        named -= 1
    if named > limits.MAX_COLUMNS:
        raise IngestError(
            "too_many_columns",
            _("Berkas berisi %(count)s kolom; maksimum %(limit)s.")
            % {"count": named, "limit": limits.MAX_COLUMNS},
        )
    for i, h in enumerate(headers):
        if len(h) > limits.MAX_HEADER_CHARS:
            raise IngestError(
                "header_too_long",
                _("Judul kolom ke-%(col)s terlalu panjang (%(length)s karakter).")
                % {"col": i + 1, "length": len(h)},
            )
    seen: dict[str, int] = {}
    for i, h in enumerate(headers):
        if not h:
            continue
        key = h.casefold()
        if key in seen:
            raise IngestError(
                "duplicate_header",
                _("Judul kolom '%(name)s' muncul dua kali (kolom %(first)s dan %(second)s).")
                % {"name": h, "first": seen[key] + 1, "second": i + 1},
                column=h,
            )
        seen[key] = i
    return headers


def _finish(table: Table) -> Table:
    """Strip cells, drop blank rows, refuse over-long cells and files without data rows."""
    cols = table.columns
    frame = table.frame.select(["_row", *cols])
    frame = frame.with_columns([pl.col(c).str.strip_chars().replace("", None).alias(c) for c in cols]).filter(
        ~pl.all_horizontal([pl.col(c).is_null() for c in cols])
    )
    # Unnamed trailing columns without data (a trailing delimiter, Excel's empty columns) are dropped.
    while cols and not table.headers[-1] and frame[cols[-1]].null_count() == frame.height:
        frame = frame.drop(cols.pop())
        table.headers.pop()
    if frame.height == 0:
        raise IngestError("no_data_rows", _("Berkas tidak berisi baris data (hanya header atau kosong)."))
    too_long = frame.select(
        [
            (pl.col(c).str.len_chars() > limits.MAX_CELL_CHARS).fill_null(False).arg_max().alias(c)
            for c in cols
        ]
    ).row(0)
    for i, c in enumerate(cols):
        idx = too_long[i]
        value = frame[c][idx]
        if value is not None and len(value) > limits.MAX_CELL_CHARS:
            row = int(frame["_row"][idx])
            raise IngestError(
                "cell_too_long",
                _(
                    "Sel di baris %(row)s, kolom '%(col)s' terlalu panjang "
                    "(%(length)s karakter; maksimum %(limit)s)."
                )
                % {"row": row, "col": table.headers[i], "length": len(value), "limit": limits.MAX_CELL_CHARS},
                row=row,
                column=table.headers[i],
            )
    table.frame = frame
    return table


# ---------------------------------------------------------------------------------------------------
# XLSX


def _check_zip(content: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestError("bad_xlsx", _("Berkas XLSX rusak atau terpotong.")) from exc
    total = sum(i.file_size for i in infos)
    cap = limits.max_upload_bytes() * limits.XLSX_EXPANSION
    bomb = any(
        i.file_size > 10 * 1048576 and i.file_size > limits.XLSX_MAX_RATIO * max(i.compress_size, 1)
        for i in infos
    )
    if total > cap or bomb:
        raise IngestError(
            "xlsx_too_large",
            _("Isi XLSX terlalu besar setelah dibuka (%(size)s MB); berkas ditolak.")
            % {"size": total // 1048576},
        )
    if not any(i.filename.startswith("xl/worksheets/") for i in infos):
        raise IngestError("bad_xlsx", _("Berkas bukan XLSX yang sah (tidak ada lembar kerja)."))


def _cell_text(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _column_text(rows: list[list[Any]], j: int) -> list[str | None]:
    """Column j of the rows as text (`_cell_text`), None where a row is shorter. Written as one
    comprehension with the common cases inline (text cells, whole and other numbers), because a function
    call per cell was most of the XLSX read time."""
    return [
        None
        if j >= len(r)
        else v
        if (v := r[j]).__class__ is str
        else (str(int(v)) if v.is_integer() and -1e15 < v < 1e15 else repr(v))
        if v.__class__ is float
        else _cell_text(v)
        for r in rows
    ]


def read_xlsx(content: bytes, *, sheet: str | int | None = None, header_row: int | None = None) -> Table:
    from python_calamine import CalamineError, CalamineWorkbook

    _check_zip(content)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        names = list(workbook.sheet_names)
        chosen, loaded = _choose_sheet(workbook, names, sheet)
        rows = (loaded or workbook.get_sheet_by_name(chosen)).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError, KeyError, TypeError) as exc:
        raise IngestError(
            "bad_xlsx", _("Berkas XLSX tidak dapat dibaca: %(error)s") % {"error": exc}
        ) from exc
    if not rows or not any(any(_cell_text(c) for c in r) for r in rows):
        raise IngestError("empty_file", _("Lembar '%(sheet)s' kosong.") % {"sheet": chosen})
    width = max(len(r) for r in rows)
    if width > limits.MAX_COLUMNS:
        raise IngestError(
            "too_many_columns",
            _("Berkas berisi %(count)s kolom; maksimum %(limit)s.")
            % {"count": width, "limit": limits.MAX_COLUMNS},
        )
    if header_row is not None:
        index = int(header_row) - 1
        if not 0 <= index < len(rows):
            raise IngestError("bad_header_row", _("Baris header %(row)s tidak ada.") % {"row": header_row})
    else:
        scan = [[_cell_text(c) for c in r] for r in rows[: limits.HEADER_SCAN_ROWS]]
        first = next(i for i, r in enumerate(scan) if any(r))
        index = first + detect_header(scan[first:])
    raw_headers = [_cell_text(c) for c in rows[index]]
    body_start = index + 1
    caption = [_cell_text(c) for r in rows[:index] for c in r]
    if header_row is None:
        upper = [_cell_text(c) for c in rows[index - 1]] if index > 0 else []
        lower = [_cell_text(c) for c in rows[index + 1]] if index + 1 < len(rows) else []
        if _is_upper_header(upper, raw_headers):
            raw_headers = _merge_header_rows(upper, raw_headers)
            index -= 1
        elif _is_lower_header(raw_headers, lower):
            caption += raw_headers
            raw_headers = _merge_header_rows(raw_headers, lower)
            body_start += 1
    # Leading empty columns (a table starting at B5) are dropped with the header's own blanks at the end.
    lead = next((i for i, h in enumerate(raw_headers) if h.strip()), 0)
    headers = _headers(raw_headers[lead:])
    n = len(headers)
    body = _without_footnotes(rows[body_start:], lead, n)
    data = {f"c{i}": _column_text(body, lead + i) for i in range(n)}
    frame = pl.DataFrame(data, schema={k: pl.String for k in data}).with_row_index(
        "_row", offset=body_start + 1
    )
    table = Table(headers, frame, "xlsx", index + 1, sheet=chosen)
    table.caption = " ".join(" ".join(c.split()) for c in caption if c.strip())[:2000]
    dropped = len(rows) - body_start - len(body)
    if dropped and any(any(_cell_text(c) for c in r) for r in rows[body_start + len(body) :]):
        table.warnings.append(
            {
                "code": "footnotes_ignored",
                "message": _("Baris catatan di bawah tabel (sumber, catatan) diabaikan."),
            }
        )
    if len(names) > 1:
        table.warnings.append(
            {
                "code": "several_sheets",
                "message": _("Berkas berisi %(count)s lembar; yang dibaca: '%(sheet)s'.")
                % {"count": len(names), "sheet": chosen},
            }
        )
    return _finish(table)


def _filled(row: list[str]) -> list[int]:
    return [i for i, c in enumerate(row) if c.strip()]


def _merge_header_rows(upper: list[str], lower: list[str]) -> list[str]:
    """A two-row header (BPS style: "Kabupaten/Kota" merged down, a title merged across the years):
    a column takes the lower row's text, or the upper row's where the lower one is blank."""
    width = max(len(upper), len(lower))
    upper, lower = upper + [""] * (width - len(upper)), lower + [""] * (width - len(lower))
    return [lo if lo.strip() else up for up, lo in zip(upper, lower, strict=True)]


def _is_upper_header(upper: list[str], header: list[str]) -> bool:
    """The row above the detected header is its first half: at least two labels, one of them above a
    blank of the header (a cell merged downwards), and the header has labels where it is blank."""
    up, here = set(_filled(upper)), set(_filled(header))
    return len(up) >= 2 and bool(up - here) and bool(here - up)


def _is_lower_header(header: list[str], lower: list[str]) -> bool:
    """The row below the detected header is its second half: blank under the header's first label (a
    cell merged downwards, where data rows have their region or indicator) and filling a blank of the
    header (the years under a title merged across)."""
    here, low = _filled(header), set(_filled(lower))
    if not here or not low or here[0] in low:
        return False
    return bool(low - set(here)) and all(_looks_like_label(lower[i]) for i in low)


def _looks_like_label(text: str) -> bool:
    from simpul.standards.periods import detect_period

    return detect_period(text) is not None or not text.replace(".", "").replace(",", "").isdigit()


def _without_footnotes(rows: list[Any], lead: int, width: int) -> list[Any]:
    """Drop the rows after the table that only have text in its first column ("Sumber: ...")."""
    if width < 2:
        return rows
    end = len(rows)
    while end:
        cells = [_cell_text(c) for c in rows[end - 1][lead : lead + width]]
        filled = [i for i, c in enumerate(cells) if c.strip()]
        if filled and filled != [0]:
            break
        end -= 1
    return rows[:end]


def _choose_sheet(workbook: Any, names: list[str], sheet: str | int | None) -> tuple[str, Any]:
    """The sheet's name, and the sheet itself when finding it meant loading it (parsed once, not twice)."""
    if not names:
        raise IngestError("bad_xlsx", _("Berkas XLSX tidak berisi lembar kerja."))
    if sheet is None or sheet == "":
        for name in names:
            loaded = workbook.get_sheet_by_name(name)
            if loaded.height > 0:
                return name, loaded
        return names[0], None
    if isinstance(sheet, int) or str(sheet).isdigit():
        index = int(sheet) - 1
        if 0 <= index < len(names):
            return names[index], None
    elif str(sheet) in names:
        return str(sheet), None
    raise IngestError(
        "unknown_sheet",
        _("Lembar '%(sheet)s' tidak ada; lembar yang ada: %(names)s.")
        % {"sheet": sheet, "names": ", ".join(names)},
    )
