"""The network of groups and persons on a date, and its figures (networkx): degree,
betweenness, and who brokers between coalitions (a node on the shortest paths
between members of different coalitions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx
from django.db.models import QuerySet

from konbit.actors.models import ArmedGroup, GroupKind, Person, Relation, RelationKind
from konbit.actors.selectors import relations_on


def _node_id(kind: str, pk: Any) -> str:
    return f"{kind}:{pk}"


def build(
    *,
    groups: QuerySet[ArmedGroup],
    persons: QuerySet[Person] | None,
    relations: QuerySet[Relation],
    on: dt.date | None,
) -> dict[str, Any]:
    """Nodes, links and figures of the relations in force on ``on`` among the
    visible records (``persons`` None: a reader who may not see persons)."""
    graph = nx.Graph()
    group_rows = list(groups.values("pk", "name", "kind"))
    for row in group_rows:
        graph.add_node(_node_id("group", row["pk"]), label=row["name"], kind=row["kind"])
    person_rows = list(persons.values("pk", "name")) if persons is not None else []
    for person_row in person_rows:
        graph.add_node(
            _node_id("person", person_row["pk"]), label=person_row["name"], kind="person"
        )
    in_force = relations_on(relations, on)
    if persons is None:
        in_force = in_force.filter(person__isnull=True)
    links = []
    for kind, person, member, group, role in in_force.values_list(
        "kind", "person_id", "member_group_id", "group_id", "role"
    ):
        source = _node_id("person", person) if person else _node_id("group", member)
        target = _node_id("group", group)
        if source not in graph or target not in graph:
            continue  # one end is not visible to this reader
        graph.add_edge(source, target, kind=kind)
        links.append({"source": source, "target": target, "kind": kind, "role": role})
    betweenness = (
        nx.betweenness_centrality(graph)
        if graph.number_of_nodes() <= 400
        else (nx.betweenness_centrality(graph, k=200, seed=1))
    )
    brokers = _brokers(graph, betweenness)
    nodes = [
        {
            "id": node,
            "label": data["label"],
            "kind": data["kind"],
            "degree": graph.degree(node),
            "betweenness": round(betweenness.get(node, 0.0), 4),
            "broker": node in brokers,
        }
        for node, data in graph.nodes(data=True)
    ]
    return {"on": on.isoformat() if on else None, "nodes": nodes, "links": links}


def _brokers(graph: nx.Graph, betweenness: dict[str, float]) -> set[str]:
    """Nodes tied to two or more coalitions (directly or as members) with a
    betweenness above zero: the ones that link otherwise separate camps."""
    coalitions = {n for n, d in graph.nodes(data=True) if d["kind"] == GroupKind.COALITION}
    brokers = set()
    for node in graph.nodes:
        camps = {
            other
            for other in graph.neighbors(node)
            if other in coalitions and graph.edges[node, other].get("kind") != RelationKind.RIVALRY
        }
        if len(camps) >= 2 and betweenness.get(node, 0) > 0:
            brokers.add(node)
    return brokers
