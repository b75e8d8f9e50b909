import pytest

from konbit.core import audit
from konbit.core.models import AuditEntry
from konbit.forces.tests.factories import MandateFactory

pytestmark = pytest.mark.django_db


def _change(api_as, cast):
    mandate = MandateFactory(title="before")
    response = api_as(cast["hq_staff"]).patch(
        f"/api/v1/mandates/{mandate.pk}/", {"title": "after", "version": 1}
    )
    assert response.status_code == 200
    return mandate


def test_audit_shows_the_change(api_as, cast):
    mandate = _change(api_as, cast)
    response = api_as(cast["mission_admin"]).get(f"/api/v1/audit/?target={mandate.pk}")
    assert response.status_code == 200
    [entry] = response.json()["results"]
    assert set(entry) == {"at", "actor", "action", "target_type", "target_id", "changes"}
    assert entry["actor"] == "hq_staff"
    assert entry["action"] == "update"
    assert entry["target_type"] == "forces.mandate"
    assert entry["target_id"] == str(mandate.pk)
    assert entry["changes"] == {"title": ["before", "after"]}


@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("mission_admin", 200),
        ("hq_staff", 404),
        ("ken_commander", 404),
        ("jam_commander", 404),
        ("hnp_liaison", 404),
        ("oversight_officer", 200),
        ("analyst", 404),
        ("anonymous", 401),
    ],
)
def test_audit_access_matrix(api_as, cast, member, status):
    _change(api_as, cast)
    assert api_as(cast[member]).get("/api/v1/audit/").status_code == status


def test_oversight_entries_are_for_oversight_only(api_as, cast):
    audit.record(
        actor=cast["oversight_officer"],
        action="read",
        domain="oversight",
        target_type="oversight.complaint",
        target_id="c1",
    )
    audit.record(actor=cast["hq_staff"], action="other", domain="forces", target_id="f1")
    admin = api_as(cast["mission_admin"]).get("/api/v1/audit/").json()
    assert [e["target_id"] for e in admin["results"]] == ["f1"]
    oversight = api_as(cast["oversight_officer"]).get("/api/v1/audit/").json()
    assert [e["target_id"] for e in oversight["results"]] == ["c1"]


def test_audit_page_follows_the_same_rules(client_as, cast):
    assert client_as(cast["mission_admin"]).get("/audit/").status_code == 200
    assert client_as(cast["hq_staff"]).get("/audit/").status_code == 404
    assert client_as(None).get("/audit/").status_code == 302


def test_audit_filters_by_record_kind_chosen_by_name(api_as, client_as, cast):
    """The kind of record is chosen from a list of names ("Mandate (Forces)"), the id
    labelled as such; an unknown kind is a 400 naming the parameter, and the page
    shows the error beside no entries, never the whole trail."""
    mandate = _change(api_as, cast)
    api = api_as(cast["mission_admin"])
    name = AuditEntry.objects.get(target_id=str(mandate.pk), action="update").target_repr
    found = api.get("/api/v1/audit/", {"target_type": "forces.mandate", "record": name[1:]})
    assert [e["target_id"] for e in found.json()["results"]] == [str(mandate.pk)]
    bad = api.get("/api/v1/audit/", {"target_type": "mandates"})
    assert bad.status_code == 400 and "target_type" in bad.json()["errors"]
    page = client_as(cast["mission_admin"]).get("/audit/").content.decode()
    assert '<option value="forces.mandate">Mandate (Forces)</option>' in page
    assert "Record id (UUID or number)" in page
    refused = client_as(cast["mission_admin"]).get("/audit/", {"target_type": "mandates"})
    text = refused.content.decode()
    assert "The filters have an error" in text and "No entries." in text
