"""Choosers: a record chosen by name, never by a typed code or id.

One mechanism for every part. A part declares, in its ``choosers.py``, one
``Chooser`` per kind of record users pick (a commune, a contingent, a person...) and
registers it (``register``). Then:

- ``/choose/<name>/?q=...`` (``core.urls``, one route per chooser, guarded as the
  entity's "list") answers the ``<option>``s of a ``<datalist>`` with the records
  whose name holds the words typed, from ``policy_for(model).visible(user)``: a user
  is never offered what they may not read.
- ``ChooserField`` is the form field: a text box with that datalist (htmx fills it as
  the user types; without JavaScript the exact name or code still works). It accepts
  the record's code (P-code, ISO code, service number, id), its exact name (case and
  accents ignored) or the label the list shows ("Cité Soleil (HT0111)"), and cleans
  to the record (or its code, ``to_code=True``); an unknown or ambiguous value is an
  error of the field that says so.
- ``ChooserFilter`` is the same for django-filter: the API answers 400 naming the
  parameter, and a page (``StrictFilterSet``) shows the error and no rows, never
  every row.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

from konbit.core.policies import guarded, policy_for
from konbit.core.tabular import normalize_text

# How many records the list offers at most (type more to narrow it).
LIMIT = 20
_LABELLED = re.compile(r"^(?P<name>.*)\((?P<code>[^()]+)\)\s*$")


@dataclass(frozen=True)
class Chooser:
    """How users choose one kind of record by name.

    ``code`` is the field users may type instead of the name (``pcode``,
    ``country__iso3``, ``service_number``; ``pk`` for records known by name only);
    ``names`` the fields searched (every word typed must be in one of them) and
    compared whole for an exact name; ``norm`` a field holding the name normalized
    (``core.tabular.normalize_text``), when the model keeps one, so that accents do
    not matter. ``label`` is what the list shows and what the box holds once chosen.
    ``related`` are joined for the label; ``order`` sorts the list."""

    name: str
    model: type[models.Model]
    code: str
    names: tuple[str, ...]
    label: Callable[[Any], str]
    order: tuple[str, ...] = ()
    norm: str = ""
    related: tuple[str, ...] = ()
    # The words a placeholder suggests ("Name or P-code").
    hint: Any = ""

    # --- reading --------------------------------------------------------------------
    def visible(self, user: Any) -> QuerySet[Any]:
        """What ``user`` may choose: the entity's policy decides."""
        queryset = policy_for(self.model).visible(user)
        if self.related:
            queryset = queryset.select_related(*self.related)
        return queryset.order_by(*self.order) if self.order else queryset

    def search(self, queryset: QuerySet[Any], text: str) -> QuerySet[Any]:
        """The records whose names hold every word of ``text`` (or whose code starts
        with it)."""
        text = text.strip()
        if not text:
            return queryset.none()
        words = normalize_text(text).split() if self.norm else text.split()
        by_words = Q()
        for word in words:
            one = Q(**{f"{self.norm}__contains": word}) if self.norm else Q()
            for field in self.names:
                one |= Q(**{f"{field}__icontains": word})
            by_words &= one
        code = Q() if self.code == "pk" else Q(**{f"{self.code}__istartswith": text})
        return queryset.filter(by_words | code)

    def key(self, obj: Any) -> str:
        """The record's code (what filters and links carry)."""
        value: Any = obj
        for part in self.code.split("__"):
            value = getattr(value, part)
        return str(value)

    def url(self) -> str:
        return reverse(f"core:choose_{self.name}")

    # --- resolving what was typed -----------------------------------------------------
    def _first_two(self, found: QuerySet[Any], code_only: bool) -> list[Any]:
        """Up to two of ``found`` (one is the answer, two an ambiguity): the records,
        or, ``code_only``, just their codes, unordered and without the related
        records the policy's queryset joins (a filter needs the code alone)."""
        if code_only:
            return [str(code) for code in found.order_by().values_list(self.code, flat=True)[:2]]
        return list(found[:2])

    def _by_code(self, queryset: QuerySet[Any], text: str, code_only: bool = False) -> list[Any]:
        """By code, or by id (what links and older clients send)."""
        try:
            key = uuid.UUID(text)
        except ValueError:
            key = None
        if key is not None and isinstance(self.model._meta.pk, models.UUIDField):
            return self._first_two(queryset.filter(pk=key), code_only)
        if self.code == "pk":
            return []
        return self._first_two(queryset.filter(**{f"{self.code}__iexact": text}), code_only)

    def _by_name(self, queryset: QuerySet[Any], text: str, code_only: bool = False) -> list[Any]:
        if self.norm:
            found = queryset.filter(**{self.norm: normalize_text(text)})
        else:
            exact = Q()
            for field in self.names:
                exact |= Q(**{f"{field}__iexact": text})
            found = queryset.filter(exact)
        return self._first_two(found, code_only)

    def resolve(self, queryset: QuerySet[Any], text: str, *, code_only: bool = False) -> Any:
        """The one record of ``queryset`` that ``text`` names (code, exact name, or
        the list's label), or its code (``code_only``: one lighter query, for
        filters that compare codes); ``forms.ValidationError`` naming the problem
        otherwise."""
        text = " ".join(str(text).split())
        # PostgreSQL refuses a NUL in a query's text: the value is wrong, not the server.
        ProhibitNullCharactersValidator()(text)
        labelled = _LABELLED.match(text)
        tries = [text]
        if labelled:
            tries.insert(0, labelled.group("code").strip())
        for attempt in tries:
            found = self._by_code(queryset, attempt, code_only)
            if len(found) == 1:
                return found[0]
        named = labelled.group("name").strip() if labelled else text
        found = self._by_name(queryset, named, code_only)
        if not found and labelled:
            found = self._by_name(queryset, text, code_only)
        if len(found) == 1:
            return found[0]
        if found:
            raise forms.ValidationError(
                _("Several records are named “%(value)s”: choose one from the list."),
                code="ambiguous",
                params={"value": text},
            )
        raise forms.ValidationError(
            _("Nothing is named “%(value)s”: choose from the list (type part of the name)."),
            code="unknown",
            params={"value": text},
        )

    def label_of(self, value: Any, user: Any = None) -> str:
        """The label of ``value`` (a record, its primary key or its code); ``value``
        itself when it names nothing."""
        if value in (None, ""):
            return ""
        if isinstance(value, self.model):
            return self.label(value)
        if "\x00" in str(value):  # a refused value shown again: no query can hold it
            return str(value).replace("\x00", "")
        queryset = self.model._default_manager.all()
        if self.related:
            queryset = queryset.select_related(*self.related)
        found = queryset.filter(pk=value).first() if _pk_like(self.model, value) else None
        if found is None and self.code != "pk":
            found = queryset.filter(**{f"{self.code}__iexact": str(value)}).first()
        return self.label(found) if found is not None else str(value)


