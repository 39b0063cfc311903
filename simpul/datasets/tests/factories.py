"""Factories for standards, datasets and uploads, shared by the three apps' tests."""

from __future__ import annotations

from typing import Any

import factory

from simpul.datasets.models import Dataset
from simpul.standards.models import Classification, ClassificationItem, Indicator, Periodicity, ValueType


class ClassificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Classification
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"k{n}")
    name = factory.LazyAttribute(lambda o: f"Klasifikasi {o.code}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"IND{n:03d}")
    name_id = factory.LazyAttribute(lambda o: f"Indikator {o.code}")
    unit = "persen"
    periodicity = Periodicity.TAHUNAN
    value_type = ValueType.DECIMAL


class DatasetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dataset

    slug = factory.Sequence(lambda n: f"dataset-{n}")
    title = factory.LazyAttribute(lambda o: f"Dataset {o.slug}")


def standard_data() -> dict[str, Any]:
    """Jenis kelamin and kelompok umur code lists, and four indicators of different periodicity."""
    jk: Any = ClassificationFactory(code="jk", name="Jenis Kelamin")
    for code, label in (("1", "Laki-laki"), ("2", "Perempuan")):
        ClassificationItem.objects.get_or_create(classification=jk, code=code, defaults={"label": label})
    ku: Any = ClassificationFactory(code="ku", name="Kelompok Umur")
    for i, start in enumerate(range(0, 75, 5)):
        ClassificationItem.objects.get_or_create(
            classification=ku,
            code=f"{start}-{start + 4}",
            defaults={"label": f"{start}-{start + 4}", "order": i},
        )
    ipm = IndicatorFactory(
        code="IPM", name_id="Indeks Pembangunan Manusia", unit="indeks", min_value=0, max_value=100
    )
    penduduk: Any = IndicatorFactory(
        code="PDDK", name_id="Jumlah penduduk", unit="jiwa", value_type=ValueType.INTEGER, min_value=0
    )
    penduduk.classifications.set([jk, ku])
    inflasi = IndicatorFactory(code="INFL", name_id="Inflasi", unit="persen", periodicity=Periodicity.BULANAN,
                               is_percentage=True)  # fmt: skip
    pdrb = IndicatorFactory(code="PDRB.Q", name_id="PDRB triwulanan", unit="miliar rupiah",
                            periodicity=Periodicity.TRIWULANAN)  # fmt: skip
    return {"jk": jk, "ku": ku, "ipm": ipm, "penduduk": penduduk, "inflasi": inflasi, "pdrb": pdrb}
