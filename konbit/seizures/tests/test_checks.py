"""Issue 13's "How it will be checked", point by point, through the API and the pages
as a person would do it, on SQLite and PostgreSQL alike (the tampering is raw SQL)."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from konbit.seizures.models import CustodyEvent, SeizedItem, Seizure
from konbit.seizures.services import custody
from konbit.seizures.tests.factories import ammunition, cash, drug, firearm, make_seizure

pytestmark = pytest.mark.django_db
URL = "/api/v1/seizures/"
ITEMS = "/api/v1/seizure-items/"
EVENTS = "/api/v1/custody-events/"

SEIZURE = {
    "seized_at": "2025-04-02T09:15:00Z",
    "location": "Demo checkpoint, Carrefour Drouillard",
    "persons_arrested": 2,
    "items": [
        {
            "exhibit_number": "KEN-CHK-0001",
            "seal_number": "S-CHK-1",
            "kind": "firearm",
            "firearm_type": "pistol",
            "make": "Demo Arms",
            "model": "DA-9",
            "calibre": "9x19mm Parabellum",
            "serial_number": "DEMO-P-000111",
            "country_of_manufacture": "USA",
        },
        {
            "exhibit_number": "KEN-CHK-0002",
            "kind": "ammunition",
            "calibre": "9x19mm Parabellum",
            "count": 150,
            "headstamp": "DEMO 22",
        },
        {
            "exhibit_number": "KEN-CHK-0003",
            "kind": "drug",
            "substance": "cannabis",
            "drug_form": "plant",
            "gross_weight_g": "2500.000",
            "net_weight_g": "2350.750",
            "field_test": "positive",
        },
    ],
}


def _verify(*args: str) -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_custody", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), err.getvalue()
    return 0, out.getvalue()


def _raw_id(event: CustodyEvent) -> Any:
    # Raw SQL takes the id as the database stores it (32 hex digits on SQLite).
    return event.pk.hex if connection.vendor == "sqlite" else event.pk


def _counts() -> tuple[int, int, int]:
    return Seizure.objects.count(), SeizedItem.objects.count(), CustodyEvent.objects.count()


@pytest.fixture
def recorded(api_as: Any, cast: dict[str, Any], contingents: Any) -> dict[str, Any]:
    """A seizure recorded through the API with a firearm, ammunition and drugs; the
    firearm transferred to HQ and confirmed, the drugs handed over to the HNP and
    confirmed by the HNP liaison."""
    commander = api_as(cast["ken_commander"])
    created = commander.post(URL, SEIZURE, format="json")
    assert created.status_code == 201, created.json()
    items = {row["kind"]: row["id"] for row in created.json()["items"]}
    sent = commander.post(
        EVENTS, {"item": items["firearm"], "kind": "transferred", "to_user": "hq_staff"}
    )
    assert sent.status_code == 201, sent.json()
    hq = api_as(cast["hq_staff"])
    took = hq.post(EVENTS, {"item": items["firearm"], "kind": "confirmed", "location": "HQ"})
    assert took.status_code == 201, took.json()
    handed = commander.post(
        EVENTS,
        {
            "item": items["drug"],
            "kind": "handed_over",
            "agency": "hnp",
            "receiving_official": "Commissaire Demo Louis (demo)",
            "document_reference": "HNP-DEMO-2025-0042",
        },
    )
    assert handed.status_code == 201, handed.json()
    liaison = api_as(cast["hnp_liaison"])
    confirmed = liaison.post(EVENTS, {"item": items["drug"], "kind": "confirmed"})
    assert confirmed.status_code == 201, confirmed.json()
    return {"seizure": created.json()["id"], **items}


def test_recorded_transferred_handed_over_and_verified(recorded: dict[str, Any]) -> None:
    rifle = SeizedItem.objects.get(pk=recorded["firearm"])
    drugs = SeizedItem.objects.get(pk=recorded["drug"])
    assert rifle.holder.username == "hq_staff" and rifle.chain_length == 3
    assert drugs.custody_status == "handed_over" and drugs.holder is None
    assert "Commissaire Demo Louis" in drugs.holder_outside
    code, out = _verify()
    assert code == 0 and "3 items" in out


def test_altered_row_makes_verify_exit_1_naming_the_item(
    recorded: dict[str, Any], client_as: Any, cast: dict[str, Any]
) -> None:
    rifle = SeizedItem.objects.get(pk=recorded["firearm"])
    transfer = rifle.custody_events.get(kind="transferred")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE seizures_custodyevent SET location = %s WHERE id = %s",
            ["A back door", _raw_id(transfer)],
        )
    code, err = _verify()
    assert code == 1
    assert f"item {rifle.exhibit_number}" in err
    assert "entry 2: content does not match its hash" in err
    assert "KEN-CHK-0002" not in err and "KEN-CHK-0003" not in err
    assert _verify("--item", "KEN-CHK-0002")[0] == 0
    # the item page says so too
    page = client_as(cast["oversight_officer"]).get(f"/seizures/items/{rifle.pk}/")
    text = page.content.decode()
    assert "does NOT verify" in text and "entry 2" in text


def test_deleted_row_makes_verify_exit_1_naming_the_item(recorded: dict[str, Any]) -> None:
    drugs = SeizedItem.objects.get(pk=recorded["drug"])
    last = drugs.custody_events.order_by("-sequence").first()
    assert last is not None
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM seizures_custodyevent WHERE id = %s", [_raw_id(last)])
    code, err = _verify()
    assert code == 1
    assert f"item {drugs.exhibit_number}" in err
    assert f"counts {drugs.chain_length} entries" in err
    assert "KEN-CHK-0001" not in err


def test_the_sender_cannot_confirm_a_transfer(
    api_as: Any, client_as: Any, cast: dict[str, Any], contingents: Any
) -> None:
    seizure = make_seizure(cast["ken_commander"], contingents["KEN"], [firearm()])
    item = seizure.items.get()
    transfer = custody.custody_transfer(
        actor=cast["ken_commander"], item=item, to_user=cast["hq_staff"]
    )
    before = _counts()
    sender = api_as(cast["ken_commander"])
    api = sender.post(EVENTS, {"item": str(item.pk), "kind": "confirmed"})
    assert api.status_code == 403
    assert "receiver" in api.json()["detail"]
    page = client_as(cast["ken_commander"]).post(
        f"/seizures/custody/{transfer.pk}/answer/", {"decision": "confirm"}
    )
    assert page.status_code == 403
    # nor may a third person, not even one who writes every seizure
    other = api_as(cast["mission_admin"]).post(EVENTS, {"item": str(item.pk), "kind": "confirmed"})
    assert other.status_code == 403
    assert _counts() == before
    item.refresh_from_db()
    assert item.holder == cast["ken_commander"] and item.pending_id == transfer.pk


def test_commander_gets_403_on_another_contingents_seizure(
    api_as: Any, client_as: Any, cast: dict[str, Any], contingents: Any
) -> None:
    """The Kenyan commander reads the Jamaican seizure but changes nothing of it:
    the seizure, its items, their custody, through the API and the pages."""
    seizure = make_seizure(cast["jam_commander"], contingents["JAM"], [firearm()])
    item = seizure.items.get()
    before = (_counts(), Seizure.objects.values().get(), SeizedItem.objects.values().get())
    api, pages = api_as(cast["ken_commander"]), client_as(cast["ken_commander"])
    assert api.get(f"{URL}{seizure.pk}/").status_code == 200
    assert pages.get(f"/seizures/{seizure.pk}/").status_code == 200
    refused = [
        api.patch(f"{URL}{seizure.pk}/", {"persons_arrested": 7, "version": 1}),
        api.patch(f"{ITEMS}{item.pk}/", {"seal_number": "X", "version": item.version}),
        api.post(ITEMS, {**ammunition(calibre="7.62x39mm"), "seizure": str(seizure.pk)}),
        api.post(EVENTS, {"item": str(item.pk), "kind": "stored", "location": "Elsewhere"}),
        pages.get(f"/seizures/{seizure.pk}/edit/"),
        pages.post(f"/seizures/{seizure.pk}/edit/", {"location": "Changed", "version": 1}),
        pages.get(f"/seizures/{seizure.pk}/items/new/?kind=drug"),
        pages.get(f"/seizures/items/{item.pk}/edit/"),
        pages.post(f"/seizures/items/{item.pk}/custody/?kind=stored", {"location": "Elsewhere"}),
    ]
    assert [response.status_code for response in refused] == [403] * len(refused)
    after = (_counts(), Seizure.objects.values().get(), SeizedItem.objects.values().get())
    assert after == before


def test_stats_agree_with_the_items(
    api_as: Any, client_as: Any, cast: dict[str, Any], contingents: Any
) -> None:
    commander = cast["ken_commander"]
    make_seizure(
        commander,
        contingents["KEN"],
        [firearm(), firearm(make="Other Demo Works"), ammunition(count=300), drug()],
    )
    make_seizure(
        cast["jam_commander"],
        contingents["JAM"],
        [ammunition(count=45), drug(net_weight_g=Decimal("20.125")), cash(), cash()],
    )
    body = api_as(cast["analyst"]).get(f"{URL}stats/").json()
    items = SeizedItem.objects.all()
    assert body["totals"]["items"] == items.count() == 8
    assert body["totals"]["seizures"] == 2
    assert body["totals"]["persons_arrested"] == 4
    for view in ("by_kind", "by_month", "by_commune", "by_operation", "by_contingent"):
        assert sum(row["items"] for row in body[view]) == 8, view
    kinds = {row["kind"]: row for row in body["by_kind"]}
    assert kinds["ammunition"]["units"] == 345
    assert Decimal(kinds["drug"]["net_weight_g"]) == Decimal("1100.250") + Decimal("20.125")
    contingent = {(r["contingent"], r["kind"]): r["items"] for r in body["by_contingent"]}
    assert contingent[("KEN", "firearm")] == 2 and contingent[("JAM", "cash")] == 2
    assert body["cash_by_currency"] == [{"currency": "USD", "items": 2, "amount": "8600.00"}]
    makes = {row["make"]: row["items"] for row in body["firearms_by_make"]}
    assert makes == {"Demo Arms": 1, "Other Demo Works": 1}
    assert (
        sum(r["items"] for r in body["firearms_by_calibre"]) == items.filter(kind="firearm").count()
    )
    # the page shows the same figures, to the analyst who sees no record
    page = client_as(cast["analyst"]).get("/seizures/stats/")
    assert page.status_code == 200
    assert "8600.00" in page.content.decode()
    assert client_as(cast["analyst"]).get("/seizures/").status_code == 404


@pytest.mark.parametrize(
    ("change", "field", "named"),
    [
        ({"calibre": "4.2mm Unobtainium"}, "calibre", "4.2mm Unobtainium"),
        ({"exhibit_number": "KEN-TAKEN-1"}, "exhibit_number", "KEN-TAKEN-1"),
        ({"kind": "ammunition", "count": -5}, "count", None),
    ],
)
def test_bad_item_is_a_clear_error_and_writes_nothing(
    api_as: Any,
    cast: dict[str, Any],
    contingents: Any,
    change: dict[str, Any],
    field: str,
    named: str | None,
) -> None:
    seizure = make_seizure(
        cast["ken_commander"], contingents["KEN"], [firearm(exhibit_number="KEN-TAKEN-1")]
    )
    before = _counts()
    item = {**SEIZURE["items"][0], **change, "seizure": str(seizure.pk)}
    response = api_as(cast["ken_commander"]).post(ITEMS, item, format="json")
    assert response.status_code == 400, response.json()
    errors = response.json()["errors"]
    assert field in errors
    if named:
        assert named in " ".join(errors[field])
    assert _counts() == before


def test_negative_drug_weight_is_refused_on_the_page(
    client_as: Any, cast: dict[str, Any], contingents: Any
) -> None:
    from konbit.seizures.models import DrugSubstance

    seizure = make_seizure(
        cast["ken_commander"], contingents["KEN"], [firearm(exhibit_number="KEN-TAKEN-2")]
    )
    before = _counts()
    browser = client_as(cast["ken_commander"])
    substance = str(DrugSubstance.objects.get(name="cocaine hydrochloride").pk)
    url = f"/seizures/{seizure.pk}/items/new/?kind=drug"
    negative = browser.post(
        url,
        {
            "kind": "drug",
            "count": 1,
            "exhibit_number": "KEN-NEW-1",
            "substance": substance,
            "net_weight_g": "-1",
        },
    )
    assert negative.status_code == 200
    assert 'id="id_net_weight_g_error"' in negative.content.decode()
    duplicate = browser.post(
        url,
        {
            "kind": "drug",
            "count": 1,
            "exhibit_number": "KEN-TAKEN-2",
            "substance": substance,
            "net_weight_g": "10",
        },
    )
    assert duplicate.status_code == 200
    assert "KEN-TAKEN-2 is already used" in duplicate.content.decode()
    assert _counts() == before


def test_bad_custody_entries_write_nothing(
    api_as: Any, cast: dict[str, Any], contingents: Any
) -> None:
    seizure = make_seizure(cast["ken_commander"], contingents["KEN"], [drug()])
    item = seizure.items.get()
    before = _counts()
    holder = api_as(cast["ken_commander"])
    bad = [
        (
            {"kind": "examined", "examiner": "Demo lab", "result": "ok", "weight_g": "-3"},
            "weight_g",
        ),
        ({"kind": "transferred", "to_user": "nobody-by-that-name"}, "to_user"),
        ({"kind": "transferred", "to_user": "ken_commander"}, "to_user"),
        ({"kind": "handed_over", "agency": "hnp"}, "receiving_official"),
        ({"kind": "no-such-entry"}, "kind"),
    ]
    for body, field in bad:
        response = holder.post(EVENTS, {"item": str(item.pk), **body}, format="json")
        assert response.status_code == 400, (body, response.json())
        assert field in response.json()["errors"], (body, response.json())
    assert _counts() == before
    assert _verify()[0] == 0


def test_liaison_confirms_handovers_addressed_to_the_hnp(
    client_as: Any, cast: dict[str, Any], contingents: Any
) -> None:
    """A hand-over to the HNP waits on the liaison's front page and is confirmed by
    them; one to a court is not theirs to answer; transfers wait on the receiver's
    front page."""
    commander = cast["ken_commander"]
    seizure = make_seizure(commander, contingents["KEN"], [firearm(), firearm(), firearm()])
    to_hnp, to_court, to_hq = seizure.items.order_by("exhibit_number")
    handover = custody.custody_hand_over(
        actor=commander,
        item=to_hnp,
        agency="hnp",
        receiving_official="Inspecteur Demo Paul (demo)",
        document_reference="HNP-DEMO-7",
    )
    court = custody.custody_hand_over(
        actor=commander,
        item=to_court,
        agency="court",
        receiving_official="Juge Demo Marie (demo)",
        document_reference="TPI-DEMO-3",
    )
    custody.custody_transfer(actor=commander, item=to_hq, to_user=cast["hq_staff"])
    liaison = client_as(cast["hnp_liaison"])
    home = liaison.get("/").content.decode()
    assert to_hnp.exhibit_number in home and to_hq.exhibit_number not in home
    assert to_hq.exhibit_number in client_as(cast["hq_staff"]).get("/").content.decode()
    assert to_hq.exhibit_number not in client_as(commander).get("/").content.decode()
    assert liaison.get(f"/seizures/custody/{court.pk}/answer/").status_code == 403
    assert client_as(commander).get(f"/seizures/custody/{handover.pk}/answer/").status_code == 403
    answered = liaison.post(f"/seizures/custody/{handover.pk}/answer/", {"decision": "confirm"})
    assert answered.status_code == 302
    to_hnp.refresh_from_db()
    assert to_hnp.custody_status == "handed_over" and to_hnp.pending_id is None
    assert to_hnp.exhibit_number not in liaison.get("/").content.decode()
    assert _verify()[0] == 0


def test_months_are_the_mission_time_zones(
    api_as: Any, cast: dict[str, Any], contingents: Any
) -> None:
    """A seizure late on 31 March in Port-au-Prince (1 April in UTC) counts in March;
    the months run across a change of year and of daylight saving time."""
    import datetime as dt

    for when in ("2025-04-01T02:00:00Z", "2025-04-01T05:00:00Z", "2024-12-15T12:00:00Z"):
        make_seizure(
            cast["ken_commander"],
            contingents["KEN"],
            [firearm()],
            seized_at=dt.datetime.fromisoformat(when.replace("Z", "+00:00")),
        )
    body = api_as(cast["analyst"]).get(f"{URL}stats/").json()
    months = {row["month"]: row["items"] for row in body["by_month"]}
    assert months == {"2024-12": 1, "2025-03": 1, "2025-04": 1}
    assert (
        api_as(cast["analyst"]).get(f"{URL}stats/", {"since": "2030-01-01"}).json()["by_month"]
        == []
    )
