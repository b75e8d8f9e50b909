"""The training demo: the HNP's basic training and its 34th class "Vertières"
(DOMAIN.md 4.5): 747 cadets enrolled on 27 Aug 2024, 739 graduated on 10 Jan 2025,
526 men and 213 women. Eight withdrew (four dropped out, three were dismissed, one
died in training). The cadets are invented (``DEMO-ENP34-`` numbers, NATO-alphabet
given names, ``Demo-Cadet-`` family names); their attendance at six roll-call
sessions and their results in the four modules the sources name (human rights, road
safety, tactical combat, firearms) are invented too. No placement is recorded: the
sources say nothing of where the graduates went.

The cadets are bulk-created as one import run (one audit entry); loading the demo
again changes nothing and writes no audit entry.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from konbit.core import audit
from konbit.core.models import AuditAction, ImportRun
from konbit.core.services import record_upsert
from konbit.forces.models import Personnel
from konbit.training.models import (
    Assessment,
    AssessmentResult,
    Attendance,
    Cohort,
    Enrolment,
    Programme,
    Trainee,
    TrainingSession,
)

if TYPE_CHECKING:
    from konbit.accounts.models import User

ORDER = 400  # after forces (trainers are mission personnel)

PREFIX = "DEMO-ENP34-"
D = dt.date
STARTS, GRADUATION = D(2024, 8, 27), D(2025, 1, 10)
COHORT_NAME = '34th class "Vertières"'
VENUE = "École nationale de police, Frères (Pétion-Ville)"
# Graduates by sex (DOMAIN.md 4.5) and the withdrawals, invented within "about 750
# enrolled; some dropped out or were dismissed; one cadet died in training".
GRADUATES = {"M": 526, "F": 213}
WITHDRAWALS = [  # (sex, reason, date)
    ("M", Enrolment.Reason.DROPPED_OUT, D(2024, 9, 20)),
    ("F", Enrolment.Reason.DROPPED_OUT, D(2024, 10, 4)),
    ("M", Enrolment.Reason.DROPPED_OUT, D(2024, 10, 25)),
    ("M", Enrolment.Reason.DISMISSED, D(2024, 10, 30)),
    ("F", Enrolment.Reason.DISMISSED, D(2024, 11, 8)),
    ("M", Enrolment.Reason.DISMISSED, D(2024, 11, 15)),
    ("F", Enrolment.Reason.DROPPED_OUT, D(2024, 11, 22)),
    ("M", Enrolment.Reason.DECEASED, D(2024, 11, 27)),
]
SESSIONS = [
    (D(2024, 8, 27), "Opening and enrolment"),
    (D(2024, 9, 16), "Human rights"),
    (D(2024, 10, 14), "Road safety"),
    (D(2024, 11, 11), "Tactical combat"),
    (D(2024, 12, 9), "Firearms"),
    (D(2025, 1, 6), "Final review"),
]
ASSESSMENTS = [
    ("Human rights", D(2024, 12, 16)),
    ("Road safety", D(2024, 12, 17)),
    ("Tactical combat", D(2024, 12, 18)),
    ("Firearms", D(2024, 12, 19)),
]
PASS_MARK = Decimal("60.00")
GIVEN_NAMES = [
    "Alfa", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India",
    "Juliett", "Kilo", "Lima", "Mike", "November", "Oscar", "Papa", "Quebec", "Romeo",
    "Sierra", "Tango", "Uniform", "Victor", "Whiskey", "X-ray", "Yankee", "Zulu",
]  # fmt: skip
TRAINERS = 4  # Kenyan demo police officers
SPREAD = 389  # prime to 747: a permutation of the cadets


def _reference(actor: User) -> Cohort:
    programme, _state = record_upsert(
        actor=actor,
        model=Programme,
        lookup={"code": "HNP-BASIC"},
        data={
            "name": "HNP basic training",
            "kind": Programme.Kind.BASIC,
            "description": "Four-month accelerated basic training at the national police school.",
        },
    )
    trainers = list(
        Personnel.objects.filter(
            contingent__country__iso3="KEN", specialty=Personnel.Specialty.POLICE_OFFICER
        ).order_by("service_number")[:TRAINERS]
    )
    cohort, _state = record_upsert(
        actor=actor,
        model=Cohort,
        lookup={"programme": programme, "name": COHORT_NAME},
        data={
            "starts_on": STARTS,
            "ends_on": GRADUATION,
            "graduation_on": GRADUATION,
            "venue": VENUE,
            "notes": "Graduates: 739 (526 men, 213 women); MSS commander attended (DOMAIN.md 4.5).",
        },
        m2m={"trainers": trainers} if trainers else None,
    )
    for day, topic in SESSIONS:
        record_upsert(
            actor=actor,
            model=TrainingSession,
            lookup={"cohort": cohort, "held_on": day},
            data={"topic": topic},
        )
    for name, day in ASSESSMENTS:
        record_upsert(
            actor=actor,
            model=Assessment,
            lookup={"cohort": cohort, "name": name},
            data={"held_on": day, "pass_mark": PASS_MARK},
        )
    return cohort


def demo_cadets() -> list[tuple[Trainee, dict[str, Any]]]:
    """Every invented cadet with their enrolment's fields (deterministic): the
    graduates, then the withdrawals, numbered in one sequence."""
    people: list[tuple[str, dict[str, Any]]] = []
    for sex, count in GRADUATES.items():
        people += [
            (sex, {"status": Enrolment.Status.GRADUATED, "graduated_on": GRADUATION})
        ] * count
    for sex, reason, day in WITHDRAWALS:
        people.append(
            (
                sex,
                {
                    "status": Enrolment.Status.WITHDRAWN,
                    "withdrawn_on": day,
                    "withdrawal_reason": reason,
                },
            )
        )
    # Spread (a fixed permutation) so that neither sex nor status comes in one block.
    total = len(people)
    order = sorted(range(total), key=lambda i: (i * SPREAD) % total)
    cadets = []
    for n, (sex, fields) in enumerate((people[i] for i in order), start=1):
        trainee = Trainee(
            registration_number=f"{PREFIX}{n:04d}",
            given_name=GIVEN_NAMES[n % len(GIVEN_NAMES)],
            family_name=f"Demo-Cadet-{n:04d}",
            sex=sex,
            date_of_birth=D(1996, 1, 1) + dt.timedelta(days=(n * 113) % 2900),
        )
        cadets.append((trainee, fields))
    return cadets


def _score(n: int, module: int) -> Decimal:
    return Decimal(60 + (n * 37 + module * 11) % 40) + Decimal("0.50") * (n % 2)


@transaction.atomic
def _cadets(actor: User, cohort: Cohort) -> int:
    """Bulk-create the demo cadets missing from the database with their enrolment,
    attendance and results, recorded as one import (one run, one audit entry)."""
    existing = set(
        Trainee.objects.filter(registration_number__startswith=PREFIX).values_list(
            "registration_number", flat=True
        )
    )
    missing = [
        (trainee, fields)
        for trainee, fields in demo_cadets()
        if trainee.registration_number not in existing
    ]
    if not missing:
        return 0
    run = ImportRun.objects.create(
        kind="training_demo",
        actor=actor,
        file_name="konbit/training/demo.py",
        sha256="",
        status=ImportRun.Status.RUNNING,
        scope="demo cadets",
    )
    sessions = list(TrainingSession.objects.filter(cohort=cohort).order_by("held_on"))
    assessments = list(Assessment.objects.filter(cohort=cohort).order_by("held_on", "name"))
    enrolments, attendance, results = [], [], []
    for trainee, fields in missing:
        n = int(trainee.registration_number.removeprefix(PREFIX))
        enrolment = Enrolment(cohort=cohort, trainee=trainee, enrolled_on=STARTS, **fields)
        enrolments.append(enrolment)
        withdrawn = fields.get("withdrawn_on")
        for i, session in enumerate(sessions):
            if withdrawn and session.held_on > withdrawn:
                break
            present = (n + i) % 23 != 0  # an absence now and then
            attendance.append(Attendance(session=session, enrolment=enrolment, present=present))
        if not withdrawn:
            for module, assessment in enumerate(assessments):
                results.append(
                    AssessmentResult(
                        assessment=assessment, enrolment=enrolment, score=_score(n, module)
                    )
                )
    for record in [*(t for t, _f in missing), *enrolments, *attendance, *results]:
        record.created_by = record.updated_by = actor
        record.import_run = run
    Trainee.objects.bulk_create([trainee for trainee, _f in missing], batch_size=500)
    Enrolment.objects.bulk_create(enrolments, batch_size=500)
    Attendance.objects.bulk_create(attendance, batch_size=1000)
    AssessmentResult.objects.bulk_create(results, batch_size=1000)
    run.created = len(missing)
    run.status = ImportRun.Status.DONE
    run.finished_at = timezone.now()
    run.save(update_fields=["created", "status", "finished_at"])
    audit.record(
        actor=actor,
        action=AuditAction.IMPORT,
        domain="training",
        target_type="training.trainee",
        target_id=str(run.pk),
        target_repr=f"{len(missing)} demo cadets with their enrolment, attendance and results",
        detail=f"import {run.pk}",
    )
    return len(missing)


def load(*, actor: User, out: Any) -> None:
    cohort = _reference(actor)
    created = _cadets(actor, cohort)
    out.write(f"training: {cohort.name}, {created} demo cadets created")
