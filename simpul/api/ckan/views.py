"""`/api/3/action/<name>` (and `/api/action/<name>`): parse GET or POST parameters, authenticate a token,
run one action, wrap the result in CKAN's envelope. CSRF-exempt: these calls use no cookies."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from simpul.accounts.selectors import token_authenticate

from .actions import ACTIONS, Call
from .errors import BadRequest, CkanError, NotAuthorized

log = logging.getLogger(__name__)


def _help(request: HttpRequest, name: str) -> str:
    return request.build_absolute_uri(f"/api/3/action/help_show?name={name}")


def _envelope(request: HttpRequest, name: str, status: int, **body: Any) -> JsonResponse:
    return JsonResponse(
        {"help": _help(request, name), **body}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _params(request: HttpRequest) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for key in request.GET:
        values = request.GET.getlist(key)
        params[key] = values[0] if len(values) == 1 else values
    if request.method == "POST":
        content_type = request.content_type or ""
        if content_type.startswith("application/x-www-form-urlencoded") or content_type.startswith(
            "multipart/"
        ):
            for key in request.POST:
                values = request.POST.getlist(key)
                params[key] = values[0] if len(values) == 1 else values
        elif request.body:
            try:
                body = json.loads(request.body)
            except (ValueError, UnicodeDecodeError):
                raise BadRequest(
                    _("Permintaan tidak sah - galat JSON: badan permintaan bukan JSON.")
                ) from None
            if not isinstance(body, dict):
                raise BadRequest(_("Permintaan tidak sah - badan permintaan harus berupa objek JSON."))
            params.update(body)
    params.pop("callback", None)
    params.pop("_", None)
    return params


def _caller(request: HttpRequest) -> tuple[Any, bool]:
    """(user, entitled). A Bearer token is checked by the accounts middleware; CKAN clients (ckanapi) send
    the bare token in `Authorization` or `X-CKAN-API-Key`, checked here. A bad token is refused, never
    treated as anonymous."""
    if getattr(request, "api_token", None) is not None:
        return request.user, True
    raw = (
        request.headers.get("Authorization", "").strip() or request.headers.get("X-CKAN-API-Key", "").strip()
    )
    if raw:
        token = token_authenticate(raw)
        if token is None:
            raise NotAuthorized(_("Token API tidak sah, kedaluwarsa, atau dicabut."))
        return token.user, True
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser(), False  # session cookies are not used by this API


@csrf_exempt
def action(request: HttpRequest, name: str) -> HttpResponse:
    if request.method not in ("GET", "POST"):
        error = {"__type": "Bad Request", "message": _("Metode tidak diizinkan.")}
        return _envelope(request, name, 405, success=False, error=error)
    fn = ACTIONS.get(name)
    if fn is None:
        message = _("Permintaan tidak sah - nama aksi tidak dikenal: {name}").format(name=name)
        error = {"__type": "Bad Request", "message": message}
        return _envelope(request, name, 400, success=False, error=error)
    try:
        user, entitled = _caller(request)
        result = fn(Call(request=request, params=_params(request), user=user, entitled=entitled))
    except CkanError as exc:
        return _envelope(request, name, exc.status, success=False, error=exc.body())
    except Exception:
        log.exception("CKAN action %s failed", name)
        error = {"__type": "Internal Server Error", "message": _("Galat internal.")}
        return _envelope(request, name, 500, success=False, error=error)
    return _envelope(request, name, 200, success=True, result=result)
