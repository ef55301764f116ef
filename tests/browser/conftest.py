"""Real-browser tests: Playwright drives Debian's Chromium, headless, against pytest-django's
live server. One browser for the whole session, a fresh context and page for every test."""

import os
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

from archive.demo_data import load_demo_data

# Playwright's sync API keeps an asyncio event loop running in the test thread, so Django's
# async-safety check would refuse every ORM call made there (loading the demo data, flushing the
# database after a test). They are ordinary blocking calls, made while Playwright waits and no
# coroutine runs: they are safe. (Set on import, it holds for the rest of the test run.)
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# Debian's package (apt-get install chromium): Playwright's own browser download does not work
# on these machines.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps calling home, and the machine has no network.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Pages of the demo data load in well under a second: a missing element fails fast.
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM}, which is missing. "
            "Install it with `apt-get install chromium`.",
            pytrace=False,
        )
    # Django hands code running under an event loop other database connections than the
    # thread's own, and from here on Playwright's loop runs in this thread. Keep the connections
    # the test database was set up on: fresh ones would not hold the migrated rows that the
    # serialized rollback puts back after each test (see live_site).
    test_database_connections = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in test_database_connections.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_site(live_server, django_db_serialized_rollback):
    """The live server, its database committed so its thread sees what a test writes.

    After each live-server test pytest-django empties every table; the serialized rollback
    puts back what the migrations wrote (the languages) before the next one.
    """
    return live_server


@pytest.fixture
def demo_site(live_site):
    """The live server with the demo data committed in its database."""
    load_demo_data()
    return live_site


@pytest.fixture
def page(browser, live_site):
    """A page in a fresh browser context (no cookies, no history) whose relative URLs go to
    the live server."""
    context = browser.new_context(base_url=live_site.url, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()
