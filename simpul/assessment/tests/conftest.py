from __future__ import annotations

from typing import Any

import pytest

from simpul.assessment import services
from simpul.assessment.loaders import default_directory, read_file
from simpul.assessment.spec import FrameworkSpec
from simpul.organizations.choices import Role


@pytest.fixture
def frameworks(db: Any) -> dict[str, Any]:
    """The packaged frameworks (fixtures/frameworks/) loaded into the test database."""
    from simpul.assessment.loaders import load_framework_files
    from simpul.assessment.models import Framework

    load_framework_files()
    return {f.code: f for f in Framework.objects.all()}


@pytest.fixture(scope="session")
def spbe_spec() -> FrameworkSpec:
    return read_file(default_directory() / "spbe-2020.yaml")


@pytest.fixture
def people(make_user: Any, orgs: dict[str, Any]) -> dict[str, Any]:
    from simpul.organizations.models import Organization

    tim = Organization.objects.create(
        slug="asesor-eksternal-spbe",
        name="Tim Evaluator Eksternal",
        kind="vertikal",
        region=orgs["prov"].region,
    )
    orgs["tim"] = tim
    return {
        "koordinator": make_user("koordinator", (orgs["prov"], Role.KOORDINATOR_SPBE)),
        # instansi-side roles held in an OPD under the province count for the province's evaluation
        "operator": make_user("operator", (orgs["kominfo"], Role.OPERATOR)),
        "asesor_internal": make_user("asesor-internal", (orgs["dinkes"], Role.ASESOR_INTERNAL)),
        "pj": make_user("pj", (orgs["kominfo"], Role.PENANGGUNG_JAWAB)),
        "pimpinan": make_user("pimpinan", (orgs["prov"], Role.PIMPINAN)),
        "eksternal": make_user("eksternal", (tim, Role.ASESOR_EKSTERNAL)),
        "reviu": make_user("reviu", (tim, Role.TIM_REVIU)),
        "other_operator": make_user("op-lamsel", (orgs["lamsel"], Role.OPERATOR)),
        "other_koordinator": make_user("koord-lamsel", (orgs["lamsel"], Role.KOORDINATOR_SPBE)),
        "other_eksternal": make_user("eks-lain", (orgs["bps"], Role.ASESOR_EKSTERNAL)),
        "admin": make_user("admin-x", (orgs["kominfo"], Role.ADMIN)),
    }


@pytest.fixture
def evaluation(frameworks: dict[str, Any], orgs: dict[str, Any], people: dict[str, Any]) -> Any:
    evaluation = services.open_evaluation(
        actor=people["koordinator"], framework=frameworks["spbe-2020"], instansi=orgs["prov"], year=2025
    )
    services.assign_access(
        actor=people["koordinator"],
        evaluation=evaluation,
        organization=orgs["tim"],
        role=Role.ASESOR_EKSTERNAL,
    )
    services.assign_access(
        actor=people["koordinator"], evaluation=evaluation, organization=orgs["tim"], role=Role.TIM_REVIU
    )
    return evaluation
