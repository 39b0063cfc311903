from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from simpul.followups import services
from simpul.organizations.choices import Role

PASSWORD = "rahasia-uji-123"


@pytest.fixture
def people(make_user: Any, orgs: dict[str, Any]) -> dict[str, Any]:
    """Who is who: the governor leads the province; Kominfo and BPS each have a head and staff."""
    mk = make_user
    return {
        "gubernur": mk("gubernur", (orgs["prov"], Role.PIMPINAN), email="gubernur@example.test"),
        "kadis": mk("kadis-kominfo", (orgs["kominfo"], Role.PIMPINAN), email="kadis@example.test"),
        "staf": mk("staf-kominfo", (orgs["kominfo"], Role.PRODUSEN), email="staf@example.test"),
        "operator": mk("operator-kominfo", (orgs["kominfo"], Role.OPERATOR)),
        "walidata": mk("walidata", (orgs["kominfo"], Role.WALIDATA), email="walidata@example.test"),
        "koordinator": mk("koordinator", (orgs["prov"], Role.KOORDINATOR_SPBE)),
        "dinkes": mk("staf-dinkes", (orgs["dinkes"], Role.PRODUSEN), email="dinkes@example.test"),
        "bps": mk("staf-bps", (orgs["bps"], Role.PRODUSEN), email="bps@example.test"),
        "kepala_bps": mk("kepala-bps", (orgs["bps"], Role.PIMPINAN)),
        "asesor": mk("asesor", (orgs["kominfo"], Role.ASESOR_INTERNAL)),
        "admin": mk("admin", (orgs["prov"], Role.ADMIN)),
        "nobody": mk("tanpa-peran"),
    }


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def followup(people: dict[str, Any], orgs: dict[str, Any]) -> Any:
    """The governor asks Diskominfo to fix an SPBE finding within two weeks."""
    return services.followup_create(
        actor=people["gubernur"],
        title="Perbaiki kebijakan internal arsitektur SPBE",
        owner_organization=orgs["kominfo"],
        due_date=in_days(14),
        source_kind="spbe_recommendation",
        source_object_type="assessment.evaluation",
        source_object_id="7",
        priority="tinggi",
        srikandi_number="000.1/123/II.03/2025",
    )


@pytest.fixture
def to_kominfo(people: dict[str, Any], orgs: dict[str, Any], followup: Any) -> Any:
    """The governor's disposition to the Diskominfo organization."""
    (d,) = services.dispose(
        actor=people["gubernur"],
        followup=followup,
        instruction="ditindaklanjuti",
        note="Segera",
        to_organizations=[orgs["kominfo"]],
    )
    return d
