import datetime as dt
import uuid

import factory

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
