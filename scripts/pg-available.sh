#!/usr/bin/env bash
# Exit 0 when the PostgreSQL server in the URL answers (used by `make test` to decide on the PostgreSQL run).
url="${1:-postgres://postgres@127.0.0.1:5432/simpul}"
.venv/bin/python - "$url" <<'PY'
import sys
import psycopg
from urllib.parse import urlparse
u = urlparse(sys.argv[1])
try:
    psycopg.connect(host=u.hostname, port=u.port or 5432, user=u.username or "postgres",
                    password=u.password or None, dbname="postgres", connect_timeout=3).close()
except Exception as exc:  # noqa: BLE001
    print(f"PostgreSQL not available: {exc}", file=sys.stderr)
    sys.exit(1)
PY
