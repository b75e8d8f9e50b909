"""The page declarations of each kind of forces record."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from konbit.forces import filters, forms, selectors, services
from konbit.forces.views.records import RecordPages


def _perm(perm: str) -> Any:
    return lambda user, *args: bool(user.has_perm(perm))


def _in_own(perm: str, path: str) -> Any:
    def check(user: Any, obj: Any) -> bool:
        contingent_id = obj
        for part in path.split("."):
            contingent_id = getattr(contingent_id, part)
        return selectors.may_write_in(user, contingent_id, perm)

    return check


def _person_context(user: Any, person: Any) -> dict[str, Any]:
    return {
        "deployments": selectors.deployments_visible_to(user).filter(person=person),
        "can_add_deployment": selectors.may_write_in(
            user, person.contingent_id, "forces.add_deployment"
        ),
    }


MANDATES = RecordPages(
    slug="mandates",
    title=_("Mandates"),
    singular=_("mandate"),
    read_perm="forces.view_mandate",
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
    visible=selectors.mandates_visible_to,
    for_user=selectors.mandate_for_user,
    form=forms.MandateForm,
    can_create=_perm("forces.add_mandate"),
    can_change=_perm("forces.change_mandate"),
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
    read_perm="forces.view_reportingobligation",
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
    visible=selectors.obligations_visible_to,
    for_user=selectors.obligation_for_user,
    form=forms.ObligationForm,
    filterset=filters.ObligationFilter,
    can_create=_perm("forces.add_reportingobligation"),
    can_change=_perm("forces.change_reportingobligation"),
    create=lambda user, data: services.obligation_create(actor=user, data=data),
    update=lambda user, obj, data, version: services.obligation_update(
        actor=user, obligation=obj, data=data, version=version
    ),
)

CONTINGENTS = RecordPages(
    slug="contingents",
    title=_("Contingents"),
    singular=_("contingent"),
    read_perm="forces.view_contingent",
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
    visible=selectors.contingents_visible_to,
    for_user=selectors.contingent_for_user,
    form=forms.ContingentForm,
    filterset=filters.ContingentFilter,
    can_create=_perm("forces.add_contingent"),
    can_change=_perm("forces.change_contingent"),
    create=lambda user, data: services.contingent_create(
        actor=user, iso3=data.pop("iso3", ""), data=data
    ),
    update=lambda user, obj, data, version: services.contingent_update(
        actor=user, contingent=obj, data=data, version=version
    ),
    extra_context=lambda user, contingent: {
        "units": selectors.units_visible_to(user).filter(contingent=contingent),
        "waves": selectors.waves_visible_to(user).filter(contingent=contingent),
        "can_export": selectors.may_write_in(user, contingent.pk, "forces.export_roster"),
    },
    detail_template="forces/contingent_detail.html",
)

UNITS = RecordPages(
    slug="units",
    title=_("Units"),
    singular=_("unit"),
    read_perm="forces.view_unit",
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
    visible=selectors.units_visible_to,
    for_user=selectors.unit_for_user,
    form=forms.UnitForm,
    filterset=filters.UnitFilter,
    can_create=_perm("forces.add_unit"),
    can_change=_in_own("forces.change_unit", "contingent_id"),
    create=lambda user, data: services.unit_create(actor=user, data=data),
    update=lambda user, obj, data, version: services.unit_update(
        actor=user, unit=obj, data=data, version=version
    ),
)

PERSONNEL = RecordPages(
    slug="personnel",
    title=_("Personnel"),
    singular=_("person"),
    read_perm="forces.view_personnel",
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
    visible=selectors.personnel_visible_to,
    for_user=selectors.person_for_user,
    form=forms.PersonForm,
    filterset=filters.PersonnelFilter,
    can_create=_perm("forces.add_personnel"),
    can_change=_in_own("forces.change_personnel", "contingent_id"),
    create=lambda user, data: services.person_create(actor=user, data=data),
    update=lambda user, obj, data, version: services.person_update(
        actor=user, person=obj, data=data, version=version
    ),
    on_read=lambda user, person: services.person_record_read(actor=user, person=person),
    extra_context=_person_context,
    detail_template="forces/person_detail.html",
)

DEPLOYMENTS = RecordPages(
    slug="deployments",
    title=_("Deployments"),
    singular=_("deployment"),
    read_perm="forces.view_deployment",
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
    visible=selectors.deployments_visible_to,
    for_user=selectors.deployment_for_user,
    form=forms.DeploymentForm,
    filterset=filters.DeploymentFilter,
    can_create=_perm("forces.add_deployment"),
    can_change=_in_own("forces.change_deployment", "person.contingent_id"),
    create=lambda user, data: services.deployment_create(actor=user, data=data),
    update=lambda user, obj, data, version: services.deployment_update(
        actor=user, deployment=obj, data=data, version=version
    ),
)

WAVES = RecordPages(
    slug="waves",
    title=_("Deployment waves"),
    singular=_("deployment wave"),
    read_perm="forces.view_deploymentwave",
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
    visible=selectors.waves_visible_to,
    for_user=selectors.wave_for_user,
    form=forms.WaveForm,
    filterset=filters.WaveFilter,
    can_create=_perm("forces.add_deploymentwave"),
    can_change=_perm("forces.change_deploymentwave"),
    create=lambda user, data: services.wave_create(actor=user, data=data),
    update=lambda user, obj, data, version: services.wave_update(
        actor=user, wave=obj, data=data, version=version
    ),
)

ROTATIONS = RecordPages(
    slug="rotations",
    title=_("Rotations"),
    singular=_("rotation"),
    read_perm="forces.view_rotation",
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
    visible=selectors.rotations_visible_to,
    for_user=selectors.rotation_for_user,
    form=forms.RotationForm,
    filterset=filters.RotationFilter,
    can_create=_perm("forces.add_rotation"),
    can_change=_perm("forces.change_rotation"),
    create=lambda user, data: services.rotation_create(actor=user, data=data),
    update=lambda user, obj, data, version: services.rotation_update(
        actor=user, rotation=obj, data=data, version=version
    ),
)

ALL = [MANDATES, OBLIGATIONS, CONTINGENTS, UNITS, PERSONNEL, DEPLOYMENTS, WAVES, ROTATIONS]
