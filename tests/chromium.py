"""A real headless Chromium through Playwright: Debian's /usr/bin/chromium (what `.ci/run`
installs), else Playwright's own browser if one happens to be installed. Neither: the browser
tests skip with the reason locally, and FAIL under CI (CI=true), where they must run.

One `browser` fixture for the whole run, registered by tests/conftest.py: Playwright's sync
API allows one instance per thread, so a second session-scoped copy (a test module importing
the fixture) fails with "Sync API inside the asyncio loop"."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _system_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def _no_browser(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the browser tests, but: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        _no_browser("the playwright package is not installed (pip install -e '.[dev]')")
    # Playwright's sync API runs an event loop in this thread; the tests' own ORM calls
    # (loading the demo) are still plain synchronous code, so Django's async-safety guard must
    # stand down once a browser test runs.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        executable = _system_chromium()
        if executable is None and Path(playwright.chromium.executable_path).is_file():
            executable = playwright.chromium.executable_path
        if executable is None:
            _no_browser(
                "no Chromium found: install Debian's (apt-get install chromium) or set CHROMIUM "
                "to a Chromium binary"
            )
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
