"""Deterministic benchmark data: a long-layout CSV of kab/kota statistics, and the standards it refers to."""

from __future__ import annotations

import csv
from pathlib import Path

N_INDICATORS = 500
QUARTERLY_FROM = 450  # indicators 450..499 are quarterly, the rest annual
YEARS = [str(y) for y in range(2010, 2026)]  # 16 annual periods
QUARTERS = [f"{y}-Q{q}" for y in range(2022, 2026) for q in range(1, 5)]  # 16 quarterly periods
HEADER = ["indikator", "wilayah", "periode", "nilai"]


def indicator_code(i: int) -> str:
    return f"BENCH{i:04d}"


def rows(n: int, regions: list[str]):  # type: ignore[no-untyped-def]
    """n distinct cells (indicator x region x period) spread over all regions; ~1% empty values."""
    per_cell = N_INDICATORS * len(regions)
    for k in range(n):
        cell = 4 * k + (k % 4)  # a bijection onto distinct cells, spread evenly
        ind, rest = cell % N_INDICATORS, cell // N_INDICATORS
        reg, per = rest % len(regions), (rest // len(regions)) % 16
        assert cell < per_cell * 16
        period = QUARTERS[per] if ind >= QUARTERLY_FROM else YEARS[per]
        value = "" if k % 97 == 0 else f"{(k * 7919) % 100000 / 10:.1f}"
        yield indicator_code(ind), regions[reg], period, value


def write_csv(path: Path, n: int, regions: list[str]) -> Path:
    if path.exists() and path.stat().st_size > 0 and path.with_suffix(".rows").read_text() == str(n):
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows(n, regions))
    path.with_suffix(".rows").write_text(str(n))
    return path
