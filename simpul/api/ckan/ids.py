"""Stable CKAN ids for Simpul objects, derived from their primary keys and reversible without a lookup table.

Each id is a UUID-shaped string: a kind prefix, then the primary key in the last 12 hex digits, e.g.
`5e1a0001-0000-4000-8000-00000000002a` is the package of dataset 42. The datastore resource of a dataset
(its observation table) has its own kind, so its id never changes while the dataset exists.
"""

from __future__ import annotations

import re

PACKAGE = "5e1a0001"
RESOURCE = "5e1a0002"
DATASTORE = "5e1a0003"
ORGANIZATION = "5e1a0004"

_PATTERN = re.compile(r"\A(5e1a000[1-4])-0000-4000-8000-([0-9a-f]{12})\Z")


def make(kind: str, pk: int) -> str:
    return f"{kind}-0000-4000-8000-{pk:012x}"


def parse(value: str) -> tuple[str, int] | None:
    """(kind, primary key) of a Simpul CKAN id, or None when `value` is not one."""
    match = _PATTERN.match(value.strip().lower())
    if match is None:
        return None
    return match.group(1), int(match.group(2), 16)
