"""One access policy per entity: every may-this-user decision about a kind of record.

A part declares, in its ``policies.py``, one ``Policy`` subclass per model and
registers it (``@register``). Pages, the API, serializers, exports, stats, map data
and services ask the policy; nothing else decides access. A policy asks the Django
permissions that each role's group holds (declared in the parts' ``permissions.py``)
plus the entity's scoping rule; it never names a role.

    visible(user)              the records the user may read (scoped queryset)
    part_visible(user)         whether the user's role has this part at all (else 404)
    can_create / can_change / can_delete
    allows(user, action, obj)  the same, and named extra actions (release, import...)
    hidden_fields(user)        the sensitive fields this user must not receive
    audits_reads(user)         whether this user's reads of these records are audited
    get_for(user, pk, write=)  404 if not visible, 403 if visible but not changeable
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Generic, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)

# The actions every entity has, in the order the access table shows them.
CRUD = ("create", "change", "delete")


class Policy(Generic[M]):
    """The access rules of one model. Deny by default: each rule asks a permission.

    Subclasses set ``model`` and override ``scope`` (which rows a reader sees),
    ``in_scope`` (whether a user may write a given record) and the rest only where
    their entity differs from plain model permissions.
    """

    model: type[M]
    # Named extra actions and the permission each needs ("release": "operations.release_incident").
    actions: ClassVar[dict[str, str]] = {}
    # Fields some readers must not get, and the permission that lets a reader get them.
    sensitive_fields: ClassVar[tuple[str, ...]] = ()
    sensitive_perm: ClassVar[str | None] = None
    # Reads of these records are recorded in the audit trail (people, victims...).
    audit_reads: ClassVar[bool] = False
    # A read is audited only when it returns one of these fields (None: any read).
    audited_fields: ClassVar[frozenset[str] | None] = None
    # Foreign keys to records whose reads are audited too, which every read of this
    # kind shows (a deployment names its person): their reads are recorded with it.
    audited_relations: ClassVar[tuple[str, ...]] = ()
    # What the "Who sees what" table says of a reader, when not plain R/W (e.g. "own").
    read_label: ClassVar[str] = ""

    # --- permissions ---------------------------------------------------------------
    def perm(self, verb: str) -> str:
        """The model permission ``<app>.<verb>_<model>``."""
        meta = self.model._meta
        return f"{meta.app_label}.{verb}_{meta.model_name}"

    @staticmethod
    def has(user: Any, perm: str | None) -> bool:
        return bool(perm) and user is not None and bool(user.has_perm(perm))

    # --- reading ---------------------------------------------------------------------
    def part_visible(self, user: Any) -> bool:
        """False: the user's role has no access to this kind at all (every page and
        endpoint of it is 404)."""
        return self.has(user, self.perm("view"))

    def base_queryset(self) -> models.QuerySet[M]:
        """Every record, with what readers of this kind always need joined."""
        return self.model._default_manager.all()

    def scope(self, user: Any, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        """The rows of ``queryset`` this reader may see (all by default)."""
        return queryset

    def visible(self, user: Any) -> models.QuerySet[M]:
        """The records ``user`` may read: pages, API lists, exports and stats all
        start from here, so scoping cannot drift between them."""
        if not self.part_visible(user):
            return self.model._default_manager.none()
        return self.scope(user, self.base_queryset())

    def hidden_fields(self, user: Any, obj: M | None = None) -> frozenset[str]:
        """The sensitive fields ``user`` must not receive (of ``obj``, when a record's
        own content decides more); serializers, pages and exports drop them."""
        if not self.sensitive_fields or self.has(user, self.sensitive_perm):
            return frozenset()
        return frozenset(self.sensitive_fields)

    def audits_reads(self, user: Any, fields: Iterable[str] | None = None) -> bool:
        """Whether a read by ``user`` returning ``fields`` (None: the whole record) is
        recorded in the audit trail."""
        if not self.audit_reads:
            return False
        if self.audited_fields is None or fields is None:
            return True
        shown = set(fields) - self.hidden_fields(user)
        return bool(shown & self.audited_fields)

    def record_reads(
        self,
        user: Any,
        records: Iterable[Any],
        *,
        fields: Iterable[str] | None = None,
        related: bool = True,
    ) -> int:
        """Audit ``user``'s read of ``records`` if this policy says so: one entry per
        record in one bulk insert, before the response is sent. Every page, API view
        and export that returns records calls this with what it returns. The
        ``audited_relations`` they name are read with them (``related=False``: the
        page already recorded that read, e.g. a person's page listing their
        deployments)."""
        from konbit.core import audit

        shown = None if fields is None else list(fields)
        if self.audited_relations and related:
            # A kind not audited itself may name one that is (a relation, its person).
            records = list(records)
            for name in self.audited_relations:
                field = self.model._meta.get_field(name)
                other = policy_for(field.related_model)  # type: ignore[arg-type]
                other.record_reads(user, self._related(records, field))
        if not self.audits_reads(user, shown):
            return 0
        return audit.record_reads(actor=user, model=self.model, records=records)

    def _related(self, records: list[Any], field: Any) -> list[Any]:
        """The records ``field`` (a foreign key) points to from ``records``, each
        once: loaded ones as they are, the others by id."""
        found: dict[Any, Any] = {}
        missing = []
        for item in records:
            if isinstance(item, models.Model):
                if field.is_cached(item):
                    target = getattr(item, field.name)
                    if target is not None:
                        found[target.pk] = target
                elif (key := getattr(item, field.attname)) is not None:
                    found.setdefault(key, {"id": key})
            else:
                missing.append(item["id"])
        if missing:
            rows = self.model._default_manager.filter(pk__in=missing)
            for pk in rows.values_list(field.attname, flat=True):
                if pk is not None:
                    found.setdefault(pk, {"id": pk})
        return list(found.values())

    # --- writing ---------------------------------------------------------------------
    def in_scope(self, user: Any, obj: M | None = None, **ctx: Any) -> bool:
        """Whether ``user`` may write this record (or, for a new one, a record with
        ``ctx``, e.g. ``contingent=``): True unless the entity is scoped."""
        return True

    def can_create(self, user: Any, **ctx: Any) -> bool:
        return self.has(user, self.perm("add")) and self.in_scope(user, None, **ctx)

    def can_change(self, user: Any, obj: M) -> bool:
        return self.has(user, self.perm("change")) and self.in_scope(user, obj)

    def can_delete(self, user: Any, obj: M) -> bool:
        return self.has(user, self.perm("delete")) and self.in_scope(user, obj)

    def allows(self, user: Any, action: str, obj: M | None = None, **ctx: Any) -> bool:
        """Whether ``user`` may do ``action`` ("create", "change", "delete" or a named
        extra action) to ``obj``; unknown actions are refused."""
        if action == "create":
            return self.can_create(user, **ctx)
        if action in ("change", "delete"):
            if obj is None:
                return self.has(user, self.perm(action))
            return self.can_change(user, obj) if action == "change" else self.can_delete(user, obj)
        perm = self.actions.get(action)
        if perm is None or not self.has(user, perm):
            return False
        return self.allows_extra(user, action, obj, **ctx)

    def allows_extra(self, user: Any, action: str, obj: M | None, **ctx: Any) -> bool:
        """The rule of a named action beyond its permission: by default, the scope
        of the record (or of ``ctx`` for a record not yet chosen)."""
        return self.in_scope(user, obj, **ctx)

    # --- one record for a user -------------------------------------------------------
    def get_for(
        self,
        user: Any,
        pk: Any,
        *,
        write: bool = False,
        queryset: models.QuerySet[M] | None = None,
    ) -> M:
        """The record ``pk`` as ``user`` may see it: 404 if the part or the record is
        not visible to them (never reveal it exists), 403 with ``write`` if they may
        see but not change it."""
        if not self.part_visible(user):
            raise Http404
        records = self.visible(user) if queryset is None else queryset
        try:
            obj = records.get(pk=pk)
        except (ObjectDoesNotExist, ValidationError, ValueError, TypeError):
            raise Http404 from None
        if write and not self.can_change(user, obj):
            raise PermissionDenied
        return obj

    def require(self, user: Any, action: str, obj: M | None = None, **ctx: Any) -> None:
        """403 unless ``allows(user, action, obj)``; for services and views."""
        if not self.allows(user, action, obj, **ctx):
            raise PermissionDenied

    def require_part(self, user: Any) -> None:
        """404 unless the user's role has this part."""
        if not self.part_visible(user):
            raise Http404


