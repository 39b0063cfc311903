"""Schemathesis over the OpenAPI of the catalogue and observation endpoints, in process (WSGI): generated
requests, valid and invalid, never get a server error, and every 4xx keeps the one error shape."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

PATHS = r"^/api/v1/(datasets|indicators|organizations|observations|regions)"


@pytest.fixture
def api_schema(catalog_data: dict[str, Any], settings: Any) -> Iterator[Any]:  # noqa: ARG001 - data for the API to find
    from config.wsgi import application

    settings.SIMPUL_API_RATE_ANON = 1_000_000
    # As django.test.Client does: keep the test's connection (and its transaction) open between requests.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).include(path_regex=PATHS)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def error_shape(response: Any) -> None:
    if 400 <= response.status_code < 500:
        body = response.json()
        assert set(body) == {"error"}, body
        assert {"code", "message"} <= set(body["error"]), body


def test_api_never_fails(api_schema: Any) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 9
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case: Any) -> None:
            response = case.call()
            not_a_server_error  # noqa: B018 - same check, with the request in the message
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path} {case.query} -> {response.text[:500]}"
            )
            error_shape(response)

        check()
