"""Every route of the site is in the browser suite's list of pages (pages.py), or
is named as not a page with the reason, or awaits the import pages' rebuild."""

from konbit.browser.pages import AWAITING, NOT_PAGES, PAGES, page_routes


def test_every_route_is_listed_for_the_browser_suite():
    routes = set(page_routes())
    listed = {page.url_name for page in PAGES}
    unlisted = routes - listed - set(NOT_PAGES) - set(AWAITING)
    assert not unlisted, (
        f"add these routes to konbit/browser/pages.py (PAGES, or NOT_PAGES with why): "
        f"{sorted(unlisted)}"
    )


def test_the_list_names_no_route_that_is_gone():
    routes = set(page_routes())
    named = {page.url_name for page in PAGES} | set(NOT_PAGES) | set(AWAITING)
    assert named <= routes, sorted(named - routes)


def test_a_page_is_listed_once_as_a_page_or_as_not_one():
    listed = {page.url_name for page in PAGES}
    assert not listed & set(NOT_PAGES)
    assert not listed & set(AWAITING)
