"""Incidents (ACLED's fields plus the mission's own) and joint operations with the HNP.

An incident's ACLED fields come from ACLED files (origin ``acled``) or are filled by
mission staff (origin ``mission``); an import may update the ACLED fields of its own
events, never the mission's fields (category, victims, links, verification).
The commune is a P-code in a plain indexed column rather than a foreign key, so the
bulk importer writes it without a join (``places.geo.communes_at`` gives it).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from konbit.core.models import TrackedModel, actor_field, import_run_field
from konbit.operations import taxonomy
from konbit.operations.taxonomy import Category, Perpetrator, TaxonomyError

# Victim counts: each kind of harm split by child/adult and sex (BINUH's splits).
VICTIM_KINDS = ("killed", "injured", "kidnapped", "sgbv")
VICTIM_GROUPS = ("adult_male", "adult_female", "child_male", "child_female")
VICTIM_FIELDS = [f"{kind}_{group}" for kind in VICTIM_KINDS for group in VICTIM_GROUPS]

# The fields that identify people or sources. They never reach an analyst or an HNP
# liaison (see ``policies.IncidentPolicy``); the notes of an incident flagged
# sensitive are treated the same way.
SENSITIVE_FIELDS = ("victim_details", "sexual_violence_details", "source_identity")

# The ACLED columns an import owns (kept in the order of ACLED's CSV, without
# ``year``, which is the event date's).
ACLED_FIELDS = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "disorder_type",
    "disorder_type_source",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "acled_timestamp",
)

_PRECISION = [MinValueValidator(1), MaxValueValidator(3)]


class Origin(models.TextChoices):
    ACLED = "acled", _("ACLED (public source)")
    MISSION = "mission", _("Mission report")


class Verification(models.TextChoices):
    REPORTED = "reported", _("Reported")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class OperationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    COMPLETED = "completed", _("Completed")


class JointOperation(TrackedModel):
    """An operation of the mission with the HNP: who took part, where, and its outcome."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    objective = models.TextField(_("objective"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=OperationStatus.choices, default=OperationStatus.PLANNED
    )
    communes = models.ManyToManyField(
        "places.Commune", verbose_name=_("area (communes)"), blank=True, related_name="+"
    )
    contingents = models.ManyToManyField(
        "forces.Contingent",
        verbose_name=_("mission contingents"),
        blank=True,
        related_name="joint_operations",
    )
    mission_units = models.TextField(_("mission units"), blank=True)
    hnp_units = models.TextField(_("HNP units"), blank=True)
    arrests = models.PositiveIntegerField(_("arrests"), default=0)
    seizures = models.TextField(_("seizures"), blank=True, help_text=_("What was seized."))
    mission_killed = models.PositiveIntegerField(_("mission personnel killed"), default=0)
    mission_injured = models.PositiveIntegerField(_("mission personnel injured"), default=0)
    hnp_killed = models.PositiveIntegerField(_("HNP officers killed"), default=0)
    hnp_injured = models.PositiveIntegerField(_("HNP officers injured"), default=0)
    gang_killed = models.PositiveIntegerField(_("gang members killed"), default=0)
    gang_injured = models.PositiveIntegerField(_("gang members injured"), default=0)
    civilians_killed = models.PositiveIntegerField(_("civilians killed"), default=0)
    civilians_injured = models.PositiveIntegerField(_("civilians injured"), default=0)
    after_action_notes = models.TextField(_("after-action notes"), blank=True)

    class Meta:
        verbose_name = _("joint operation")
        verbose_name_plural = _("joint operations")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="operation_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    # --- the status a reader sees ---------------------------------------------------
    # The status is recorded by people and may lag behind: an operation whose end date
    # has passed is shown (and filtered) as completed, whatever was recorded, and its
    # page says so, so that nobody reads "Under way" months after it ended.
    @property
    def current_status(self) -> str:
        if self.status != OperationStatus.COMPLETED and self.ended:
            return OperationStatus.COMPLETED
        return self.status

    @property
    def ended(self) -> bool:
        return self.ends_on is not None and self.ends_on < timezone.localdate()

    def get_current_status_display(self) -> str:
        return str(OperationStatus(self.current_status).label)

    @property
    def status_lags(self) -> bool:
        """The recorded status says planned or under way after the end date."""
        return self.current_status != self.status


