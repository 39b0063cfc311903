from __future__ import annotations

import hmac

from django.db.models import QuerySet
from django.utils import timezone

from .models import ApiToken, User
from .services import TOKEN_PREFIX, hash_secret


def token_authenticate(raw: str) -> ApiToken | None:
    """The active token for a raw `smp_<prefix>_<secret>` string, or None."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    prefix = raw[len(TOKEN_PREFIX) :].split("_", 1)[0]
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.key_hash, hash_secret(raw)):
        return None
    if not token.is_active or not token.user.is_active:
        return None
    if token.user.is_demo and not _demo_allowed():
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def _demo_allowed() -> bool:
    from django.conf import settings

    return bool(settings.DEBUG and settings.SIMPUL_DEMO_ENABLED)


def token_list(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)
