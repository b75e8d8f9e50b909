"""The hostile-file corpus, against every importer the pipeline knows.

The importers are found as the pipeline finds them (each part's ``importers()``), so
an importer added tomorrow meets the same files without editing this test. Each file
goes through the importer's own upload page as a user who may import, and the run
the tasks carry out: every one gets a clear refusal (a message naming what is wrong)
or is handled correctly, never a 500 or a failed run (a traceback), and nothing is
written but the run's own record.

The file with a million short rows is read with bounded memory; it runs in the
reliability suite (CI, or KONBIT_RELIABILITY=1).
"""

from __future__ import annotations

import io
import os
import tracemalloc
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.urls import reverse
from django.utils.html import escape
from openpyxl import Workbook

from konbit.accounts.tests.cast import CAST
from konbit.core.imports import pipeline
from konbit.core.models import ImportRun

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("import_context")]

IMPORTERS = sorted(pipeline.importers().values(), key=lambda i: i.kind)
# What an import may write whatever happens: its run, and what the task backend and
# the session keep.
BOOKKEEPING = {"core.importrun", "core.importprogress"}
BOOKKEEPING_APPS = {"sessions", "axes", "django_tasks_database"}


def _header(importer: Any) -> str:
    """The importer's own header when it offers an example file, else a plain one."""
    if "csv" in importer.example_formats:
        first = importer.example("csv").decode("utf-8-sig").splitlines()[0]
        return first
    return "id,name,date"


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _zip_bomb() -> bytes:
    """An XLSX whose sheet inflates 2,000-fold: 100 MB from 100 KB."""
    good = zipfile.ZipFile(io.BytesIO(_xlsx([["a", "b"], ["1", "2"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in good.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                body = b'<?xml version="1.0"?><worksheet><sheetData>' + b" " * (100 * 1024 * 1024)
                bomb.writestr(item.filename, body + b"</sheetData></worksheet>")
            else:
                bomb.writestr(item, good.read(item.filename))
    return out.getvalue()


def _lying_dimension(header: str) -> bytes:
    """An XLSX that declares a million rows by sixteen thousand columns."""
    source = zipfile.ZipFile(io.BytesIO(_xlsx([header.split(","), ["x"] * 3])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as liar:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                start = data.index(b"<dimension")
                end = data.index(b"/>", start) + 2
                data = data[:start] + b'<dimension ref="A1:XFD1048576"/>' + data[end:]
            liar.writestr(item, data)
    return out.getvalue()


# name: (file name, bytes from the importer's header)
CORPUS: dict[str, Callable[[str], tuple[str, bytes]]] = {
    "empty file": lambda h: ("empty.csv", b""),
    "header only": lambda h: ("header.csv", (h + "\n").encode()),
    "header only xlsx": lambda h: ("header.xlsx", _xlsx([h.split(",")])),
    "binary garbage csv": lambda h: ("garbage.csv", os.urandom(4096)),
    "binary garbage xlsx": lambda h: ("garbage.xlsx", os.urandom(4096)),
    "zip bomb xlsx": lambda h: ("bomb.xlsx", _zip_bomb()),
    "truncated xlsx": lambda h: (
        "cut.xlsx",
        (lambda b: b[: len(b) // 2])(_xlsx([h.split(","), ["x"] * 3] * 50)),
    ),
    "truncated csv": lambda h: ("cut.csv", (h + "\n" + '"x,' * 3).encode()),
    "unclosed quote": lambda h: ("quote.csv", (h + '\n"never closed,x,x\nx,x,x\n').encode()),
    "utf-16": lambda h: ("utf16.csv", (h + "\nÉtienne,Pétion-Ville,x\n").encode("utf-16")),
    "latin-1": lambda h: ("latin1.csv", (h + "\nÉtienne,Pétion-Ville,x\n").encode("latin-1")),
    "formula cells": lambda h: (
        "formula.csv",
        (
            h
            + "\n"
            + ",".join(['=HYPERLINK("http://evil.example","x")'] * len(h.split(",")))
            + "\n"
            + ",".join(["@SUM(1+1)*cmd|' /C calc'!A0"] * len(h.split(",")))
            + "\n"
        ).encode(),
    ),
    "lying dimension xlsx": lambda h: ("liar.xlsx", _lying_dimension(h)),
    "wrong extension": lambda h: ("roster.exe", b"MZ\x90\x00"),
}


def _counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower not in BOOKKEEPING
        and model._meta.app_label not in BOOKKEEPING_APPS
        and not model._meta.proxy
    }


def _options_data(importer: Any, user: Any) -> dict[str, Any]:
    """The options form filled with its first choice of each field."""
    data: dict[str, Any] = {}
    for name, field in importer.options_form(user).fields.items():
        if isinstance(field, forms.ModelChoiceField):
            first = field.queryset.first()
            data[name] = "" if first is None else str(first.pk)
        elif isinstance(field, forms.ChoiceField):
            values = [value for value, _label in field.choices if value]
            data[name] = values[0] if values else ""
        elif field.initial is not None:
            data[name] = field.initial
    return data


def _importer_user(importer: Any, cast: dict[str, Any]) -> Any:
    for who in CAST:
        user = cast[who]
        if user is not None and importer.may_import(user):
            return user
    pytest.fail(f"nobody of the cast may use the {importer.kind} importer")


def _send(importer: Any, user: Any, browser: Any, name: str, body: bytes) -> tuple[Any, Any]:
    upload = io.BytesIO(body)
    upload.name = name
    data = {**_options_data(importer, user), "file": upload}
    response = browser.post(reverse(importer.upload_url_name), data)
    run = ImportRun.objects.filter(kind=importer.kind).order_by("-started_at").first()
    return response, run


@pytest.mark.parametrize("hostile", list(CORPUS))
@pytest.mark.parametrize("importer", IMPORTERS, ids=[i.kind for i in IMPORTERS])
def test_a_hostile_file_is_refused_clearly_and_writes_nothing(
    importer, hostile, cast, contingents, client_as, settings
):
    user = _importer_user(importer, cast)
    name, body = CORPUS[hostile](_header(importer))
    browser = client_as(user)
    before = _counts()
    runs_before = ImportRun.objects.count()
    response, run = _send(importer, user, browser, name, body)
    assert response.status_code < 500
    if response.status_code == 400:
        # Refused on the page, before anything is stored: the form says why.
        assert ImportRun.objects.count() == runs_before
        assert 'class="errorlist' in response.content.decode()
    else:
        assert response.status_code == 302, response.content[:500]
        assert run is not None and ImportRun.objects.count() == runs_before + 1
        # Checked at once (tests run tasks immediately): refused with reasons, or a
        # preview waiting for confirmation; never a failed run.
        assert run.status in (ImportRun.Status.REFUSED, ImportRun.Status.PENDING), (
            run.status,
            run.problems[:3],
        )
        if run.status == ImportRun.Status.REFUSED:
            assert run.problems and all(p.get("message") for p in run.problems), run.problems
            # Its page shows the reasons, as the user meets them.
            page = browser.get(reverse("core:import_detail", args=[run.pk]))
            assert page.status_code == 200
            assert escape(run.problems[0]["message"]) in page.content.decode()
    assert _counts() == before


@pytest.mark.parametrize("importer", IMPORTERS, ids=[i.kind for i in IMPORTERS])
def test_a_file_over_the_size_limit_is_refused_before_it_is_stored(
    importer, cast, contingents, client_as, settings
):
    settings.KONBIT_UPLOAD_MAX_MB = 1
    user = _importer_user(importer, cast)
    body = (_header(importer) + "\n" + "x," * 700_000).encode()
    before = ImportRun.objects.count()
    response, _run = _send(importer, user, client_as(user), "huge.csv", body)
    assert response.status_code == 400
    assert "the largest accepted is 1 MB" in response.content.decode()
    assert ImportRun.objects.count() == before


@pytest.mark.skipif(
    not (os.environ.get("CI") or os.environ.get("KONBIT_RELIABILITY")),
    reason="the reliability suite runs in CI, or with KONBIT_RELIABILITY=1",
)
@pytest.mark.parametrize("importer", IMPORTERS, ids=[i.kind for i in IMPORTERS])
def test_a_million_short_rows_are_read_in_bounded_memory(importer, cast, contingents, client_as):
    user = _importer_user(importer, cast)
    columns = len(_header(importer).split(","))
    body = (_header(importer) + "\n" + ("x" + "," * (columns - 1) + "\n") * 1_000_000).encode()
    browser = client_as(user)
    before = _counts()
    tracemalloc.start()
    try:
        response, run = _send(importer, user, browser, "million.csv", body)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 302
    assert run is not None and run.status == ImportRun.Status.REFUSED, run.status
    assert run.problems and run.problems[0]["message"]
    # The file is held once by the upload (Django keeps it on disk past 10 MB, in
    # memory below); beyond it, reading, checking and refusing it stays small.
    assert peak < len(body) + 64 * 1024 * 1024, peak
    assert _counts() == before
