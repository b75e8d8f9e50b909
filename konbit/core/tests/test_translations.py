"""The translation catalogues: complete, placeholders intact, compiled, and served."""

import re
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.test import Client, RequestFactory
from django.utils import translation
from rest_framework.exceptions import MethodNotAllowed, NotAuthenticated

LOCALE = Path(settings.LOCALE_PATHS[0])
LANGUAGES = ["fr", "es", "ht"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
PLURAL_FORMS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "ht": "nplurals=1; plural=0;",
}


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def live(po: polib.POFile) -> Iterator[polib.POEntry]:
    return (entry for entry in po if not entry.obsolete)


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text.replace("%%", "")))


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_and_not_fuzzy(language):
    po = catalogue(language)
    assert len(list(live(po))) > 150
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert not po.metadata_is_fuzzy


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_headers(language):
    po = catalogue(language)
    assert po.metadata["Language"] == language
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert po.metadata["Language-Team"] != "LANGUAGE <LL@li.org>"
    nplurals = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"])[1])  # type: ignore[index]
    if language in PLURAL_FORMS:
        assert po.metadata["Plural-Forms"] == PLURAL_FORMS[language]
    for entry in live(po):
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == list(range(nplurals)), entry.msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language):
    wrong = []
    for entry in live(catalogue(language)):
        if entry.msgid_plural:
            expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
            forms = list(entry.msgstr_plural.values())
        else:
            expected = placeholders(entry.msgid)
            forms = [entry.msgstr]
        wrong += [(entry.msgid, form) for form in forms if placeholders(form) != expected]
        if expected and any(p.startswith("%") for p in expected):
            assert "python-format" in entry.flags, entry.msgid
    assert wrong == []


def _messages(entries: Iterator[polib._BaseEntry]) -> dict[tuple[str | None, str], object]:
    return {
        (e.msgctxt, e.msgid): (
            tuple(sorted(e.msgstr_plural.items())) if e.msgid_plural else e.msgstr
        )
        for e in entries
        if e.msgid  # the header
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_is_up_to_date(language):
    po = catalogue(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    translated = (e for e in po.translated_entries() if not e.obsolete)
    assert _messages(iter(mo)) == _messages(translated)
    assert mo.metadata["Plural-Forms"] == po.metadata["Plural-Forms"]


def test_haitian_creole_is_chosen_from_accept_language(db):
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE="ht")
    assert translation.get_language_from_request(request) == "ht"
    response = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="ht")
    assert response["Content-Language"] == "ht"
    assert b'<html lang="ht">' in response.content
    assert "Konekte" in response.content.decode()
    assert "Modpas" in response.content.decode()


def test_haitian_creole_reaches_framework_messages():
    """Django and DRF have no Haitian Creole: Konbit's catalogue must match their msgids."""
    with translation.override("ht"):
        assert str(NotAuthenticated().detail) == "Ou pa bay enfòmasyon otantifikasyon yo."
        assert str(MethodNotAllowed("DELETE").detail) == "Metòd «DELETE» pa otorize."
        with pytest.raises(ValidationError) as error:
            MaxLengthValidator(2)("abc")
        assert error.value.messages == ["Asire w valè sa a pa gen plis pase 2 karaktè (li gen 3)."]


def test_language_switch_to_haitian_creole(db):
    browser = Client()
    browser.post("/i18n/setlang/", {"language": "ht", "next": "/accounts/login/"})
    response = browser.get("/accounts/login/")
    assert b'<html lang="ht">' in response.content
    assert "Konekte" in response.content.decode()