def _victims() -> dict[str, models.PositiveIntegerField]:
    labels = {
        "killed": _("killed"),
        "injured": _("injured"),
        "kidnapped": _("kidnapped"),
        "sgbv": _("sexual violence"),
    }
    groups = {
        "adult_male": _("men"),
        "adult_female": _("women"),
        "child_male": _("boys"),
        "child_female": _("girls"),
    }
    return {
        f"{kind}_{group}": models.PositiveIntegerField(
            f"{labels[kind]}: {groups[group]}", default=0
        )
        for kind in VICTIM_KINDS
        for group in VICTIM_GROUPS
    }


class Incident(TrackedModel):
    """Something that happened: an ACLED event or a report of the mission."""

    # The incidents table is the big one (100,000s of rows, bulk imports): an index
    # on who created or changed a row serves nothing here but costs each insert.
    created_by = actor_field(_("created by"), db_index=False)
    updated_by = actor_field(_("updated by"), db_index=False)
    import_run = import_run_field(db_index=False)

    # --- how it is known -------------------------------------------------------------
    origin = models.CharField(
        _("origin"), max_length=8, choices=Origin.choices, default=Origin.MISSION
    )
    # The import key: ACLED's event_id_cnty, or "sha256:<hash of the content>" for
    # files without it, or "mission:<id>" for the mission's own reports. Unique by a
    # constraint (Meta) rather than ``unique=True``, which on PostgreSQL would add a
    # second, ``LIKE``-pattern index that nothing uses and every insert pays for.
    source_key = models.CharField(_("source key"), max_length=80)

    # --- ACLED's fields ----------------------------------------------------------------
    # ACLED's free text has no length limit (real files carry associated actors of
    # 1,600 characters and notes of 2,600): every such field is a TextField. Only the
    # codes and the taxonomy's values keep a bound.
    event_id_cnty = models.CharField(_("ACLED event id"), max_length=32, null=True, blank=True)
    event_date = models.DateField(_("event date"))
    time_precision = models.PositiveSmallIntegerField(
        _("time precision"), null=True, blank=True, validators=_PRECISION
    )
    disorder_type = models.CharField(_("disorder type"), max_length=64, blank=True)
    disorder_type_source = models.CharField(
        _("disorder type as the source spelled it"), max_length=64, blank=True
    )
    event_type = models.CharField(_("event type"), max_length=64)
    sub_event_type = models.CharField(_("sub-event type"), max_length=64)
    actor1 = models.TextField(_("actor 1"))
    assoc_actor_1 = models.TextField(_("associated actors of actor 1"), blank=True)
    inter1 = models.PositiveSmallIntegerField(_("actor 1 type"), null=True, blank=True)
    actor2 = models.TextField(_("actor 2"), blank=True)
    assoc_actor_2 = models.TextField(_("associated actors of actor 2"), blank=True)
    inter2 = models.PositiveSmallIntegerField(_("actor 2 type"), null=True, blank=True)
    interaction = models.PositiveSmallIntegerField(_("interaction"), null=True, blank=True)
    civilian_targeting = models.CharField(_("civilian targeting"), max_length=32, blank=True)
    iso = models.PositiveSmallIntegerField(_("ISO country number"), null=True, blank=True)
    region = models.TextField(_("region"), blank=True)
    country = models.TextField(_("country"), blank=True)
    admin1 = models.TextField(_("admin 1 (department)"), blank=True)
    admin2 = models.TextField(_("admin 2 (arrondissement)"), blank=True)
    admin3 = models.TextField(_("admin 3 (commune)"), blank=True)
    location = models.TextField(_("location"), blank=True)
    latitude = models.FloatField(
        _("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    geo_precision = models.PositiveSmallIntegerField(
        _("geo precision"), null=True, blank=True, validators=_PRECISION
    )
    source = models.TextField(_("source"), blank=True)
    source_scale = models.TextField(_("source scale"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    fatalities = models.PositiveIntegerField(_("fatalities"), default=0)
    tags = models.TextField(_("tags"), blank=True)
    acled_timestamp = models.BigIntegerField(_("ACLED timestamp"), null=True, blank=True)

    # --- the mission's own fields (an import never overwrites them) ---------------------
    commune_pcode = models.CharField(_("commune (P-code)"), max_length=12, blank=True)
    # The commune ACLED's admin names point to, when it differs from the point's.
    commune_pcode_by_name = models.CharField(
        _("commune named by the source"), max_length=12, blank=True
    )
    category = models.CharField(_("category"), max_length=40, choices=Category.choices, blank=True)
    perpetrator = models.CharField(
        _("perpetrator"), max_length=16, choices=Perpetrator.choices, blank=True
    )
    armed_group = models.CharField(
        _("armed group"), max_length=200, blank=True, help_text=_("The gang or group, if known.")
    )
    reporting_contingent = models.ForeignKey(
        "forces.Contingent",
        verbose_name=_("reporting contingent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        db_index=False,  # incident_contingent_date leads with it
    )
    reporting_unit = models.ForeignKey(
        "forces.Unit",
        verbose_name=_("reporting unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        db_index=False,  # incident_unit: partial, as most incidents have none
    )
    operation = models.ForeignKey(
        JointOperation,
        verbose_name=_("joint operation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
        db_index=False,  # incident_operation: partial, as most incidents have none
    )
    verification = models.CharField(
        _("verification"),
        max_length=10,
        choices=Verification.choices,
        default=Verification.REPORTED,
    )
    sensitive = models.BooleanField(
        _("sensitive"), default=False, help_text=_("Its notes are withheld like the victims'.")
    )
    released_to_hnp = models.BooleanField(_("released to the HNP"), default=False)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True, editable=False)
    released_by = actor_field(_("released by"), db_index=False)
    locals().update(_victims())
    # --- sensitive ---------------------------------------------------------------------
    victim_details = models.TextField(
        _("victims' identities and ages"), blank=True, help_text=_("Sensitive.")
    )
    sexual_violence_details = models.TextField(
        _("sexual violence details"), blank=True, help_text=_("Sensitive.")
    )
    source_identity = models.TextField(
        _("identity of the source"), blank=True, help_text=_("Sensitive.")
    )

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-event_date", "-id"]
        permissions = [
            ("view_sensitive_incident", _("Can read the sensitive fields of incidents")),
            ("view_mission_incident", _("Can read the mission's unreleased incidents")),
            ("release_incident", _("Can release incidents to the HNP")),
            ("import_acled", _("Can import ACLED files")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["source_key"], name="incident_source_key"),
            models.UniqueConstraint(fields=["event_id_cnty"], name="incident_event_id_cnty"),
        ]
        indexes = [
            models.Index(fields=["-event_date", "-id"], name="incident_date_id"),
            models.Index(fields=["commune_pcode", "event_date"], name="incident_commune_date"),
            models.Index(fields=["category", "event_date"], name="incident_category_date"),
            models.Index(fields=["event_type", "event_date"], name="incident_event_date"),
            # The map and list's most common pair of filters, answered from the index;
            # ending with the list's order (event_date, id) so that a page reads its
            # rows in order instead of sorting every match.
            models.Index(
                fields=["commune_pcode", "event_type", "event_date", "id"],
                name="incident_commune_event_date_id",
            ),
            # Partial indexes: only the rows they are about, mostly the mission's own
            # reports (ACLED events have no contingent, unit or operation). A bulk load
            # of ACLED events leaves them in place and touches none of them.
            models.Index(
                fields=["released_to_hnp", "event_date"],
                condition=Q(origin=Origin.MISSION),
                name="incident_mission_released",
            ),
            models.Index(
                fields=["reporting_contingent", "event_date"],
                condition=Q(reporting_contingent__isnull=False),
                name="incident_contingent_date",
            ),
            models.Index(
                fields=["reporting_unit"],
                condition=Q(reporting_unit__isnull=False),
                name="incident_unit",
            ),
            models.Index(
                fields=["operation"],
                condition=Q(operation__isnull=False),
                name="incident_operation",
            ),
            models.Index(fields=["latitude", "longitude"], name="incident_point"),
        ]

    def clean(self) -> None:
        """ACLED's taxonomy, checked where every write passes (forms, the API, services,
        demo), with the functions the ACLED importer checks its rows with: one rule for
        every path. A known spelling is stored in ACLED's own form."""
        errors: dict[str, list[str]] = {}

        def check(name: str, convert: Any) -> None:
            try:
                value = convert()
            except TaxonomyError as exc:
                errors.setdefault(name, []).append(str(exc))
            else:
                setattr(self, name, value)

        if self.event_type:
            check("event_type", lambda: taxonomy.event_type(self.event_type))
        if self.sub_event_type and "event_type" not in errors:
            check(
                "sub_event_type",
                lambda: taxonomy.sub_event_type(self.sub_event_type, self.event_type),
            )
        if self.disorder_type:
            check("disorder_type", lambda: taxonomy.disorder_type(self.disorder_type)[0])
        for name in ("inter1", "inter2"):
            if getattr(self, name) is not None:
                check(name, lambda name=name: taxonomy.inter_code(str(getattr(self, name))))
        if self.interaction is not None:
            check("interaction", lambda: taxonomy.interaction_code(str(self.interaction)))
        if errors:
            raise ValidationError(errors)

    def figure_warnings(self) -> list[str]:
        """Figures that do not agree with each other (saved all the same: a report
        may be right and the breakdown incomplete); the form and the detail page say
        them. ACLED's events carry no breakdown by victim, so only the fatalities
        against the sub-event are checked for them."""
        killed = sum(getattr(self, f"killed_{group}") for group in VICTIM_GROUPS)
        sgbv = sum(getattr(self, f"sgbv_{group}") for group in VICTIM_GROUPS)
        kidnapped = sum(getattr(self, f"kidnapped_{group}") for group in VICTIM_GROUPS)
        found: list[str] = []
        if killed > self.fatalities:
            found.append(
                gettext("%(killed)s people are counted killed but the fatalities are %(f)s.")
                % {"killed": killed, "f": self.fatalities}
            )
        if self.origin == Origin.MISSION and self.fatalities and not killed:
            found.append(
                gettext("%(f)s fatalities, but nobody is counted killed among the victims.")
                % {"f": self.fatalities}
            )
        if self.sub_event_type == "Sexual violence" and self.origin == Origin.MISSION and not sgbv:
            found.append(
                gettext("A sexual violence event with no victim of sexual violence counted.")
            )
        if sgbv and self.sub_event_type != "Sexual violence":
            found.append(
                gettext(
                    "Victims of sexual violence are counted: is the sub-event “Sexual violence”?"
                )
            )
        if kidnapped and self.sub_event_type != "Abduction/forced disappearance":
            found.append(
                gettext("People are counted kidnapped: is it “Abduction/forced disappearance”?")
            )
        if self.sub_event_type == "Peaceful protest" and (killed or self.fatalities):
            found.append(gettext("A peaceful protest with fatalities: is it another sub-event?"))
        return found

    def __str__(self) -> str:
        return f"{self.event_date} {self.sub_event_type or self.event_type} {self.location}".strip()

    @property
    def year(self) -> int:
        return self.event_date.year


class IncidentTally(models.Model):
    """How many incidents there are of each origin and release state, kept by the
    database itself (triggers, see ``operations.tally``): an unfiltered list reads
    its exact total here instead of counting 100,000s of rows on every page."""

    origin = models.CharField(max_length=8)
    released_to_hnp = models.BooleanField()
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["origin", "released_to_hnp"], name="incident_tally_key")
        ]

    def __str__(self) -> str:
        return f"{self.origin}/{self.released_to_hnp}: {self.n}"
