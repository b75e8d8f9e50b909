"""Every page of pages.py, opened cold by its user at a desktop's and a phone's width:
no horizontal scrolling, no console error, nothing asked of another origin, and no
heavier than its weight (100 KB; 150 KB with a map); opened again with the browser's
cache, no heavier than 30 KB (WARM_WEIGHT). The API's documentation page (Swagger UI
at /api/v1/docs/) is not a page of the site in this sense and is excepted: it is a
developer's tool, heavy by nature, outside pages.py."""

import pytest

from konbit.browser.pages import PAGES, WARM_WEIGHT

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_every_page_at_every_width(tab):
    problems = []
    signed_in = None
    for page in sorted(PAGES, key=lambda page: page.user):
        if page.user != signed_in:
            tab.page.context.clear_cookies()
            if page.user:
                tab.sign_in(page.user)
            signed_in = page.user
        url = page.url()
        response = tab.open(url, settle=page.settle)
        if response is None or response.status != 200:
            problems.append(f"{url} ({page.user}): HTTP {response and response.status}")
            continue
        cold = tab.transferred
        try:
            tab.check(f"{url} ({page.user or 'anonymous'})", weight=page.weight)
        except AssertionError as problem:
            problems.append(str(problem))
        warm = tab.open_warm(url, settle=page.settle)
        if warm > WARM_WEIGHT:
            problems.append(
                f"{url} ({page.user}) at {tab.width} px transferred {warm} bytes warm "
                f"(> {WARM_WEIGHT})"
            )
        print(f"{tab.width:>5} px {cold:>8} B cold {warm:>7} B warm  {url} ({page.user})")
    assert not problems, "\n".join(problems)
