"""Region name matching: ours (prepared rapidfuzz index) next to a plain difflib scan, the stdlib anchor."""

from __future__ import annotations

import difflib
import time

import django


def run() -> dict[str, object]:
    django.setup()
    from simpul.regions.models import Level, Region
    from simpul.regions.selectors import region_match

    names = list(Region.objects.filter(level=Level.KABKOTA).values_list("name", flat=True))
    queries = [n.upper().replace("KABUPATEN", "Kab.") for n in names] * 4

    started = time.perf_counter()
    hits = sum(1 for q in queries if region_match(q, level=Level.KABKOTA, limit=1))
    ours = len(queries) / (time.perf_counter() - started)

    started = time.perf_counter()
    for q in queries[: len(names)]:
        difflib.get_close_matches(q, names, n=1)
    anchor = len(names) / (time.perf_counter() - started)

    print(f"{'':28}{'lookups/s':>12}")
    print(f"{'simpul region_match':28}{ours:>12.0f}")
    print(f"{'difflib.get_close_matches':28}{anchor:>12.0f}")
    return {
        "lookups_per_s": round(ours),
        "difflib_per_s": round(anchor),
        "speedup": ours / anchor,
        "hits": hits,
    }
