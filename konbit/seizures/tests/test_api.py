from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from konbit.accounts.tests.cast import CAST
from konbit.seizures import chain
from konbit.seizures.models import CustodyEvent, SeizedItem, Seizure
from konbit.seizures.services.seizures import seizure_release_to_hnp
from konbit.seizures.tests.factories import cash, drug, firearm, make_seizure

pytestmark = pytest.mark.django_db
URL = "/api/v1/seizures/"
ITEMS = "/api/v1/seizure-items/"
EVENTS = "/api/v1/custody-events/"

BODY = {
    "seized_at": "2025-03-10T14:30:00Z",
    "location": "Demo checkpoint, Route de Delmas",
    "latitude": 18.55,
    "longitude": -72.30,
    "persons_arrested": 3,
    "hnp_unit": "BLTS",
    "items": [
        {
            "exhibit_number": "KEN-2025-0001",
            "seal_number": "S-1",
            "kind": "firearm",
            "firearm_type": "assault_rifle",
            "make": "Demo Arms",
            "model": "DA-15",
            "calibre": "5.56",
            "serial_number": "DEMO123456",
            "country_of_manufacture": "USA",
        },
        {
            "exhibit_number": "KEN-2025-0002",
            "kind": "ammunition",
            "calibre": "7.62x39mm",
            "count": 240,
            "headstamp": "DEMO 19",
        },
        {
            "exhibit_number": "KEN-2025-0003",
            "kind": "drug",
            "substance": "cocaine hydrochloride",
            "drug_form": "powder",
            "gross_weight_g": "1050.000",
            "net_weight_g": "1000.500",
            "field_test": "positive",
        },
    ],
}


@pytest.fixture
def world(cast: dict[str, Any], contingents: Any) -> dict[str, Any]:
    ken = make_seizure(cast["ken_commander"], contingents["KEN"], [firearm(), drug()])
    jam = make_seizure(cast["jam_commander"], contingents["JAM"], [firearm()])
    released = make_seizure(cast["hq_staff"], contingents["JAM"], [firearm()])
    released = seizure_release_to_hnp(actor=cast["hq_staff"], seizure=released, version=1)
    return {"ken": ken, "jam": jam, "released": released}