def _pk_like(model: type[models.Model], value: Any) -> bool:
    pk = model._meta.pk
    if isinstance(pk, models.UUIDField):
        try:
            uuid.UUID(str(value))
        except ValueError:
            return False
    return True


# --- the registry -----------------------------------------------------------------------

_CHOOSERS: dict[str, Chooser] = {}
_loaded = False


def register(chooser: Chooser) -> Chooser:
    if chooser.name in _CHOOSERS and _CHOOSERS[chooser.name] != chooser:
        raise RuntimeError(f"a chooser is already named {chooser.name}")
    _CHOOSERS[chooser.name] = chooser
    return chooser


def _load() -> None:
    global _loaded
    if _loaded:
        return
    from konbit.core.parts import konbit_apps, part_module

    for config in konbit_apps():
        part_module(config, "choosers")
    _loaded = True


def chooser(name: str) -> Chooser:
    _load()
    return _CHOOSERS[name]


def all_choosers() -> list[Chooser]:
    _load()
    return sorted(_CHOOSERS.values(), key=lambda c: c.name)


# --- the list endpoint ------------------------------------------------------------------


def options(request: HttpRequest, name: str) -> HttpResponse:
    """The ``<option>``s for what was typed (``q``, or the box's own parameter named
    by ``field``): up to ``LIMIT`` records the user may see."""
    found = chooser(name)
    policy = policy_for(found.model)
    if not request.user.is_authenticated or not policy.part_visible(request.user):
        raise Http404
    text = request.GET.get("q") or request.GET.get(request.GET.get("field", ""), "")
    text = str(text).replace("\x00", "")[:100]
    records = list(found.search(found.visible(request.user), text)[:LIMIT])
    policy.record_reads(request.user, records, fields=found.names)
    labels = [found.label(record) for record in records]
    return render(request, "core/_chooser_options.html", {"labels": labels})


