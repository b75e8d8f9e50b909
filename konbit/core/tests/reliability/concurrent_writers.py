"""Run inside a scratch database (see test_reliability): writers racing on one record.

Prints one JSON line: how many of 8 writers holding the same version won, and the
version a record reaches after 300 updates from 8 threads that retry on a stale
version (none may be lost).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections import Counter
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "konbit.settings")
django.setup()

from django.db import connection  # noqa: E402

from konbit.accounts.services import system_user  # noqa: E402
from konbit.core.exceptions import StaleVersion  # noqa: E402
from konbit.forces.models import Mandate  # noqa: E402
from konbit.forces.services import mandate_create, mandate_update  # noqa: E402

WRITERS = 8
UPDATES = 300


def race(
    actor: Any, pk: Any, version: int, outcomes: Counter[str], start: threading.Barrier
) -> None:
    try:
        start.wait()
        mandate = Mandate.objects.get(pk=pk)
        try:
            mandate_update(
                actor=actor,
                mandate=mandate,
                data={"notes": f"writer {threading.get_ident()}"},
                version=version,
            )
            outcomes["won"] += 1
        except StaleVersion:
            outcomes["stale"] += 1
    finally:
        connection.close()


def keep_trying(actor: Any, pk: Any, count: int, tries: Counter[str]) -> None:
    try:
        for n in range(count):
            while True:
                mandate = Mandate.objects.get(pk=pk)
                try:
                    mandate_update(
                        actor=actor,
                        mandate=mandate,
                        data={"planning_figure": mandate.version * 1000 + n},
                        version=mandate.version,
                    )
                    break
                except StaleVersion:
                    tries["stale"] += 1
    finally:
        connection.close()


def run() -> dict[str, Any]:
    actor = system_user()
    mandate = mandate_create(
        actor=actor,
        data={
            "resolution": "9999 (2099)",
            "title": "Reliability drill",
            "adopted_on": dt.date(2099, 1, 1),
            "starts_on": dt.date(2099, 1, 1),
        },
    )
    outcomes: Counter[str] = Counter()
    start = threading.Barrier(WRITERS)
    threads = [
        threading.Thread(target=race, args=(actor, mandate.pk, mandate.version, outcomes, start))
        for _ in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    after_race = Mandate.objects.get(pk=mandate.pk).version
    tries: Counter[str] = Counter()
    per_thread = UPDATES // WRITERS
    threads = [
        threading.Thread(target=keep_trying, args=(actor, mandate.pk, per_thread, tries))
        for _ in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = Mandate.objects.get(pk=mandate.pk).version
    return {
        "won": outcomes["won"],
        "stale": outcomes["stale"],
        "version_after_race": after_race,
        "updates": per_thread * WRITERS,
        "version_gain": final - after_race,
        "stale_retries": tries["stale"],
    }


if __name__ == "__main__":
    print(json.dumps(run()))
