"""Check every cell of a mapped table and collect every problem with its row, column and value.

The checks are Polars expressions over whole columns; Python only loops over the distinct values of a
column (indicator codes, region names, periods), which are few even in a million-row file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from simpul.regions.models import Region
from simpul.standards.models import ClassificationItem, Indicator, ValueType
from simpul.standards.periods import parse_period

from . import numbers
from .mapping import ResolvedMapping, region_level_hint
from .reading import Table
from .regions import resolve_regions
from .report import ErrorCollector

STATUS_WORDS = {
    "sementara": 1, "s": 1, "provisional": 1, "p": 1,
    "tetap": 2, "t": 2, "final": 2, "f": 2,
    "diperbaiki": 3, "perbaikan": 3, "revisi": 3, "r": 3, "revised": 3,
}  # fmt: skip
TOTAL_WORDS = {"total", "jumlah", "semua", "all", "_t", "t"}
ERR = pl.String


@dataclass
class Validation:
    cells: pl.DataFrame  # ind_id, region_id, period, disagg, value, unit, status, _row
    errors: ErrorCollector
    rows_total: int
    cells_total: int
    cells_empty: int
    indicator_ids: list[int] = field(default_factory=list)


def _col(table: Table, mapping: ResolvedMapping, role: str) -> pl.Expr:
    """The column mapped to `role`, or its default as a constant, or null."""
    key = mapping.column(role)
    if key is not None:
        return pl.col(key)
    if role in mapping.defaults:
        return pl.lit(mapping.defaults[role], dtype=pl.String)
    return pl.lit(None, dtype=pl.String)


def _header(table: Table, mapping: ResolvedMapping, role: str) -> str:
    key = mapping.column(role)
    return table.headers[int(key[1:])] if key is not None else f"({role})"


def to_long(table: Table, mapping: ResolvedMapping) -> pl.DataFrame:
    """One row per value: ind, reg, per, val, unit, stat, d:<class>..., _row, _vcol, _pcol."""
    disagg = mapping.disagg_columns()
    base = [
        pl.col("_row"),
        _col(table, mapping, "indicator").alias("ind"),
        _col(table, mapping, "region").alias("reg"),
        _col(table, mapping, "unit").alias("unit"),
        _col(table, mapping, "status").alias("stat"),
        *[pl.col(key).alias(f"d:{cls}") for cls, key in disagg.items()],
    ]
    periods = mapping.period_columns()
    if not periods:
        return table.frame.select(
            *base,
            _col(table, mapping, "period").alias("per"),
            _col(table, mapping, "value").alias("val"),
            pl.lit(_header(table, mapping, "value")).alias("_vcol"),
            pl.lit(_header(table, mapping, "period")).alias("_pcol"),
        )
    wide = table.frame.select(*base, *[pl.col(k) for k in periods])
    index = [c for c in wide.columns if c not in periods]
    headers = {k: table.headers[int(k[1:])] for k in periods}
    long = wide.unpivot(on=list(periods), index=index, variable_name="_key", value_name="val")
    return (
        long.with_columns(
            pl.col("_key").replace_strict(periods, return_dtype=pl.String).alias("per"),
            pl.col("_key").replace_strict(headers, return_dtype=pl.String).alias("_vcol"),
        )
        .with_columns(pl.col("_vcol").alias("_pcol"))
        .drop("_key")
        .sort(["_row", "_vcol"], maintain_order=True)
    )


def validate(
    table: Table,
    mapping: ResolvedMapping,
    *,
    decimal: str | None = None,
    region_parent: Region | None = None,
    region_level: int | None = None,
    region_scheme: str | None = None,
    default_status: int | None = None,
) -> Validation:
    errors = ErrorCollector()
    df = to_long(table, mapping)
    cells_total = df.height
    df = df.with_columns(pl.col("val").alias("val_raw"), numbers.clean(pl.col("val")).alias("val"))
    empty = pl.col("val").is_null() | (pl.col("val") == "") | pl.col("val").is_in(numbers.MISSING_MARKERS)
    cells_empty = int(df.select(empty.sum()).item())
    df = df.filter(~empty)
    ind_h, reg_h = _header(table, mapping, "indicator"), _header(table, mapping, "region")

    # Indicators -----------------------------------------------------------------------------------
    codes = df["ind"].drop_nulls().unique().to_list()
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    allowed = _allowed_classes(list(indicators.values()))
    # Looked up column by column, not joined: a join copies every column of the 1M-row frame at once.
    df = df.with_columns(
        _lookup("ind", {c: i.pk for c, i in indicators.items()}, pl.Int64).alias("ind_id"),
        _lookup("ind", {c: i.periodicity for c, i in indicators.items()}, pl.String).alias("_periodicity"),
        _lookup("ind", {c: i.unit for c, i in indicators.items()}, pl.String).alias("_unit"),
        _lookup("ind", {c: i.value_type == ValueType.INTEGER for c, i in indicators.items()}, pl.Boolean)
        .alias("_int"),
        _lookup("ind", {c: i.min_value for c, i in indicators.items()}, pl.Float64).alias("_min"),
        _lookup("ind", {c: i.max_value for c, i in indicators.items()}, pl.Float64).alias("_max"),
    )  # fmt: skip
    errors.add(df.filter(pl.col("ind").is_null()), "missing_indicator", ind_h, "ind")
    errors.add(
        df.filter(pl.col("ind").is_not_null() & pl.col("ind_id").is_null()), "unknown_indicator", ind_h, "ind"
    )

    # Regions ----------------------------------------------------------------------------------------
    answers = resolve_regions(
        df["reg"].drop_nulls().unique().to_list(),
        parent=region_parent,
        level=region_level,
        scheme=region_scheme,
        level_hint=region_level_hint(reg_h),
    )
    df = df.with_columns(
        _lookup("reg", {v: a.code for v, a in answers.items()}, pl.String).alias("region_id"),
        _lookup("reg", {v: a.error for v, a in answers.items()}, pl.String).alias("_reg_err"),
    )
    errors.add(df.filter(pl.col("reg").is_null()), "missing_region", reg_h, "reg")
    for code in ("unknown_region", "ambiguous_region", "region_outside"):
        errors.add(df.filter(pl.col("_reg_err") == code), code, reg_h, "reg")
    errors.suggestions.update({v: a.suggestions for v, a in answers.items() if a.suggestions})

    # Periods ----------------------------------------------------------------------------------------
    pairs = df.filter(pl.col("ind_id").is_not_null() & pl.col("per").is_not_null()).select(
        "per", "_periodicity"
    )
    by_periodicity: dict[str, dict[str, str | None]] = {}
    for per, periodicity in pairs.unique().iter_rows():
        by_periodicity.setdefault(periodicity, {})[per] = parse_period(per, periodicity)
    period = pl.lit(None, dtype=pl.String)
    for periodicity, parsed in by_periodicity.items():
        period = (
            pl.when(pl.col("_periodicity") == periodicity)
            .then(_lookup("per", parsed, pl.String))
            .otherwise(period)
        )
    df = df.with_columns(period.alias("period"))
    errors.add(df.filter(pl.col("per").is_null()), "missing_period", "_pcol", "per")
    errors.add(
        df.filter(pl.col("per").is_not_null() & pl.col("ind_id").is_not_null() & pl.col("period").is_null()),
        "bad_period",
        "_pcol",
        "per",
        extra=pl.col("_periodicity"),
    )

    df = df.drop("ind", "reg", "_reg_err", "per", "_periodicity", "_pcol")  # checked: free the memory

    # Disaggregation ---------------------------------------------------------------------------------
    df = _disaggregation(df, table, mapping, allowed, errors)

    # Values -----------------------------------------------------------------------------------------
    df = _values(df, decimal, errors)
    known = pl.col("ind_id").is_not_null() & pl.col("value").is_not_null()
    errors.add(
        df.filter(known & pl.col("_int") & (pl.col("value") != pl.col("value").floor())),
        "not_integer",
        "_vcol",
        "val_raw",
    )
    low = pl.col("_min").is_not_null() & (pl.col("value") < pl.col("_min"))
    high = pl.col("_max").is_not_null() & (pl.col("value") > pl.col("_max"))
    range_text = pl.concat_str(
        [pl.col("_min").cast(pl.String).fill_null("-"), pl.col("_max").cast(pl.String).fill_null("-")],
        separator="..",
    )
    errors.add(df.filter(known & (low | high)), "out_of_range", "_vcol", "val_raw", extra=range_text)
    df = df.drop("val", "_int", "_min", "_max")

    # Unit and status --------------------------------------------------------------------------------
    unit_h, stat_h = _header(table, mapping, "unit"), _header(table, mapping, "status")
    norm = pl.col("unit").str.to_lowercase().str.replace_all(r"\s", "")
    bad_unit = (
        pl.col("unit").is_not_null()
        & (pl.col("_unit").fill_null("") != "")
        & (norm != pl.col("_unit").str.to_lowercase().str.replace_all(r"\s", ""))
    )
    errors.add(df.filter(bad_unit), "unit_mismatch", unit_h, "unit", extra=pl.col("_unit"))
    df = df.with_columns(
        pl.when(pl.col("_unit").fill_null("") != "")
        .then(pl.col("_unit"))
        .otherwise(pl.col("unit").fill_null(""))
        .alias("unit"),
        pl.col("stat").str.to_lowercase().replace_strict(STATUS_WORDS, default=None, return_dtype=pl.Int16)
        .alias("status"),
    )  # fmt: skip
    errors.add(
        df.filter(pl.col("stat").is_not_null() & pl.col("status").is_null()), "bad_status", stat_h, "stat"
    )
    if default_status is not None:
        df = df.with_columns(pl.col("status").fill_null(default_status))

    # Duplicate cells --------------------------------------------------------------------------------
    key = ["ind_id", "region_id", "period", "disagg"]
    # Only what the rest needs: the ~20 working columns would otherwise be copied by the filter below
    # (a 1,000,000-row file peaked at about 800 MB).
    df = df.select(*key, "value", "unit", "status", "_row", "_vcol", "val_raw")
    # Rows whose key has a problem already reported (an unknown category leaves "\x00" in it) are left out.
    complete = df.filter(
        pl.all_horizontal([pl.col(k).is_not_null() for k in key])
        & ~pl.col("disagg").str.contains("\x00", literal=True)
    )
    complete = complete.with_columns(pl.col("_row").min().over(key).alias("_first"))
    errors.add(
        complete.filter(pl.col("_row") != pl.col("_first")),
        "duplicate_cell",
        "_vcol",
        "val_raw",
        extra=pl.col("_first").cast(pl.String),
    )
    cells = complete.filter(pl.col("_row") == pl.col("_first")).select(
        "ind_id", "region_id", "period", "disagg", "value", "unit", "status", "_row"
    )
    return Validation(
        cells=cells,
        errors=errors,
        rows_total=table.frame.height,
        cells_total=cells_total,
        cells_empty=cells_empty,
        indicator_ids=sorted({i.pk for i in indicators.values()}),
    )


def _allowed_classes(indicators: list[Indicator]) -> dict[int, set[str]]:
    through = Indicator.classifications.through
    allowed: dict[int, set[str]] = {i.pk: set() for i in indicators}
    rows = through.objects.filter(indicator_id__in=list(allowed)).values_list(
        "indicator_id", "classification__code"
    )
    for ind_id, code in rows:
        allowed[ind_id].add(code)
    return allowed


def _disaggregation(
    df: pl.DataFrame,
    table: Table,
    mapping: ResolvedMapping,
    allowed: dict[int, set[str]],
    errors: ErrorCollector,
) -> pl.DataFrame:
    parts: list[pl.Expr] = []
    for cls, key in sorted(mapping.disagg_columns().items()):
        header = table.headers[int(key[1:])]
        col = f"d:{cls}"
        items = dict(ClassificationItem.objects.filter(classification__code=cls).values_list("code", "label"))
        lookup: dict[str, str | None] = {}
        for value in df[col].drop_nulls().unique().to_list():
            low = value.casefold()
            if low in TOTAL_WORDS and value not in items:
                lookup[value] = None  # the total over this classification
            elif value in items:
                lookup[value] = value
            else:
                by_label = [c for c, label in items.items() if label.casefold() == low]
                lookup[value] = by_label[0] if len(by_label) == 1 else "\x00"
        code_col = f"_c:{cls}"
        df = df.with_columns(_lookup(col, lookup, pl.String).alias(code_col))
        errors.add(df.filter(pl.col(code_col) == "\x00"), "unknown_category", header, col, extra=pl.lit(cls))
        allowed_ids = [i for i, classes in allowed.items() if cls in classes]
        not_allowed = (
            pl.col(code_col).is_not_null()
            & (pl.col(code_col) != "\x00")
            & pl.col("ind_id").is_not_null()
            & ~pl.col("ind_id").is_in(allowed_ids)
        )
        errors.add(df.filter(not_allowed), "disagg_not_allowed", header, col, extra=pl.lit(cls))
        parts.append(pl.when(pl.col(code_col).is_not_null()).then(pl.lit(f"{cls}=") + pl.col(code_col)))
    if not parts:
        return df.with_columns(pl.lit("").alias("disagg"))
    return df.with_columns(
        pl.concat_str(parts, separator=";", ignore_nulls=True).fill_null("").alias("disagg")
    )


def _lookup(column: str, values: Mapping[str, object], dtype: type[pl.DataType]) -> pl.Expr:
    """`column`'s text mapped through `values`; null where the text is not a key."""
    return pl.col(column).replace_strict(values, default=None, return_dtype=dtype)


