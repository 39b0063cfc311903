"""The native REST API at /api/v1/ (django-ninja, OpenAPI 3.1 at /api/v1/openapi.json).

Each domain adds its router here. Authentication: session cookie or `Authorization: Bearer <token>`
(resolved by BearerTokenMiddleware before the request reaches ninja).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from .errors import ApiError, error_response, handle_api_error

api = NinjaAPI(
    title="Simpul API",
    version="1",
    description="Satu Data, Evaluasi SPBE dan Pantau. Errors always have the shape "
    '{"error": {"code": ..., "message": ..., "details": ...}}.',
    urls_namespace="api-v1",
)

api.add_exception_handler(ApiError, handle_api_error)  # type: ignore[arg-type]


@api.exception_handler(ValidationError)
def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return error_response(422, "invalid", _("Permintaan tidak valid."), exc.errors)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(404, "not_found", str(exc) or _("Tidak ditemukan."))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(403, "forbidden", str(exc) or _("Anda tidak berwenang."))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(401, "unauthenticated", _("Perlu masuk atau token API."))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(exc.status_code, "error", str(exc))


def _register_routers() -> None:
    # Each domain's router lives beside its API module; imported here so /api/v1 has one entry point.
    from simpul.assessment import api as assessment_api
    from simpul.ingest import api as ingest_api
    from simpul.reconcile import api as reconcile_api

    from . import catalog, regions

    api.add_router("/regions", regions.router, tags=["regions"])
    api.add_router("/frameworks", assessment_api.router, tags=["assessment"])
    api.add_router("/ingest", ingest_api.router, tags=["ingest"])
    api.add_router("/completeness", reconcile_api.router, tags=["workflow"])
    api.add_router("/datasets", catalog.datasets_router, tags=["catalog"])
    api.add_router("/indicators", catalog.indicators_router, tags=["catalog"])
    api.add_router("/organizations", catalog.organizations_router, tags=["catalog"])
    api.add_router("/observations", catalog.observations_router, tags=["observations"])


_register_routers()
