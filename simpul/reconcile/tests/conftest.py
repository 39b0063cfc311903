from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from simpul.datasets.tests.factories import DatasetFactory, standard_data
from simpul.ingest.models import IngestRun
from simpul.ingest.services import ingest_file
from simpul.organizations.choices import Role
from simpul.reconcile import services
from simpul.regions.models import Region

HEAD = "indikator,wilayah,tahun,nilai\n"


def csv(value: float, region: str = "18", period: str = "2025", code: str = "PDDK") -> bytes:
    return f"{HEAD}{code},{region},{period},{value}\n".encode()


@pytest.fixture
def flow(orgs: dict[str, Any], make_user: Callable[..., Any]) -> dict[str, Any]:
    """Dinkes and BPS each plan jumlah penduduk of Lampung 2025 (due in 10 days); users per role."""
    std = standard_data()
    ctx: dict[str, Any] = {"orgs": orgs, "std": std, "ind": std["penduduk"]}
    ctx["walidata"] = make_user("wali", (orgs["kominfo"], Role.WALIDATA), email="wali@example.org")
    ctx["walidata2"] = make_user("wali2", (orgs["kominfo"], Role.WALIDATA))
    ctx["pembina"] = make_user("pembina", (orgs["bps"], Role.PEMBINA))
    ctx["dinkes_user"] = make_user("p-dinkes", (orgs["dinkes"], Role.PRODUSEN), email="dinkes@example.org")
    ctx["bps_user"] = make_user("p-bps", (orgs["bps"], Role.PRODUSEN))
    ctx["kominfo_user"] = make_user("p-kominfo", (orgs["kominfo"], Role.PRODUSEN))
    lampung = Region.objects.get(code="18")
    due = datetime.date.today() + datetime.timedelta(days=10)
    for key in ("dinkes", "bps"):
        org = orgs[key]
        ds: Any = DatasetFactory(slug=f"penduduk-{key}", producer=org, spatial_coverage=lampung)
        plan = services.plan_create(actor=ctx["walidata"], organization=org, year=2026)
        item = services.plan_add_item(
            actor=ctx["walidata"],
            plan=plan,
            dataset=ds,
            indicator=std["penduduk"],
            region=lampung,
            period="2025",
            due_date=due,
        )
        ctx[f"{key}_ds"], ctx[f"{key}_plan"], ctx[f"{key}_item"] = ds, plan, item
    return ctx


@pytest.fixture
def deliver(flow: dict[str, Any]) -> Callable[..., Any]:
    """deliver("dinkes", 9000000) -> the Submission (upload committed, then submitted) by that producer."""

    def run(key: str, value: float, text: str = "", **kw: Any) -> Any:
        content = csv(value, **kw)
        ingest: IngestRun = ingest_file(
            actor=flow[f"{key}_user"], dataset=flow[f"{key}_ds"], content=content, file_name=f"{key}.csv"
        )
        assert ingest.status == "tersimpan", ingest.report
        return services.submission_create(
            actor=flow[f"{key}_user"], item=flow[f"{key}_item"], run=ingest, text=text, content=content
        )

    return run
