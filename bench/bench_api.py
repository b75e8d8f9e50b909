"""The foundation's benchmark: an authenticated API list request against a server of
its own, on a database of its own. Prints median/p95 latency and requests/s with 8
concurrent clients for 20 s.

    .venv/bin/python bench/bench_api.py [--path /api/v1/...] [--seconds 20]
    BENCH_DATABASE_URL=postgres://user@127.0.0.1/postgres  (PostgreSQL instead of SQLite)
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--path", default="/api/v1/places/communes/?page_size=50")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    base_url = os.environ.get("BENCH_DATABASE_URL") or None
    with harness.database(base_url) as db:
        token = harness.prepare(db, demo=True)
        with harness.serve(db) as server:
            result = {
                "benchmark": "api_list",
                "database": "postgresql" if base_url else "sqlite",
                "latency": harness.latency(server, args.path, token, requests=args.requests),
                "throughput": harness.throughput(
                    server, args.path, token, clients=args.clients, seconds=args.seconds
                ),
            }
    harness.emit(result)


if __name__ == "__main__":
    main()
