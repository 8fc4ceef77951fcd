"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Never `playwright install`: the browser is the system's /usr/bin/chromium. Playwright's sync
API runs an event loop in this thread, which Django would take for async code, hence
DJANGO_ALLOW_ASYNC_UNSAFE. Screenshots go to var/screenshots/ for a person to look at.
"""
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright


os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


_chromium: dict = {}
"""The run's one Playwright and Chromium. A test module elsewhere that imports these fixtures
gets its own copy of the session fixture; two sync Playwrights in one thread would collide,
so every copy shares this one and the last to finish closes it."""


@pytest.fixture(scope="session")
def browser():
    if not _chromium:
        playwright = sync_playwright().start()
        _chromium.update(playwright=playwright, users=0, browser=playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS))
    _chromium["users"] += 1
    yield _chromium["browser"]
    _chromium["users"] -= 1
    if not _chromium["users"]:
        _chromium["browser"].close()
        _chromium["playwright"].stop()
        _chromium.clear()


@pytest.fixture
def page(browser, live_server, policy_tables):
    """A fresh browser context (no cookies) whose relative URLs go to the live server, on a
    database with the policy tables (a transactional test's flush empties them, so without
    this a test needing them failed whenever another browser test had run before it)."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800},
                                  locale="zh-CN")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def screenshot(page, request):
    """screenshot("step") saves var/screenshots/<test name>-<step>.png and returns its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    test_name = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")

    def take(step: str) -> Path:
        path = SCREENSHOTS / f"{test_name}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def sign_in(page, username, password=None):
    """Sign in through the login page (a fresh session each time) as a SmallCounty user, or
    with `password` as another county's (the demo county's journeys)."""
    from tests.county import PASSWORD

    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password or PASSWORD)
    page.click("#sign-in")
    page.get_by_test_id("current-user").wait_for()
