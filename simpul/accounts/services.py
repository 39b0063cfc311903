"""Writes on accounts: API tokens (hashed at rest, shown once, revocable)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from simpul.core import audit

from .models import ApiToken, TokenScope, User

TOKEN_PREFIX = "smp_"


def hash_secret(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str  # shown to the user once, never stored


def token_create(
    *, user: User, name: str, scope: str = TokenScope.READ, expires_at: datetime | None = None
) -> IssuedToken:
    name = name.strip()
    if not name:
        raise ValueError("A token needs a name.")
    if scope not in TokenScope.values:
        raise ValueError(f"Unknown scope {scope!r}.")
    if expires_at is not None and expires_at <= timezone.now():
        raise ValueError("The expiry date must lie in the future.")
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:100],
            prefix=prefix,
            key_hash=hash_secret(raw),
            scope=scope,
            expires_at=expires_at,
        )
        audit.record(actor=user, action="token.create", obj=token, after={"name": token.name, "scope": scope})
    return IssuedToken(token=token, raw=raw)


def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if token.user_id != actor.pk and not actor.is_superuser:
        raise PermissionError("Only the token's owner can revoke it.")
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit.record(actor=actor, action="token.revoke", obj=token)
    return token
