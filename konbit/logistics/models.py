"""Vehicles and equipment of the mission (DOMAIN.md 2.4), their status log and their
maintenance jobs.

An asset's status is never edited: it is the last entry of its status log
(``StatusEntry``, append-only; a mistake is corrected by a new entry). The asset
keeps a copy of that status and the date it took effect (``status``,
``status_since``), written by the services in the same transaction as the entry,
so that lists, filters and the front page read it without walking the log. The
availability on a past date is read from the log (``availability``).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from konbit.core.models import TrackedModel
from konbit.forces.models import iso3_validator, validate_iso3166


class Kind(models.TextChoices):
    MRAP = "mrap", _("Armoured vehicle (MRAP)")
    APC = "apc", _("Armoured personnel carrier")
    LIGHT_VEHICLE = "light_vehicle", _("Light vehicle")
    TRUCK = "truck", _("Truck")
    HELICOPTER = "helicopter", _("Helicopter")
    BOAT = "boat", _("Boat")
    DRONE = "drone", _("Drone")
    GENERATOR = "generator", _("Generator")
    RADIO = "radio", _("Radio")
    OTHER = "other", _("Other")


class Ownership(models.TextChoices):
    CONTINGENT = "contingent", _("Contingent-owned")
    DONATED = "donated", _("Donated")
    UN = "un", _("UN-provided")


class Status(models.TextChoices):
    OPERATIONAL = "operational", _("Operational")
    DEGRADED = "degraded", _("Degraded")
    NON_OPERATIONAL = "non_operational", _("Non-operational")
    IN_MAINTENANCE = "in_maintenance", _("In maintenance")
    WRITTEN_OFF = "written_off", _("Written off")


class Reason(models.TextChoices):
    RECEIVED = "received", _("Received")
    BREAKDOWN = "breakdown", _("Breakdown")
    COMBAT_DAMAGE = "combat_damage", _("Combat damage")
    ACCIDENT = "accident", _("Accident")
    STUCK = "stuck", _("Stuck or immobilised")
    SCHEDULED_MAINTENANCE = "scheduled_maintenance", _("Scheduled maintenance")
    REPAIR = "repair", _("Repair under way")
    AWAITING_PARTS = "awaiting_parts", _("Awaiting parts")
    REPAIRED = "repaired", _("Repaired")
    SERVICED = "serviced", _("Maintenance completed")
    WRITTEN_OFF = "written_off", _("Written off")
    CORRECTION = "correction", _("Correction of an earlier entry")


# Which statuses each reason may record (a correction may record any).
REASON_STATUSES: dict[str, frozenset[str]] = {
    Reason.RECEIVED: frozenset({Status.OPERATIONAL, Status.DEGRADED, Status.NON_OPERATIONAL}),
    Reason.BREAKDOWN: frozenset({Status.DEGRADED, Status.NON_OPERATIONAL}),
    Reason.COMBAT_DAMAGE: frozenset({Status.DEGRADED, Status.NON_OPERATIONAL}),
    Reason.ACCIDENT: frozenset({Status.DEGRADED, Status.NON_OPERATIONAL}),
    Reason.STUCK: frozenset({Status.NON_OPERATIONAL}),
    Reason.SCHEDULED_MAINTENANCE: frozenset({Status.IN_MAINTENANCE}),
    Reason.REPAIR: frozenset({Status.IN_MAINTENANCE}),
    Reason.AWAITING_PARTS: frozenset({Status.NON_OPERATIONAL, Status.IN_MAINTENANCE}),
    Reason.REPAIRED: frozenset({Status.OPERATIONAL, Status.DEGRADED}),
    Reason.SERVICED: frozenset({Status.OPERATIONAL, Status.DEGRADED}),
    Reason.WRITTEN_OFF: frozenset({Status.WRITTEN_OFF}),
    Reason.CORRECTION: frozenset(Status.values),
}
# Reasons counted as breakdowns in the monthly figures.
BREAKDOWN_REASONS = frozenset(
    {Reason.BREAKDOWN, Reason.COMBAT_DAMAGE, Reason.ACCIDENT, Reason.STUCK}
)
# Out of service: what the front page lists when it lasts.
OUT_OF_SERVICE = frozenset({Status.NON_OPERATIONAL, Status.IN_MAINTENANCE})


class Asset(TrackedModel):
    """A vehicle or a piece of equipment held by a contingent."""

    audit_exclude = frozenset({"status", "status_since", "identifier_key"})

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    make_model = models.CharField(
        _("make and model"), max_length=120, help_text=_("e.g. Navistar MaxxPro")
    )
    identifier = models.CharField(
        _("identifier"),
        max_length=60,
        help_text=_("Registration or serial number: one asset a number in the mission."),
    )
    # Kept by the database: the identifier in capitals, unique (case ignored).
    identifier_key = models.GeneratedField(
        expression=Upper("identifier"),
        output_field=models.CharField(max_length=60),
        db_persist=True,
    )
    contingent = models.ForeignKey(
        "forces.Contingent",
        verbose_name=_("contingent"),
        on_delete=models.PROTECT,
        related_name="assets",
    )
    unit = models.ForeignKey(
        "forces.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assets",
    )
    ownership = models.CharField(
        _("owner"), max_length=12, choices=Ownership.choices, default=Ownership.CONTINGENT
    )
    donor_country = models.CharField(
        _("donated by"),
        max_length=3,
        blank=True,
        validators=[iso3_validator, validate_iso3166],
        help_text=_("The donor country's ISO code (USA, CAN), for a donated asset."),
    )
    received_on = models.DateField(_("received on"))
    base_commune = models.ForeignKey(
        "places.Commune",
        verbose_name=_("base commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    base_location = models.CharField(
        _("base or location"), max_length=200, blank=True, help_text=_("e.g. LSA 2, Port-au-Prince")
    )
    notes = models.TextField(_("notes"), blank=True)
    # Kept by the services from the status log, never edited.
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPERATIONAL
    )
    status_since = models.DateField(_("status since"), null=True, blank=True)

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["kind", "identifier"]
        permissions = [
            ("import_asset", "Can import an asset register"),
            ("view_availability", "Can read the availability of assets (aggregates)"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["identifier_key"],
                name="logistics_asset_identifier",
                violation_error_message=_("An asset with this identifier exists already."),
            ),
            models.CheckConstraint(
                condition=~models.Q(ownership="donated") | ~models.Q(donor_country=""),
                name="logistics_asset_donor_named",
                violation_error_message=_("Name the country that donated the asset."),
            ),
        ]
        indexes = [
            # The list's order (a page of 100 read along it, not sorted each time).
            models.Index(fields=["kind", "identifier"], name="logistics_asset_order"),
            models.Index(fields=["contingent", "kind", "status"], name="logistics_asset_scope"),
            models.Index(fields=["status", "status_since"], name="logistics_asset_status"),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} ({self.get_kind_display()})"


class StatusEntryQuerySet(models.QuerySet["StatusEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("The status log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The status log is append-only.")


class StatusEntry(TrackedModel):
    """One entry of an asset's status log: from ``on`` the asset was ``status``
    for ``reason``. Append-only: never changed or deleted (``objects`` refuses)."""

    asset = models.ForeignKey(
        Asset, verbose_name=_("asset"), on_delete=models.PROTECT, related_name="log"
    )
    sequence = models.PositiveIntegerField(_("entry"))
    on = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=24, choices=Reason.choices)
    incident = models.ForeignKey(
        "operations.Incident",
        verbose_name=_("incident"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    operation = models.ForeignKey(
        "operations.JointOperation",
        verbose_name=_("joint operation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    job = models.ForeignKey(
        "MaintenanceJob",
        verbose_name=_("maintenance job"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
    )
    note = models.TextField(_("note"), blank=True)

    objects = StatusEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("status entry")
        verbose_name_plural = _("status entries")
        ordering = ["-on", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["asset", "sequence"], name="logistics_entry_sequence"),
        ]
        indexes = [
            # The status of every asset on a date: the last entry of each up to it.
            models.Index(fields=["asset", "on", "sequence"], name="logistics_entry_asset_on"),
            models.Index(fields=["on", "reason"], name="logistics_entry_on_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.get_status_display()} ({self.get_reason_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("The status log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("The status log is append-only.")


class JobKind(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled maintenance")
    REPAIR = "repair", _("Repair")


class MaintenanceJob(TrackedModel):
    """Work on an asset in a workshop, from ``opened_on`` to ``closed_on``. Opening
    one puts the asset in maintenance; closing it puts it back in service (both
    recorded in the status log)."""

    asset = models.ForeignKey(
        Asset, verbose_name=_("asset"), on_delete=models.PROTECT, related_name="jobs"
    )
    kind = models.CharField(_("kind of job"), max_length=12, choices=JobKind.choices)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    description = models.TextField(_("description"))
    workshop = models.CharField(_("workshop"), max_length=200, blank=True)
    parts_awaited = models.TextField(_("parts awaited"), blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)

    class Meta:
        verbose_name = _("maintenance job")
        verbose_name_plural = _("maintenance jobs")
        ordering = ["-opened_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["asset"],
                condition=models.Q(closed_on__isnull=True),
                name="logistics_one_open_job",
                violation_error_message=_("This asset has an open maintenance job already."),
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="logistics_job_closed_after_opened",
                violation_error_message=_("A job cannot close before it opened."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.opened_on:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None
