"""What Konbit's benchmarks share: a server of their own on a free port with a
database of its own, a signed-in client, and the figures (median, p95, requests/s).

Benchmarks are standalone scripts ``bench/bench_<name>.py`` that print one JSON
object; ``bench/run.py`` runs them all. They measure; they never assert timings.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
if not Path(PYTHON).exists():
    PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Database:
    """A throwaway database: a SQLite file in a temporary folder, or a PostgreSQL
    database created (and dropped) on the server of ``base_url``."""

    env: dict[str, str]
    var_dir: str
    drop: Callable[[], None]


@contextlib.contextmanager
def database(base_url: str | None = None) -> Iterator[Database]:
    var_dir = tempfile.mkdtemp(prefix="konbit-bench-")
    env = {"KONBIT_VAR_DIR": var_dir}
    drop: Callable[[], None] = lambda: None  # noqa: E731
    if base_url:
        import psycopg

        parsed = urllib.parse.urlparse(base_url)
        name = f"konbit_bench_{secrets.token_hex(4)}"
        admin = parsed._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = parsed._replace(path=f"/{name}").geturl()

        def drop() -> None:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    db = Database(env=env, var_dir=var_dir, drop=drop)
    try:
        yield db
    finally:
        db.drop()


def manage(db: Database, *args: str, stdin: str | None = None) -> str:
    """Run ``manage.py`` against the benchmark's database; return its standard output."""
    env = {**os.environ, **db.env, "KONBIT_ENV": "local", "KONBIT_LOGIN_THROTTLE": "false"}
    done = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def prepare(db: Database, *, demo: bool = True) -> str:
    """Migrate, optionally load the demo, and create a user; return an API token."""
    manage(db, "migrate", "--noinput", "-v", "0")
    manage(db, "collectstatic", "--noinput", "-v", "0")
    if demo:
        manage(db, "load_demo")
    password = "bench-" + secrets.token_urlsafe(12)
    manage(db, "adduser", "bench", "--role", "mission_admin", stdin=password + "\n")
    return token_for(db, "bench", password)


def token_for(db: Database, username: str, password: str) -> str:
    code = (
        "import json,sys;from konbit.accounts.models import User;"
        "from konbit.accounts.services import token_issue;"
        f"print(token_issue(user=User.objects.get(username={username!r})))"
    )
    return manage(db, "shell", "-c", code).strip().splitlines()[-1]


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]

    @property
    def host(self) -> str:
        return "127.0.0.1"


@contextlib.contextmanager
def serve(db: Database, *, workers: int = 2, threads: int = 4) -> Iterator[Server]:
    """gunicorn serving Konbit (KONBIT_ENV=local) on a free port, as in production."""
    port = free_port()
    env = {**os.environ, **db.env, "KONBIT_ENV": "local", "KONBIT_LOG_LEVEL": "WARNING"}
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "konbit.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Server(port=port, process=process)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                status, _ = get(server, "/healthz")
                if status == 200:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError("the server did not answer /healthz within 30 s")
        yield server
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
        if process.poll() is None:
            process.kill()


def get(
    server: Server,
    path: str,
    token: str | None = None,
    connection: http.client.HTTPConnection | None = None,
) -> tuple[int, bytes]:
    conn = connection or http.client.HTTPConnection(server.host, server.port, timeout=30)
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    if connection is None:
        conn.close()
    return response.status, body


def latency(server: Server, path: str, token: str, *, requests: int = 200) -> dict[str, Any]:
    """Median and p95 latency (ms) of ``requests`` sequential GETs on one connection."""
    return latencies(server, {path: path}, token, requests=requests)[path]


def latencies(
    server: Server, paths: dict[str, str], token: str, *, requests: int = 200
) -> dict[str, dict[str, Any]]:
    """``latency`` of each of ``paths`` (name: path), their requests taken in turn (one
    of each path, then again) on one connection: a burst of load from elsewhere on the
    machine then falls on every path alike instead of on whichever ran at that moment."""
    conn = http.client.HTTPConnection(server.host, server.port, timeout=30)
    for path in paths.values():
        for _ in range(10):  # warm up caches and the connection
            get(server, path, token, conn)
    samples: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(requests):
        for name, path in paths.items():
            start = time.perf_counter()
            status, _body = get(server, path, token, conn)
            samples[name].append((time.perf_counter() - start) * 1000)
            if status != 200:
                raise RuntimeError(f"GET {path} answered {status}")
    conn.close()
    figures = {}
    for name, path in paths.items():
        taken = sorted(samples[name])
        figures[name] = {
            "path": path,
            "requests": requests,
            "median_ms": round(statistics.median(taken), 2),
            "p95_ms": round(taken[int(len(taken) * 0.95) - 1], 2),
        }
    return figures


def throughput(
    server: Server, path: str, token: str, *, clients: int = 8, seconds: float = 20.0
) -> dict[str, Any]:
    """Requests per second of ``clients`` concurrent keep-alive clients for ``seconds``."""
    counts = [0] * clients
    errors = [0] * clients
    stop = time.monotonic() + seconds

    def work(index: int) -> None:
        conn = http.client.HTTPConnection(server.host, server.port, timeout=30)
        while time.monotonic() < stop:
            try:
                status, _body = get(server, path, token, conn)
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                conn.close()
                conn = http.client.HTTPConnection(server.host, server.port, timeout=30)
                continue
            if status == 200:
                counts[index] += 1
            else:
                errors[index] += 1
        conn.close()

    started = time.monotonic()
    workers = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    return {
        "path": path,
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": sum(counts),
        "errors": sum(errors),
        "requests_per_s": round(sum(counts) / elapsed, 1),
    }


def emit(result: dict[str, Any]) -> None:
    print(json.dumps(result, indent=2))
