"""Fixtures for browser tests: Playwright driving Debian's Chromium against pytest-django's live_server.

Mark browser tests with @pytest.mark.browser and use the `page` fixture: a fresh browser
context (no cookies) whose relative URLs resolve against the live server, e.g. page.goto("/").

Chromium is Debian's (/usr/bin/chromium, apt-get install chromium; `make test` installs it when
root). Playwright's own browser download cannot work here: never run `playwright install`.
Under CI=true a missing Chromium or Playwright fails the browser tests; elsewhere they skip.

The browser never reaches the internet: host names other than the loopback ones do not
resolve, Chromium's background services are off, and any page request to a host other than
the live server is aborted and fails the test (the app must work on a campus intranet).
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an asyncio event loop in this thread; Django refuses database
# access from a thread with a running loop unless told it is fine (it is: one thread, in order).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("QUALCASE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--no-first-run",
    # No update checks, metrics, safe-browsing or sync: nothing that calls out to the internet.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    # Belt and braces: only loopback names resolve, anything else fails at once.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
TIMEOUT_MS = 15_000


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"true", "1"}


def _unavailable(reason: str):
    if _in_ci():
        pytest.fail(f"browser tests need {reason} under CI=true", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def plain_static_storage(settings):
    """Serve static files unhashed: the live server has no collectstatic manifest.

    Production (DEBUG off) uses whitenoise's manifest storage, which needs `collectstatic` to
    have run; the tests serve the source files through live_server's static handler instead.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def page(browser, plain_static_storage, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    outside = []

    def guard(route):
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", guard)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
    if outside:
        pytest.fail(f"the page tried to reach the internet: {outside[:5]}", pytrace=False)


@pytest.fixture
def open_as(browser, live_server, plain_static_storage):
    """open_as(user, url, locale="en-US", workspace=True): a new signed-in browser context at url,
    with the page's script errors collected in page.errors. workspace=True waits for the coding
    page to be drawn. Every context is closed after the test."""
    from tests.browser.coding_helpers import open_workspace, sign_in

    contexts = []

    def open_page(user, url, locale="en-US", workspace=True):
        context, page = sign_in(browser, live_server, user, locale=locale)
        contexts.append(context)
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.errors = errors
        if workspace:
            open_workspace(page, url)
        else:
            page.goto(url)
        return page

    yield open_page
    for context in contexts:
        context.close()

