"""Seizures, the items seized and the chain of custody of each item.

A seizure is one event (date, place, the operation it came from, the seizing unit);
its items are the exhibits, each with a number unique in the mission. Every item has
an append-only custody log: each entry is hash-chained to the one before (see
``custody``), and the item keeps the latest hash and the number of entries, so that
an entry edited, removed or added behind Konbit's back is found by
``manage.py verify_custody``. The item's holder, location and status are derived
from its log and kept on the item by the services that append to it.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from konbit.core.models import TrackedModel

_NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]
_CURRENCY = RegexValidator(r"^[A-Z]{3}$", _("Use the three capital letters of ISO 4217."))
_COUNTRY = RegexValidator(r"^[A-Z]{3}$", _("Use the three capital letters of ISO 3166-1."))


class Calibre(TrackedModel):
    """A calibre of firearms and ammunition (reference table: items name one, never
    free text, so that tracing and statistics group alike)."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    aliases = models.CharField(
        _("other names"), max_length=200, blank=True, help_text=_("Separated by commas.")
    )

    class Meta:
        verbose_name = _("calibre")
        verbose_name_plural = _("calibres")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DrugSubstance(TrackedModel):
    """A controlled substance (reference table)."""

    name = models.CharField(_("name"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("drug substance")
        verbose_name_plural = _("drug substances")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Seizure(TrackedModel):
    """Something seized on one occasion: when, where, by whom, from which operation."""

    audit_exclude: ClassVar[frozenset[str]] = frozenset({"seized_month"})  # of seized_at

    seized_at = models.DateTimeField(_("seized at"))
    # The month in Haiti (its first day), kept by the services from ``seized_at``:
    # the statistics group by this column instead of converting every item's time
    # to the mission's time zone (which SQLite cannot do in SQL, daylight saving
    # included, so no generated column as outreach's ``month``).
    seized_month = models.DateField(_("month seized"), editable=False, blank=True)
    location = models.CharField(_("place"), max_length=200, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    # A P-code in a plain column, as incidents keep it (derived from the point).
    commune_pcode = models.CharField(_("commune (P-code)"), max_length=12, blank=True)
    operation = models.ForeignKey(
        "operations.JointOperation",
        verbose_name=_("joint operation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seizure_records",
    )
    incident = models.ForeignKey(
        "operations.Incident",
        verbose_name=_("incident"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seizure_records",
    )
    seizing_contingent = models.ForeignKey(
        "forces.Contingent",
        verbose_name=_("seizing contingent"),
        on_delete=models.PROTECT,
        related_name="seizures",
    )
    seizing_unit = models.ForeignKey(
        "forces.Unit",
        verbose_name=_("seizing unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seizures",
    )
    armed_group = models.ForeignKey(
        "actors.ArmedGroup",
        verbose_name=_("armed group attributed"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seizures",
    )
    hnp_unit = models.CharField(
        _("HNP unit present"), max_length=150, blank=True, help_text=_("e.g. BLTS, BOID, DCPJ.")
    )
    persons_arrested = models.PositiveIntegerField(_("persons arrested"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    released_to_hnp = models.BooleanField(_("released to the HNP"), default=False)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("seizure")
        verbose_name_plural = _("seizures")
        ordering = ["-seized_at", "-id"]
        permissions = [
            ("release_seizure", _("Can release seizures to the HNP")),
            ("view_unreleased_seizure", _("Can read seizures not released to the HNP")),
            ("view_seizure_stats", _("Can read seizure statistics")),
        ]
        indexes = [
            # The list's order: a page of the newest is read from the index.
            models.Index(fields=["-seized_at", "-id"], name="seizure_at"),
            models.Index(fields=["seizing_contingent", "-seized_at"], name="seizure_contingent_at"),
            models.Index(fields=["commune_pcode", "-seized_at"], name="seizure_commune_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="seizure_point_whole",
            )
        ]

    def __str__(self) -> str:
        return f"{self.seized_at:%Y-%m-%d} {self.location or self.commune_pcode}".strip()


class ItemKind(models.TextChoices):
    FIREARM = "firearm", _("firearm")
    MAGAZINE = "magazine", _("magazine")
    AMMUNITION = "ammunition", _("ammunition")
    EXPLOSIVE = "explosive", _("explosive")
    DRUG = "drug", _("drug")
    CASH = "cash", _("cash")
    VEHICLE = "vehicle", _("vehicle")
    OTHER = "other", _("other")


class FirearmType(models.TextChoices):
    PISTOL = "pistol", _("pistol")
    REVOLVER = "revolver", _("revolver")
    RIFLE = "rifle", _("rifle")
    ASSAULT_RIFLE = "assault_rifle", _("assault rifle")
    SHOTGUN = "shotgun", _("shotgun")
    SUBMACHINE_GUN = "submachine_gun", _("submachine gun")
    MACHINE_GUN = "machine_gun", _("machine gun")
    OTHER = "other", _("other")


class DrugForm(models.TextChoices):
    POWDER = "powder", _("powder")
    ROCK = "rock", _("rock / crack")
    PLANT = "plant", _("plant material")
    RESIN = "resin", _("resin")
    PILLS = "pills", _("pills")
    LIQUID = "liquid", _("liquid")
    OTHER = "other", _("other")


class FieldTest(models.TextChoices):
    NOT_TESTED = "not_tested", _("not tested")
    POSITIVE = "positive", _("positive")
    NEGATIVE = "negative", _("negative")
    INCONCLUSIVE = "inconclusive", _("inconclusive")


class CustodyStatus(models.TextChoices):
    IN_CUSTODY = "in_custody", _("in the mission's custody")
    IN_TRANSFER = "in_transfer", _("transfer awaiting confirmation")
    HANDOVER_PENDING = "handover_pending", _("hand-over awaiting confirmation")
    HANDED_OVER = "handed_over", _("handed over")
    RETURNED = "returned", _("returned")
    DISPOSED = "disposed", _("disposed of")


# The statuses after which nothing but a correction is appended.
CLOSED_STATUSES = frozenset(
    {CustodyStatus.HANDED_OVER, CustodyStatus.RETURNED, CustodyStatus.DISPOSED}
)


class SeizedItem(TrackedModel):
    """One exhibit of a seizure. The fields of its kind are filled; the others stay
    empty (the services check it). Its custody state is derived from its log."""

    seizure = models.ForeignKey(
        Seizure, verbose_name=_("seizure"), on_delete=models.PROTECT, related_name="items"
    )
    exhibit_number = models.CharField(
        _("exhibit number"),
        max_length=40,
        unique=True,
        help_text=_("Unique in the mission, as written on the evidence bag."),
    )
    seal_number = models.CharField(_("seal number"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    count = models.PositiveIntegerField(
        _("count"), default=1, help_text=_("Rounds, magazines or pieces.")
    )
    # --- firearm, magazine, ammunition ------------------------------------------------
    firearm_type = models.CharField(
        _("firearm type"), max_length=16, choices=FirearmType.choices, blank=True
    )
    make = models.CharField(_("make"), max_length=80, blank=True)
    model = models.CharField(_("model"), max_length=80, blank=True)
    calibre = models.ForeignKey(
        Calibre, verbose_name=_("calibre"), on_delete=models.PROTECT, null=True, blank=True
    )
    serial_number = models.CharField(_("serial number"), max_length=60, blank=True)
    serial_obliterated = models.BooleanField(
        _("serial number obliterated or altered"), default=False
    )
    country_of_manufacture = models.CharField(
        _("country of manufacture"),
        max_length=3,
        blank=True,
        validators=[_COUNTRY],
        help_text=_("ISO 3166-1 alpha-3, if marked."),
    )
    import_marking = models.CharField(_("import marking"), max_length=120, blank=True)
    headstamp = models.CharField(_("headstamp"), max_length=80, blank=True)
    # --- drug -------------------------------------------------------------------------
    substance = models.ForeignKey(
        DrugSubstance,
        verbose_name=_("substance"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    drug_form = models.CharField(_("form"), max_length=10, choices=DrugForm.choices, blank=True)
    gross_weight_g = models.DecimalField(
        _("gross weight (g)"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        validators=_NOT_NEGATIVE,
    )
    net_weight_g = models.DecimalField(
        _("net weight (g)"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        validators=_NOT_NEGATIVE,
    )
    field_test = models.CharField(
        _("field-test result"), max_length=12, choices=FieldTest.choices, blank=True
    )
    # --- cash -------------------------------------------------------------------------
    currency = models.CharField(_("currency"), max_length=3, blank=True, validators=[_CURRENCY])
    amount = models.DecimalField(
        _("amount"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=_NOT_NEGATIVE,
    )
    # --- vehicle ----------------------------------------------------------------------
    plate = models.CharField(_("plate"), max_length=20, blank=True)
    vin = models.CharField(_("VIN"), max_length=17, blank=True)

    # --- custody, derived from the log (written only by ``services.custody``) -------------------
    custody_status = models.CharField(
        _("custody status"),
        max_length=16,
        choices=CustodyStatus.choices,
        default=CustodyStatus.IN_CUSTODY,
        editable=False,
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    holder_outside = models.CharField(
        _("held outside the mission by"), max_length=250, blank=True, editable=False
    )
    location_now = models.CharField(_("kept at"), max_length=200, blank=True, editable=False)
    pending = models.ForeignKey(
        "CustodyEvent",
        verbose_name=_("waiting for an answer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    chain_hash = models.CharField(
        _("latest custody hash"), max_length=64, blank=True, editable=False
    )
    chain_length = models.PositiveIntegerField(_("custody entries"), default=0, editable=False)

    # The custody fields change with every entry; the log itself is their trail.
    audit_exclude: ClassVar[frozenset[str]] = frozenset(
        {
            "custody_status",
            "holder",
            "holder_outside",
            "location_now",
            "pending",
            "chain_hash",
            "chain_length",
        }
    )

    class Meta:
        verbose_name = _("seized item")
        verbose_name_plural = _("seized items")
        ordering = ["exhibit_number"]
        indexes = [
            models.Index(fields=["serial_number"], name="item_serial"),
            models.Index(fields=["seizure", "kind"], name="item_seizure_kind"),
            models.Index(fields=["holder", "custody_status"], name="item_holder_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(gross_weight_g__gte=0) | Q(gross_weight_g__isnull=True),
                name="item_gross_weight_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(net_weight_g__gte=0) | Q(net_weight_g__isnull=True),
                name="item_net_weight_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) | Q(amount__isnull=True),
                name="item_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exhibit_number} ({self.get_kind_display()})"


def _tally_count() -> models.PositiveIntegerField:
    return models.PositiveIntegerField(default=0, editable=False)


def _tally_weight() -> models.DecimalField:
    return models.DecimalField(
        max_digits=14, decimal_places=3, null=True, blank=True, editable=False
    )


# The tally's columns of each kind: how many items, their units (``count``), and for
# the kinds that are weighed their net weight.
WEIGHED_KINDS = (ItemKind.DRUG, ItemKind.EXPLOSIVE)
TALLY_COLUMNS: dict[str, tuple[str, str, str | None]] = {
    kind: (f"items_{kind}", f"units_{kind}", f"net_g_{kind}" if kind in WEIGHED_KINDS else None)
    for kind in ItemKind.values
}


class SeizureTally(models.Model):
    """What a seizure's items add up to, kind by kind: kept by ``seizures.tally``
    whenever an item is added or changed, so that the statistics sum one row a
    seizure instead of grouping every item with its seizure (on SQLite a sort of
    every item). Derived, never typed: ``seizures.tally.recount`` rebuilds it."""

    seizure = models.OneToOneField(
        Seizure, on_delete=models.CASCADE, primary_key=True, related_name="tally"
    )
    items_firearm = _tally_count()
    units_firearm = _tally_count()
    items_magazine = _tally_count()
    units_magazine = _tally_count()
    items_ammunition = _tally_count()
    units_ammunition = _tally_count()
    items_explosive = _tally_count()
    units_explosive = _tally_count()
    net_g_explosive = _tally_weight()
    items_drug = _tally_count()
    units_drug = _tally_count()
    net_g_drug = _tally_weight()
    items_cash = _tally_count()
    units_cash = _tally_count()
    items_vehicle = _tally_count()
    units_vehicle = _tally_count()
    items_other = _tally_count()
    units_other = _tally_count()

    class Meta:
        verbose_name = _("seizure tally")
        verbose_name_plural = _("seizure tallies")

    def __str__(self) -> str:
        return str(self.seizure_id)


class SeizureCount(models.Model):
    """How many seizures there are, released to the HNP and not: kept by the seizure
    services (``seizures.tally``), so that an unfiltered list reads its total from
    two rows instead of counting every seizure (as incidents read theirs)."""

    released_to_hnp = models.BooleanField(unique=True)
    n = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("seizure count")
        verbose_name_plural = _("seizure counts")

    def __str__(self) -> str:
        return f"{self.released_to_hnp}: {self.n}"


class EventKind(models.TextChoices):
    SEIZED = "seized", _("seized")
    SEALED = "sealed", _("sealed")
    TRANSFERRED = "transferred", _("transferred")
    CONFIRMED = "confirmed", _("receipt confirmed")
    REFUSED = "refused", _("receipt refused")
    STORED = "stored", _("stored")
    EXAMINED = "examined", _("examined")
    HANDED_OVER = "handed_over", _("handed over")
    RETURNED = "returned", _("returned")
    DISPOSED = "disposed", _("disposed of")
    CORRECTION = "correction", _("correction")


class Agency(models.TextChoices):
    HNP = "hnp", _("Haitian National Police (HNP)")
    DCPJ = "dcpj", _("HNP judicial police (DCPJ)")
    COURT = "court", _("a court")
    OTHER = "other", _("other authority")


# Hand-overs to these are confirmed by an HNP liaison before the item leaves the
# mission's books.
HNP_AGENCIES = frozenset({Agency.HNP, Agency.DCPJ})


class CustodyEventQuerySet(models.QuerySet["CustodyEvent"]):
    def update(self, **kwargs: object) -> int:
        raise TypeError("The custody log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The custody log is append-only.")


class CustodyEvent(models.Model):
    """One entry of an item's custody log: append-only and hash-chained.

    ``hash`` is the SHA-256 of the entry's canonical JSON (``chain.canonical``),
    which holds ``previous_hash``: changing, removing or inserting an entry breaks
    the chain. A mistake is corrected by a new entry that names the one it corrects.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(
        SeizedItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="custody_events"
    )
    sequence = models.PositiveIntegerField(_("entry"))
    kind = models.CharField(_("event"), max_length=12, choices=EventKind.choices)
    occurred_at = models.DateTimeField(_("when"))
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    location = models.CharField(_("where"), max_length=200, blank=True)
    seal_number = models.CharField(_("seal number"), max_length=40, blank=True)
    examiner = models.CharField(_("examined by"), max_length=200, blank=True)
    result = models.TextField(_("result"), blank=True)
    weight_g = models.DecimalField(
        _("weight measured (g)"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        validators=_NOT_NEGATIVE,
    )
    agency = models.CharField(
        _("receiving authority"), max_length=8, choices=Agency.choices, blank=True
    )
    receiving_official = models.CharField(_("receiving official"), max_length=200, blank=True)
    document_reference = models.CharField(_("document reference"), max_length=100, blank=True)
    method = models.CharField(_("method"), max_length=200, blank=True)
    authority = models.CharField(_("authorized by"), max_length=200, blank=True)
    witnesses = models.CharField(_("witnesses"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # The transfer or hand-over a confirmation or refusal answers; the entry a
    # correction corrects.
    answers = models.ForeignKey(
        "self",
        verbose_name=_("answers"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    previous_hash = models.CharField(_("previous hash"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = CustodyEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("custody event")
        verbose_name_plural = _("custody events")
        ordering = ["item", "sequence"]
        permissions = [
            ("confirm_handover", _("Can confirm hand-overs to the HNP")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["item", "sequence"], name="custody_item_sequence"),
            models.CheckConstraint(
                condition=Q(weight_g__gte=0) | Q(weight_g__isnull=True),
                name="custody_weight_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["to_user", "kind"], name="custody_to_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} #{self.sequence} {self.kind}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise TypeError("The custody log is append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError("The custody log is append-only.")
