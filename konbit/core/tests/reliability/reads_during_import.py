"""Run inside a scratch SQLite database (see test_reliability): API reads of persons
while a roster import holds the database's write lock.

Each read of ``/api/v1/personnel/`` writes its read-audit entries, so it needs the
write lock the import's transaction holds: it must wait, then answer 200, never
"database is locked". The import runs as ``manage.py import_roster`` in a process of
its own, as a worker would. Prints one JSON line: the reads' statuses, how long the
longest waited, whether the lock was seen held while they were sent, the import's
exit status and how long its pass held the lock (rows and rows per second).

Argument: the number of roster rows (default 30,000).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "konbit.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from konbit.accounts import roles  # noqa: E402
from konbit.accounts.models import User  # noqa: E402
from konbit.accounts.services import system_user, token_issue, user_create  # noqa: E402
from konbit.core.models import AuditAction, AuditEntry  # noqa: E402
from konbit.forces.models import Contingent, Country, Personnel  # noqa: E402

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 30_000
PREFIX = f"DEMO-{os.getpid()}-"
HEADER = "service_number,rank,given_name,family_name,sex,date_of_birth,specialty,unit\n"


def lock_held(path: str) -> bool:
    """Whether another connection holds the write lock now (without waiting)."""
    probe = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()


def main() -> None:
    path = str(settings.DATABASES["default"]["NAME"])
    actor = system_user()
    kenya, _ = Country.objects.get_or_create(iso3="KEN", defaults={"name": "Kenya"})
    Contingent.objects.get_or_create(country=kenya, defaults={"name": "Kenya contingent"})
    reader = User.objects.filter(username="reader.hq").first() or user_create(
        actor=actor, username="reader.hq", password="Invented-Reader-42!", role=roles.HQ_STAFF
    )
    key = token_issue(user=reader, name="reliability")
    fresh_key = token_issue(user=reader, name="fresh")  # issued now: issuing writes
    since = timezone.now()
    folder = Path(tempfile.mkdtemp())
    # Persons already on the roster, so that each read has five to show (and to
    # audit) while the big import's transaction is open.
    seed = folder / "seed.csv"
    seed.write_text(
        HEADER
        + "".join(
            f"SEED-{os.getpid()}-{n},Constable,Seed{n},Demoperson,F,1990-01-01,medical,\n"
            for n in range(5)
        )
    )
    subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "import_roster", str(seed), "--contingent", "KEN"],
        check=True,
    )
    roster = folder / "roster.csv"
    with roster.open("w") as out:
        out.write(HEADER)
        for n in range(ROWS):
            out.write(f"{PREFIX}{n:06d},Constable,Invented{n},Demoperson,F,1990-01-01,medical,\n")
    connection.close()

    importer = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "import_roster", str(roster), "--contingent", "KEN"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # A watcher notes every moment another connection holds the write lock.
    holds: list[tuple[float, float]] = []
    done = threading.Event()

    def watch() -> None:
        since = None
        while not done.is_set():
            now = time.monotonic()
            if lock_held(path):
                since = since or now
            elif since is not None:
                holds.append((since, now))
                since = None
            time.sleep(0.01)
        if since is not None:
            holds.append((since, time.monotonic()))

    watcher = threading.Thread(target=watch)
    watcher.start()
    while importer.poll() is None and not lock_held(path):
        time.sleep(0.01)
    time.sleep(0.5)  # into the import's long transaction, past its first writes
    client = Client(HTTP_AUTHORIZATION=f"Token {key}", raise_request_exception=False)
    # A read that writes nothing of its own (who am I) with a token never used: its
    # last use is not recorded while the lock is held, and the answer does not wait.
    fresh = Client(HTTP_AUTHORIZATION=f"Token {fresh_key}", raise_request_exception=False)
    me_locked_before = lock_held(path)
    me_status = fresh.get("/api/v1/me/").status_code
    me_locked_after = importer.poll() is None and lock_held(path)
    statuses, waits, during = [], [], 0
    while importer.poll() is None and len(statuses) < 10:
        held = lock_held(path)
        begun = time.monotonic()
        response = client.get("/api/v1/personnel/", {"page_size": 5})
        waits.append(time.monotonic() - begun)
        statuses.append(response.status_code)
        during += held
    out, err = importer.communicate(timeout=600)
    done.set()
    watcher.join()
    held_for = max((end - start for start, end in holds), default=0.0)
    reads = AuditEntry.objects.filter(
        action=AuditAction.READ, actor_username="reader.hq", at__gte=since
    ).count()
    print(
        json.dumps(
            {
                "statuses": statuses,
                "reads_sent_while_locked": during,
                "longest_wait_s": round(max(waits, default=0), 2),
                "busy_timeout_s": settings.DATABASES["default"]["OPTIONS"]["timeout"],
                "import_rc": importer.returncode,
                "import_err": err[-500:],
                "rows": ROWS,
                "imported": Personnel.objects.filter(service_number__startswith=PREFIX).count(),
                "lock_held_s": round(held_for, 2),
                "rows_per_s_with_lock": round(ROWS / held_for) if held_for else None,
                "read_entries": reads,
                "me_status": me_status,
                "me_answered_under_the_lock": me_locked_before and me_locked_after,
            }
        )
    )


if __name__ == "__main__":
    main()
