"""Samples of the gazetteer (loaded by its migration) for the generated access matrix."""

from __future__ import annotations

from typing import Any

from konbit.places.models import Arrondissement, CommunalSection, Commune, Department

SAMPLES: dict[type, Any] = {
    model: (lambda contingents, model=model: model.objects.order_by("pk").first())
    for model in (Department, Arrondissement, Commune, CommunalSection)
}
