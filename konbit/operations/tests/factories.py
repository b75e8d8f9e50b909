import datetime as dt
import io
import uuid
from dataclasses import dataclass
from typing import Any

import factory

from konbit.core.imports.pipeline import import_now
from konbit.core.models import ImportRun
from konbit.core.tabular import Problem, read_table
from konbit.operations.acled import CountryFilter, ParseResult, Taxon, check_rows
from konbit.operations.models import Incident, JointOperation, Origin


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    origin = Origin.MISSION
    source_key = factory.LazyFunction(lambda: f"mission:{uuid.uuid4()}")
    event_date = dt.date(2025, 2, 23)
    time_precision = 1
    disorder_type = "Political violence"
    event_type = "Battles"
    sub_event_type = "Armed clash"
    actor1 = "Gran Grif"
    inter1 = 3
    interaction = 30
    country = "Haiti"
    admin1 = "Artibonite"
    location = "Savien"
    latitude = 19.05
    longitude = -72.55
    commune_pcode = "HT0532"
    category = "ARMED_CLASH_SECURITY_FORCES"
    perpetrator = "gang"
    victim_details = "Constable X, 27 (demo)"
    source_identity = "Informant 7 (demo)"


class JointOperationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JointOperation

    name = factory.Sequence(lambda n: f"Operation {n}")
    starts_on = dt.date(2025, 2, 20)


def _operation(contingents: dict) -> JointOperation:
    operation = JointOperationFactory()
    operation.contingents.set([contingents["KEN"]])
    return operation


# One sample of each kind for the generated access matrix: an unreleased mission
# report of the Kenyan contingent, and an operation the Kenyan contingent takes part in.
SAMPLES = {
    Incident: lambda contingents: IncidentFactory(reporting_contingent=contingents["KEN"]),
    JointOperation: _operation,
}


@dataclass
class Result:
    """An ACLED run through the import pipeline, read as the tests ask it."""

    run: ImportRun

    def __getattr__(self, name: str) -> Any:
        return getattr(self.run, name)

    @property
    def problems(self) -> list[Problem]:
        return [Problem(**p) for p in self.run.problems]

    @property
    def warnings(self) -> list[Problem]:
        return [Problem(**w) for w in self.run.warnings]

    @property
    def other_country(self) -> int:
        return int(self.run.extra.get("other_country", 0))

    @property
    def other_countries(self) -> list[str]:
        return list(self.run.extra.get("other_countries", []))

    @property
    def accepted(self) -> bool:
        return self.run.status == ImportRun.Status.DONE


def import_acled(
    data: bytes, *, actor: Any, file_name: str, country: str = "", **kwargs: Any
) -> Result:
    """An ACLED file held in memory imported through the pipeline, in the foreground."""
    run = import_now(
        actor=actor,
        kind="acled",
        handle=io.BytesIO(data),
        file_name=file_name,
        size=len(data),
        options={"country": country},
        **kwargs,
    )
    return Result(run)


def parse(data: bytes, *, country: str = "") -> ParseResult:
    """A small ACLED CSV file checked in one chunk, as the importer checks each of
    its chunks (nothing written)."""
    headers, rows = read_table(data, "acled.csv")
    wanted = CountryFilter.of(country) if country.strip() else None
    return check_rows(rows, headers, country=wanted, taxon=Taxon())
