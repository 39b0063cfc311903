"""The unread-notification counter in the header of every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .selectors import unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    return {"unread_notifications": unread_count(request.user)}
