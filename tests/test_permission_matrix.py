"""Foundation surfaces in the permission matrix (pages, account pages, audit, API tokens)."""

from typing import Any

import pytest
from django.urls import reverse

from simpul.accounts.services import token_create
from simpul.core.navigation import CHECKER_ROLES, DASHBOARD_ROLES, DATA_ROLES, SPBE_ROLES
from simpul.organizations.choices import Role

from .matrix import Personas, Surface, check_surface, everyone, roles, signed_in


def _url(name: str, *args: Any) -> Any:
    return lambda ctx: reverse(name, args=args)


def _staff(p: Any) -> bool:
    return p.superuser


SURFACES = [
    Surface("home", _url("home"), everyone),
    Surface("home json", lambda ctx: reverse("home") + "?format=json", everyone),
    Surface("katalog", _url("satudata:home"), everyone),
    Surface("meja kerja data", _url("satudata:work"), roles(*DATA_ROLES)),
    Surface("pemeriksaan", _url("satudata:check"), roles(*CHECKER_ROLES)),
    Surface("evaluasi", _url("evaluasi:home"), everyone),
    Surface("penilaian", _url("evaluasi:work"), roles(*SPBE_ROLES)),
    Surface("dasbor", _url("pantau:home"), roles(*DASHBOARD_ROLES)),
    Surface("tindak lanjut", _url("pantau:followups"), signed_in),
    Surface("profil", _url("accounts:profile"), signed_in),
    Surface("token list", _url("accounts:tokens"), signed_in),
    Surface("ubah sandi", _url("accounts:password-change"), signed_in),
    Surface("audit list", _url("audit:list"), signed_in),
    Surface("admin site", _url("admin:index"), _staff, denied=(302,)),
    # Revoking somebody else's token: nobody but the owner (the fixture's token owner is not a persona).
    Surface(
        "revoke another user's token",
        lambda ctx: reverse("accounts:token-revoke", args=[ctx["foreign_token"].pk]),
        lambda p: False,
        method="post",
    ),
]


@pytest.fixture
def personas(orgs: dict[str, Any]) -> Personas:
    return Personas(own_org=orgs["kominfo"], other_org=orgs["bps"])


@pytest.fixture
def ctx(make_user: Any, orgs: dict[str, Any]) -> dict[str, Any]:
    owner = make_user("token-owner", (orgs["dinkes"], Role.PRODUSEN))
    return {"orgs": orgs, "foreign_token": token_create(user=owner, name="milik orang lain").token}


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
def test_surface_permissions(surface: Surface, personas: Personas, ctx: dict[str, Any]) -> None:
    check_surface(surface, personas, ctx)


def test_foreign_token_survives_every_attempt(personas: Personas, ctx: dict[str, Any]) -> None:
    revoke = next(s for s in SURFACES if s.name == "revoke another user's token")
    check_surface(revoke, personas, ctx)
    ctx["foreign_token"].refresh_from_db()
    assert ctx["foreign_token"].revoked_at is None
