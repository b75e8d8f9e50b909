"""Filing and following a complaint without an account: the pages and the public API,
bad input named by field (nothing written), the code shown once, the follow-up that
tells the public status and the date only, and the throttles against guessing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from konbit.core.models import AuditEntry
from konbit.oversight import services
from konbit.oversight.models import CODE_PATTERN, Complaint
from konbit.oversight.tests.factories import make_complaint, officer
from konbit.oversight.throttles import FileThrottle, FollowThrottle

pytestmark = pytest.mark.django_db

GOOD = {
    "category": "serious",
    "description": "A soldier pushed my neighbour at the market (test).",
    "occurred_on": "2025-03-01",
    "commune": "Delmas",
    "place": "Market (test)",
}


def _code(html: str) -> str:
    found = re.search(r"CRM-[2-9A-Z]{4}-[2-9A-Z]{4}", html)
    assert found, html[:500]
    return found.group(0)


def test_the_public_files_a_complaint_anonymously_and_gets_its_code_once(contingents: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    form = client.get("/complaints/file/")
    assert form.status_code == 200
    token = form.cookies["csrftoken"].value
    response = client.post("/complaints/file/", {**GOOD, "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    code = _code(response.content.decode())
    assert re.match(CODE_PATTERN, code)
    assert response["Cache-Control"] == "no-store"
    complaint = Complaint.objects.get(reference=code)
    assert (complaint.channel, complaint.status, complaint.commune_id) == (
        "web",
        "received",
        "HT0112",
    )
    assert complaint.created_by is None and complaint.complainant_name == ""
    assert AuditEntry.objects.filter(
        target_id=str(complaint.pk), actor_username="anonymous", domain="oversight"
    ).exists()
    # The form page again shows no code.
    assert code not in client.get("/complaints/file/").content.decode()


def test_filing_without_the_csrf_token_is_refused(contingents: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/complaints/file/", GOOD).status_code == 403
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": ""}, "category"),
        ({"category": "gossip"}, "category"),
        ({"description": ""}, "description"),
        ({"occurred_on": "31/31/2025"}, "occurred_on"),
        ({"occurred_on": "2999-01-01"}, "occurred_on"),
        ({"commune": "Atlantis"}, "commune"),
        ({"consent_to_contact": "on"}, "complainant_contact"),
        ({"complainant_name": "x" * 300}, "complainant_name"),
    ],
)
def test_bad_input_on_the_page_names_the_field_and_writes_nothing(
    contingents: Any, change: dict[str, str], field: str
) -> None:
    response = Client().post("/complaints/file/", {**GOOD, **change})
    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert Complaint.objects.count() == 0


def test_following_shows_the_public_status_and_date_only(contingents: Any) -> None:
    complaint = make_complaint(description="Secret detail ZZTOP", complainant_name="Jean DEMO")
    services.complaint_change_status(
        actor=officer(), complaint=complaint, status="assessment", version=complaint.version
    )
    client = Client()
    assert client.get("/complaints/follow/").status_code == 200
    response = client.post("/complaints/follow/", {"code": complaint.reference.lower()})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Being examined" in body and complaint.reference in body
    for detail in ("ZZTOP", "Jean DEMO", "Under assessment", "Use of force", "Delmas"):
        assert detail not in body, detail
    assert response["Cache-Control"] == "no-store"


def test_an_unknown_or_malformed_code_says_so_and_nothing_more(contingents: Any) -> None:
    make_complaint()
    client = Client()
    unknown = client.post("/complaints/follow/", {"code": "CRM-2222-2222"})
    assert unknown.status_code == 404
    assert "No complaint with this code." in unknown.content.decode()
    malformed = client.post("/complaints/follow/", {"code": "hello"})
    assert malformed.status_code == 400
    assert malformed.context["form"].errors["code"]


def test_the_public_api_files_and_follows(contingents: Any) -> None:
    api = APIClient()
    body = {
        **GOOD,
        "commune": "HT0112",
        "complainant_contact": "+509 1",
        "consent_to_contact": True,
    }
    filed = api.post("/api/v1/public/complaints/", body, format="json")
    assert filed.status_code == 201, filed.content
    data = filed.json()
    assert set(data) == {"reference", "public_status", "public_status_label", "last_change"}
    assert data["public_status"] == "received"
    followed = api.get(f"/api/v1/public/complaints/{data['reference']}/")
    assert followed.status_code == 200
    assert followed.json() == data
    missing = api.get("/api/v1/public/complaints/CRM-2222-2222/")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "No complaint with this code."
    # Everything else of the API stays signed-in only.
    assert api.get("/api/v1/complaints/").status_code == 401


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": "x"}, "category"),
        ({"description": ""}, "description"),
        ({"occurred_on": "yesterday"}, "occurred_on"),
        ({"commune": "HT9999"}, "commune"),
        ({"consent_to_contact": True}, "complainant_contact"),
        ({"nature": "sea", "category": "minor"}, None),
    ],
)
def test_the_public_api_names_the_bad_field_and_writes_nothing(
    contingents: Any, change: dict[str, Any], field: str | None
) -> None:
    body = {**GOOD, "commune": "HT0112", **change}
    response = APIClient().post("/api/v1/public/complaints/", body, format="json")
    if field is None:  # SEA as nature makes an SEA complaint: accepted, corrected
        assert response.status_code == 201
        assert Complaint.objects.get().category == "sea"
        return
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()
    assert Complaint.objects.count() == 0


def test_following_is_throttled_so_codes_cannot_be_tried(
    contingents: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(FollowThrottle, "rate", "5/hour")
    complaint = make_complaint()
    api, page = APIClient(), Client()
    answers = [api.get("/api/v1/public/complaints/CRM-2222-2222/").status_code for _ in range(5)]
    assert answers == [404] * 5
    # The sixth try, even with the right code, is refused: the throttle does not tell.
    assert api.get(f"/api/v1/public/complaints/{complaint.reference}/").status_code == 429
    assert page.post("/complaints/follow/", {"code": complaint.reference}).status_code == 429


def test_filing_is_throttled(contingents: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(FileThrottle, "rate", "2/hour")
    api = APIClient()
    body = {**GOOD, "commune": "HT0112"}
    assert [
        api.post("/api/v1/public/complaints/", body, format="json").status_code for _ in range(2)
    ] == [201, 201]
    assert api.post("/api/v1/public/complaints/", body, format="json").status_code == 429
    page = Client().post("/complaints/file/", GOOD)
    assert page.status_code == 429
    assert "Too many attempts" in page.content.decode()
    assert Complaint.objects.count() == 2


def test_a_forged_forwarded_address_does_not_escape_the_throttle(
    contingents: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(FollowThrottle, "rate", "2/hour")
    api = APIClient()
    answers = [
        api.get(
            "/api/v1/public/complaints/CRM-2222-2222/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"
        ).status_code
        for n in range(4)
    ]
    assert answers == [404, 404, 429, 429]
