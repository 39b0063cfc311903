from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .navigation import navigation_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "nav_sections": navigation_for(user),
        "nav_is_admin": bool(getattr(user, "is_staff", False)),  # the Django admin site needs staff
        "site_name": settings.SIMPUL_SITE_NAME,
        "demo_mode": settings.DEBUG and settings.SIMPUL_DEMO_ENABLED,
    }
