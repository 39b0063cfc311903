"""Periods as canonical text: "2023" (tahunan), "2023-S1" (semesteran), "2023-Q2" (triwulanan),
"2023-03" (bulanan). Uploaded files write them in many ways; `parse_period` reads the common ones."""

from __future__ import annotations

import re

from .models import Periodicity

MIN_YEAR, MAX_YEAR = 1800, 2200

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_MONTHS = {
    # Indonesian and English names and abbreviations
    "JANUARI": 1, "JANUARY": 1, "JAN": 1,
    "FEBRUARI": 2, "FEBRUARY": 2, "FEB": 2, "PEB": 2, "PEBRUARI": 2,
    "MARET": 3, "MARCH": 3, "MAR": 3,
    "APRIL": 4, "APR": 4,
    "MEI": 5, "MAY": 5,
    "JUNI": 6, "JUNE": 6, "JUN": 6,
    "JULI": 7, "JULY": 7, "JUL": 7,
    "AGUSTUS": 8, "AUGUST": 8, "AGU": 8, "AGS": 8, "AUG": 8, "AGT": 8,
    "SEPTEMBER": 9, "SEP": 9, "SEPT": 9,
    "OKTOBER": 10, "OCTOBER": 10, "OKT": 10, "OCT": 10,
    "NOVEMBER": 11, "NOV": 11, "NOP": 11, "NOPEMBER": 11,
    "DESEMBER": 12, "DECEMBER": 12, "DES": 12, "DEC": 12,
}  # fmt: skip

_YEAR = r"(?P<y>\d{4})"
_SEP = r"[\s\-/_.]*"
_SEM_WORD = r"(?:SEMESTER|SEM|S|H)"
_Q_WORD = r"(?:TRIWULAN|TRIWULAN KE|TW|KUARTAL|KW|Q|TR)"
_NUM = r"(?P<n>\d{1,2}|IV|III|II|I)"

_PATTERNS: dict[str, list[re.Pattern[str]]] = {
    Periodicity.TAHUNAN: [re.compile(rf"{_YEAR}\Z")],
    Periodicity.SEMESTERAN: [
        re.compile(rf"{_YEAR}{_SEP}{_SEM_WORD}{_SEP}{_NUM}\Z"),
        re.compile(rf"{_SEM_WORD}{_SEP}{_NUM}{_SEP}{_YEAR}\Z"),
    ],
    Periodicity.TRIWULANAN: [
        re.compile(rf"{_YEAR}{_SEP}{_Q_WORD}{_SEP}{_NUM}\Z"),
        re.compile(rf"{_Q_WORD}{_SEP}{_NUM}{_SEP}{_YEAR}\Z"),
    ],
    Periodicity.BULANAN: [
        re.compile(rf"{_YEAR}[\-/.](?P<n>\d{{1,2}})\Z"),
        re.compile(rf"(?P<n>\d{{1,2}})[\-/.]{_YEAR}\Z"),
        re.compile(rf"{_YEAR}{_SEP}(?P<m>[A-Z]+)\Z"),
        re.compile(rf"(?P<m>[A-Z]+){_SEP}{_YEAR}\Z"),
    ],
}
_LIMIT: dict[str, int] = {Periodicity.SEMESTERAN: 2, Periodicity.TRIWULANAN: 4, Periodicity.BULANAN: 12}
_CANONICAL: dict[str, re.Pattern[str]] = {
    Periodicity.TAHUNAN: re.compile(r"\d{4}\Z"),
    Periodicity.SEMESTERAN: re.compile(r"\d{4}-S[12]\Z"),
    Periodicity.TRIWULANAN: re.compile(r"\d{4}-Q[1-4]\Z"),
    Periodicity.BULANAN: re.compile(r"\d{4}-(0[1-9]|1[0-2])\Z"),
}


def _number(match: re.Match[str]) -> int | None:
    groups = match.groupdict()
    if groups.get("m") is not None:
        return _MONTHS.get(groups["m"])
    raw = groups.get("n")
    if raw is None:
        return None
    if raw in _ROMAN:
        return _ROMAN[raw]
    return int(raw)


def parse_period(text: str, periodicity: str) -> str | None:
    """The canonical form of `text` for `periodicity`, or None when it is not such a period."""
    value = " ".join(text.strip().upper().split())
    if not value or len(value) > 40:
        return None
    for pattern in _PATTERNS.get(periodicity, ()):
        match = pattern.match(value)
        if match is None:
            continue
        year = int(match.group("y"))
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        if periodicity == Periodicity.TAHUNAN:
            return f"{year}"
        number = _number(match)
        if number is None or not 1 <= number <= _LIMIT[periodicity]:
            return None
        if periodicity == Periodicity.SEMESTERAN:
            return f"{year}-S{number}"
        if periodicity == Periodicity.TRIWULANAN:
            return f"{year}-Q{number}"
        return f"{year}-{number:02d}"
    return None


def detect_period(text: str) -> tuple[str, str] | None:
    """(canonical period, periodicity) for a period of any periodicity, e.g. a wide-layout header."""
    for periodicity in Periodicity.values:
        found = parse_period(text, periodicity)
        if found is not None:
            return found, periodicity
    return None


def is_canonical(period: str, periodicity: str) -> bool:
    pattern = _CANONICAL.get(periodicity)
    return bool(pattern and pattern.match(period))


def periodicity_of(period: str) -> str | None:
    for periodicity, pattern in _CANONICAL.items():
        if pattern.match(period):
            return str(periodicity)
    return None
