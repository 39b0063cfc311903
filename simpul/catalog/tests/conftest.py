"""Catalogue test data: a public dataset with published values for Lampung and its kab/kota, an internal
and an excluded dataset whose words, topic and tags must never leak to anonymous callers."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from simpul.datasets.models import AccessLevel, Dataset, Observation, Resource
from simpul.regions.models import Region
from simpul.standards.models import Indicator, ValueType

KABKOTA = ["18.01", "18.02", "18.71", "18.72"]


def add_obs(dataset: Dataset, indicator: Indicator, region: str, period: str, value: float, **kw: Any) -> Any:
    now = timezone.now()
    return Observation.objects.create(
        dataset=dataset,
        producer=kw.pop("producer", dataset.producer),
        indicator=indicator,
        region_id=region,
        period=period,
        value=value,
        unit=indicator.unit,
        valid_from=kw.pop("valid_from", now),
        published_at=kw.pop("published_at", now),
        **kw,
    )


@pytest.fixture
def catalog_data(orgs: dict[str, Any]) -> dict[str, Any]:
    return build_catalog_data(orgs)


def build_catalog_data(orgs: dict[str, Any]) -> dict[str, Any]:
    penduduk = Indicator.objects.create(
        code="PDDK",
        name_id="Jumlah penduduk",
        name_en="Population",
        unit="jiwa",
        value_type=ValueType.INTEGER,
    )
    ipm = Indicator.objects.create(
        code="IPM", name_id="Indeks Pembangunan Manusia", name_en="Human Development Index", unit="indeks",
        value_type=ValueType.DECIMAL,
    )  # fmt: skip
    rahasia = Indicator.objects.create(code="RHS", name_id="Stok senjata gudang", unit="unit")
    lampung = Region.objects.get(code="18")
    public = Dataset.objects.create(
        slug="penduduk-lampung", title="Penduduk Lampung menurut kabupaten/kota",
        description="Jumlah penduduk hasil proyeksi, per kabupaten dan kota.", producer=orgs["bps"],
        topic="Kependudukan", tags=["penduduk", "demografi"], temporal_start="2021", temporal_end="2023",
        spatial_coverage=lampung,
    )  # fmt: skip
    public.indicators.set([penduduk])
    Resource.objects.create(dataset=public, title="Tabel", file="datasets/x/penduduk.xlsx", format="xlsx")
    ipm_ds = Dataset.objects.create(
        slug="ipm-lampung", title="Indeks Pembangunan Manusia Lampung", description="IPM per kab/kota.",
        producer=orgs["bps"], topic="Pembangunan manusia", tags=["ipm"], temporal_start="2023",
        temporal_end="2023", spatial_coverage=lampung,
    )  # fmt: skip
    ipm_ds.indicators.set([ipm])
    internal = Dataset.objects.create(
        slug="internal-gudang", title="Inventaris gudang senjata rahasia", producer=orgs["kominfo"],
        topic="Topik Internal", tags=["tagrahasia"], access=AccessLevel.INTERNAL, temporal_start="1999",
    )  # fmt: skip
    internal.indicators.set([rahasia])
    excluded = Dataset.objects.create(
        slug="dikecualikan-x", title="Daftar penduduk miskin by name", producer=orgs["dinkes"],
        topic="Topik Dikecualikan", tags=["byname"], access=AccessLevel.EXCLUDED, temporal_start="1998",
    )  # fmt: skip
    excluded.indicators.set([penduduk])
    values = {"18.01": 1064301, "18.02": 1460045, "18.71": 1184949, "18.72": 168676}
    for year in ("2021", "2022", "2023"):
        for code, value in values.items():
            add_obs(public, penduduk, code, year, value + int(year) - 2021)
        add_obs(public, penduduk, "18", year, 9_000_000 + int(year))
    add_obs(public, penduduk, "18.01", "2023", 530000, disagg="jk=1")
    for code in KABKOTA:
        add_obs(ipm_ds, ipm, code, "2023", 70.5)
    add_obs(internal, rahasia, "18.01", "2023", 99)
    add_obs(excluded, penduduk, "18.01", "2023", 123456)  # never visible to the public
    # A revision not yet published: the API must not serve it.
    add_obs(public, penduduk, "18.72", "2024", 170000, published_at=None)
    return {
        "public": public, "ipm_ds": ipm_ds, "internal": internal, "excluded": excluded,
        "penduduk": penduduk, "ipm": ipm, "rahasia": rahasia, "values": values,
    }  # fmt: skip