def urlpatterns() -> list[URLPattern]:
    """One route per chooser, each declared as its entity's list (the access matrix)."""
    routes = []
    for one in all_choosers():

        def view(request: HttpRequest, _name: str = one.name) -> HttpResponse:
            return options(request, _name)

        view.__name__ = f"choose_{one.name}"
        routes.append(
            path(
                f"choose/{one.name}/",
                guarded(one.model, "list")(login_required(view)),
                name=view.__name__,
            )
        )
    return routes


# --- forms ------------------------------------------------------------------------------


class ChooserInput(forms.TextInput):
    """A text box whose suggestions htmx fetches as the user types."""

    template_name = "core/widgets/chooser.html"

    def __init__(self, chooser_name: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.chooser_name = chooser_name

    def format_value(self, value: Any) -> str | None:
        if value in (None, ""):
            return None
        return chooser(self.chooser_name).label_of(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        found = chooser(self.chooser_name)
        widget = context["widget"]
        list_id = f"{widget['attrs'].get('id') or name}-options"
        widget["attrs"].update(
            {
                "list": list_id,
                "autocomplete": "off",
                "hx-get": f"{found.url()}?field={name}",
                "hx-trigger": "input changed delay:250ms, focus once",
                "hx-target": f"#{list_id}",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        )
        if found.hint and "placeholder" not in widget["attrs"]:
            widget["attrs"]["placeholder"] = str(found.hint)
        widget["list_id"] = list_id
        return context


class ChooserField(forms.Field):
    """A record chosen by name (see the module's docstring). ``queryset`` narrows
    what may be chosen (default: what the policy lets ``user`` see; set ``user``
    later with ``field.user = ...``); ``to_code`` cleans to the record's code instead
    of the record."""

    def __init__(
        self,
        chooser_name: str,
        *,
        user: Any = None,
        queryset: QuerySet[Any] | Callable[[], QuerySet[Any]] | None = None,
        to_code: bool = False,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("widget", ChooserInput(chooser_name))
        super().__init__(**kwargs)
        self.chooser_name = chooser_name
        self.user = user
        self.queryset = queryset
        self.to_code = to_code

    def choices_queryset(self) -> QuerySet[Any]:
        found = chooser(self.chooser_name)
        if self.queryset is not None:
            return self.queryset() if callable(self.queryset) else self.queryset
        return found.visible(self.user)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, models.Model):
            return value
        text = " ".join(str(value or "").split())
        if not text:
            return None
        found = chooser(self.chooser_name)
        if self.to_code:
            return found.resolve(self.choices_queryset(), text, code_only=True)
        return found.resolve(self.choices_queryset(), text)

    def prepare_value(self, value: Any) -> Any:
        return value

    def has_changed(self, initial: Any, data: Any) -> bool:
        found = chooser(self.chooser_name)
        return found.label_of(initial) != " ".join(str(data or "").split())


class ChooserMultipleInput(forms.Textarea):
    """Several records, one per line, and a box to add one more: the box's
    suggestions come as the user types (htmx), and choosing one adds its line
    (``konbit.js``). Without JavaScript, lines are typed, and what is left in the box
    is added when the form is sent."""

    template_name = "core/widgets/chooser_multiple.html"

    def __init__(self, chooser_name: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"rows": 3, **(attrs or {})})
        self.chooser_name = chooser_name

    def format_value(self, value: Any) -> str | None:
        if value in (None, "", [], ()):
            return None
        if isinstance(value, str):
            return value
        found = chooser(self.chooser_name)
        return "\n".join(found.label_of(one) for one in value)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        lines = data.getlist(name) if hasattr(data, "getlist") else [data.get(name) or ""]
        text = "\n".join(str(line or "") for line in lines)
        extra = str(data.get(f"{name}_add") or "").strip()
        return f"{text}\n{extra}" if extra else text

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}_add" not in data

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        found = chooser(self.chooser_name)
        widget = context["widget"]
        box_id = widget["attrs"].get("id") or name
        widget["add"] = {
            "name": f"{name}_add",
            "id": f"{box_id}_add",
            "list_id": f"{box_id}-options",
            "url": f"{found.url()}?field={name}_add",
            "hint": str(found.hint),
            "target": box_id,
        }
        return context


class ChooserMultipleField(ChooserField):
    """Several records chosen by name, one per line (or separated by ";"): each line
    resolves as ``ChooserField`` does, and an unknown or ambiguous one is an error
    of the field naming that line. Cleans to the list of records (no repeats)."""

    def __init__(self, chooser_name: str, **kwargs: Any) -> None:
        kwargs.setdefault("widget", ChooserMultipleInput(chooser_name))
        super().__init__(chooser_name, **kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, (list, tuple, QuerySet)):
            return list(value)
        found = chooser(self.chooser_name)
        queryset = self.choices_queryset()
        lines = [" ".join(line.split()) for line in re.split(r"[\n;]", str(value or ""))]
        records: list[Any] = []
        problems: list[forms.ValidationError] = []
        for number, line in enumerate((line for line in lines if line), start=1):
            try:
                record = found.resolve(queryset, line)
            except forms.ValidationError as exc:
                problems.append(
                    forms.ValidationError(
                        _("Line %(line)s: %(problem)s"),
                        code=exc.code,
                        params={"line": number, "problem": " ".join(exc.messages)},
                    )
                )
                continue
            if record not in records:
                records.append(record)
        if problems:
            raise forms.ValidationError(problems)
        return [found.key(r) for r in records] if self.to_code else records

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial: Any, data: Any) -> bool:
        found = chooser(self.chooser_name)
        before = sorted(found.label_of(one) for one in initial or ())
        after = sorted(" ".join(line.split()) for line in str(data or "").splitlines())
        return before != [line for line in after if line]


