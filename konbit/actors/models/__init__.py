"""The actors part's tables: armed groups, persons of interest, their relations,
territory and designations, and the actor names that link incidents to groups."""

from konbit.actors.models.grading import Credibility, DatePrecision, Graded, Reliability
from konbit.actors.models.groups import (
    AliasKind,
    ArmedGroup,
    Designation,
    GroupAlias,
    GroupKind,
    Language,
    Status,
    StatusChange,
    StrengthEstimate,
)
from konbit.actors.models.names import ActorName, IncidentGroupLink, LinkMethod, LinkRole
from konbit.actors.models.people import Person, PersonAlias
from konbit.actors.models.relations import Relation, RelationKind, Role, Territory

__all__ = [
    "ActorName",
    "AliasKind",
    "ArmedGroup",
    "Credibility",
    "DatePrecision",
    "Designation",
    "Graded",
    "GroupAlias",
    "GroupKind",
    "IncidentGroupLink",
    "Language",
    "LinkMethod",
    "LinkRole",
    "Person",
    "PersonAlias",
    "Relation",
    "RelationKind",
    "Reliability",
    "Role",
    "Status",
    "StatusChange",
    "StrengthEstimate",
    "Territory",
]
