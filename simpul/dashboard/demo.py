"""Deterministic dashboard demo: four indicators for Lampung's province and its 15 kab/kota, 2019-2024,
published by BPS Provinsi Lampung, and RPJMD/RKPD targets for the province.

Used by the dashboard's tests and benchmarks-free demos; the real demo observations come from
`simpul.ingest.demo.load_demo_data()` when that exists (then this adds only what is missing).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from simpul.datasets.models import AccessLevel, Dataset, Observation, ObservationStatus
from simpul.organizations.choices import OrganizationKind
from simpul.organizations.models import Organization
from simpul.regions.models import Level, Region
from simpul.standards.models import Indicator

from .models import Target, TargetSource

YEARS = [str(y) for y in range(2019, 2025)]
# code, name, unit, base value, yearly change, spread across kab/kota
INDICATORS = [
    ("DEMO-IPM", "Indeks Pembangunan Manusia", "indeks", 68.0, 0.55, 6.0),
    ("DEMO-MISKIN", "Persentase Penduduk Miskin", "persen", 13.5, -0.35, 5.0),
    ("DEMO-TPT", "Tingkat Pengangguran Terbuka", "persen", 4.6, -0.08, 2.5),
    ("DEMO-STUNTING", "Prevalensi Balita Stunting", "persen", 26.0, -1.6, 8.0),
]
TARGETS = {"DEMO-IPM": 72.0, "DEMO-MISKIN": 10.0, "DEMO-TPT": 4.0, "DEMO-STUNTING": 14.0}
# Province targets for the demo Satu Data indicators (simpul.ingest.demo): code -> (2021 value, 2026 goal)
DEMO_DATA_TARGETS = {"IPM": (69.9, 73.5), "KMSK": (12.6, 9.5), "APK-SMA": (88.0, 95.0), "AHH": (70.0, 71.5)}


@transaction.atomic
def load_demo_targets() -> int:
    """RPJMD 2021-2026 and RKPD 2021-2025 province targets for the demo indicators that exist. Idempotent."""
    province = Region.objects.get(code="18")
    written = 0
    for code, (start, goal) in DEMO_DATA_TARGETS.items():
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            continue
        for year in range(2021, 2027):
            rpjmd = round(start + (goal - start) * (year - 2021) / 5, 2)
            sources = [(TargetSource.RPJMD, rpjmd)]
            if year <= 2025:
                sources.append((TargetSource.RKPD, round(rpjmd + (goal - start) / 20, 2)))
            for source, value in sources:
                Target.objects.update_or_create(
                    indicator=indicator, region=province, year=year, source=source, defaults={"value": value}
                )
                written += 1
    return written


def _value(i: int, j: int, y: int, base: float, step: float, spread: float) -> float:
    """A fixed pseudo-random offset per kab/kota (j) and indicator (i), a trend per year (y)."""
    offset = ((j * 37 + i * 11) % 15) / 14 - 0.5
    wiggle = ((j * 13 + y * 7 + i) % 5 - 2) * 0.05
    return round(base + offset * spread + step * y + wiggle, 2)


@transaction.atomic
def load_dashboard_demo() -> dict[str, int]:
    province = Region.objects.get(code="18")
    regions = list(Region.objects.filter(parent=province, level=Level.KABKOTA).order_by("code"))
    bps, _ = Organization.objects.get_or_create(
        slug="bps-lampung",
        defaults={"name": "BPS Provinsi Lampung", "kind": OrganizationKind.BPS, "region": province},
    )
    dataset, _ = Dataset.objects.get_or_create(
        slug="demo-indikator-kesejahteraan-lampung",
        defaults={
            "title": "Indikator kesejahteraan kabupaten/kota Lampung (demo)",
            "producer": bps,
            "access": AccessLevel.PUBLIC,
            "spatial_coverage": province,
            "topic": "kesejahteraan",
        },
    )
    now = timezone.now()
    published = {"published_at": now} if hasattr(Observation, "published_at") else {}
    rows = []
    for i, (code, name, unit, base, step, spread) in enumerate(INDICATORS):
        indicator, _ = Indicator.objects.get_or_create(code=code, defaults={"name_id": name, "unit": unit})
        dataset.indicators.add(indicator)
        if Observation.objects.filter(dataset=dataset, indicator=indicator).exists():
            continue
        for y, period in enumerate(YEARS):
            values = [_value(i, j, y, base, step, spread) for j in range(len(regions))]
            for region, value in zip(regions, values, strict=True):
                rows.append(Observation(
                    dataset=dataset, producer=bps, indicator=indicator, region=region, period=period,
                    value=value, unit=unit, status=ObservationStatus.TETAP, valid_from=now, **published,
                ))  # fmt: skip
            rows.append(Observation(
                dataset=dataset, producer=bps, indicator=indicator, region=province, period=period,
                value=round(sum(values) / len(values), 2), unit=unit, status=ObservationStatus.TETAP,
                valid_from=now, **published,
            ))  # fmt: skip
        for year in range(2021, 2027):
            start = _value(i, 7, 2, base, step, 0)
            goal = TARGETS[code]
            rpjmd = round(start + (goal - start) * (year - 2020) / 6, 2)
            Target.objects.update_or_create(
                indicator=indicator, region=province, year=year, source=TargetSource.RPJMD,
                defaults={"value": rpjmd},
            )  # fmt: skip
            if year <= 2025:
                Target.objects.update_or_create(
                    indicator=indicator, region=province, year=year, source=TargetSource.RKPD,
                    defaults={"value": round(rpjmd + (step / 4), 2)},
                )  # fmt: skip
    Observation.objects.bulk_create(rows, batch_size=1000)
    return {"observations": len(rows), "indicators": len(INDICATORS)}