def set_user(fields: Iterable[forms.Field], user: Any) -> None:
    """Give every chooser of ``fields`` the user whose choices it offers."""
    for field in fields:
        if isinstance(field, ChooserField) and field.user is None:
            field.user = user


# --- filters ----------------------------------------------------------------------------


@extend_schema_field(
    {"type": "string", "description": "A code or the exact name (case and accents ignored)."}
)
class ChooserFilter(filters.Filter):
    """A filter on a record chosen by code or exact name; an unknown one is an error
    of the parameter (API: 400). ``field_name`` is compared with the record, or with
    its code when ``to_code`` (e.g. ``commune_pcode``, or a department's P-code with
    ``lookup_expr="startswith"``)."""

    field_class = ChooserField

    def __init__(self, chooser_name: str, *args: Any, to_code: bool = False, **kwargs: Any) -> None:
        kwargs["chooser_name"] = chooser_name
        kwargs["to_code"] = to_code
        super().__init__(*args, **kwargs)


class StrictFilterSet(filters.FilterSet):
    """A filter set whose choosers offer what the request's user may see, and whose
    results are empty while a value is wrong: a page shows the error beside an empty
    list, never every row (the API answers 400 before it gets here)."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user if user is not None else getattr(self.request, "user", None)

    @property
    def form(self) -> forms.Form:
        form = super().form
        if self.user is not None:
            set_user(form.fields.values(), self.user)
        return form

    def problems(self) -> list[tuple[str, list[str]]]:
        """Each filter with an error, by its label, and what is wrong (for the rows'
        partial, which an htmx request receives without the form:
        ``core/_filter_problems.html``)."""
        if not self.is_bound or self.form.is_valid():
            return []
        fields = self.form.fields
        return [
            (str(fields[name].label or "") if name in fields else "", [str(e) for e in errors])
            for name, errors in self.form.errors.items()
        ]

    @property
    def qs(self) -> QuerySet[Any]:
        if not hasattr(self, "_qs") and self.is_bound and not self.form.is_valid():
            self._qs = self.queryset.none()
        return super().qs
