"""The one way services write the audit log (explicit calls, no signals)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.forms.models import model_to_dict

from .models import AuditEntry


def snapshot(obj: models.Model, *, exclude: tuple[str, ...] = ("password",)) -> dict[str, Any]:
    """A JSON-safe picture of a model's own fields, for before/after."""
    data = model_to_dict(obj, exclude=list(exclude))
    return {
        key: value if isinstance(value, str | int | float | bool | type(None)) else str(value)
        for key, value in data.items()
    }


def object_type(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    message: str = "",
) -> AuditEntry:
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if is_user else None,
        actor_name=actor.get_username() if is_user else "system",
        action=action,
        object_type=object_type(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        before=before,
        after=after,
        message=message,
    )


def history(obj: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(object_type=object_type(obj), object_id=str(obj.pk))
