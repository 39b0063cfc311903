"""The one place that answers "which roles does this user hold, and where".

Services and selectors of every app build their rules from these helpers; views never decide.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .choices import Role

_CACHE_ATTR = "_simpul_roles"


def roles_of(user: Any) -> frozenset[tuple[int, str]]:
    """(organization id, role) pairs the user holds, cached on the user object for one request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from .models import Membership

        cached = frozenset(Membership.objects.filter(user_id=user.pk).values_list("organization_id", "role"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_admin(user: Any) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser) or any(role == Role.ADMIN for _, role in roles_of(user))


def has_role(user: Any, *roles: str, organization: Any = None) -> bool:
    """True when the user holds any of `roles` (in `organization`, when given). Admins hold every role."""
    if is_admin(user):
        return True
    org_id = getattr(organization, "pk", organization)
    return any(role in roles and (org_id is None or oid == org_id) for oid, role in roles_of(user))


def organizations_with_role(user: Any, *roles: str) -> set[int]:
    return {oid for oid, role in roles_of(user) if role in roles}


def role_names(user: Any) -> set[str]:
    return {role for _, role in roles_of(user)}


def require(allowed: bool, message: str = "") -> None:
    """Raise PermissionDenied unless `allowed`; services call this before any write."""
    from django.core.exceptions import PermissionDenied

    if not allowed:
        raise PermissionDenied(message or "Anda tidak berwenang melakukan tindakan ini.")


def any_role(user: Any, roles: Iterable[str]) -> bool:
    return has_role(user, *roles)
