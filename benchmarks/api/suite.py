"""Native API against Datasette, both as real servers on loopback under the same bounded load.

Data: the 1,000,000-row file of the ingest benchmark, loaded through `ingest_file` into the benchmark's
own SQLite file (benchmarks/.data/api.sqlite3, never the demo's) and published; 10,000 further datasets
for `package_search`. Datasette serves the same published rows from a plain SQLite table with the
equivalent indexes.

Servers: ours is gunicorn with 2 workers and the production settings (config.settings.prod, as in
docs/operator.md; TLS redirect off because the load comes over plain loopback, rate limit raised to
10^9/min so it counts but never refuses); Datasette is `datasette serve` (one process: Datasette has no
worker option). Load: 16 keep-alive connections from this process (threads), the same URL list for both,
REQUESTS per endpoint (default 2000), after 100 warm-up requests. Endpoints:

  by region  GET /api/v1/observations?indicator=I&region=R       ~ Datasette ?indicator=I&region=R
  by period  GET /api/v1/observations?indicator=I&period=P       ~ Datasette ?indicator=I&period=P
  search     GET /api/3/action/package_search?q=W&rows=10       (ours only: Datasette has no equivalent)

`rps` and `p99_ms` are taken from the worse of our two observation endpoints. `search_p50_ms` is
package_search's median with one client (its own time; at 16 connections each request also waits for
about seven others in front of the two workers, printed too).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "benchmarks" / ".data"
CONNECTIONS = 16


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(port: int, path: str, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            if conn.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server on port {port} did not answer {path}")


def _start(cmd: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # fmt: skip


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def load(port: int, paths: list[str], connections: int = CONNECTIONS) -> dict[str, Any]:
    """GET every path once over `connections` keep-alive connections; rps, p50, p99 (ms), errors."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    todo = iter(paths)

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                path = next(todo, None)
            if path is None:
                break
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()  # the whole body, as a client would
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                with lock:
                    errors.append(f"{path}: {exc}")
                continue
            took = time.perf_counter() - started
            if response.will_close:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            with lock:
                latencies.append(took)
                if response.status != 200:
                    errors.append(f"{path}: HTTP {response.status}")
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "rps": len(latencies) / wall,
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
    }


