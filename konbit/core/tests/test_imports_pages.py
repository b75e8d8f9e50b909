import pytest

from konbit.core.models import ImportRun

pytestmark = pytest.mark.django_db


def _run(user, **kwargs):
    return ImportRun.objects.create(
        kind="roster", actor=user, file_name="roster.xlsx", sha256="0" * 64, **kwargs
    )


@pytest.mark.parametrize(
    ("member", "sees_others"),
    [
        ("mission_admin", True),
        ("hq_staff", False),
        ("ken_commander", False),
        ("jam_commander", False),
        ("hnp_liaison", False),
        ("oversight_officer", False),
        ("analyst", False),
    ],
)
def test_import_pages_show_own_imports_or_all_for_admin(client_as, cast, member, sees_others):
    mine = _run(cast[member], problems=[{"row": 3, "column": "sex", "message": "must be F or M"}])
    theirs = _run(cast["hq_staff"] if member != "hq_staff" else cast["analyst"])
    browser = client_as(cast[member])
    listing = browser.get("/imports/")
    assert listing.status_code == 200
    detail = browser.get(f"/imports/{mine.pk}/")
    assert detail.status_code == 200
    assert b"must be F or M" in detail.content
    assert browser.get(f"/imports/{theirs.pk}/").status_code == (200 if sees_others else 404)


def test_anonymous_is_sent_to_sign_in(client_as, cast):
    assert client_as(None).get("/imports/").status_code == 302
