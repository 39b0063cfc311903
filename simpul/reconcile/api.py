"""GET /api/v1/completeness?year=...[&organization=<slug>]: the JSON twin of the Kelengkapan page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import AuthenticationError

from simpul.api.errors import not_found
from simpul.organizations.choices import Role
from simpul.organizations.models import Organization
from simpul.organizations.permissions import has_role

from . import rules, selectors

router = Router()


@router.get("", summary="Kelengkapan Daftar Data per produsen dan provinsi")
def completeness(
    request: HttpRequest, year: int | None = None, organization: str | None = None
) -> dict[str, Any]:
    user = request.user
    if not getattr(user, "is_authenticated", False):
        raise AuthenticationError
    if not (rules.can_open_check_pages(user) or has_role(user, Role.PIMPINAN)):
        raise PermissionDenied(_("Anda tidak berwenang melihat kelengkapan data."))
    org = None
    if organization:
        org = Organization.objects.filter(slug=organization).first()
        if org is None:
            raise not_found(_("Organisasi tidak ditemukan."))
    return selectors.completeness(user=user, year=year or timezone.localdate().year, organization=org)
