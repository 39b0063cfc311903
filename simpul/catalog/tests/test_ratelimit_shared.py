"""With SIMPUL_CACHE_URL pointing at Redis, the API rate limit is one count for all web processes: every
gunicorn worker reads and raises the same counter, instead of each keeping its own."""

from __future__ import annotations

import os
import uuid
from typing import Any

import pytest
import redis
from django.test import Client

REDIS_URL = os.environ.get("SIMPUL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def shared_cache(settings: Any) -> Any:
    server = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        server.ping()
    except redis.exceptions.ConnectionError:
        message = f"Redis not reachable at {REDIS_URL} (SIMPUL_TEST_REDIS_URL): shared limit not tested"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield server, prefix
    for key in server.scan_iter(match=f"{prefix}:*"):
        server.delete(key)


def test_counts_live_in_redis_where_every_worker_sees_them(
    shared_cache: Any, client: Client, catalog_data: Any, settings: Any
) -> None:
    server, prefix = shared_cache
    settings.SIMPUL_API_RATE_ANON = 3
    for _ in range(2):
        assert client.get("/api/v1/indicators").status_code == 200
    keys = list(server.scan_iter(match=f"{prefix}:*simpul:rl:*"))
    assert len(keys) == 1
    assert int(server.get(keys[0])) == 2
    # Another worker's request, counted straight in Redis: this process sees it and refuses the fourth.
    server.incr(keys[0])
    response = client.get("/api/v1/indicators")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