def test_record_a_seizure_through_the_api_and_follow_its_chain(
    api_as: Any, cast: dict[str, Any], contingents: Any
) -> None:
    commander = api_as(cast["ken_commander"])
    response = commander.post(URL, BODY, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["iso3"] == "KEN"
    assert [i["kind"] for i in body["items"]] == ["firearm", "ammunition", "drug"]
    rifle = next(i for i in body["items"] if i["kind"] == "firearm")
    assert rifle["calibre"] == "5.56x45mm NATO"
    assert rifle["holder"] == "ken_commander"
    # transfer to HQ; the sender cannot confirm, the receiver does
    transfer = commander.post(
        EVENTS, {"item": rifle["id"], "kind": "transferred", "to_user": "hq_staff"}, format="json"
    )
    assert transfer.status_code == 201, transfer.json()
    assert transfer.json()["previous_hash"] and transfer.json()["hash"]
    refused = commander.post(EVENTS, {"item": rifle["id"], "kind": "confirmed"}, format="json")
    assert refused.status_code == 403
    hq = api_as(cast["hq_staff"])
    confirmed = hq.post(
        EVENTS, {"item": rifle["id"], "kind": "confirmed", "location": "HQ armoury"}, format="json"
    )
    assert confirmed.status_code == 201, confirmed.json()
    assert confirmed.json()["previous_hash"] == transfer.json()["hash"]
    # handed over to the DCPJ by the new holder, confirmed by the HNP liaison
    handover = hq.post(
        EVENTS,
        {
            "item": rifle["id"],
            "kind": "handed_over",
            "agency": "dcpj",
            "receiving_official": "Inspector Demo Pierre (demo)",
            "document_reference": "DCPJ-DEMO-0001",
        },
        format="json",
    )
    assert handover.status_code == 201, handover.json()
    liaison = api_as(cast["hnp_liaison"])
    assert liaison.get(f"{ITEMS}{rifle['id']}/").status_code == 200  # released by the hand-over
    done = liaison.post(EVENTS, {"item": rifle["id"], "kind": "confirmed"}, format="json")
    assert done.status_code == 201, done.json()
    item = api_as(cast["oversight_officer"]).get(f"{ITEMS}{rifle['id']}/").json()
    assert item["custody_status"] == "handed_over"
    assert item["chain_length"] == 5
    assert all(check.ok for check in chain.verify())
    chain_rows = hq.get(EVENTS, {"item": rifle["id"]}).json()["results"]
    assert [row["kind"] for row in chain_rows] == [
        "seized",
        "transferred",
        "confirmed",
        "handed_over",
        "confirmed",
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"calibre": "4.2mm Unobtainium"}, "calibre"),
        (
            {"kind": "drug", "substance": "cocaine hydrochloride", "net_weight_g": "-3"},
            "net_weight_g",
        ),
        ({"exhibit_number": "EX-DUP"}, "exhibit_number"),
    ],
)
def test_bad_input_is_a_clear_400_and_writes_nothing(
    api_as: Any, cast: dict[str, Any], contingents: Any, change: dict[str, Any], field: str
) -> None:
    make_seizure(cast["mission_admin"], contingents["KEN"], [firearm(exhibit_number="EX-DUP")])
    before = (Seizure.objects.count(), SeizedItem.objects.count(), CustodyEvent.objects.count())
    body = {
        **BODY,
        "seizing_contingent": str(contingents["KEN"].pk),
        "items": [BODY["items"][1], {**BODY["items"][0], **change}],
    }
    if change.get("kind") == "drug":
        body["items"][1] = {
            k: v
            for k, v in body["items"][1].items()
            if k
            not in (
                "firearm_type",
                "make",
                "model",
                "calibre",
                "serial_number",
                "country_of_manufacture",
            )
        }
    response = api_as(cast["mission_admin"]).post(URL, body, format="json")
    assert response.status_code == 400, response.json()
    text = str(response.json())
    assert field in text
    assert before == (
        Seizure.objects.count(),
        SeizedItem.objects.count(),
        CustodyEvent.objects.count(),
    )
    single = {**BODY["items"][0], **change, "seizure": str(Seizure.objects.first().pk)}
    if change.get("kind") == "drug":
        single = {
            k: v
            for k, v in single.items()
            if k
            not in (
                "firearm_type",
                "make",
                "model",
                "calibre",
                "serial_number",
                "country_of_manufacture",
            )
        }
    alone = api_as(cast["mission_admin"]).post(ITEMS, single, format="json")
    assert alone.status_code == 400 and field in str(alone.json())
    assert before == (
        Seizure.objects.count(),
        SeizedItem.objects.count(),
        CustodyEvent.objects.count(),
    )


def test_unknown_calibre_message_names_it(
    api_as: Any, cast: dict[str, Any], contingents: Any
) -> None:
    body = {**BODY, "items": [{**BODY["items"][0], "calibre": "4.2mm Unobtainium"}]}
    response = api_as(cast["mission_admin"]).post(URL, body, format="json")
    assert "4.2mm Unobtainium" in str(response.json()["errors"])


VISIBLE = {
    "mission_admin": 3,
    "hq_staff": 3,
    "ken_commander": 3,
    "jam_commander": 3,
    "hnp_liaison": 1,
    "oversight_officer": 3,
}


@pytest.mark.parametrize("who", CAST)
def test_list_by_role(api_as: Any, cast: dict[str, Any], world: Any, who: str) -> None:
    response = api_as(cast[who]).get(URL)
    expected = {"anonymous": 401, "analyst": 404}.get(who, 200)
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["count"] == VISIBLE[who]
        assert api_as(cast[who]).get(ITEMS).json()["count"] == (4 if VISIBLE[who] == 3 else 1)


@pytest.mark.parametrize("who", CAST)
def test_change_another_contingents_seizure(
    api_as: Any, cast: dict[str, Any], world: Any, who: str
) -> None:
    """A commander reads but cannot change another contingent's seizure (403); what
    a role cannot see is 404; refused changes change nothing."""
    seizure = world["jam"]
    response = api_as(cast[who]).patch(
        f"{URL}{seizure.pk}/", {"persons_arrested": 9, "version": seizure.version}, format="json"
    )
    expected = {
        "mission_admin": 200,
        "hq_staff": 200,
        "jam_commander": 200,
        "ken_commander": 403,
        "oversight_officer": 403,
        "hnp_liaison": 404,
        "analyst": 404,
        "anonymous": 401,
    }[who]
    assert response.status_code == expected
    seizure.refresh_from_db()
    assert seizure.persons_arrested == (9 if expected == 200 else 2)


