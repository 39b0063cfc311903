"""Limits that keep hostile or accidental input from exhausting memory or time."""

from __future__ import annotations

from django.conf import settings

MAX_COLUMNS = 500
MAX_CELL_CHARS = 2_000
MAX_HEADER_CHARS = 200
HEADER_SCAN_ROWS = 30
# An XLSX may unpack to at most this many times the upload limit, and no member may compress better
# than this ratio (a real sheet compresses 5-20x; a zip bomb 1000x and more).
XLSX_EXPANSION = 10
XLSX_MAX_RATIO = 200
# Error rows kept in the report; the summary still counts every problem.
MAX_REPORTED_ERRORS = 1_000


def max_upload_bytes() -> int:
    return int(getattr(settings, "SIMPUL_MAX_UPLOAD_MB", 50)) * 1024 * 1024
