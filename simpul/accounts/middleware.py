from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from .selectors import token_authenticate


class BearerTokenMiddleware:
    """`Authorization: Bearer smp_...` authenticates API calls; a bad token is a 401, never anonymous."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.api_token = None  # type: ignore[attr-defined]
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            token = token_authenticate(header[7:].strip())
            if token is None:
                return JsonResponse(
                    {
                        "error": {
                            "code": "invalid_token",
                            "message": _("Token API tidak sah, kedaluwarsa, atau dicabut."),
                        }
                    },
                    status=401,
                )
            request.user = token.user
            request.api_token = token  # type: ignore[attr-defined]
            request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]  # no cookies involved
        return self.get_response(request)