@pytest.mark.parametrize("who", CAST)
def test_create_by_role(api_as: Any, cast: dict[str, Any], contingents: Any, who: str) -> None:
    response = api_as(cast[who]).post(URL, {**BODY, "items": []}, format="json")
    expected = {
        "mission_admin": 400,  # no contingent of their own: must name one
        "hq_staff": 400,
        "ken_commander": 201,
        "jam_commander": 201,
        "oversight_officer": 403,
        "hnp_liaison": 403,
        "analyst": 404,
        "anonymous": 401,
    }[who]
    assert response.status_code == expected
    assert Seizure.objects.count() == (1 if expected == 201 else 0)


def test_commander_cannot_record_for_another_contingent(
    api_as: Any, cast: dict[str, Any], contingents: Any
) -> None:
    body = {**BODY, "seizing_contingent": str(contingents["JAM"].pk)}
    response = api_as(cast["ken_commander"]).post(URL, body, format="json")
    assert response.status_code == 400
    assert "seizing_contingent" in response.json()["errors"]
    assert not Seizure.objects.exists()


def test_custody_events_are_never_changed(api_as: Any, cast: dict[str, Any], world: Any) -> None:
    event = CustodyEvent.objects.first()
    admin = api_as(cast["mission_admin"])
    assert admin.patch(f"{EVENTS}{event.pk}/", {"notes": "x"}, format="json").status_code == 405
    assert admin.put(f"{EVENTS}{event.pk}/", {"notes": "x"}, format="json").status_code == 405
    assert admin.delete(f"{EVENTS}{event.pk}/").status_code == 405
    assert admin.get(f"{EVENTS}{event.pk}/").json()["hash"] == event.hash


def test_item_filters(api_as: Any, cast: dict[str, Any], world: Any) -> None:
    reader = api_as(cast["oversight_officer"])
    item = world["ken"].items.get(kind="firearm")
    assert [
        r["id"]
        for r in reader.get(ITEMS, {"serial": item.serial_number[-4:].lower()}).json()["results"]
    ] == [str(item.pk)]
    assert reader.get(ITEMS, {"exhibit": item.exhibit_number.lower()}).json()["count"] == 1
    assert reader.get(ITEMS, {"kind": "drug"}).json()["count"] == 1
    assert reader.get(ITEMS, {"kind": "nonsense"}).status_code == 400


def test_period_filter_takes_days_of_haiti(
    api_as: Any, cast: dict[str, Any], contingents: Any
) -> None:
    """``since`` and ``until`` are days in Haiti's time zone: a seizure at 23:30 on
    31 July there (03:30 UTC on 1 August) is of 31 July."""
    import datetime as dt

    late = make_seizure(
        cast["ken_commander"],
        contingents["KEN"],
        seized_at=dt.datetime(2024, 8, 1, 3, 30, tzinfo=dt.UTC),
    )
    reader = api_as(cast["oversight_officer"])

    def found(**period: str) -> bool:
        rows = reader.get(URL, {**period, "page_size": 100}).json()["results"]
        return str(late.pk) in {r["id"] for r in rows}

    assert found(until="2024-07-31") and found(since="2024-07-31", until="2024-07-31")
    assert not found(since="2024-08-01") and not found(until="2024-07-30")


def test_stats_agree_with_the_items(api_as: Any, cast: dict[str, Any], world: Any) -> None:
    body = api_as(cast["analyst"]).get(f"{URL}stats/").json()
    assert body["totals"]["items"] == SeizedItem.objects.count() == 4
    kinds = {row["kind"]: row for row in body["by_kind"]}
    assert kinds["firearm"]["items"] == 3
    assert Decimal(kinds["drug"]["net_weight_g"]) == sum(
        i.net_weight_g for i in SeizedItem.objects.filter(kind="drug")
    )
    assert sum(row["items"] for row in body["firearms_by_calibre"]) == 3
    for view in ("by_month", "by_commune", "by_operation", "by_contingent"):
        assert sum(row["items"] for row in body[view]) == 4, view
    assert {row["month"] for row in body["by_month"]} == {
        timezone.localtime(s.seized_at).strftime("%Y-%m") for s in Seizure.objects.all()
    }
    assert api_as(cast["analyst"]).get(f"{URL}{world['ken'].pk}/").status_code == 404
    liaison = api_as(cast["hnp_liaison"]).get(f"{URL}stats/").json()
    assert liaison["totals"]["items"] == 1


