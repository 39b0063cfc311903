"""Numbers as Indonesian ("1.234,56") or English ("1,234.56") text, recognised per column.

A column is read one way throughout. The evidence is the values themselves: "12,5" or "1.234.567" can
only be Indonesian, "12.5" or "1,234,567" only English. A column with evidence both ways, or none at all
while some value could be read both ways ("1.234"), is ambiguous: it is reported, not guessed, unless
the upload says which decimal separator it uses.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

# Written for "no value" in Indonesian statistical tables; treated as an empty cell.
MISSING_MARKERS = ["-", "–", "—", "...", "…", "na", "n/a", "NA", "N/A", "null", "NULL"]

_SIGN = r"^[+-]?"
PLAIN = _SIGN + r"\d+$"
# Only Indonesian: decimal comma, or two or more dot-groups, or a dot-group and a decimal comma.
ID_ONLY = _SIGN + r"(\d+,\d+|\d{1,3}(\.\d{3}){2,}|\d{1,3}(\.\d{3})+,\d+)$"
EN_ONLY = _SIGN + r"(\d+\.\d+|\d{1,3}(,\d{3}){2,}|\d{1,3}(,\d{3})+\.\d+)$"
# Readable both ways: one thousands-like group ("1.234", "12,345"), never with a leading zero.
BOTH_DOT = _SIGN + r"[1-9]\d{0,2}\.\d{3}$"
BOTH_COMMA = _SIGN + r"[1-9]\d{0,2},\d{3}$"
ID_FULL = _SIGN + r"(\d+|\d{1,3}(\.\d{3})+)(,\d+)?$"
EN_FULL = _SIGN + r"(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$"
SCIENTIFIC = _SIGN + r"\d+(\.\d+)?[eE][+-]?\d+$"


@dataclass(frozen=True)
class ColumnFormat:
    decimal: str  # "," or "." or "" (integers only: no separator seen)
    ambiguous: bool = False


def clean(expr: pl.Expr) -> pl.Expr:
    """Remove spaces (also non-breaking), a trailing %, and Rp/currency prefixes."""
    return (
        expr.str.replace_all(r"[\s\u00a0\u202f']", "").str.strip_suffix("%").str.replace(r"^(?i:rp\.?)", "")
    )


def detect(values: pl.Series) -> ColumnFormat:
    """The decimal separator of a column of cleaned, non-empty number texts."""
    s = values.drop_nulls()
    both_dot = s.str.contains(BOTH_DOT)
    both_comma = s.str.contains(BOTH_COMMA)
    id_only = int((s.str.contains(ID_ONLY) & ~both_comma).sum())
    en_only = int((s.str.contains(EN_ONLY) & ~both_dot).sum())
    if id_only and en_only:
        return ColumnFormat("", ambiguous=True)
    if id_only:
        return ColumnFormat(",")
    if en_only:
        return ColumnFormat(".")
    if bool(both_dot.any()) and bool(both_comma.any()):
        # "1.234" beside "1,234": one of them must be a decimal; which one is anyone's guess.
        return ColumnFormat("", ambiguous=True)
    if bool(both_dot.any()) or bool(both_comma.any()):
        # Only "1.234"-like values: 1234 in Indonesian, 1.234 in English.
        return ColumnFormat("", ambiguous=True)
    return ColumnFormat("")


def parse(expr: pl.Expr, decimal: str) -> pl.Expr:
    """Float64 of a cleaned text column; null where the text is not a number in that format."""
    if decimal == ",":
        ok = expr.str.contains(ID_FULL)
        normalised = expr.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
    elif decimal == ".":
        ok = expr.str.contains(EN_FULL)
        normalised = expr.str.replace_all(",", "", literal=True)
    else:
        ok = expr.str.contains(PLAIN)
        normalised = expr
    ok = ok | expr.str.contains(SCIENTIFIC)
    return pl.when(ok).then(normalised.str.replace(r"^\+", "").cast(pl.Float64, strict=False)).otherwise(None)
