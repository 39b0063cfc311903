from typing import Any

from django.db.models import QuerySet

from .models import Membership, Organization


def memberships_of(*, user: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organization", "organization__region")


def organization_list() -> QuerySet[Organization]:
    """Organizations are public (who produces what is public information)."""
    return Organization.objects.select_related("region", "parent")