# --- which decision a view is ------------------------------------------------------------

# Views that ask no entity's policy: open to anyone (sign-in, health, language), or to
# anyone signed in (the front page, one's own account).
OPEN = "open"
SIGNED_IN = "signed_in"
# The import pages of every importer: the importer's ``may_import`` (its policy) decides.
IMPORTER = "importer"

V = TypeVar("V")


def guarded(
    model: type[models.Model] | str, action: str = "", *, target: type[models.Model] | None = None
) -> Any:
    """Declare the policy decision a page or API view stands for: ``(model, action)``
    with ``action`` one of list, detail, create, change, delete or a named action
    (``target`` when the URL names a record of another model, e.g. the contingent
    of a roster export: the policy is asked ``allows(user, action, <model_name>=record)``,
    ``contingent=`` there), or ``OPEN``/``SIGNED_IN``/``IMPORTER``. The view still asks
    the policy itself; the access matrix test reads this to know what to expect, and
    fails on a route that declares nothing."""

    def mark(view: V) -> V:
        view.konbit_access = (model, action, target)  # type: ignore[attr-defined]
        return view

    return mark


# --- the registry ---------------------------------------------------------------------

_REGISTRY: dict[type[models.Model], Policy[Any]] = {}
_loaded = False

P = TypeVar("P", bound=Policy[Any])


