"""The page declarations of each kind of forces record."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from konbit.core.policies import policy_for
from konbit.forces import filters, forms, selectors, services
from konbit.forces.models import (
    Contingent,
    Deployment,
    DeploymentWave,
    Mandate,
    Personnel,
    ReportingObligation,
    Rotation,
    Unit,
)
from konbit.forces.views.records import RecordPages


def _person_context(user: Any, person: Any) -> dict[str, Any]:
    deployments = list(selectors.deployments_visible_to(user).filter(person=person))
    # The page records the person's read itself.
    policy_for(Deployment).record_reads(user, deployments, related=False)
    return {
        "deployments": deployments,
        "can_add_deployment": policy_for(Deployment).can_create(
            user, contingent=person.contingent_id
        ),
    }


MANDATES = RecordPages(
    slug="mandates",
    title=_("Mandates"),
    singular=_("mandate"),
    policy=policy_for(Mandate),
    columns=[
        (_("Resolution"), "resolution"),
        (_("Title"), "title"),
        (_("Starts"), "starts_on"),
        (_("Ends"), "ends_on"),
        (_("Authorized ceiling"), "authorized_ceiling"),
        (_("Planning figure"), "planning_figure"),
    ],
    fields=[
        (_("Resolution"), "resolution"),
        (_("Title"), "title"),
        (_("Adopted on"), "adopted_on"),
        (_("Starts"), "starts_on"),
        (_("Ends"), "ends_on"),
        (_("Authorized ceiling"), "authorized_ceiling"),
        (_("Planning figure"), "planning_figure"),
        (_("Notes"), "notes"),
    ],
    form=forms.MandateForm,
    create=lambda user, data: services.mandate_create(actor=user, data=data),
    update=lambda user, obj, data, version: services.mandate_update(
        actor=user, mandate=obj, data=data, version=version
    ),
    extra_context=lambda user, mandate: {
        "obligations": selectors.obligations_visible_to(user).filter(mandate=mandate)
    },
    detail_template="forces/mandate_detail.html",
)

OBLIGATIONS = RecordPages(
    slug="obligations",
    title=_("Reporting obligations"),
    singular=_("reporting obligation"),
    policy=policy_for(ReportingObligation),
    columns=[
        (_("Resolution"), "mandate.resolution"),
        (_("Title"), "title"),
        (_("Who reports"), "get_reporting_party_display"),
        (_("To"), "get_addressee_display"),
        (_("Trigger"), "get_trigger_display"),
        (_("Every (days)"), "interval_days"),
        (_("Confirmed"), "confirmed"),
    ],
    fields=[
        (_("Mandate"), "mandate"),
        (_("Title"), "title"),
        (_("Paragraph"), "paragraph"),
        (_("Who reports"), "get_reporting_party_display"),
        (_("To"), "get_addressee_display"),
        (_("Trigger"), "get_trigger_display"),
        (_("Every (days)"), "interval_days"),
        (_("Deadline"), "deadline"),
        (_("Event"), "event"),
        (_("Required content"), "content_sections"),
        (_("Confirmed by a source"), "confirmed"),
        (_("Notes"), "notes"),
    ],
    form=forms.ObligationForm,
    filterset=filters.ObligationFilter,
    create=lambda user, data: services.obligation_create(actor=user, data=data),
    update=lambda user, obj, data, version: services.obligation_update(
        actor=user, obligation=obj, data=data, version=version
    ),
)

CONTINGENTS = RecordPages(
    slug="contingents",
    title=_("Contingents"),
    singular=_("contingent"),
    policy=policy_for(Contingent),
    columns=[
        (_("Country"), "country.iso3"),
        (_("Name"), "name"),
        (_("Lead nation"), "is_lead_nation"),
        (_("Pledged"), "pledged_strength"),
        (_("Commander"), "commander"),
    ],
    fields=[
        (_("Country"), "country"),
        (_("Name"), "name"),
        (_("Lead nation"), "is_lead_nation"),
        (_("Pledged strength"), "pledged_strength"),
        (_("Contingent commander"), "commander"),
        (_("Notes"), "notes"),
    ],
    form=forms.ContingentForm,
    filterset=filters.ContingentFilter,
    create=lambda user, data: services.contingent_create(
        actor=user, iso3=data.pop("iso3", ""), data=data
    ),
    update=lambda user, obj, data, version: services.contingent_update(
        actor=user, contingent=obj, data=data, version=version
    ),
    extra_context=lambda user, contingent: {
        "units": selectors.units_visible_to(user).filter(contingent=contingent),
        "waves": selectors.waves_visible_to(user).filter(contingent=contingent),
        "can_export": policy_for(Personnel).allows(user, "export", contingent=contingent),
    },
    detail_template="forces/contingent_detail.html",
)

UNITS = RecordPages(
    slug="units",
    title=_("Units"),
    singular=_("unit"),
    policy=policy_for(Unit),
    columns=[
        (_("Contingent"), "contingent.country.iso3"),
        (_("Name"), "name"),
        (_("Type"), "get_unit_type_display"),
    ],
    fields=[
        (_("Contingent"), "contingent"),
        (_("Name"), "name"),
        (_("Type"), "get_unit_type_display"),
        (_("Description"), "description"),
    ],
    form=forms.UnitForm,
    filterset=filters.UnitFilter,
    create=lambda user, data: services.unit_create(actor=user, data=data),
    update=lambda user, obj, data, version: services.unit_update(
        actor=user, unit=obj, data=data, version=version
    ),
)

PERSONNEL = RecordPages(
    slug="personnel",
    title=_("Personnel"),
    singular=_("person"),
    policy=policy_for(Personnel),
    columns=[
        (_("Service number"), "service_number"),
        (_("Rank"), "rank"),
        (_("Family name"), "family_name"),
        (_("Given name"), "given_name"),
        (_("Contingent"), "contingent.country.iso3"),
        (_("Unit"), "unit.name"),
        (_("Specialty"), "get_specialty_display"),
        (_("Status"), "get_status_display"),
    ],
    fields=[
        (_("Contingent"), "contingent"),
        (_("Service number"), "service_number"),
        (_("Rank"), "rank"),
        (_("Mission rank grade"), "rank_grade"),
        (_("Given name"), "given_name"),
        (_("Family name"), "family_name"),
        (_("Sex"), "get_sex_display"),
        (_("Date of birth"), "date_of_birth"),
        (_("Specialty"), "get_specialty_display"),
        (_("Languages"), "languages"),
        (_("Unit"), "unit"),
        (_("Human-rights screening"), "get_hr_screening_display"),
        (_("Screened on"), "hr_screened_on"),
        (_("Medical clearance"), "get_medical_clearance_display"),
        (_("Pre-deployment training"), "get_predeployment_training_display"),
        (_("Status"), "get_status_display"),
    ],
    form=forms.PersonForm,
    filterset=filters.PersonnelFilter,
    create=lambda user, data: services.person_create(actor=user, data=data),
    update=lambda user, obj, data, version: services.person_update(
        actor=user, person=obj, data=data, version=version
    ),
    extra_context=_person_context,
    detail_template="forces/person_detail.html",
)

DEPLOYMENTS = RecordPages(
    slug="deployments",
    title=_("Deployments"),
    singular=_("deployment"),
    policy=policy_for(Deployment),
    columns=[
        (_("Person"), "person"),
        (_("Contingent"), "person.contingent.country.iso3"),
        (_("Arrival"), "arrival_date"),
        (_("Planned end"), "planned_end"),
        (_("Ended"), "actual_end"),
        (_("Reason"), "get_end_reason_display"),
    ],
    fields=[
        (_("Person"), "person"),
        (_("Wave"), "wave"),
        (_("Arrival"), "arrival_date"),
        (_("Planned end"), "planned_end"),
        (_("Ended"), "actual_end"),
        (_("Reason"), "get_end_reason_display"),
    ],
    form=forms.DeploymentForm,
    filterset=filters.DeploymentFilter,
    create=lambda user, data: services.deployment_create(actor=user, data=data),
    update=lambda user, obj, data, version: services.deployment_update(
        actor=user, deployment=obj, data=data, version=version
    ),
)

WAVES = RecordPages(
    slug="waves",
    title=_("Deployment waves"),
    singular=_("deployment wave"),
    policy=policy_for(DeploymentWave),
    columns=[
        (_("Contingent"), "contingent.country.iso3"),
        (_("Arrival"), "arrival_date"),
        (_("Announced"), "count_announced"),
        (_("Description"), "description"),
        (_("Date assumed"), "assumed_date"),
    ],
    fields=[
        (_("Contingent"), "contingent"),
        (_("Arrival"), "arrival_date"),
        (_("Number announced"), "count_announced"),
        (_("Description"), "description"),
        (_("Date assumed"), "assumed_date"),
        (_("Source"), "source"),
    ],
    form=forms.WaveForm,
    filterset=filters.WaveFilter,
    create=lambda user, data: services.wave_create(actor=user, data=data),
    update=lambda user, obj, data, version: services.wave_update(
        actor=user, wave=obj, data=data, version=version
    ),
)

ROTATIONS = RecordPages(
    slug="rotations",
    title=_("Rotations"),
    singular=_("rotation"),
    policy=policy_for(Rotation),
    columns=[
        (_("Incoming wave"), "incoming_wave"),
        (_("Outgoing wave"), "outgoing_wave"),
        (_("Overlap starts"), "overlap_start"),
        (_("Overlap ends"), "overlap_end"),
    ],
    fields=[
        (_("Incoming wave"), "incoming_wave"),
        (_("Outgoing wave"), "outgoing_wave"),
        (_("Overlap starts"), "overlap_start"),
        (_("Overlap ends"), "overlap_end"),
        (_("Notes"), "notes"),
    ],
    form=forms.RotationForm,
    filterset=filters.RotationFilter,
    create=lambda user, data: services.rotation_create(actor=user, data=data),
    update=lambda user, obj, data, version: services.rotation_update(
        actor=user, rotation=obj, data=data, version=version
    ),
)

ALL = [MANDATES, OBLIGATIONS, CONTINGENTS, UNITS, PERSONNEL, DEPLOYMENTS, WAVES, ROTATIONS]