def _values(df: pl.DataFrame, decimal: str | None, errors: ErrorCollector) -> pl.DataFrame:
    """Parse each value column (the wide layout has one per period) in its own number format."""
    formats: dict[str, str] = {}
    for vcol in df["_vcol"].unique(maintain_order=True).to_list():
        if decimal in (",", "."):
            formats[vcol] = decimal
            continue
        found = numbers.detect(df["val"].filter(df["_vcol"] == vcol))  # one column, not the whole frame
        if found.ambiguous:
            errors.file_problem(
                "ambiguous_number",
                column=vcol,
                examples=df.filter(
                    pl.col("val").str.contains(numbers.BOTH_DOT)
                    | pl.col("val").str.contains(numbers.BOTH_COMMA)
                )
                .filter(pl.col("_vcol") == vcol)["val"]
                .head(3)
                .to_list(),
            )
            formats[vcol] = "?"
        else:
            formats[vcol] = found.decimal
    value = pl.lit(None, dtype=pl.Float64)
    for vcol, dec in formats.items():
        if dec != "?":
            value = pl.when(pl.col("_vcol") == vcol).then(numbers.parse(pl.col("val"), dec)).otherwise(value)
    df = df.with_columns(pl.when(value.is_finite()).then(value).alias("value"))
    parseable = ~pl.col("_vcol").is_in([v for v, d in formats.items() if d == "?"])
    errors.add(df.filter(parseable & pl.col("value").is_null()), "not_a_number", "_vcol", "val_raw")
    return df