def register(cls: type[P]) -> type[P]:
    """Class decorator: ``cls()`` becomes the policy of ``cls.model``."""
    model = cls.model
    if model in _REGISTRY and type(_REGISTRY[model]) is not cls:
        raise RuntimeError(f"{model.__name__} already has a policy")
    _REGISTRY[model] = cls()
    return cls


def _load() -> None:
    global _loaded
    if _loaded:
        return
    from konbit.core.parts import konbit_apps, part_module

    for config in konbit_apps():
        part_module(config, "policies")
    _loaded = True


def policy_for(model: type[M] | M) -> Policy[M]:
    """The policy of ``model`` (a class or an instance); a model without one is an
    error, never an open door."""
    _load()
    cls = model if isinstance(model, type) else type(model)
    try:
        return _REGISTRY[cls]
    except KeyError:
        raise LookupError(f"{cls.__name__} has no access policy") from None


def all_policies() -> list[Policy[Any]]:
    """Every registered policy, by app then model name."""
    _load()
    return sorted(
        _REGISTRY.values(),
        key=lambda p: (p.model._meta.app_label, p.model._meta.model_name or ""),
    )


# --- core's own entities ----------------------------------------------------------------

from django.contrib.auth.models import Group  # noqa: E402  (after the framework)

from konbit.core.models import AuditEntry, ImportRun  # noqa: E402

# Parts whose audit entries are read only by holders of a permission of their own:
# nobody outside oversight reads about a complaint, not even the mission administrator.
RESTRICTED_AUDIT_DOMAINS: dict[str, str] = {"oversight": "core.view_oversight_auditentry"}


@register
class AuditEntryPolicy(Policy[AuditEntry]):
    """The audit trail obeys the access rules of the records it describes:
    ``core.view_auditentry`` reads every part's entries but the restricted parts';
    a restricted part's entries are read by holders of its own permission only.
    Nobody writes it but the services; nothing changes or deletes it."""

    model = AuditEntry
    read_label = "by part"

    def _restricted(self, user: Any) -> tuple[list[str], list[str]]:
        readable = [d for d, perm in RESTRICTED_AUDIT_DOMAINS.items() if self.has(user, perm)]
        hidden = [d for d in RESTRICTED_AUDIT_DOMAINS if d not in readable]
        return readable, hidden

    def part_visible(self, user: Any) -> bool:
        return self.has(user, self.perm("view")) or bool(self._restricted(user)[0])

    def scope(
        self, user: Any, queryset: models.QuerySet[AuditEntry]
    ) -> models.QuerySet[AuditEntry]:
        readable, hidden = self._restricted(user)
        if self.has(user, self.perm("view")):
            return queryset.exclude(domain__in=hidden)
        return queryset.filter(domain__in=readable)

    def can_create(self, user: Any, **ctx: Any) -> bool:
        return False

    def can_change(self, user: Any, obj: AuditEntry) -> bool:
        return False

    def can_delete(self, user: Any, obj: AuditEntry) -> bool:
        return False


@register
class RolePolicy(Policy[Group]):
    """The roles (groups) and what each may do: read by holders of
    ``auth.view_group`` (the "Who sees what" page); changed only by ``migrate``."""

    model = Group

    def can_create(self, user: Any, **ctx: Any) -> bool:
        return False

    def can_change(self, user: Any, obj: Group) -> bool:
        return False

    def can_delete(self, user: Any, obj: Group) -> bool:
        return False


@register
class ImportRunPolicy(Policy[ImportRun]):
    """Every signed-in user follows their own imports; ``core.view_importrun`` reviews
    everyone's. Runs are written by the importers' services only."""

    model = ImportRun
    read_label = "own"

    def part_visible(self, user: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False) and user.is_active)

    def base_queryset(self) -> models.QuerySet[ImportRun]:
        return ImportRun.objects.select_related("actor")

    def scope(self, user: Any, queryset: models.QuerySet[ImportRun]) -> models.QuerySet[ImportRun]:
        if self.has(user, self.perm("view")):
            return queryset
        return queryset.filter(actor_id=user.pk)

    def can_create(self, user: Any, **ctx: Any) -> bool:
        return False

    def can_change(self, user: Any, obj: ImportRun) -> bool:
        return False

    def can_delete(self, user: Any, obj: ImportRun) -> bool:
        return False
