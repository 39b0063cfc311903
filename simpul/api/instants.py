"""One reading of "a moment" for every API filter that takes one (DCAT modified_since, CKAN
metadata_modified ranges, native as_of/updated_after): an ISO date or datetime, naive means UTC, and the
result is in UTC, because PostgreSQL refuses offsets beyond +/-15:59 that ISO 8601 allows."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils.dateparse import parse_date, parse_datetime


def in_utc(stamp: datetime) -> datetime:
    """ValueError when the moment falls outside the years a datetime can hold."""
    try:
        return (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)).astimezone(UTC)
    except OverflowError as exc:
        raise ValueError(stamp.isoformat()) from exc


def parse_instant(text: str) -> datetime:
    """`2024-01-01` (midnight UTC) or an ISO datetime; ValueError for anything else."""
    stamp = parse_datetime(text)
    if stamp is None:
        day = parse_date(text)
        if day is None:
            raise ValueError(text)
        stamp = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return in_utc(stamp)
