"""The actors benchmark (issue 12): resolving the actor names of 100,000 imported
incidents (the generated ACLED file), then the median time to render a group's page
with its thousands of incidents, and the network view (page and data) with 200
groups and 500 relations. In-process (Django's test client), on SQLite, and on
PostgreSQL too when BENCH_DATABASE_URL is given.

    .venv/bin/python bench/bench_actors.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import harness  # noqa: E402
from bench_operations import source  # noqa: E402

MEASURE = """
import datetime as dt, json, random, statistics, time
from pathlib import Path
from django.test import Client
from konbit.accounts.models import User
from konbit.actors import demo
from konbit.actors.models import ArmedGroup, IncidentGroupLink, Relation
from konbit.actors.names import name_key
from konbit.actors.services.resolver import actor_names_refresh
from konbit.core.imports.pipeline import import_now
import io
user = User.objects.get(username="bench")
demo.load(actor=user, out=io.StringIO())
from konbit.core.parts import part_hooks
# The import without its hook, so that the names are resolved here, timed.
import konbit.operations.acled_write as acled_write
acled_write.part_hooks = lambda name: iter(())
with Path({path!r}).open("rb") as handle:
    import_now(actor=user, kind="acled", handle=handle, file_name="bench.csv",
               size=Path({path!r}).stat().st_size, options={{"country": ""}})
started = time.perf_counter()
first = actor_names_refresh(actor=user)
resolve_seconds = time.perf_counter() - started
started = time.perf_counter()
again = actor_names_refresh(actor=user)
again_seconds = time.perf_counter() - started

def median_ms(url, n=15):
    client = Client()
    client.force_login(user)
    client.get(url)
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return round(statistics.median(samples), 1)

# A group with exactly 5,000 incidents (the issue's figure), linked as an import would.
from konbit.operations.models import Incident
busiest = ArmedGroup.objects.create(
    name="Bench 5000", name_norm=name_key("Bench 5000"), kind="gang"
)
IncidentGroupLink.objects.bulk_create(
    IncidentGroupLink(incident_id=pk, group=busiest, role="actor1")
    for pk in Incident.objects.order_by("event_date", "pk").values_list("pk", flat=True)[:5000]
)
group_incidents = busiest.incident_links.values("incident").distinct().count()
group_page_ms = median_ms(f"/armed-groups/{{busiest.pk}}/")

rng = random.Random(7)
extra = [
    ArmedGroup(name=f"Bench gang {{n}}", name_norm=name_key(f"Bench gang {{n}}"), kind="gang")
    for n in range(200 - ArmedGroup.objects.count())
]
ArmedGroup.objects.bulk_create(extra)
groups = list(ArmedGroup.objects.all())
relations = []
while len(relations) + Relation.objects.count() < 500:
    a, b = rng.sample(groups, 2)
    relations.append(Relation(
        kind=rng.choice(["alliance", "rivalry"]), member_group=a, group=b, source="bench",
        starts_on=dt.date(2020, 1, 1),
    ))
Relation.objects.bulk_create(relations)
network_page_ms = median_ms("/armed-groups/network/?on=2024-03-01")
network_data_ms = median_ms("/armed-groups/network/data/?on=2024-03-01")
print(json.dumps({{
    "linked_incidents": IncidentGroupLink.objects.values("incident").distinct().count(),
    "actor_names": first["names"], "linked_names": first["linked"],
    "links_added": first["links_added"],
    "resolve_seconds": round(resolve_seconds, 2), "resolve_again_seconds": round(again_seconds, 2),
    "group_page": {{"incidents": group_incidents, "median_ms": group_page_ms}},
    "network": {{"groups": ArmedGroup.objects.count(), "relations": Relation.objects.count(),
                "page_median_ms": network_page_ms, "data_median_ms": network_data_ms}},
}}))
"""


def run(base_url: str | None, path: Path) -> dict[str, Any]:
    with harness.database(base_url) as db:
        harness.prepare(db, demo=False)
        out = harness.manage(db, "shell", "-c", MEASURE.format(path=str(path)))
        return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    path = source(args.rows)
    result = {"sqlite": run(None, path)}
    if os.environ.get("BENCH_DATABASE_URL"):
        result["postgresql"] = run(os.environ["BENCH_DATABASE_URL"], path)
    harness.emit(result)


if __name__ == "__main__":
    main()
