"""Loaders of packaged reference regions (filled by the regions work)."""

from collections.abc import Iterable


def load_regions(*, provinces: Iterable[str] | None = None, levels: Iterable[int] = (1, 2, 3, 4)) -> dict[str, int]:
    return {}
