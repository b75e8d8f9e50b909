"""The forces demo: mandates and their reporting duties, the six contributing
countries with their units, the deployment waves of DOMAIN.md and invented people
(``DEMO-`` service numbers, NATO-alphabet names) whose deployments give the reported
strengths: 590 on 4 Jan 2025, Kenya +217 on 18 Jan 2025 and +144 on 6 Feb 2025.

Loading it again changes nothing and writes no audit entry.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pycountry
from django.db import transaction
from django.utils import timezone

from konbit.core import audit
from konbit.core.models import AuditAction, ImportRun
from konbit.core.services import record_upsert
from konbit.forces.demo_data import (
    CONTRIBUTORS,
    GIVEN_NAMES,
    MANDATES,
    OBLIGATIONS,
    RANKS,
    ROTATIONS,
    UNITS,
    WAVES,
)
from konbit.forces.models import (
    Contingent,
    Country,
    Deployment,
    DeploymentWave,
    Mandate,
    Personnel,
    ReportingObligation,
    Rotation,
    Unit,
)

if TYPE_CHECKING:
    from konbit.accounts.models import User

DEMO_PREFIX = "DEMO-"


def country_name(iso3: str) -> str:
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return iso3
    return str(getattr(country, "common_name", None) or country.name)


def _reference(actor: User) -> None:
    mandates = {}
    for mandate in MANDATES:
        mandates[mandate["resolution"]], _state = record_upsert(
            actor=actor,
            model=Mandate,
            lookup={"resolution": mandate["resolution"]},
            data={k: v for k, v in mandate.items() if k != "resolution"},
        )
    for resolution, title, fields in OBLIGATIONS:
        record_upsert(
            actor=actor,
            model=ReportingObligation,
            lookup={"mandate": mandates[resolution], "title": title},
            data=fields,
        )
    for iso3, lead, pledged, _languages in CONTRIBUTORS:
        country, _state = record_upsert(
            actor=actor, model=Country, lookup={"iso3": iso3}, data={"name": country_name(iso3)}
        )
        record_upsert(
            actor=actor,
            model=Contingent,
            lookup={"country": country},
            data={
                "name": f"{country.name} contingent",
                "is_lead_nation": lead,
                "pledged_strength": pledged,
            },
        )


def _organisation(actor: User) -> dict[tuple[str, dt.date], DeploymentWave]:
    contingents = {c.country.iso3: c for c in Contingent.objects.select_related("country")}
    for iso3, name, unit_type in UNITS:
        record_upsert(
            actor=actor,
            model=Unit,
            lookup={"contingent": contingents[iso3], "name": name},
            data={"unit_type": unit_type},
        )
    waves = {}
    for iso3, arrival, count, description, assumed, _people in WAVES:
        waves[iso3, arrival], _state = record_upsert(
            actor=actor,
            model=DeploymentWave,
            lookup={"contingent": contingents[iso3], "arrival_date": arrival},
            data={
                "count_announced": count,
                "description": description,
                "assumed_date": assumed,
                "source": "DOMAIN.md 2.2" + (" (date assumed)" if assumed else ""),
            },
        )
    for iso3, incoming, outgoing, start, end, notes in ROTATIONS:
        record_upsert(
            actor=actor,
            model=Rotation,
            lookup={"incoming_wave": waves[iso3, incoming], "outgoing_wave": waves[iso3, outgoing]},
            data={"overlap_start": start, "overlap_end": end, "notes": notes},
        )
    return waves


def demo_people(
    waves: dict[tuple[str, dt.date], DeploymentWave],
) -> list[tuple[Personnel, Deployment]]:
    """Every invented person with their deployment, not yet saved (deterministic)."""
    contingents = {c.country.iso3: c for c in Contingent.objects.select_related("country")}
    units = {(u.contingent_id, u.name): u for u in Unit.objects.all()}
    languages = {iso3: langs for iso3, _lead, _pledged, langs in CONTRIBUTORS}
    relieved = {(iso3, outgoing): end for iso3, _in, outgoing, _start, end, _n in ROTATIONS}
    numbers = dict.fromkeys(contingents, 0)
    people = []
    for iso3, arrival, _count, _description, _assumed, groups in WAVES:
        contingent = contingents[iso3]
        ended = relieved.get((iso3, arrival))
        for unit_name, specialty, count, all_women in groups:
            for _i in range(count):
                numbers[iso3] += 1
                n = numbers[iso3]
                rank, grade = RANKS[iso3][n % len(RANKS[iso3])]
                person = Personnel(
                    contingent=contingent,
                    service_number=f"{DEMO_PREFIX}{iso3}-{n:04d}",
                    rank=rank,
                    rank_grade=grade,
                    given_name=GIVEN_NAMES[n % len(GIVEN_NAMES)],
                    family_name=f"Demo-{iso3.title()}-{n:04d}",
                    sex="F" if all_women or n % 7 == 0 else "M",
                    date_of_birth=dt.date(1975, 1, 1) + dt.timedelta(days=(n * 137) % 9000),
                    specialty=specialty,
                    languages=languages[iso3],
                    unit=units[contingent.pk, unit_name],
                    hr_screening=Personnel.Screening.CLEARED,
                    hr_screened_on=arrival - dt.timedelta(days=60),
                    medical_clearance=Personnel.Medical.FIT,
                    predeployment_training=Personnel.Training.COMPLETED,
                    status=Personnel.Status.REPATRIATED if ended else Personnel.Status.DEPLOYED,
                )
                deployment = Deployment(
                    person=person,
                    wave=waves[iso3, arrival],
                    arrival_date=arrival,
                    planned_end=arrival + dt.timedelta(days=365),
                    actual_end=ended,
                    end_reason=Deployment.EndReason.ROTATION if ended else "",
                )
                people.append((person, deployment))
    return people


@transaction.atomic
def _personnel(actor: User, waves: dict[tuple[str, dt.date], DeploymentWave]) -> int:
    """Bulk-create the demo people missing from the database, recorded as one import
    (an ImportRun and one audit entry) instead of a thousand create entries."""
    existing = set(
        Personnel.objects.filter(service_number__startswith=DEMO_PREFIX).values_list(
            "contingent_id", "service_number"
        )
    )
    missing = [
        (person, deployment)
        for person, deployment in demo_people(waves)
        if (person.contingent_id, person.service_number) not in existing
    ]
    if not missing:
        return 0
    run = ImportRun.objects.create(
        kind="forces_demo",
        actor=actor,
        file_name="konbit/forces/demo_data.py",
        sha256="",
        status=ImportRun.Status.RUNNING,
        scope="demo personnel",
    )
    for person, deployment in missing:
        for record in (person, deployment):
            record.created_by = record.updated_by = actor
            record.import_run = run
    Personnel.objects.bulk_create([person for person, _d in missing], batch_size=500)
    for person, deployment in missing:
        deployment.person = person
    Deployment.objects.bulk_create([deployment for _p, deployment in missing], batch_size=500)
    run.created = len(missing)
    run.status = ImportRun.Status.DONE
    run.finished_at = timezone.now()
    run.save(update_fields=["created", "status", "finished_at"])
    audit.record(
        actor=actor,
        action=AuditAction.IMPORT,
        domain="forces",
        target_type="forces.personnel",
        target_id=str(run.pk),
        target_repr=f"{len(missing)} demo personnel with their deployments",
        detail=f"import {run.pk}",
    )
    return len(missing)


def load(*, actor: User, out: Any) -> None:
    _reference(actor)
    waves = _organisation(actor)
    created = _personnel(actor, waves)
    out.write(
        f"forces: {len(MANDATES)} mandates, {len(CONTRIBUTORS)} contingents, "
        f"{len(WAVES)} waves, {created} demo personnel created"
    )