def _paths(n: int, rows: int) -> dict[str, tuple[list[str], list[str]]]:
    """(ours, datasette) URL lists over cells that hold data, the same cells in the same order."""
    from benchmarks.ingest.data import rows as data_rows
    from benchmarks.ingest.suite import kabkota_codes

    step = max(1, rows // n)
    cells = [r for k, r in enumerate(data_rows(rows, kabkota_codes())) if k % step == 0 and r[3]][:n]
    random.Random(11).shuffle(cells)
    by_region: tuple[list[str], list[str]] = ([], [])
    by_period: tuple[list[str], list[str]] = ([], [])
    for code, region, period, _value in cells:
        by_region[0].append(f"/api/v1/observations?indicator={code}&region={region}&limit=1000")
        by_region[1].append(
            f"/api/observations.json?indicator={code}&region={region}&_size=1000&_shape=objects"
        )
        by_period[0].append(f"/api/v1/observations?indicator={code}&period={period}&limit=1000")
        by_period[1].append(
            f"/api/observations.json?indicator={code}&period={period}&_size=1000&_shape=objects"
        )
    return {"by region": by_region, "by period": by_period}


def run() -> dict[str, object]:
    from benchmarks.ingest.data import write_csv
    from benchmarks.ingest.suite import kabkota_codes

    rows = int(os.environ.get("ROWS", "1000000"))
    requests = int(os.environ.get("REQUESTS", "2000"))
    n_datasets = int(os.environ.get("DATASETS", "10000"))
    WORK.mkdir(parents=True, exist_ok=True)
    data = write_csv(WORK / f"ingest-{rows}.csv", rows, kabkota_codes())
    db, datasette_db = WORK / "api.sqlite3", WORK / "api.db"  # Datasette serves it at /api/
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    env = {
        **os.environ,
        "SIMPUL_DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SIMPUL_DEBUG": "0",
        "SIMPUL_DEMO": "0",
        "SIMPUL_LOG_LEVEL": "WARNING",
    }
    started = time.perf_counter()
    cmd = [sys.executable, "-m", "benchmarks.api.worker", "setup", "--file", str(data),
           "--datasets", str(n_datasets), "--datasette", str(datasette_db)]  # fmt: skip
    proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"api benchmark setup failed ({proc.returncode}):\n{proc.stdout[-2000:]}")
    built = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"data: {built['published']:,} published observations, {built['datasets']:,} datasets "
          f"({time.perf_counter() - started:.0f} s to build)")  # fmt: skip

    ours_port, theirs_port = _free_port(), _free_port()
    prod = {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SIMPUL_SECRET_KEY": secrets.token_urlsafe(50),
        "SIMPUL_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SIMPUL_SSL_REDIRECT": "0",
        "SIMPUL_API_RATE_ANON": str(10**9),
    }
    bin_dir = Path(sys.executable).parent
    gunicorn = [
        str(bin_dir / "gunicorn"),
        "config.wsgi",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{ours_port}",
    ]
    datasette = [str(bin_dir / "datasette"), "serve", str(datasette_db), "--port", str(theirs_port),
                 "--setting", "max_returned_rows", "5000", "--setting", "default_cache_ttl", "0"]  # fmt: skip
    figures: dict[str, dict[str, float]] = {}
    with ExitStack() as stack:
        ours_proc = _start(gunicorn, prod)
        stack.callback(_stop, ours_proc)
        theirs_proc = _start(datasette, env)
        stack.callback(_stop, theirs_proc)
        _wait(ours_port, "/api/3/action/status_show", ours_proc)
        _wait(theirs_port, "/api/observations.json?_size=1", theirs_proc)
        for name, (ours, theirs) in _paths(requests + 100, rows).items():
            # same rows from both: compare the first URL's answers
            a = json.loads(_get(ours_port, ours[0]))["items"]
            b = json.loads(_get(theirs_port, theirs[0]))["rows"]
            assert len(a) == len(b) > 0, (name, len(a), len(b))
            load(ours_port, ours[:100])
            load(theirs_port, theirs[:100])
            figures[f"simpul {name}"] = load(ours_port, ours[100:])
            figures[f"datasette {name}"] = load(theirs_port, theirs[100:])
            figures[f"rows {name}"] = {"rows": float(len(a))}  # of the first URL
        words = ["penduduk", "sekolah puskesmas", "inflasi", "air desa", "kemiskinan", "wisata"]
        search = [f"/api/3/action/package_search?q={w.replace(' ', '+')}&rows=10" for w in words] * (
            requests // len(words)
        )
        load(ours_port, search[:60])
        figures["simpul package_search"] = load(ours_port, search)
        figures["simpul package_search, one client"] = load(ours_port, search[:300], connections=1)
    print(f"{CONNECTIONS} connections; req/s, p50 and p99 in ms; {requests} requests per line")
    print(f"{'':36}{'rows':>6}{'req/s':>9}{'p50':>9}{'p99':>9}{'errors':>8}")
    for name in ("by region", "by period"):
        for who in ("simpul", "datasette"):
            f = figures[f"{who} {name}"]
            print(f"{who + ' ' + name:36}{figures['rows ' + name]['rows']:>6.0f}{f['rps']:>9.0f}"
                  f"{f['p50_ms']:>9.1f}{f['p99_ms']:>9.1f}{f['errors']:>8.0f}")  # fmt: skip
    for label, key in (("package_search (10k datasets)", "simpul package_search"),
                       ("package_search, 1 connection", "simpul package_search, one client")):  # fmt: skip
        f = figures[key]
        print(f"{'simpul ' + label:36}{10:>6}{f['rps']:>9.0f}{f['p50_ms']:>9.1f}{f['p99_ms']:>9.1f}"
              f"{f['errors']:>8.0f}")  # fmt: skip
    for key, f in figures.items():
        if f.get("errors"):
            print(f"!! {key}: {f['errors']:.0f} errors, first: {f['first_error']}")
    worst = min(("by region", "by period"), key=lambda n: figures[f"simpul {n}"]["rps"])
    ours_rps = figures[f"simpul {worst}"]["rps"]
    theirs_rps = figures[f"datasette {worst}"]["rps"]
    p99 = max(figures[f"simpul {n}"]["p99_ms"] for n in ("by region", "by period"))
    print(
        f"goals: >= 5x Datasette's req/s, p99 <= 50 ms at {CONNECTIONS} connections, "
        "package_search p50 <= 30 ms"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return {
        "rps": round(ours_rps, 1),
        "datasette_rps": round(theirs_rps, 1),
        "speedup_vs_datasette": round(ours_rps / theirs_rps, 3),
        "p99_ms": round(p99, 1),
        # a search's own time: one client, no queue in front of the two workers
        "search_p50_ms": round(figures["simpul package_search, one client"]["p50_ms"], 1),
    }


def _get(port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status}: {body[:300]!r}")
    return body
