"""Demo of the walidata workflow, called at the end of `simpul.core.demo.load_demo`.

Daftar Data of the current year for Dinkes, BPS and Diskominfo Lampung Selatan: some items delivered
late, some missing, one pending; jumlah penduduk Lampung 2025 delivered by Dinkes and BPS with different
values (an open conflict); jumlah puskesmas delivered, verified and published. Idempotent.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from simpul.accounts.models import User
from simpul.datasets.models import Dataset
from simpul.ingest.services import ingest_file
from simpul.organizations.models import Organization
from simpul.regions.models import Region
from simpul.standards.models import Indicator, ValueType

from . import services
from .models import DataPlan

INDICATORS = [
    ("PDDK", "Jumlah penduduk", "jiwa"),
    ("KES.PUSKESMAS", "Jumlah puskesmas", "unit"),
    ("KES.IMUNISASI", "Cakupan imunisasi dasar lengkap", "persen"),
]


def _indicator(code: str, name: str, unit: str) -> Indicator:
    kind = ValueType.DECIMAL if unit == "persen" else ValueType.INTEGER
    ind, _created = Indicator.objects.get_or_create(
        code=code, defaults={"name_id": name, "unit": unit, "value_type": kind, "min_value": 0}
    )
    return ind


def _dataset(
    slug: str, title: str, producer: Organization, region: Region, *indicators: Indicator
) -> Dataset:
    ds, _created = Dataset.objects.get_or_create(
        slug=slug, defaults={"title": title, "producer": producer, "spatial_coverage": region}
    )
    ds.indicators.add(*indicators)
    return ds


def _deliver(actor: Any, item: Any, rows: list[tuple[str, str, str, float]], days_ago: int) -> Any:
    content = (
        "indikator,wilayah,tahun,nilai\n" + "".join(f"{a},{b},{c},{d}\n" for a, b, c, d in rows)
    ).encode()
    run = ingest_file(
        actor=actor,
        dataset=item.dataset,
        producer=item.plan.organization,
        content=content,
        file_name=f"{item.dataset.slug}.csv",
    )
    sub = services.submission_create(actor=actor, item=item, run=run, content=content)
    type(sub).objects.filter(pk=sub.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    sub.refresh_from_db()
    return sub


@transaction.atomic
def load_demo_workflow() -> dict[str, int]:
    year = timezone.localdate().year
    today = timezone.localdate()
    walidata = User.objects.get(username="walidata")
    produsen = User.objects.get(username="produsen")
    lampung = Region.objects.get(code="18")
    lamsel_region = Region.objects.get(code="18.01")
    dinkes = Organization.objects.get(slug="dinkes-lampung")
    bps = Organization.objects.get(slug="bps-lampung")
    lamsel = Organization.objects.filter(slug__startswith="diskominfo-kabupaten-lampung-selatan").first()
    if DataPlan.objects.filter(organization=dinkes, year=year).exists():
        return {"plans": DataPlan.objects.filter(year=year).count()}
    pddk, pkm, imun = (_indicator(*spec) for spec in INDICATORS)
    ds_dinkes = _dataset(
        "profil-kesehatan-lampung", "Profil Kesehatan Provinsi Lampung", dinkes, lampung, pddk, pkm, imun
    )
    ds_bps = _dataset("proyeksi-penduduk-lampung", "Proyeksi Penduduk Provinsi Lampung", bps, lampung, pddk)

    def due(days: int) -> datetime.date:
        return today + datetime.timedelta(days=days)

    plan = services.plan_create(actor=walidata, organization=dinkes, year=year)
    it_pddk = services.plan_add_item(
        actor=walidata,
        plan=plan,
        dataset=ds_dinkes,
        indicator=pddk,
        region=lampung,
        period=str(year - 1),
        due_date=due(-20),
        priority=True,
    )
    it_pkm = services.plan_add_item(
        actor=walidata,
        plan=plan,
        dataset=ds_dinkes,
        indicator=pkm,
        region=lampung,
        period=str(year - 1),
        due_date=due(-40),
    )
    services.plan_add_item(
        actor=walidata,
        plan=plan,
        dataset=ds_dinkes,
        indicator=imun,
        region=lampung,
        period=str(year - 1),
        due_date=due(-10),
    )  # missing
    services.plan_add_item(
        actor=walidata,
        plan=plan,
        dataset=ds_dinkes,
        indicator=imun,
        region=lampung,
        period=str(year),
        due_date=due(60),
    )  # pending
    services.plan_agree(actor=walidata, plan=plan, expected_version=plan.version)

    plan_bps = services.plan_create(actor=walidata, organization=bps, year=year)
    it_bps = services.plan_add_item(
        actor=walidata,
        plan=plan_bps,
        dataset=ds_bps,
        indicator=pddk,
        region=lampung,
        period=str(year - 1),
        due_date=due(-30),
        priority=True,
    )
    services.plan_agree(actor=walidata, plan=plan_bps, expected_version=plan_bps.version)

    if lamsel is not None:
        ds_lamsel = _dataset(
            "penduduk-lampung-selatan", "Penduduk Kabupaten Lampung Selatan", lamsel, lamsel_region, pddk
        )
        plan_ls = services.plan_create(actor=walidata, organization=lamsel, year=year)
        services.plan_add_item(
            actor=walidata,
            plan=plan_ls,
            dataset=ds_lamsel,
            indicator=pddk,
            region=lamsel_region,
            period=str(year - 1),
            due_date=due(-15),
        )  # missing

    # Puskesmas: delivered on time, verified and published.
    sub = _deliver(produsen, it_pkm, [("KES.PUSKESMAS", "18", str(year - 1), 311)], days_ago=45)
    sub = services.submission_verify(actor=walidata, submission=sub, expected_version=sub.version)
    services.submission_publish(actor=walidata, submission=sub, expected_version=sub.version)
    # Jumlah penduduk: Dinkes (late) and BPS (on time) disagree -> an open conflict for the walidata.
    _deliver(produsen, it_pddk, [("PDDK", "18", str(year - 1), 9_313_990)], days_ago=5)
    _deliver(walidata, it_bps, [("PDDK", "18", str(year - 1), 9_419_600)], days_ago=32)
    return {"plans": DataPlan.objects.filter(year=year).count()}
