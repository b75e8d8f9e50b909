"""Every page of Konbit, in one place: how the browser suite reaches it (who signs
in, which demo record it shows) and how heavy it may be. ``test_routes.py`` checks
this list against the URL resolver, so a new page cannot be forgotten: a route is
either here, in ``NOT_PAGES`` (with the reason) or in ``AWAITING``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from konbit.core.choosers import all_choosers

KB = 1000
PAGE_WEIGHT = 100 * KB  # every page, transferred cold
MAP_WEIGHT = 150 * KB  # pages that draw a map (Leaflet, clustering, the base layer)
WARM_WEIGHT = 30 * KB  # every page, loaded a second time with the browser's cache
# Not a page here: the API's documentation (/api/v1/docs/, Swagger UI), a developer's
# tool outside the weights, as the browser suite's docstring says.


def _first(model: str, order: str = "pk", **lookups: Any) -> Callable[[], list[Any]]:
    """The URL arguments of the first demo record of ``model`` (app_label.Model)."""

    def args() -> list[Any]:
        found = apps.get_model(model).objects.filter(**lookups).order_by(order).first()
        assert found is not None, f"the demo has no {model} matching {lookups}"
        return [found.pk]

    return args


@dataclass(frozen=True)
class Page:
    url_name: str
    user: str = "hq"  # the demo user who opens it
    args: Callable[[], list[Any]] | None = None
    kwargs: Callable[[], dict[str, Any]] | None = None  # or the arguments by name
    query: str = ""
    weight: int = PAGE_WEIGHT
    settle: bool = False  # wait for the page's own requests (maps, charts)

    def url(self) -> str:
        if self.kwargs:
            path = reverse(self.url_name, kwargs=self.kwargs())
        else:
            path = reverse(self.url_name, args=self.args() if self.args else None)
        return f"{path}?{self.query}" if self.query else path


def _records(slug: str, model: str, user: str = "hq", app: str = "forces") -> list[Page]:
    """The four pages of one kind of record (forces' ``RecordPages``)."""
    return [
        Page(f"{app}:{slug}_list", user),
        Page(f"{app}:{slug}_create", user),
        Page(f"{app}:{slug}_detail", user, _first(model)),
        Page(f"{app}:{slug}_edit", user, _first(model)),
    ]


PAGES: list[Page] = [
    Page("accounts:login", user=""),
    Page("accounts:two_factor", user="admin"),
    Page("accounts:account", user="analyst"),
    Page("accounts:password_change", user="analyst"),
    Page("core:home"),
    Page("core:home", user="ken.commander"),
    Page("core:home", user="analyst"),
    Page("core:audit", user="admin"),
    Page("core:access_table", user="admin"),
    Page("core:imports"),
    Page("core:import_detail", user="admin", args=_first("core.ImportRun", kind="forces_demo")),
    Page("core:import_detail", user="admin", args=_first("core.ImportRun", kind="acled")),
    Page("places:index"),
    Page("places:department", args=lambda: ["HT01"]),
    Page("places:commune", args=lambda: ["HT0111"]),
    Page("forces:strength"),
    Page("forces:roster_upload", user="ken.commander"),
    *_records("mandates", "forces.Mandate"),
    *_records("obligations", "forces.ReportingObligation"),
    *_records("contingents", "forces.Contingent"),
    *_records("units", "forces.Unit"),
    *_records("personnel", "forces.Personnel"),
    *_records("deployments", "forces.Deployment"),
    *_records("waves", "forces.DeploymentWave"),
    *_records("rotations", "forces.Rotation"),
    Page("forces:personnel_create", user="ken.commander"),
    Page("forces:deployments_create", user="ken.commander"),
    Page("operations:incidents"),
    Page("operations:incidents", query="category=PROTEST_RIOT&since=2022-01-01"),
    # The incident form draws a map to drop the pin on (Leaflet and the communes).
    Page("operations:incident_create", weight=MAP_WEIGHT, settle=True),
    Page("operations:incident_create", user="ken.commander", weight=MAP_WEIGHT, settle=True),
    Page("operations:incident", args=_first("operations.Incident", "event_date")),
    Page(
        "operations:incident_edit",
        args=_first("operations.Incident", "event_date"),
        weight=MAP_WEIGHT,
        settle=True,
    ),
    Page("operations:map", weight=MAP_WEIGHT, settle=True),
    Page("operations:map", query="since=2022-01-01", weight=MAP_WEIGHT, settle=True),
    Page("operations:trends", settle=True),
    Page("operations:trends", query="since=2022-01-01&until=2022-12-31", settle=True),
    Page("operations:import"),
    Page("operations:operations"),
    Page("operations:operation_create"),
    Page("operations:operation", args=_first("operations.JointOperation", "starts_on")),
    Page("operations:operation_edit", args=_first("operations.JointOperation", "starts_on")),
    Page("seizures:list"),
    Page("seizures:list", query="contingent=KEN&kind=firearm"),
    Page("seizures:create", user="ken.commander"),
    Page("seizures:detail", args=_first("seizures.Seizure", "seized_at")),
    Page("seizures:edit", args=_first("seizures.Seizure", "seized_at")),
    Page(
        "seizures:item_create", user="ken.commander", args=_first("seizures.Seizure", "-seized_at")
    ),
    Page(
        "seizures:item_create",
        user="ken.commander",
        args=_first("seizures.Seizure", "-seized_at"),
        query="kind=drug",
    ),
    Page("seizures:item", args=_first("seizures.SeizedItem", "exhibit_number")),
    Page("seizures:item_edit", args=_first("seizures.SeizedItem", "exhibit_number")),
    Page(
        "seizures:custody_entry",
        user="ken.commander",
        args=_first("seizures.SeizedItem", exhibit_number="DEMO-KEN-2025-0002"),
    ),
    Page(
        "seizures:custody_entry",
        user="ken.commander",
        args=_first("seizures.SeizedItem", exhibit_number="DEMO-KEN-2025-0002"),
        query="kind=stored",
    ),
    Page(
        "seizures:answer",
        args=_first("seizures.CustodyEvent", kind="transferred", item__pending__isnull=False),
    ),
    Page("seizures:awaiting"),
    Page("seizures:overdue"),
    Page("seizures:register"),
    Page("seizures:stats", user="analyst"),
    Page("stability:tree"),
    Page("stability:tree", user="analyst", query="status=achieved"),
    Page("stability:objective_create"),
    Page("stability:objective_edit", args=_first("stability.Objective", "code")),
    Page("stability:milestone_create"),
    Page("stability:milestone", args=_first("stability.Milestone", "target_date")),
    Page("stability:milestone", user="analyst", args=_first("stability.Milestone", "target_date")),
    Page("stability:milestone_edit", args=_first("stability.Milestone", "target_date")),
    Page("stability:indicators"),
    Page("stability:indicator_create"),
    Page(
        "stability:indicator", args=_first("stability.Indicator", "code", code="idps"), settle=True
    ),
    Page(
        "stability:indicator",
        args=_first("stability.Indicator", "code", code="idps"),
        query="commune=HT0111",
        settle=True,
    ),
    Page("stability:indicator_edit", args=_first("stability.Indicator", "code")),
    Page("stability:values"),
    Page(
        "stability:values", user="analyst", query="indicator=idps&commune=HT0111&since=2024-01-01"
    ),
    Page("stability:value_create"),
    Page("stability:value", args=_first("stability.IndicatorValue", "-date")),
    Page("stability:value_edit", args=_first("stability.IndicatorValue", "-date")),
    Page("stability:map", weight=MAP_WEIGHT, settle=True),
    Page("stability:map", query="date=2024-12-31", weight=MAP_WEIGHT, settle=True),
    Page("stability:import"),
    Page("outreach:activities"),
    Page("outreach:activities", user="ken.commander", query="topic=child_protection"),
    Page("outreach:activity_create", user="ken.commander"),
    Page("outreach:activity", args=_first("outreach.Activity", "held_on")),
    Page("outreach:activity_edit", args=_first("outreach.Activity", "held_on")),
    Page("outreach:concern_new", user="ken.commander", args=_first("outreach.Activity", "held_on")),
    Page("outreach:stats"),
    Page("outreach:stats", user="analyst", query="since=2025-01-01"),
    Page("outreach:map", weight=MAP_WEIGHT, settle=True),
    Page("outreach:referrals", user="oversight"),
    Page("outreach:referral", user="oversight", args=_first("outreach.Referral")),
    Page("oversight:complaints", user="oversight"),
    Page("oversight:complaints", user="oversight", query="category=sea&child=true"),
    Page("oversight:complaint_create", user="oversight"),
    Page("oversight:complaint", user="oversight", args=_first("oversight.Complaint", "reference")),
    Page(
        "oversight:complaint_edit",
        user="oversight",
        args=_first("oversight.Complaint", "reference"),
    ),
    Page(
        "oversight:complaint_status",
        user="oversight",
        args=_first("oversight.Complaint", "reference"),
    ),
    Page("oversight:figures", user="oversight"),
    Page("oversight:referrals", user="oversight"),
    Page("oversight:file", user=""),
    Page("oversight:follow", user=""),
    Page("actors:groups"),
    Page("actors:groups", query="designated_by=un&kind=gang"),
    Page("actors:group_create"),
    Page(
        "actors:group",
        args=_first("actors.ArmedGroup", name="Gran Grif"),
        weight=MAP_WEIGHT,
        settle=True,
    ),
    Page("actors:group_edit", args=_first("actors.ArmedGroup", name="Gran Grif")),
    Page("actors:counts", user="analyst"),
    Page("actors:territory", weight=MAP_WEIGHT, settle=True),
    Page("actors:network", query="on=2024-03-01", settle=True),
    Page("actors:reviews"),
    Page("actors:persons"),
    Page("actors:person_create"),
    Page("actors:person", args=_first("actors.Person", name="Luckson Elan")),
    Page("actors:person_edit", args=_first("actors.Person", name="Luckson Elan")),
    Page("actors:statement_create", kwargs=lambda: {"kind": "relation"}),
    Page(
        "actors:statement_edit",
        kwargs=lambda: {
            "kind": "alias",
            "pk": _first("actors.GroupAlias", "name", name="Gran Grif Gang")()[0],
        },
    ),
    Page("actors:names"),
    Page("actors:names", query="status=unresolved"),
    *_records("cohorts", "training.Cohort", "liaison", app="training"),
    Page("training:cohorts_detail", user="analyst", args=_first("training.Cohort")),
    *_records("programmes", "training.Programme", app="training"),
    *_records("trainees", "training.Trainee", app="training"),
    Page("training:trainees_list", query="q=Demo-Cadet-07"),
    *_records("enrolments", "training.Enrolment", "liaison", app="training"),
    Page("training:enrolments_list", query="status=withdrawn"),
    *_records("assessments", "training.Assessment", app="training"),
    Page("training:import", user="liaison"),
    Page("logistics:assets"),
    Page("logistics:assets", user="ken.commander", query="kind=mrap&status=non_operational"),
    Page("logistics:asset_create", user="ken.commander"),
    Page("logistics:asset", args=_first("logistics.Asset", identifier="DEMO-MRAP-16")),
    Page("logistics:asset_edit", args=_first("logistics.Asset", identifier="DEMO-MRAP-16")),
    Page(
        "logistics:status_new",
        user="ken.commander",
        args=_first("logistics.Asset", identifier="DEMO-MRAP-01"),
    ),
    Page("logistics:job_new", args=_first("logistics.Asset", identifier="DEMO-MRAP-01")),
    Page(
        "logistics:job_close",
        user="ken.commander",
        args=_first("logistics.MaintenanceJob", "opened_on", closed_on__isnull=True),
    ),
    Page("logistics:availability"),
    Page("logistics:availability", user="analyst", query="on=2025-03-25&kind=mrap"),
    Page("logistics:import"),
]

# Routes that are not pages a person opens, and why.
NOT_PAGES: dict[str, str] = {
    "healthz": "the load balancer's health check (JSON)",
    "favicon.ico": "a redirect to the static icon",
    "set_language": "POST only: the language menu",
    "javascript-catalog": "a script (the translations of JavaScript strings)",
    "accounts:logout": "POST only: the sign-out button",
    "accounts:token_revoke": "POST only: the Revoke button of an API token",
    "operations:incident_release": "POST only: the release button on an incident",
    "operations:incident_figures": "POST only: the incident form's live figure warnings (htmx)",
    "outreach:referral_receive": "POST only: the Mark as received button on a referral",
    "seizures:release": "POST only: the release button on a seizure",
    "oversight:referral_open": "POST only: the Open a complaint button on a referral",
    "core:import_example": "a file download (an import's template)",
    "core:import_confirm": "POST only: the Import button of a checked file",
    "core:import_cancel": "POST only: the Cancel button of an import",
    "forces:roster_export": "a file download (a contingent's roster)",
    "logistics:export": "a file download (the asset register, CSV or XLSX)",
    "stability:milestone_status": "POST only: the form adding a status on a milestone's page",
    "actors:group_release": "POST only: the release button on a group",
    "actors:person_release": "POST only: the release button on a person",
    "actors:statement_delete": "POST only: deleting a statement",
    "actors:name_decide": "POST only: confirm, reject or link an actor name",
    "actors:group_map": "JSON: a group's territory and incidents for its page's map",
    "actors:territory_data": "JSON: the territory layer of the maps",
    "actors:network_data": "JSON: the network view's nodes, links and figures",
}
# The choosers' suggestions (core.choosers): the <option>s a name box fetches with htmx.
NOT_PAGES.update(
    {
        f"core:choose_{one.name}": "a fragment of suggestions for a name box (htmx)"
        for one in all_choosers()
    }
)

# Pages waiting for something before the suite can open them (none today). The
# import pages of issue 11 (tasks 4 and 5) came with the import pipeline: the upload
# pages and the runs are in PAGES and task 4 is in test_tasks.py; when the ACLED
# import moves onto the pipeline, its task 5 joins test_tasks.py the same way.
AWAITING: dict[str, str] = {}


def page_routes() -> Iterator[str]:
    """The name of every route outside the API, as ``namespace:name`` (the path for
    a route without a name)."""

    def walk(patterns: list[Any], namespace: str, prefix: str) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "api":
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield (
                    f"{namespace}{pattern.name}" if pattern.name else prefix + str(pattern.pattern)
                )

    yield from walk(get_resolver().url_patterns, "", "")
