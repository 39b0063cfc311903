"""Follow-up surfaces in the permission matrix.

The fixture follow-up belongs to the personas' *own* organization (Diskominfo); it was created by the
governor (pimpinan of the province, not a persona), who disposed it to Diskominfo. The *other*
organization is BPS. Pimpinan and admins read every follow-up; an organization's members read their own.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from simpul.followups import services
from simpul.followups.models import Disposition, DispositionStatus
from simpul.organizations.choices import Role

from .matrix import Persona, Personas, Surface, check_surface, roles, signed_in


def sees(p: Persona) -> bool:
    """Detail pages: superusers, admins and pimpinan anywhere; any role in the owner organization."""
    return p.superuser or p.role in (Role.ADMIN, Role.PIMPINAN) or (p.own and p.role is not None)


def owner_side(p: Persona) -> bool:
    """Acting as the owner organization / the disposition's recipient: its members, admins."""
    return p.superuser or p.role == Role.ADMIN or (p.own and p.role is not None)


def _fu(name: str) -> Callable[[dict[str, Any]], str]:
    return lambda ctx: reverse(name, args=[ctx["followup"].pk])


def _d(name: str) -> Callable[[dict[str, Any]], str]:
    return lambda ctx: reverse(name, args=[ctx["disposition"].pk])


def _fresh_cancel_url(ctx: dict[str, Any]) -> str:
    """Each persona tries to cancel its own fresh, unread disposition sent by the governor."""
    (d,) = services.dispose(
        actor=ctx["governor"],
        followup=ctx["followup"],
        instruction="diketahui",
        to_organizations=[ctx["orgs"]["kominfo"]],
    )
    ctx.setdefault("cancel_tries", []).append((ctx["persona"], d))
    return reverse("pantau:disposition-cancel", args=[d.pk])


SURFACES = [
    Surface("tindak lanjut json", lambda ctx: reverse("pantau:followups") + "?format=json", signed_in),
    Surface(
        "buat tindak lanjut",
        lambda ctx: reverse("pantau:followup-create"),
        roles(Role.PIMPINAN, Role.KOORDINATOR_SPBE, Role.WALIDATA),
    ),
    Surface("detail tindak lanjut", _fu("pantau:followup-detail"), sees),
    Surface(
        "detail tindak lanjut json", lambda ctx: _fu("pantau:followup-detail")(ctx) + "?format=json", sees
    ),
    Surface("bukti tindak lanjut", _fu("pantau:followup-evidence"), sees),
    Surface("bukti disposisi", _d("pantau:disposition-evidence"), sees),
    # First-level disposition: the head of the owner organization (or above) and admins.
    Surface(
        "disposisikan",
        _fu("pantau:followup-dispose"),
        lambda p: p.superuser or p.role == Role.ADMIN or (p.own and p.role == Role.PIMPINAN),
    ),
    Surface("disposisikan lagi", _d("pantau:disposition-redispose"), owner_side),
    Surface("selesaikan disposisi", _d("pantau:disposition-complete"), owner_side),
    Surface("selesaikan tindak lanjut", _fu("pantau:followup-complete"), owner_side),
    # Only the sender (the governor, not a persona) and admins may cancel.
    Surface(
        "batalkan disposisi",
        _fresh_cancel_url,
        lambda p: p.superuser or p.role == Role.ADMIN,
        method="post",
        data=lambda ctx: {"version": 1},
        ok=(302,),
        denied=(302, 403, 404),
    ),
]


@pytest.fixture
def personas(orgs: dict[str, Any]) -> Personas:
    return Personas(own_org=orgs["kominfo"], other_org=orgs["bps"])


@pytest.fixture
def ctx(make_user: Any, orgs: dict[str, Any], settings: Any, tmp_path: Any) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    governor = make_user("gubernur", (orgs["prov"], Role.PIMPINAN))
    fu = services.followup_create(
        actor=governor,
        title="Tindak lanjut uji",
        owner_organization=orgs["kominfo"],
        due_date=timezone.localdate() + datetime.timedelta(days=7),
    )
    (d,) = services.dispose(
        actor=governor, followup=fu, instruction="ditindaklanjuti", to_organizations=[orgs["kominfo"]]
    )
    pdf = b"%PDF-1.4\n%%EOF\n"
    fu.evidence.save("bukti.pdf", SimpleUploadedFile("bukti.pdf", pdf), save=True)
    d.evidence.save("bukti.pdf", SimpleUploadedFile("bukti.pdf", pdf), save=True)
    return {"orgs": orgs, "governor": governor, "followup": fu, "disposition": d}


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
def test_surface_permissions(surface: Surface, personas: Personas, ctx: dict[str, Any]) -> None:
    check_surface(surface, personas, ctx)


def test_only_allowed_personas_really_cancelled(personas: Personas, ctx: dict[str, Any]) -> None:
    """A 302 could also be a login redirect: check what actually happened to each disposition."""
    cancel = next(s for s in SURFACES if s.name == "batalkan disposisi")
    check_surface(cancel, personas, ctx)
    wrong = []
    for persona, d in ctx["cancel_tries"]:
        d.refresh_from_db()
        cancelled = d.status == DispositionStatus.DIBATALKAN
        if cancelled != cancel.allowed(persona):
            wrong.append(f"{persona.key}: status {d.status}")
    assert not wrong, wrong
    # own:admin, other:admin (admin is a global role) and the superuser
    assert Disposition.objects.filter(status=DispositionStatus.DIBATALKAN).count() == 3
