"""How a name is matched to a group: exactly (a link) or closely (a suggestion).

``Matcher`` is built once from the registry (every group's name and aliases, every
leader's names) and answers for any number of names without a query. A name links
automatically only when its key (``names.name_key``) is the key of exactly one group;
anything looser (a known name inside a longer one, a close spelling, a leader's
nickname) is a suggestion with its reason, for a person to confirm or reject.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from konbit.actors.models import ArmedGroup, GroupAlias, Relation, RelationKind, Role
from konbit.actors.models.people import PersonAlias
from konbit.actors.names import is_generic, name_key, words

# How alike two keys must be (difflib's ratio) for a suggestion.
SIMILAR = 0.84
# Keys shorter than this are never matched loosely ("g9" is not "g8").
MIN_LOOSE = 4
# A leader's nickname is matched as whole words, so a short one is safe ("Izo").
MIN_NICKNAME = 3
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Match:
    group_id: Any  # UUID
    exact: bool
    reason: str


class Matcher:
    def __init__(self) -> None:
        # key -> {group id: the name or alias as written}
        self.keys: dict[str, dict[Any, str]] = {}
        for pk, name, key in ArmedGroup.objects.values_list("pk", "name", "name_norm"):
            self.keys.setdefault(key, {})[pk] = name
        for pk, name, key in GroupAlias.objects.values_list("group_id", "name", "name_norm"):
            self.keys.setdefault(key, {}).setdefault(pk, name)
        self.names = dict(ArmedGroup.objects.values_list("pk", "name"))
        # The word sequences of each key, for finding a known name inside a longer one.
        self.phrases: list[tuple[tuple[str, ...], str]] = []
        for key, groups in self.keys.items():
            written = next(iter(groups.values()))
            phrase = tuple(words(written))
            if len("".join(phrase)) >= MIN_LOOSE:
                self.phrases.append((phrase, key))
        self.phrases.sort(key=lambda item: -len("".join(item[0])))
        self.leaders = self._leaders()

    def _leaders(self) -> list[tuple[tuple[str, ...], Any, str]]:
        """(words of a leader's name or nickname, their group, the name as written)."""
        leads = Relation.objects.filter(
            kind=RelationKind.MEMBERSHIP, role=Role.LEADER, person__isnull=False
        ).values_list("person_id", "group_id", "person__name")
        by_person: dict[Any, list[tuple[Any, str]]] = {}
        for person, group, name in leads:
            by_person.setdefault(person, []).append((group, name))
        out = []
        aliases = PersonAlias.objects.filter(person__in=list(by_person)).values_list(
            "person_id", "name"
        )
        names = [(p, n) for p, entries in by_person.items() for _g, n in entries[:1]]
        for person, name in [*names, *aliases]:
            phrase = tuple(words(name))
            if len("".join(phrase)) < MIN_NICKNAME:
                continue
            for group, _n in by_person[person]:
                out.append((phrase, group, name))
        return out

    def match(self, name: str, rejected: frozenset[Any] = frozenset()) -> Match | None:
        """The group ``name`` stands for, exactly or as a suggestion; None if none."""
        if is_generic(name):
            return None
        key = name_key(name)
        groups = {pk: w for pk, w in self.keys.get(key, {}).items() if pk not in rejected}
        if len(groups) == 1:
            pk, written = next(iter(groups.items()))
            return Match(pk, True, _("same name as “%(name)s”") % {"name": written})
        if len(groups) > 1:
            pk = sorted(groups, key=lambda g: self.names[g])[0]
            return Match(
                pk,
                False,
                _("reads like names of several groups: %(names)s")
                % {"names": ", ".join(sorted(self.names[g] for g in groups))},
            )
        return (
            self._inside(name, rejected)
            or self._close(key, rejected)
            or self._leader(name, rejected)
        )

    def _inside(self, name: str, rejected: frozenset[Any]) -> Match | None:
        """A known name written inside a longer one ("Kraze Baryè members")."""
        seq = tuple(words(name))
        for phrase, key in self.phrases:
            if _contains(seq, phrase):
                for pk, written in self.keys[key].items():
                    if pk not in rejected:
                        return Match(pk, False, _("contains “%(name)s”") % {"name": written})
        return None

    def _close(self, key: str, rejected: frozenset[Any]) -> Match | None:
        """The closest spelling above the threshold ("5 Segonn" for "5 Segond")."""
        if len(key) < MIN_LOOSE:
            return None
        best: tuple[float, str] | None = None
        for known in self.keys:
            if len(known) < MIN_LOOSE or abs(len(known) - len(key)) > len(key) // 3 + 1:
                continue
            if _DIGITS.findall(known) != _DIGITS.findall(key):
                continue  # "Delmas 2" is not "Delmas 6", however alike
            ratio = difflib.SequenceMatcher(None, key, known).ratio()
            if ratio >= SIMILAR and (best is None or ratio > best[0]):
                best = (ratio, known)
        if best is None:
            return None
        for pk, written in self.keys[best[1]].items():
            if pk not in rejected:
                return Match(
                    pk,
                    False,
                    _("spelled like “%(name)s” (%(percent)s%% alike)")
                    % {"name": written, "percent": round(best[0] * 100)},
                )
        return None

    def _leader(self, name: str, rejected: frozenset[Any]) -> Match | None:
        """A leader's name or nickname ("Gang of Izo")."""
        seq = tuple(words(name))
        for phrase, group, written in self.leaders:
            if group not in rejected and _contains(seq, phrase):
                return Match(
                    group,
                    False,
                    _("names %(person)s, leader of %(group)s")
                    % {"person": written, "group": self.names[group]},
                )
        return None


def _contains(seq: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return n > 0 and any(seq[i : i + n] == phrase for i in range(len(seq) - n + 1))
