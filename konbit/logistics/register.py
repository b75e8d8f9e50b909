"""The asset register as a table (CSV or XLSX): its columns, the export, and the
importer the core pipeline runs (one asset a row, matched by identifier).

The export's columns are the import's, so an exported register imports back
unchanged. Kinds and owners are read by code or label (in the user's language or
English), contingents by ISO 3166-1 code, units by name within the contingent,
communes by P-code or name; headers match whatever their case or spacing. Status
is the log's, never imported: a new asset's log begins with its receipt
(operational). A commander imports their own contingent's assets only.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from konbit.core import audit, tabular
from konbit.core.imports.base import Importer, Job, Outcome, Refused
from konbit.core.models import ImportRun
from konbit.core.tabular import Problem, normalize_text
from konbit.forces.models import Contingent, Unit
from konbit.forces.policies import in_own_contingent
from konbit.forces.roster import parse_date  # the roster's date formats
from konbit.logistics.models import Asset, Kind, Ownership, Reason, Status, StatusEntry
from konbit.logistics.policies import ASSETS
from konbit.places.models import Commune

KIND = "logistics_assets"
# Column, required column, required value (the export's order).
COLUMNS: list[tuple[str, bool, bool]] = [
    ("identifier", True, True),
    ("kind", True, True),
    ("make_model", True, True),
    ("contingent", True, True),
    ("unit", False, False),
    ("ownership", False, False),
    ("donor_country", False, False),
    ("received_on", True, True),
    ("base_commune", False, False),
    ("base_location", False, False),
    ("notes", False, False),
]
HEADERS = [name for name, _c, _v in COLUMNS]
# Read-only columns the export adds after the register's (ignored on import).
EXPORT_ONLY = ["status", "status_since"]
ALIASES = {
    "registration": "identifier",
    "serial": "identifier",
    "serial_number": "identifier",
    "type": "kind",
    "make": "make_model",
    "model": "make_model",
    "make_and_model": "make_model",
    "owner": "ownership",
    "donor": "donor_country",
    "received": "received_on",
    "commune": "base_commune",
    "base": "base_location",
    "location": "base_location",
}
# What the pipeline updates on an asset (the contingent too: a transfer).
UPDATABLE = [h for h in HEADERS if h != "identifier"]


def _choices(choices: Any) -> dict[str, str]:
    """Codes and labels (the user's language and English), normalized -> code."""
    found: dict[str, str] = {}
    for language in (None, "en"):
        with translation.override(language) if language else contextlib.nullcontext():
            for value, label in choices.choices:
                found[normalize_text(str(label))] = str(value)
                found[normalize_text(str(value))] = str(value)
    return found


def check_header(headers: list[str], original: list[str]) -> tuple[dict[int, str], list[Problem]]:
    problems: list[Problem] = []
    mapping: dict[int, str] = {}
    for index, (written, normalized) in enumerate(zip(original, headers, strict=False)):
        if not normalized or normalized in EXPORT_ONLY:
            continue
        name = ALIASES.get(normalized, normalized)
        if name not in HEADERS:
            problems.append(Problem(1, written, _("unknown column")))
        elif name in mapping.values():
            problems.append(Problem(1, written, _("this column appears twice")))
        else:
            mapping[index] = name
    for name, required, _value in COLUMNS:
        if required and name not in mapping.values():
            problems.append(Problem(1, name, _("required column missing")))
    return mapping, problems


def _max_length(name: str) -> int | None:
    return getattr(Asset._meta.get_field(name), "max_length", None)


# --- export -------------------------------------------------------------------------


def register_rows(assets: QuerySet[Asset]) -> Any:
    rows = assets.order_by("kind", "identifier").values_list(
        "identifier",
        "kind",
        "make_model",
        "contingent__country__iso3",
        "unit__name",
        "ownership",
        "donor_country",
        "received_on",
        "base_commune_id",
        "base_location",
        "notes",
        "status",
        "status_since",
    )
    for row in rows.iterator(chunk_size=2000):
        yield ["" if value is None else value for value in row]


def write_register(assets: QuerySet[Asset], fmt: str) -> bytes:
    """The assets as CSV or XLSX, every cell formula-safe (``core.tabular``)."""
    headers = HEADERS + EXPORT_ONLY
    if fmt == "xlsx":
        return tabular.write_xlsx(headers, register_rows(assets), title="Assets")
    buffer = io.StringIO()
    tabular.write_csv(buffer, headers, register_rows(assets))
    return buffer.getvalue().encode("utf-8")


def register_export(*, actor: Any, assets: QuerySet[Asset], fmt: str) -> bytes:
    """The register of ``assets`` (already scoped and filtered), recorded as an export."""
    content = write_register(assets, fmt)
    audit.record_export(
        actor=actor,
        domain="logistics",
        target_type="logistics.asset",
        count=assets.count(),
        detail=f"fmt={fmt}",
    )
    return content


def register_template(fmt: str) -> bytes:
    """An empty register (its headers only)."""
    if fmt == "xlsx":
        return tabular.write_xlsx(HEADERS, [], title="Assets")
    buffer = io.StringIO()
    tabular.write_csv(buffer, HEADERS, [])
    return buffer.getvalue().encode("utf-8")


# --- import -------------------------------------------------------------------------


@dataclass
class Plan:
    creates: list[Asset] = field(default_factory=list)
    updates: list[tuple[Asset, list[str]]] = field(default_factory=list)
    unchanged: int = 0


class AssetImporter(Importer):
    kind = KIND
    domain = "logistics"
    label = _l("Import an asset register")
    explanation = _l(
        "Upload the register as an Excel workbook (.xlsx) or a CSV file, one asset a row: "
        "identifier, kind, make_model, contingent (ISO code, e.g. KEN) and received_on are "
        "required; unit, ownership (contingent, donated, un), donor_country, base_commune, "
        "base_location and notes are optional. Assets are matched by identifier; a file "
        "with a problem writes nothing unless you skip bad rows. Status is never imported: "
        "record it on each asset."
    )
    upload_url_name = "logistics:import"
    example_formats = ("xlsx", "csv")

    def may_import(self, user: Any, options: dict[str, Any] | None = None) -> bool:
        """HQ imports any contingent's assets, a commander their own (each row's
        contingent is checked against the user's scope)."""
        return ASSETS.allows(user, "import")

    def example(self, fmt: str) -> bytes:
        return register_template(fmt)

    def begin(
        self, run: ImportRun, headers: list[str], original: list[str], *, dry_run: bool
    ) -> Job:
        mapping, problems = check_header(headers, original)
        if problems:
            raise Refused(problems)
        return AssetJob(run, mapping, width=len(headers), dry_run=dry_run)


class AssetJob(Job):
    def __init__(self, run: ImportRun, mapping: dict[int, str], *, width: int, dry_run: bool):
        super().__init__(run, dry_run=dry_run)
        self.mapping, self.width = mapping, width
        self.actor = run.actor
        self.contingents = {c.country.iso3: c for c in Contingent.objects.select_related("country")}
        self.units = {(u.contingent_id, normalize_text(u.name)): u for u in Unit.objects.all()}
        self.kinds = _choices(Kind)
        self.owners = _choices(Ownership)
        self.seen: dict[str, int] = {}
        self.today = timezone.localdate()
        self.communes: dict[str, Commune] | None = None

    def _commune(self, text: str) -> Commune | None:
        if self.communes is None:
            self.communes = {}
            for commune in Commune.objects.all():
                self.communes[commune.pcode.upper()] = commune
                self.communes.setdefault(normalize_text(commune.name), commune)
        return self.communes.get(text.upper()) or self.communes.get(normalize_text(text))

    def _row(self, row: tabular.Row) -> tuple[dict[str, Any] | None, list[Problem]]:
        values = row.values
        raw = {
            name: tabular.unsafe_cell(values[i].strip()) if i < len(values) else ""
            for i, name in self.mapping.items()
        }
        problems: list[Problem] = []
        data: dict[str, Any] = {}

        def bad(column: str, message: str) -> None:
            problems.append(Problem(row.number, column, message))

        if any(value.strip() for value in values[self.width :]):
            bad("", _("more cells than columns"))
        for name, _column, required in COLUMNS:
            text = raw.get(name, "")
            if not text:
                if required:
                    bad(name, _("required"))
                elif name in raw:
                    data[name] = None if name in ("unit", "base_commune") else ""
                continue
            if name == "kind":
                if (code := self.kinds.get(normalize_text(text))) is None:
                    bad(name, _("unknown kind %(v)s (one of: %(a)s)")
                        % {"v": text, "a": ", ".join(Kind.values)})  # fmt: skip
                data[name] = code
            elif name == "ownership":
                if (code := self.owners.get(normalize_text(text))) is None:
                    bad(name, _("unknown owner %(v)s (one of: %(a)s)")
                        % {"v": text, "a": ", ".join(Ownership.values)})  # fmt: skip
                data[name] = code
            elif name == "contingent":
                contingent = self.contingents.get(text.upper())
                if contingent is None:
                    bad(name, _("no contingent with the code %(v)s") % {"v": text})
                elif not in_own_contingent(self.actor, contingent):
                    bad(name, _("you import your own contingent's assets only"))
                data[name] = contingent
            elif name == "received_on":
                day = parse_date(text)
                if day is None:
                    bad(name, _("not a date (use 2024-12-31 or 31/12/2024): %(v)s") % {"v": text})
                elif day > self.today:
                    bad(name, _("in the future"))
                data[name] = day
            elif name == "base_commune":
                commune = self._commune(text)
                if commune is None:
                    bad(name, _("no commune with the P-code or name %(v)s") % {"v": text})
                data[name] = commune
            elif name == "donor_country":
                code = text.upper()
                try:
                    Asset.donor_country.field.run_validators(code)
                except ValidationError:
                    bad(name, _("not an ISO 3166-1 country code: %(v)s") % {"v": text})
                data[name] = code
            elif (limit := _max_length(name)) and len(text) > limit:
                bad(name, _("longer than %(n)s characters") % {"n": limit})
            else:
                data[name] = " ".join(text.split()) if name == "identifier" else text
        contingent = data.get("contingent")
        unit_name = raw.get("unit", "")
        if unit_name and contingent is not None:
            unit = self.units.get((contingent.pk, normalize_text(unit_name)))
            if unit is None:
                bad("unit", _("no unit named %(v)s in this contingent") % {"v": unit_name})
            data["unit"] = unit
        ownership = data.get("ownership") or Ownership.CONTINGENT
        if "ownership" in raw or "ownership" not in data:
            data["ownership"] = ownership
        donor = data.get("donor_country") or ""
        if ownership == Ownership.DONATED and not donor:
            bad("donor_country", _("required for a donated asset"))
        if ownership != Ownership.DONATED and donor:
            bad("donor_country", _("only a donated asset names a donor"))
        return (None if problems else data), problems

    def check(self, rows: list[tabular.Row]) -> tuple[Plan, list[Problem], list[Problem]]:
        problems: list[Problem] = []
        good: list[dict[str, Any]] = []
        for row in rows:
            data, found = self._row(row)
            key = (data or {}).get("identifier") or ""
            folded = key.casefold()
            if folded and folded in self.seen:
                found = [
                    Problem(
                        row.number,
                        "identifier",
                        _("%(i)s already appears in row %(r)s")
                        % {"i": key, "r": self.seen[folded]},
                    )
                ]
                data = None
            elif folded:
                self.seen[folded] = row.number
            problems.extend(found)
            if data is not None:
                data["_row"] = row.number
                good.append(data)
        return self._plan(good, problems), problems, []

    def _plan(self, rows: list[dict[str, Any]], problems: list[Problem]) -> Plan:
        plan = Plan()
        keys = [row["identifier"].upper() for row in rows]
        # The identifier matches whatever its case, along the unique index on
        # its capitals (``identifier_key``): one query a chunk.
        existing = {
            asset.identifier.upper(): asset
            for asset in Asset.objects.filter(identifier_key__in=keys)
        }
        for row, key in zip(rows, keys, strict=True):
            number = row.pop("_row")
            asset = existing.get(key)
            if asset is None:
                plan.creates.append(Asset(**row, status=Status.OPERATIONAL,
                                          status_since=row["received_on"]))  # fmt: skip
                continue
            if not in_own_contingent(self.actor, asset.contingent_id):
                problems.append(
                    Problem(number, "identifier", _("an asset of another contingent has it"))
                )
                continue
            changed = [
                name
                for name, value in row.items()
                if name != "identifier" and _value(asset, name) != _value_of(value)
            ]
            if not changed:
                plan.unchanged += 1
                continue
            for name in changed:
                setattr(asset, name, row[name])
            plan.updates.append((asset, changed))
        return plan

    def write(self, valid: Plan) -> Outcome:
        if not self.dry_run:
            register_apply(actor=self.actor, plan=valid, run=self.run)
        return Outcome(
            created=len(valid.creates), updated=len(valid.updates), unchanged=valid.unchanged
        )


def _value(asset: Asset, name: str) -> Any:
    if name in ("contingent", "unit", "base_commune"):
        return getattr(asset, f"{name}_id")
    return getattr(asset, name)


def _value_of(value: Any) -> Any:
    return getattr(value, "pk", value)


@transaction.atomic
def register_apply(*, actor: Any, plan: Plan, run: ImportRun) -> None:
    """Write a chunk's plan with bulk operations, every record stamped with the run
    (whose one audit entry the pipeline writes): new assets with the first entry of
    their log (received, operational), versions bumped on change."""
    now = timezone.now()
    entries = []
    for asset in plan.creates:
        asset.created_by = asset.updated_by = actor
        asset.import_run = run
        entries.append(
            StatusEntry(
                asset=asset,
                sequence=1,
                on=asset.received_on,
                status=Status.OPERATIONAL,
                reason=Reason.RECEIVED,
                created_by=actor,
                updated_by=actor,
                import_run=run,
            )
        )
    Asset.objects.bulk_create(plan.creates, batch_size=1000)
    StatusEntry.objects.bulk_create(entries, batch_size=1000)
    fields: set[str] = set()
    for asset, changed in plan.updates:
        fields.update(changed)
        asset.version += 1
        asset.updated_by = actor
        asset.updated_at = now
        asset.import_run = run
    if plan.updates:
        attnames = sorted(Asset._meta.get_field(name).name for name in fields)
        Asset.objects.bulk_update(
            [asset for asset, _c in plan.updates],
            [*attnames, "version", "updated_by", "updated_at", "import_run"],
            batch_size=500,
        )
