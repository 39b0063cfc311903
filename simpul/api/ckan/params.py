"""Coercion of action parameters, which arrive as JSON values (POST) or strings (GET)."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

from .errors import ValidationError

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


def as_bool(params: dict[str, Any], name: str, default: bool = False) -> bool:
    value = params.get(name)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValidationError({name: [_("Nilai boolean tidak sah.")]})


def as_int(
    params: dict[str, Any], name: str, default: int | None, *, minimum: int = 0, maximum: int | None = None
) -> int | None:
    """An integer >= minimum, clamped to maximum (CKAN clamps `rows` and `limit` silently)."""
    value = params.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({name: [_("Bukan bilangan bulat.")]}) from None
    if isinstance(value, float) and value != number:
        raise ValidationError({name: [_("Bukan bilangan bulat.")]})
    if number < minimum:
        raise ValidationError({name: [_("Harus bilangan bulat >= {minimum}.").format(minimum=minimum)]})
    if maximum is not None:
        number = min(number, maximum)
    return number


def as_str(params: dict[str, Any], name: str, default: str = "") -> str:
    value = params.get(name)
    if value is None:
        return default
    if isinstance(value, list):
        value = value[0] if value else default
    if not isinstance(value, str | int | float):
        raise ValidationError({name: [_("Harus berupa teks.")]})
    return str(value)


def as_list(params: dict[str, Any], name: str) -> list[str]:
    """A list sent as a JSON list, a JSON-encoded list in a string, repeated keys, or a comma list."""
    value = params.get(name)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except ValueError:
                raise ValidationError({name: [_("Daftar JSON tidak sah.")]}) from None
        else:
            value = [part.strip() for part in text.split(",") if part.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise ValidationError({name: [_("Harus berupa daftar teks.")]})
    return [str(v) for v in value]


def as_dict(params: dict[str, Any], name: str) -> dict[str, Any]:
    value = params.get(name)
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise ValidationError({name: [_("Objek JSON tidak sah.")]}) from None
    if not isinstance(value, dict):
        raise ValidationError({name: [_("Harus berupa objek JSON.")]})
    return value
