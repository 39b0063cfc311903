"""Writes on organizations and memberships. Only admins manage them."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from simpul.core import audit
from simpul.regions.models import Region

from .choices import OrganizationKind, Role
from .models import Membership, Organization
from .permissions import forget_roles, is_admin, require


def organization_create(
    *,
    actor: Any,
    slug: str,
    name: str,
    kind: str,
    region: Region,
    parent: Organization | None = None,
    description: str = "",
) -> Organization:
    require(is_admin(actor), "Hanya admin yang dapat menambah organisasi.")
    if kind not in OrganizationKind.values:
        raise ValueError(f"Unknown organization kind {kind!r}.")
    with transaction.atomic():
        org = Organization(
            slug=slug, name=name, kind=kind, region=region, parent=parent, description=description
        )
        org.full_clean()
        org.save()
        audit.record(actor=actor, action="organization.create", obj=org, after=audit.snapshot(org))
    return org


def membership_grant(*, actor: Any, user: Any, organization: Organization, role: str) -> Membership:
    require(is_admin(actor), "Hanya admin yang dapat memberi peran.")
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}.")
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, organization=organization, role=role
        )
        if created:
            audit.record(
                actor=actor, action="membership.grant", obj=membership, after=audit.snapshot(membership)
            )
    forget_roles(user)
    return membership


def membership_revoke(*, actor: Any, membership: Membership) -> None:
    require(is_admin(actor), "Hanya admin yang dapat mencabut peran.")
    with transaction.atomic():
        audit.record(
            actor=actor, action="membership.revoke", obj=membership, before=audit.snapshot(membership)
        )
        membership.delete()
    forget_roles(membership.user)
