#!/usr/bin/env bash
# Serve the demo: the task worker in the background, the web server in the foreground; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST="${SIMPUL_DEMO_HOST:-127.0.0.1}"
PORT="${SIMPUL_DEMO_PORT:-8000}"
$PY manage.py db_worker --interval 1 > var/worker.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
$PY manage.py demo_logins
echo
echo "Simpul demo: http://$HOST:$PORT/   (task worker log: var/worker.log; Ctrl-C to stop)"
exec_server() { $PY manage.py runserver "$HOST:$PORT" --noreload; }
exec_server
