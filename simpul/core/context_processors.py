from typing import Any

from django.conf import settings
from django.http import HttpRequest

from simpul.organizations.permissions import is_admin

from .navigation import navigation_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "nav_sections": navigation_for(user),
        "nav_is_admin": is_admin(user),
        "site_name": settings.SIMPUL_SITE_NAME,
        "demo_mode": settings.DEBUG and settings.SIMPUL_DEMO_ENABLED,
    }
