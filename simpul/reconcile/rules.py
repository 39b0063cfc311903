"""Who may do what in the walidata workflow (built on simpul.organizations.permissions)."""

from __future__ import annotations

from typing import Any

from simpul.organizations.choices import Role
from simpul.organizations.permissions import has_role, is_admin, organizations_with_role

PRODUCER_ROLES = (Role.PRODUSEN, Role.WALIDATA_PENDUKUNG)


def is_walidata(user: Any) -> bool:
    return is_admin(user) or has_role(user, Role.WALIDATA)


def is_pembina(user: Any) -> bool:
    return is_admin(user) or has_role(user, Role.PEMBINA)


def producer_orgs(user: Any) -> set[int]:
    return organizations_with_role(user, *PRODUCER_ROLES)


def can_edit_plan(user: Any, organization_id: int) -> bool:
    return is_walidata(user) or organization_id in producer_orgs(user)


def can_see_org_work(user: Any, organization_id: int) -> bool:
    """Unpublished submissions, plans and conflicts of an organization: its producers, walidata, pembina."""
    return is_walidata(user) or is_pembina(user) or organization_id in producer_orgs(user)


def can_submit(user: Any, organization_id: int) -> bool:
    return is_walidata(user) or organization_id in producer_orgs(user)


def can_open_check_pages(user: Any) -> bool:
    return is_walidata(user) or is_pembina(user) or bool(producer_orgs(user))


def can_open_queue(user: Any) -> bool:
    """The Pemeriksaan page: the navigation's checker roles (walidata, walidata pendukung, pembina)."""
    return is_walidata(user) or is_pembina(user) or has_role(user, Role.WALIDATA_PENDUKUNG)
