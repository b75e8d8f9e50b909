"""Run Konbit's benchmarks (every ``bench/bench_*.py``, or those named) one after
the other and print their figures as one JSON document.

    make bench                      # all of them, on SQLite
    make bench BENCH_ARGS="api"     # only bench_api.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres make bench
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in names]
        if not scripts:
            print(f"no benchmark named {', '.join(names)}", file=sys.stderr)
            return 2
    results = {}
    failed = False
    for script in scripts:
        print(f"running {script.name} ...", file=sys.stderr)
        done = subprocess.run(
            [sys.executable, str(script)], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            failed = True
            results[script.stem] = {"error": done.stderr.strip().splitlines()[-5:]}
            continue
        try:
            results[script.stem] = json.loads(done.stdout)
        except json.JSONDecodeError:
            failed = True
            results[script.stem] = {"error": "no JSON on standard output", "out": done.stdout}
    print(json.dumps(results, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
