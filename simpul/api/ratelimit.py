"""A small fixed-window rate limiter for the native API, kept in Django's cache.

Anonymous clients are counted per IP address (REMOTE_ADDR; put the proxy's real-IP handling in front),
clients with an API token per token, signed-in users per user. Limits per minute come from the settings
SIMPUL_API_RATE_ANON (default 120) and SIMPUL_API_RATE_TOKEN (default 1200). Over the limit: 429 with the
usual error shape and `details.retry_after` in seconds.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .errors import ApiError

WINDOW = 60


def limits() -> tuple[int, int]:
    return (
        int(getattr(settings, "SIMPUL_API_RATE_ANON", 120)),
        int(getattr(settings, "SIMPUL_API_RATE_TOKEN", 1200)),
    )


def client_key(request: HttpRequest) -> tuple[str, int]:
    anon, authed = limits()
    token = getattr(request, "api_token", None)
    if token is not None:
        return f"t{token.pk}", authed
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u{user.pk}", authed
    return "a" + request.META.get("REMOTE_ADDR", "-"), anon


def throttle(request: HttpRequest) -> None:
    """Count this request; raise ApiError 429 when the client is over its limit for the current minute."""
    who, limit = client_key(request)
    now = time.time()
    window = int(now // WINDOW)
    key = f"simpul:rl:{who}:{window}"
    cache.add(key, 0, WINDOW + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW + 5)
        count = 1
    if count > limit:
        retry = int((window + 1) * WINDOW - now) + 1
        raise ApiError(
            429,
            "rate_limited",
            _("Terlalu banyak permintaan. Coba lagi sebentar lagi, atau gunakan token API."),
            {"limit": limit, "window_seconds": WINDOW, "retry_after": retry},
        )
