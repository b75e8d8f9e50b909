"""The browser suite: Debian's Chromium, driven by Playwright's Python package (its
wheel carries the driver; no browser is ever downloaded), against the application
served from the test database by a live server thread, with the demo loaded and
the static files collected and compressed as in production.

Without /usr/bin/chromium the suite is skipped (``make test`` says so), except under
CI=true, where a missing Chromium is a failure.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.test.testcases import LiveServerThread

CHROMIUM = "/usr/bin/chromium"
# This machine's network is closed: nothing of Chromium's own may try to go out.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = {"desktop": 1280, "phone": 390}
PASSWORD = "browser suite password 1"  # set on every demo user for the suite

# Playwright's sync API runs an event loop in this thread; Django refuses database
# work from a thread with a running loop unless told that it is safe (it is: the
# loop only talks to the browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright's Python package is missing (make install)"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    reason = chromium_missing()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and the browser suite cannot run: {reason}", pytrace=False)
        pytest.skip(f"browser suite skipped: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _whitenoise_serves_static(application: Any) -> Any:
    """Instead of the live server's own (uncompressed) static handler: the application
    itself, where WhiteNoise serves the collected, precompressed files as in
    production."""
    return application


@pytest.fixture(scope="session")
def site(
    django_db_setup: Any, django_db_blocker: Any, browser: Any, tmp_path_factory: Any
) -> Iterator[str]:
    """The live server's origin, over the test database holding the demo, committed
    before any test starts. Each test runs in a transaction like any other (marked
    ``django_db``): on SQLite the server shares the test's in-memory connection, so
    what a test does through the browser is rolled back after it; on PostgreSQL the
    server's own connections commit it. The browser tests run last
    (``konbit/conftest.py``), so nothing they leave behind meets another test."""
    static_root = tmp_path_factory.mktemp("static")
    var_dir = tmp_path_factory.mktemp("var")
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with (
        django_db_blocker.unblock(),
        override_settings(STATIC_ROOT=static_root, STORAGES=storages, VAR_DIR=var_dir),
    ):
        call_command("collectstatic", interactive=False, verbosity=0, stdout=io.StringIO())
        _gazetteer_back()
        call_command("load_demo", stdout=io.StringIO())
        from konbit.accounts.models import User

        for user in User.objects.exclude(username="system"):
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        shared = {
            alias: conn
            for alias, conn in ((a, connections[a]) for a in connections)
            if conn.vendor == "sqlite" and conn.is_in_memory_db()
        }
        for conn in shared.values():
            conn.inc_thread_sharing()
        server = LiveServerThread(
            "127.0.0.1", _whitenoise_serves_static, connections_override=shared
        )
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        try:
            yield f"http://127.0.0.1:{server.port}"
        finally:
            server.terminate()
            for conn in shared.values():
                conn.dec_thread_sharing()
            shutil.rmtree(static_root, ignore_errors=True)


def _gazetteer_back() -> None:
    """A transactional test earlier in the run flushes the test database, and the
    gazetteer with it (its migration loaded it): put it back, as the migration does."""
    import importlib

    from django.apps import apps

    if apps.get_model("places", "Commune").objects.exists():
        return
    importlib.import_module("konbit.places.migrations.0002_load_gazetteer").load(apps, None)


class Tab:
    """One browser page at one width, that records what each visit costs and what
    goes wrong: console errors, requests to another origin, bytes transferred (the
    cache is off: every visit is cold)."""

    def __init__(self, context: Any, origin: str, width: int) -> None:
        self.origin = origin
        self.width = width
        self.page = context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.transferred = 0
        cdp = self.cdp = context.new_cdp_session(self.page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.on("Network.loadingFinished", self._finished)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on("request", self._request)

    def _finished(self, event: dict[str, Any]) -> None:
        self.transferred += int(event.get("encodedDataLength", 0))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location.get('url', '')})")

    def _request(self, request: Any) -> None:
        url = request.url
        if url.startswith(("data:", "blob:")):
            return
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.foreign.append(url)

    def reset(self) -> None:
        self.errors.clear()
        self.foreign.clear()
        self.transferred = 0

    def open(self, path: str, *, settle: bool = False) -> Any:
        """Open ``path`` cold; ``settle`` waits for the page's own requests too."""
        self.reset()
        response = self.page.goto(
            self.origin + path, wait_until="networkidle" if settle else "load"
        )
        return response

    def open_warm(self, path: str, *, settle: bool = False) -> int:
        """The bytes a second visit of ``path`` transfers, the browser's cache on: a
        first visit (from an empty cache) fills it, the second is measured. The cache
        is off again afterwards (every other visit is cold)."""
        self.cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        self.cdp.send("Network.clearBrowserCache")
        wait = "networkidle" if settle else "load"
        try:
            self.page.goto(self.origin + path, wait_until=wait)
            self.reset()
            self.page.goto(self.origin + path, wait_until=wait)
            return self.transferred
        finally:
            self.cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})

    def overflow(self) -> int:
        """How far the page is wider than the screen (0: no horizontal scrolling)."""
        return int(
            self.page.evaluate(
                "Math.max(0, document.scrollingElement.scrollWidth - window.innerWidth)"
            )
        )

    def check(self, what: str, *, weight: int) -> None:
        """What every page at every width must satisfy."""
        assert self.overflow() == 0, (
            f"{what} at {self.width} px is {self.overflow()} px wider than the screen"
        )
        assert not self.errors, f"{what} at {self.width} px: {self.errors}"
        assert not self.foreign, f"{what} asked another origin: {self.foreign}"
        assert self.transferred <= weight, (
            f"{what} at {self.width} px transferred {self.transferred} bytes (> {weight})"
        )

    def follow_menu(self, entry: str, group: str | None = None) -> None:
        """Open ``entry`` from the menu as a person would: on a phone through "Menu",
        on a wide screen through its part's drop-down."""
        nav = self.page.get_by_role("navigation", name="Parts of the mission")
        if self.width < 768:
            self.page.locator("#menu > summary").click()
        elif group:
            nav.locator("summary", has_text=group).click()
        self.reset()
        nav.get_by_role("link", name=entry, exact=True).click()
        self.page.wait_for_load_state("load")

    def sign_in(self, username: str, password: str = PASSWORD) -> None:
        self.open("/accounts/login/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_load_state("load")


@pytest.fixture(params=list(WIDTHS.values()), ids=list(WIDTHS))
def width(request: Any) -> int:
    return int(request.param)


@pytest.fixture
def tab(browser: Any, site: str, width: int) -> Iterator[Tab]:
    """A fresh browser context (no cookie, no cache) at the test's width."""
    context = browser.new_context(
        viewport={"width": width, "height": 844 if width < 600 else 900},
        locale="en-US",
        is_mobile=width < 600,
        has_touch=width < 600,
        device_scale_factor=1,
    )
    context.set_default_timeout(15_000)
    try:
        yield Tab(context, site, width)
    finally:
        context.close()
