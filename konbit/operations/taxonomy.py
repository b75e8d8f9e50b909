"""ACLED's event taxonomy (``data/acled_taxonomy.json``) and the mission's own
incident categories (DOMAIN.md 6.4), with the parsing of ACLED's coded values.

ACLED files differ by vintage: actor types ("inter") and interactions are numbers in
the full export and text labels in the 2024 API ("State forces-Political militia");
spellings vary ("Strategic Developments", "protestors", and the "Demostrations" of a
sample file). Everything here maps a source value to one canonical value, and says
when it had to correct it so the importer can warn.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from konbit.core.tabular import normalize_text

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def taxonomy() -> dict[str, Any]:
    with open(DATA_DIR / "acled_taxonomy.json", encoding="utf-8") as handle:
        return dict(json.load(handle))


COLUMNS: list[str] = list(taxonomy()["csv_columns_31"])
DISORDER_TYPES: list[str] = list(taxonomy()["disorder_types"])
EVENT_TYPES: dict[str, list[str]] = {
    event: [entry["sub_event_type"] for entry in subs]
    for event, subs in taxonomy()["event_types"].items()
}
# sub-event type -> (event type, disorder type)
SUB_EVENT_TYPES: dict[str, tuple[str, str]] = {
    entry["sub_event_type"]: (event, entry["disorder_type"])
    for event, subs in taxonomy()["event_types"].items()
    for entry in subs
}
INTER_CODES: dict[int, str] = {
    int(item["code"]): item["label_api_2024_text"] for item in taxonomy()["inter_codes_numeric"]
}
INTERACTION_CODES: dict[int, str] = {
    int(code): label for code, label in taxonomy()["interaction_codes_numeric"].items()
}
INTERACTION_CODES.update({70: "Sole Civilian Action", 88: "Other versus Other"})
CIVILIAN_TARGETING = "Civilian targeting"

# Known misspellings in real files: source value (normalized) -> canonical value.
_DISORDER_QUIRKS = {"demostrations": "Demonstrations"}


def _by_norm(values: Any) -> dict[str, str]:
    return {normalize_text(value): value for value in values}


_DISORDER_BY_NORM = _by_norm(DISORDER_TYPES)
_EVENT_BY_NORM = _by_norm(EVENT_TYPES)
_SUB_BY_NORM = _by_norm(SUB_EVENT_TYPES)
# ACLED's codebook spells "protestors" where its data says "protesters".
_SUB_BY_NORM["excessive force against protestors"] = "Excessive force against protesters"
_INTER_BY_NORM: dict[str, int] = {}
for _item in taxonomy()["inter_codes_numeric"]:
    _INTER_BY_NORM[normalize_text(_item["label_api_2024_text"])] = int(_item["code"])
    _INTER_BY_NORM[normalize_text(_item["label_codebook"])] = int(_item["code"])


# What a reader sees for each of ACLED's values. The values themselves stay ACLED's
# English strings (stored, imported and exported as ACLED spells them); only their
# display goes through the catalogues. Written out one by one so that makemessages
# finds them; the context "ACLED" keeps ACLED's terms apart from the mission's own
# labels that share a word ("Sexual violence", "Other", "Arrests"), so translators can
# follow ACLED's wording. A test checks that this covers the whole taxonomy.
ACLED_LABELS: dict[str, Promise] = {
    # disorder types
    "Political violence": pgettext_lazy("ACLED", "Political violence"),
    "Demonstrations": pgettext_lazy("ACLED", "Demonstrations"),
    "Strategic developments": pgettext_lazy("ACLED", "Strategic developments"),
    "Political violence; Demonstrations": pgettext_lazy(
        "ACLED", "Political violence; Demonstrations"
    ),
    # event types ("Strategic developments" is also a disorder type, above)
    "Battles": pgettext_lazy("ACLED", "Battles"),
    "Explosions/Remote violence": pgettext_lazy("ACLED", "Explosions/Remote violence"),
    "Protests": pgettext_lazy("ACLED", "Protests"),
    "Riots": pgettext_lazy("ACLED", "Riots"),
    "Violence against civilians": pgettext_lazy("ACLED", "Violence against civilians"),
    # sub-event types
    "Armed clash": pgettext_lazy("ACLED", "Armed clash"),
    "Government regains territory": pgettext_lazy("ACLED", "Government regains territory"),
    "Non-state actor overtakes territory": pgettext_lazy(
        "ACLED", "Non-state actor overtakes territory"
    ),
    "Chemical weapon": pgettext_lazy("ACLED", "Chemical weapon"),
    "Air/drone strike": pgettext_lazy("ACLED", "Air/drone strike"),
    "Suicide bomb": pgettext_lazy("ACLED", "Suicide bomb"),
    "Shelling/artillery/missile attack": pgettext_lazy(
        "ACLED", "Shelling/artillery/missile attack"
    ),
    "Remote explosive/landmine/IED": pgettext_lazy("ACLED", "Remote explosive/landmine/IED"),
    "Grenade": pgettext_lazy("ACLED", "Grenade"),
    "Peaceful protest": pgettext_lazy("ACLED", "Peaceful protest"),
    "Protest with intervention": pgettext_lazy("ACLED", "Protest with intervention"),
    "Excessive force against protesters": pgettext_lazy(
        "ACLED", "Excessive force against protesters"
    ),
    "Violent demonstration": pgettext_lazy("ACLED", "Violent demonstration"),
    "Mob violence": pgettext_lazy("ACLED", "Mob violence"),
    "Agreement": pgettext_lazy("ACLED", "Agreement"),
    "Arrests": pgettext_lazy("ACLED", "Arrests"),
    "Change to group/activity": pgettext_lazy("ACLED", "Change to group/activity"),
    "Disrupted weapons use": pgettext_lazy("ACLED", "Disrupted weapons use"),
    "Headquarters or base established": pgettext_lazy("ACLED", "Headquarters or base established"),
    "Looting/property destruction": pgettext_lazy("ACLED", "Looting/property destruction"),
    "Non-violent transfer of territory": pgettext_lazy(
        "ACLED", "Non-violent transfer of territory"
    ),
    "Other": pgettext_lazy("ACLED", "Other"),
    "Sexual violence": pgettext_lazy("ACLED", "Sexual violence"),
    "Attack": pgettext_lazy("ACLED", "Attack"),
    "Abduction/forced disappearance": pgettext_lazy("ACLED", "Abduction/forced disappearance"),
}


def acled_label(value: str) -> str | Promise:
    """What a reader sees for one of ACLED's disorder, event or sub-event types: the
    label in the active language (ACLED's own spelling in English). A value outside
    the taxonomy is shown as it is stored."""
    return ACLED_LABELS.get(value, value)


EVENT_TYPE_CHOICES: list[tuple[str, str | Promise]] = [(e, acled_label(e)) for e in EVENT_TYPES]
# Sub-event types grouped under their event type, for a select's optgroups.
SUB_EVENT_TYPE_CHOICES: list[tuple[str | Promise, list[tuple[str, str | Promise]]]] = [
    (acled_label(event), [(sub, acled_label(sub)) for sub in subs])
    for event, subs in EVENT_TYPES.items()
]


class TaxonomyError(ValueError):
    """A value that is not in ACLED's taxonomy (the message says why)."""


def disorder_type(value: str) -> tuple[str, bool]:
    """The canonical disorder type and whether the source spelled it differently
    from any known spelling (a quirk that was mapped: the importer warns)."""
    key = normalize_text(value)
    if key in _DISORDER_BY_NORM:
        return _DISORDER_BY_NORM[key], False
    if key in _DISORDER_QUIRKS:
        return _DISORDER_QUIRKS[key], True
    raise TaxonomyError(_("“%(v)s” is not one of ACLED's disorder types.") % {"v": value})


def event_type(value: str) -> str:
    try:
        return _EVENT_BY_NORM[normalize_text(value)]
    except KeyError:
        raise TaxonomyError(
            _("“%(v)s” is not one of ACLED's event types.") % {"v": value}
        ) from None


def sub_event_type(value: str, event: str) -> str:
    """The canonical sub-event type, which must belong to ``event``."""
    sub = _SUB_BY_NORM.get(normalize_text(value))
    if sub is None:
        raise TaxonomyError(_("“%(v)s” is not one of ACLED's sub-event types.") % {"v": value})
    if SUB_EVENT_TYPES[sub][0] != event:
        raise TaxonomyError(
            _("“%(sub)s” is a sub-event type of “%(right)s”, not of “%(event)s”.")
            % {"sub": sub, "right": SUB_EVENT_TYPES[sub][0], "event": event}
        )
    return sub


def inter_code(value: str) -> int | None:
    """An actor type as ACLED's number: "3", "3.0" or "Political militia" give 3;
    empty gives None (no actor 2)."""
    text = value.strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        code = _INTER_BY_NORM.get(normalize_text(text))
        if code is None:
            raise TaxonomyError(
                _("“%(v)s” is not an ACLED actor type (1 to 8 or its label).") % {"v": value}
            ) from None
        return code
    if not number.is_integer() or not 0 <= number <= 8:
        raise TaxonomyError(_("“%(v)s” is not an ACLED actor type (0 to 8).") % {"v": value})
    return int(number) or None


def interaction_code(value: str) -> int | None:
    """An interaction as ACLED's number: "13", or the 2024 labels "State
    forces-Political militia" (13) and "Political militia only" (30)."""
    text = value.strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return _interaction_from_label(text, value)
    if not number.is_integer() or not (int(number) == 0 or _valid_interaction(int(number))):
        raise TaxonomyError(_("“%(v)s” is not an ACLED interaction code.") % {"v": value})
    return int(number)


def _valid_interaction(code: int) -> bool:
    """10 x one actor type + the other (the larger, or 0 when alone): ACLED's rule,
    which real files follow beyond the codebook's list (77, civilians vs civilians)."""
    first, second = divmod(code, 10)
    return 1 <= first <= 8 and (second == 0 or first <= second <= 8)


def _interaction_from_label(text: str, original: str) -> int:
    key = normalize_text(text)
    if key.endswith(" only"):
        code = _INTER_BY_NORM.get(key[: -len(" only")])
        if code is not None:
            return code * 10
    # The labels themselves contain "/" and "-" only between the two actor types
    # ("External/Other forces-Civilians"), so split on each "-" and try both sides.
    parts = text.split("-")
    for i in range(1, len(parts)):
        first = _INTER_BY_NORM.get(normalize_text("-".join(parts[:i])))
        second = _INTER_BY_NORM.get(normalize_text("-".join(parts[i:])))
        if first is not None and second is not None:
            return 10 * min(first, second) + max(first, second)
    raise TaxonomyError(_("“%(v)s” is not an ACLED interaction.") % {"v": original})


def interaction_for(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's rule: 10 * the smaller actor type + the larger; 10 * inter1 alone."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    return 10 * min(inter1, inter2) + max(inter1, inter2)


class Category(models.TextChoices):
    """The mission's incident categories (DOMAIN.md 6.4; maps to BINUH and ACLED)."""

    KILLING = "KILLING", _("Killing")
    MASSACRE = "MASSACRE", _("Massacre")
    INJURY = "INJURY", _("Injury")
    KIDNAPPING = "KIDNAPPING", _("Kidnapping")
    SEXUAL_VIOLENCE = "SEXUAL_VIOLENCE", _("Sexual violence")
    LYNCHING_SELF_DEFENCE = "LYNCHING_SELF_DEFENCE", _("Lynching / self-defence group")
    SUMMARY_EXECUTION_ALLEGATION = (
        "SUMMARY_EXECUTION_ALLEGATION",
        _("Alleged summary execution"),
    )
    ARMED_CLASH_SECURITY_FORCES = (
        "ARMED_CLASH_SECURITY_FORCES",
        _("Armed clash with security forces"),
    )
    ATTACK_ON_POLICE = "ATTACK_ON_POLICE", _("Attack on police")
    ATTACK_ON_MISSION = "ATTACK_ON_MISSION", _("Attack on the mission")
    ATTACK_ON_INFRASTRUCTURE = "ATTACK_ON_INFRASTRUCTURE", _("Attack on infrastructure")
    JAILBREAK = "JAILBREAK", _("Jailbreak")
    ARSON_PROPERTY_DESTRUCTION = "ARSON_PROPERTY_DESTRUCTION", _("Arson / property destruction")
    ROADBLOCK_EXTORTION = "ROADBLOCK_EXTORTION", _("Roadblock / extortion")
    CHILD_RECRUITMENT = "CHILD_RECRUITMENT", _("Child recruitment")
    HUMANITARIAN_OBSTRUCTION = "HUMANITARIAN_OBSTRUCTION", _("Humanitarian obstruction")
    AIR_DRONE_STRIKE = "AIR_DRONE_STRIKE", _("Air / drone strike")
    DISPLACEMENT_EVENT = "DISPLACEMENT_EVENT", _("Displacement")
    TERRITORY_GAINED_BY_GANG = "TERRITORY_GAINED_BY_GANG", _("Territory gained by a gang")
    TERRITORY_REGAINED_BY_STATE = (
        "TERRITORY_REGAINED_BY_STATE",
        _("Territory regained by the state"),
    )
    ARREST_DETENTION = "ARREST_DETENTION", _("Arrest / detention")
    SEIZURE = "SEIZURE", _("Seizure")
    PROTEST_RIOT = "PROTEST_RIOT", _("Protest / riot")


class Perpetrator(models.TextChoices):
    """Who caused the harm, as BINUH splits casualties (DOMAIN.md 5.2)."""

    GANG = "gang", _("Gang")
    HNP = "hnp", _("HNP")
    FADH = "fadh", _("FAd'H")
    MISSION = "mission", _("MSS / GSF")
    CONTRACTOR = "contractor", _("Private contractor")
    SELF_DEFENCE = "self_defence", _("Self-defence group")
    UNKNOWN = "unknown", _("Unknown")


# A first category for an imported event, from its sub-event type (analysts refine it).
CATEGORY_FOR_SUB_EVENT: dict[str, str] = {
    "Armed clash": Category.ARMED_CLASH_SECURITY_FORCES,
    "Government regains territory": Category.TERRITORY_REGAINED_BY_STATE,
    "Non-state actor overtakes territory": Category.TERRITORY_GAINED_BY_GANG,
    "Air/drone strike": Category.AIR_DRONE_STRIKE,
    "Sexual violence": Category.SEXUAL_VIOLENCE,
    "Attack": Category.KILLING,
    "Abduction/forced disappearance": Category.KIDNAPPING,
    "Peaceful protest": Category.PROTEST_RIOT,
    "Protest with intervention": Category.PROTEST_RIOT,
    "Excessive force against protesters": Category.PROTEST_RIOT,
    "Violent demonstration": Category.PROTEST_RIOT,
    "Mob violence": Category.LYNCHING_SELF_DEFENCE,
    "Arrests": Category.ARREST_DETENTION,
    "Disrupted weapons use": Category.SEIZURE,
    "Looting/property destruction": Category.ARSON_PROPERTY_DESTRUCTION,
}
