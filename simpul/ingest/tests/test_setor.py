"""A stored upload is delivered to the walidata from its result page ("Setor ke walidata")."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from simpul.datasets.tests.factories import DatasetFactory, standard_data
from simpul.ingest.models import IngestRun
from simpul.ingest.services import ingest_file
from simpul.organizations.choices import Role
from simpul.reconcile import services as reconcile
from simpul.reconcile.models import Submission
from simpul.regions.models import Region

pytestmark = pytest.mark.django_db

CSV = b"indikator,wilayah,tahun,nilai\nPDDK,18,2025,9000000\n"


@pytest.fixture
def setup(orgs: dict[str, Any], make_user: Callable[..., Any]) -> dict[str, Any]:
    """Dinkes plans jumlah penduduk of Lampung 2025; its produsen stores an upload for it."""
    std = standard_data()
    walidata = make_user("wali", (orgs["kominfo"], Role.WALIDATA))
    produsen = make_user("p-dinkes", (orgs["dinkes"], Role.PRODUSEN))
    lampung = Region.objects.get(code="18")
    ds: Any = DatasetFactory(slug="penduduk-dinkes", producer=orgs["dinkes"], spatial_coverage=lampung)
    plan = reconcile.plan_create(actor=walidata, organization=orgs["dinkes"], year=2026)
    item = reconcile.plan_add_item(
        actor=walidata,
        plan=plan,
        dataset=ds,
        indicator=std["penduduk"],
        region=lampung,
        period="2025",
        due_date=datetime.date.today() + datetime.timedelta(days=10),
    )
    run: IngestRun = ingest_file(actor=produsen, dataset=ds, content=CSV, file_name="penduduk.csv")
    assert run.status == "tersimpan", run.report
    return {"produsen": produsen, "walidata": walidata, "item": item, "run": run}


def _page(client: Client, run: IngestRun) -> str:
    response = client.get(reverse("ingest:run", args=[run.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_producer_delivers_a_stored_upload_once(client: Client, setup: dict[str, Any]) -> None:
    run, item = setup["run"], setup["item"]
    client.force_login(setup["produsen"])
    page = _page(client, run)
    assert 'data-testid="setor-button"' in page
    assert f'name="item" value="{item.pk}"' in page
    assert "Jumlah penduduk, Lampung, 2025" in page

    response = client.post(reverse("ingest:setor", args=[run.pk]), {"item": item.pk}, follow=True)
    sub = Submission.objects.get(run=run)
    assert (sub.item, sub.producer_id, sub.status) == (item, run.producer_id, "diajukan")
    assert sub.submitted_by == setup["produsen"]
    page = response.content.decode()
    assert "Data disetor untuk diperiksa walidata." in page
    assert reverse("reconcile:submission", args=[sub.pk]) in page
    assert 'data-testid="setor-status">Diajukan<' in page
    assert 'data-testid="setor-button"' not in page
    # The submission page opens for the producer.
    assert client.get(reverse("reconcile:submission", args=[sub.pk])).status_code == 200

    # A second POST (double click, old tab) creates no second submission.
    response = client.post(reverse("ingest:setor", args=[run.pk]), {"item": item.pk}, follow=True)
    assert Submission.objects.filter(run=run).count() == 1
    assert Submission.objects.get(run=run).status == "diajukan"
    assert "sudah disetor" in response.content.decode()


def test_another_organizations_producer_is_refused(
    client: Client, setup: dict[str, Any], orgs: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    run, item = setup["run"], setup["item"]
    client.force_login(make_user("p-bps", (orgs["bps"], Role.PRODUSEN)))
    response = client.post(reverse("ingest:setor", args=[run.pk]), {"item": item.pk})
    assert response.status_code == 404
    assert not Submission.objects.exists()


def test_uploader_who_lost_the_role_sees_no_button_and_is_refused(
    client: Client, setup: dict[str, Any]
) -> None:
    """The run's creator may still open it, but the reconcile rules decide who may deliver."""
    run, item, produsen = setup["run"], setup["item"], setup["produsen"]
    from simpul.organizations.models import Membership

    Membership.objects.filter(user=produsen).delete()
    client.force_login(produsen)
    assert 'data-testid="setor-button"' not in _page(client, run)
    response = client.post(reverse("ingest:setor", args=[run.pk]), {"item": item.pk}, follow=True)
    assert "tidak berwenang" in response.content.decode()
    assert not Submission.objects.exists()


def test_walidata_delivers_for_the_producer_and_a_wrong_item_is_refused(
    client: Client, setup: dict[str, Any]
) -> None:
    run, item = setup["run"], setup["item"]
    client.force_login(setup["walidata"])
    response = client.post(reverse("ingest:setor", args=[run.pk]), {"item": "999999"}, follow=True)
    assert "Pilih butir Daftar Data" in response.content.decode()
    assert not Submission.objects.exists()
    client.post(reverse("ingest:setor", args=[run.pk]), {"item": item.pk})
    assert Submission.objects.get(run=run).submitted_by == setup["walidata"]


def test_no_plan_item_explains_instead_of_a_button(
    client: Client, setup: dict[str, Any], orgs: dict[str, Any]
) -> None:
    other: Any = DatasetFactory(slug="lain-dinkes", producer=orgs["dinkes"])
    run = ingest_file(actor=setup["produsen"], dataset=other, content=CSV, file_name="lain.csv")
    client.force_login(setup["produsen"])
    page = _page(client, run)
    assert 'data-testid="setor-button"' not in page
    assert "Belum ada butir Daftar Data" in page
    client.post(reverse("ingest:setor", args=[run.pk]))
    assert not Submission.objects.exists()