@pytest.mark.parametrize("size", [1, 6])
def test_list_query_count_is_constant(
    api_as: Any,
    cast: dict[str, Any],
    contingents: Any,
    size: int,
    django_assert_max_num_queries: Any,
) -> None:
    for _ in range(size):
        make_seizure(cast["mission_admin"], contingents["KEN"], [firearm(), drug()])
    client = api_as(cast["hq_staff"])
    client.get(URL)  # warm the user's permission cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).json()["count"] == size
    assert len(queries) <= 6, [q["sql"] for q in queries]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(ITEMS).json()["count"] == 2 * size
    assert len(queries) <= 6


def test_tracing_export_is_formula_safe(
    api_as: Any, cast: dict[str, Any], contingents: Any
) -> None:
    make_seizure(
        cast["mission_admin"],
        contingents["KEN"],
        [firearm(make="=HYPERLINK(1)", serial_number="+123")],
    )
    response = api_as(cast["hq_staff"]).get(f"{URL}export/", {"fmt": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[0].startswith(
        "exhibit_number,firearm_type,make,model,calibre,serial_number"
    )
    assert "'=HYPERLINK(1)" in text and "'+123" in text
    xlsx = api_as(cast["hq_staff"]).get(f"{URL}export/", {"fmt": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    geo = api_as(cast["hq_staff"]).get(f"{URL}export/", {"fmt": "geojson"})
    import json

    collection = json.loads(b"".join(geo.streaming_content))
    assert collection["type"] == "FeatureCollection"


def test_an_unfiltered_total_comes_from_the_counts(
    api_as: Any, cast: dict[str, Any], contingents: Any
) -> None:
    from konbit.seizures import tally
    from konbit.seizures.models import SeizureCount

    admin = cast["mission_admin"]
    kept = [make_seizure(admin, contingents["KEN"]) for _ in range(3)]
    seizure_release_to_hnp(actor=admin, seizure=kept[0], version=kept[0].version)
    counts = dict(SeizureCount.objects.values_list("released_to_hnp", "n"))
    assert counts == {False: 2, True: 1}
    tally.recount()  # what the services kept is what a count from scratch gives
    assert dict(SeizureCount.objects.values_list("released_to_hnp", "n")) == counts
    assert api_as(cast["hq_staff"]).get(URL).json()["count"] == 3
    assert api_as(cast["hnp_liaison"]).get(URL).json()["count"] == 1
    # Filtered, the total is counted over what the filter keeps.
    filtered = api_as(cast["hq_staff"]).get(URL, {"contingent": "JAM"}).json()
    assert filtered["count"] == 0 and filtered["results"] == []


def test_the_list_writes_each_field_as_the_detail_does(
    api_as: Any, cast: dict[str, Any], contingents: Any
) -> None:
    """The list reads its rows without the serializers: each of its fields, the
    seizure's and its items', is the detail's text (times in Haiti's time zone,
    decimals to their places, ids)."""
    make_seizure(
        cast["mission_admin"],
        contingents["KEN"],
        [firearm(), drug(net_weight_g=Decimal("0.5")), cash(amount=Decimal("12"))],
    )
    client = api_as(cast["hq_staff"])
    (row,) = client.get(URL).json()["results"]
    detail = client.get(f"{URL}{row['id']}/").json()
    assert {k: v for k, v in row.items() if k != "items"} == {
        k: detail[k] for k in row if k != "items"
    }
    assert row["seized_at"].endswith("-04:00") or row["seized_at"].endswith("-05:00")
    by_id = {item["id"]: item for item in detail["items"]}
    assert len(row["items"]) == 3
    for item in row["items"]:
        assert item == {k: by_id[item["id"]][k] for k in item}
    amounts = {i["kind"]: (i["net_weight_g"], i["amount"]) for i in row["items"]}
    assert amounts == {"firearm": (None, None), "drug": ("0.500", None), "cash": (None, "12.00")}
