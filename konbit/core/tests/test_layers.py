"""The dependency rule (docs/architecture.md): core imports no other konbit app,
accounts only core, places only core and accounts; the domain parts import the
foundation and each other without cycles. The contracts are import-linter's, kept in
pyproject.toml; these tests run them on the code as it is, and show that each one
breaks on the import it exists to forbid."""

from copy import deepcopy
from pathlib import Path
from typing import Any

import grimp
import pytest
from django.conf import settings
from importlinter.api import read_configuration
from importlinter.contracts.acyclic_siblings import AcyclicSiblingsContract
from importlinter.contracts.layers import LayersContract

from konbit.core.parts import konbit_apps

CONFIG = str(Path(settings.BASE_DIR) / "pyproject.toml")
FOUNDATION = ["konbit.core", "konbit.accounts", "konbit.places"]
CONTRACT_TYPES = {"layers": LayersContract, "acyclic_siblings": AcyclicSiblingsContract}


@pytest.fixture(scope="module")
def contracts() -> dict[str, Any]:
    config = read_configuration(CONFIG)
    return {
        options["id"]: CONTRACT_TYPES[options["type"]](
            name=options["name"],
            session_options=config["session_options"],
            contract_options=options,
        )
        for options in config["contracts_options"]
    }


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("konbit", cache_dir=None)


def _kept(contract: Any, graph: grimp.ImportGraph) -> bool:
    # A contract removes its ignored imports from the graph it checks: give it a copy.
    return bool(contract.check(deepcopy(graph), verbose=False).kept)


def test_the_code_keeps_every_contract(contracts, graph):
    assert set(contracts) == {"layers", "acyclic-parts"}
    broken = [name for name, contract in contracts.items() if not _kept(contract, graph)]
    assert broken == [], f"run `.venv/bin/lint-imports` to see the imports that break {broken}"


def test_every_installed_part_is_in_a_layer():
    """A new part must be placed in the rule (the contract is exhaustive too)."""
    contracts = read_configuration(CONFIG)["contracts_options"]
    layers = next(options for options in contracts if options["id"] == "layers")["layers"]
    listed = {name.strip() for layer in layers for name in layer.replace("|", ":").split(":")}
    assert {config.name.removeprefix("konbit.") for config in konbit_apps()} <= listed


@pytest.mark.parametrize("importer", FOUNDATION[:2])
@pytest.mark.parametrize("domain", ["konbit.forces.models", "konbit.operations.selectors"])
def test_core_or_accounts_importing_a_domain_part_breaks_the_rule(
    contracts, graph, importer, domain
):
    changed = deepcopy(graph)
    changed.add_import(importer=f"{importer}.models", imported=domain)
    assert not _kept(contracts["layers"], changed)


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("konbit.core.services", "konbit.accounts.models"),
        ("konbit.core.audit", "konbit.places.models"),
        ("konbit.accounts.services", "konbit.places.models"),
    ],
)
def test_a_lower_layer_of_the_foundation_importing_a_higher_one_breaks_the_rule(
    contracts, graph, importer, imported
):
    changed = deepcopy(graph)
    changed.add_import(importer=importer, imported=imported)
    assert not _kept(contracts["layers"], changed)


def test_a_test_of_the_foundation_may_use_a_domain_part(contracts, graph):
    changed = deepcopy(graph)
    changed.add_import(importer="konbit.accounts.tests.test_roles", imported="konbit.forces.models")
    assert _kept(contracts["layers"], changed)


def test_a_part_left_out_of_the_rule_breaks_it(contracts, graph):
    changed = deepcopy(graph)
    changed.add_module("konbit.unlisted")
    assert not _kept(contracts["layers"], changed)


def test_a_cycle_between_domain_parts_breaks_the_rule(contracts, graph):
    assert graph.direct_import_exists(
        importer="konbit.operations.services", imported="konbit.forces.selectors"
    )
    changed = deepcopy(graph)
    changed.add_import(importer="konbit.forces.selectors", imported="konbit.operations.models")
    assert _kept(contracts["layers"], changed)  # domain parts may import each other...
    assert not _kept(contracts["acyclic-parts"], changed)  # ...but not in a circle
