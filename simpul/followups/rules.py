"""Who may do what to a follow-up or a disposition. Services enforce these; views only ask them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from simpul.organizations.choices import Role
from simpul.organizations.models import Organization
from simpul.organizations.permissions import has_role, is_admin, organizations_with_role, roles_of

from .models import OPEN_DISPOSITION, Disposition, DispositionStatus, FollowUp, FollowUpStatus

CREATOR_ROLES = (Role.PIMPINAN, Role.KOORDINATOR_SPBE, Role.WALIDATA)


def member_org_ids(user: Any) -> set[int]:
    return {oid for oid, _ in roles_of(user)}


def descendants(org_ids: Iterable[int]) -> set[int]:
    """The organizations and every organization below them (the tree is small: one query per level)."""
    found = set(org_ids)
    frontier = set(found)
    while frontier:
        frontier = (
            set(Organization.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        )
        found |= frontier
    return found


def ancestors_and_self(org_id: int) -> set[int]:
    found: set[int] = set()
    current: int | None = org_id
    while current is not None and current not in found:
        found.add(current)
        current = Organization.objects.filter(pk=current).values_list("parent_id", flat=True).first()
    return found


def sees_everything(user: Any) -> bool:
    """Pimpinan and admins read every follow-up of the site."""
    return has_role(user, Role.PIMPINAN)


def can_create(user: Any) -> bool:
    return has_role(user, *CREATOR_ROLES)


def leads_owner(user: Any, followup: FollowUp) -> set[int]:
    """The organizations where the user is pimpinan and that are the owner or above it."""
    return organizations_with_role(user, Role.PIMPINAN) & ancestors_and_self(followup.owner_organization_id)


def can_dispose(user: Any, followup: FollowUp) -> bool:
    """A first-level disposition: an admin, the creator, or a leader of the owner organization (or above)."""
    if followup.status == FollowUpStatus.SELESAI or not getattr(user, "is_authenticated", False):
        return False
    return is_admin(user) or followup.created_by_id == user.pk or bool(leads_owner(user, followup))


def is_recipient(user: Any, disposition: Disposition) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if disposition.to_user_id is not None:
        return disposition.to_user_id == user.pk
    return disposition.to_organization_id in member_org_ids(user)


def can_act(user: Any, disposition: Disposition) -> bool:
    """Read, process, complete or re-dispose: the recipient (or an admin)."""
    return is_admin(user) or is_recipient(user, disposition)


def can_redispose(user: Any, disposition: Disposition) -> bool:
    return (
        disposition.status in OPEN_DISPOSITION
        and disposition.followup.status != FollowUpStatus.SELESAI
        and can_act(user, disposition)
    )


def can_process(user: Any, disposition: Disposition) -> bool:
    return disposition.status in (DispositionStatus.BELUM_DIBACA, DispositionStatus.DIBACA) and can_act(
        user, disposition
    )


def can_complete(user: Any, disposition: Disposition) -> bool:
    return disposition.status in OPEN_DISPOSITION and can_act(user, disposition)


def can_cancel(user: Any, disposition: Disposition) -> bool:
    """The sender (or an admin) may withdraw a disposition nobody has read yet."""
    if disposition.status != DispositionStatus.BELUM_DIBACA or not getattr(user, "is_authenticated", False):
        return False
    return is_admin(user) or disposition.from_user_id == user.pk


def can_complete_followup(user: Any, followup: FollowUp) -> bool:
    if followup.status == FollowUpStatus.SELESAI or not getattr(user, "is_authenticated", False):
        return False
    return (
        is_admin(user)
        or followup.created_by_id == user.pk
        or followup.owner_person_id == user.pk
        or followup.owner_organization_id in member_org_ids(user)
        or bool(leads_owner(user, followup))
    )


def _members(org_ids: Iterable[int], exclude: Any) -> QuerySet[Any]:
    User = get_user_model()
    return (
        User.objects.filter(is_active=True, memberships__organization_id__in=list(org_ids))
        .exclude(pk=exclude.pk)
        .distinct()
        .order_by("full_name", "username")
    )


def disposition_targets(
    user: Any, followup: FollowUp, parent: Disposition | None = None
) -> tuple[QuerySet[Organization], QuerySet[Any]]:
    """Organizations and people the user may dispose to.

    First level: an admin anywhere; a leader to the organizations below the one(s) they lead (and
    their people); the creator to the owner organization, its sub-organizations and their people.
    Re-disposition: down to the recipient organization's children, or people in that organization.
    """
    User = get_user_model()
    if parent is None:
        if is_admin(user):
            return Organization.objects.all(), User.objects.filter(is_active=True).exclude(pk=user.pk)
        base = leads_owner(user, followup)
        if followup.created_by_id == user.pk:
            base.add(followup.owner_organization_id)
        orgs = descendants(base)
        return Organization.objects.filter(pk__in=orgs), _members(orgs, user)
    if parent.to_organization_id is not None:
        home = {parent.to_organization_id}
    else:
        home = member_org_ids(parent.to_user) if parent.to_user else set()
    children = Organization.objects.filter(parent_id__in=home)
    return children, _members(home, user)
