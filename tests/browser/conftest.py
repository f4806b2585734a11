"""Browser tests: Playwright for Python driving Debian's Chromium against a live server."""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: make test installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def login(page):
    """Log a user in through the real login form."""
    from tests.factories import TEST_PASSWORD

    def _login(user, password: str = TEST_PASSWORD):
        page.goto("/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        return page

    return _login


DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"


@pytest.fixture
def docs_screenshot():
    """Save a desktop-width picture for the user guides (docs/img/NAME.png) when the run asks for
    it with DOCS_SCREENSHOTS=1: the guides' pictures come from the walk through the guides on the
    demo province (tests/browser/test_user_guide.py), so regenerating them is
    `DOCS_SCREENSHOTS=1 bash scripts/test.sh tests/browser/test_user_guide.py`. Without it,
    nothing is written: an ordinary run leaves the committed pictures alone."""

    def _shot(page, name: str):
        if os.environ.get("DOCS_SCREENSHOTS") != "1":
            return None
        page.set_viewport_size({"width": 1280, "height": 800})
        path = DOCS_IMG / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 0, f"the picture {path.name} is empty"
        return path

    return _shot
