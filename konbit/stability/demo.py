"""The demo's results tree: objectives of resolution 2699 (2023), the milestones of
DOMAIN.md 5.1 with their dated, sourced history (schools reopened on 2 Oct 2024
per the founding statement; courts on 7 Oct 2024, unconfirmed), the standard
indicators, and the indicator files of ``data/`` imported through the pipeline
(HDX HAPI's displaced people, published; the BINUH/OHCHR figures, not published).
Loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from konbit.core.models import ImportRun
from konbit.core.services import record_upsert
from konbit.core.tabular import sha256_of
from konbit.forces.models import Mandate
from konbit.stability.importer import KIND, STANDARD, indicators_ensure
from konbit.stability.models import Indicator, IndicatorValue, Milestone, MilestoneStatus, Objective

if TYPE_CHECKING:
    from konbit.accounts.models import User

ORDER = 250  # after forces (the mandates)
DATA = Path(__file__).resolve().parent / "data"
FILES = [
    ("hapi_idps_haiti_dtm.csv", "hapi", True),
    ("binuh_ohchr_reported_figures.csv", "binuh", False),
]
STATEMENT = "Founding statement of the mission (issue 14)"

OBJECTIVES = [
    ("O1", "Security restored in the capital and at the points of entry",
     "The airport, the port, the national hospital and the main roads held with the HNP."),
    ("O2", "Basic services and state institutions working again",
     "Schools open, courts sitting, police stations manned."),
    ("O3", "The Haitian National Police strengthened", "Cadets trained, graduated and placed."),
    ("O4", "Handover of the mission", "The transition from the MSS to the Gang Suppression Force."),
]  # fmt: skip

# objective code, title, target date, indicators, history (status, on, source, url, confirmed, note)
MILESTONES: list[tuple[str, str, dt.date, list[str], list[tuple[Any, ...]]]] = [
    ("O1", "Toussaint Louverture International Airport reopened", dt.date(2024, 5, 20), [], [
        ("achieved", dt.date(2024, 5, 20), "GI-TOC risk bulletin", "", True,
         "Closed from 3/4 March to 20 May 2024."),
        ("reversed", dt.date(2024, 11, 11), "Higher Ground Times; Sky Industry News",
         "https://highergroundtimes.com/", True,
         "Spirit Airlines NK951 hit by gunfire on approach; airport closed again; FAA ban of "
         "US carriers later extended to 12 Mar 2025."),
    ]),
    ("O1", "MSS starts deploying", dt.date(2024, 6, 25), [], [
        ("achieved", dt.date(2024, 6, 25), "Capital FM, September 2024", "", True, ""),
    ]),
    ("O1", "Airport, national hospital and port secured", dt.date(2024, 10, 3), [], [
        ("achieved", dt.date(2024, 9, 30), "Capital FM, September 2024", "", True,
         "Within the first 100 days of the deployment."),
    ]),
    ("O2", "Schools reopen", dt.date(2024, 10, 1), ["schools_open"], [
        ("achieved", dt.date(2024, 10, 2), STATEMENT, "", True,
         "The school year reopened nationally on 1 Oct 2024 (lakayinfo509); by November 48 of "
         "49 national schools in Port-au-Prince were running, 138 schools in Cabaret and 220 "
         "in Arcahaie still closed (haitinews.info, 7 Nov 2024)."),
    ]),
    ("O2", "Courts reopen", dt.date(2024, 10, 7), ["courts_functioning"], [
        ("achieved", dt.date(2024, 10, 7), STATEMENT, "", False,
         "Reported by the statement only; no other source found (DOMAIN.md 5.1). The "
         "Port-au-Prince courthouse has been occupied by gangs since mid-2022."),
    ]),
    ("O3", "34th HNP class graduates", dt.date(2025, 1, 10), ["police_stations"], [
        ("achieved", dt.date(2025, 1, 10), "Haiti Wire", "", True,
         "739 graduated of 747 who began on 27 Aug 2024 (526 men, 213 women)."),
    ]),
    ("O3", "35th HNP class (first P4000 cohort) graduates", dt.date(2026, 1, 23), [], [
        ("achieved", dt.date(2026, 1, 23), "DOMAIN.md 4.5", "", True, "877 graduated."),
    ]),
    ("O4", "Transition from the MSS to the GSF", dt.date(2025, 10, 2), [], [
        ("achieved", dt.date(2025, 10, 2), "S/RES/2793 (2025)", "", True,
         "Resolution of 30 Sep 2025; the GSF takes over from 2 Oct 2025."),
    ]),
    ("O4", "UNSOH takes over the GSF's support", dt.date(2026, 3, 31), [], []),
]  # fmt: skip

# Figures of DOMAIN.md 5.1 for the services' indicators (commune, date, value, source, note).
SCHOOLS = [("HT0111", dt.date(2024, 11, 7), 48, "haitinews.info, 7 Nov 2024")]


def load(*, actor: User, out: Any) -> None:
    mandate = Mandate.objects.filter(resolution="2699 (2023)").first()
    if mandate is None:
        out.write("stability: no mandate 2699 (2023) (load forces first); skipped")
        return
    indicators = indicators_ensure(actor, list(STANDARD))
    objectives: dict[str, Objective] = {}
    for code, title, description in OBJECTIVES:
        objectives[code], _how = record_upsert(
            actor=actor,
            model=Objective,
            lookup={"mandate": mandate, "code": code},
            data={"title": title, "description": description},
        )
    for code, title, target, codes, history in MILESTONES:
        milestone, _how = record_upsert(
            actor=actor,
            model=Milestone,
            lookup={"objective": objectives[code], "title": title},
            data={"target_date": target},
            m2m={"indicators": [indicators[c] for c in codes]},
        )
        for status, on, source, url, confirmed, note in history:
            record_upsert(
                actor=actor,
                model=MilestoneStatus,
                lookup={"milestone": milestone, "on": on, "status": status},
                data={"source": source, "source_url": url, "confirmed": confirmed, "note": note},
            )
    _schools(actor, indicators["schools_open"])
    _import_files(actor, out)
    out.write(
        f"stability: {Milestone.objects.count()} milestones, "
        f"{IndicatorValue.objects.count()} indicator values"
    )


def _schools(actor: User, indicator: Indicator) -> None:
    from konbit.stability.figures import value_key

    for commune, day, value, source in SCHOOLS:
        key = value_key(commune=commune, date=day, source=source, breakdown={})
        record_upsert(
            actor=actor,
            model=IndicatorValue,
            lookup={"indicator": indicator, "key": key},
            data={
                "commune_id": commune,
                "date": day,
                "value": value,
                "source": source,
                "confidence": "medium",
                "published": True,
                "breakdown": {},
            },
        )


def _import_files(actor: User, out: Any) -> None:
    """Each file once: a file already imported (same SHA-256) is not run again."""
    from konbit.core.imports import pipeline

    importer = pipeline.importer_for(KIND)
    for name, fmt, publish in FILES:
        path = DATA / name
        data = path.read_bytes()
        if ImportRun.objects.filter(
            kind=KIND, sha256=sha256_of(data), status=ImportRun.Status.DONE, dry_run=False
        ).exists():
            continue
        with path.open("rb") as handle:
            run = pipeline.start(
                actor=actor,
                importer=importer,
                handle=handle,
                file_name=name,
                size=len(data),
                options={"format": fmt, "publish": publish},
                queue=False,
            )
        run = pipeline.run_now(run)
        out.write(f"stability: {name}: {run.status}, {run.created} created")
