"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

* Chromium is ``/usr/bin/chromium`` (``make browsers`` installs it); Playwright's own browser download is
  never used. Without it every test here fails, saying what to run.
* The live server listens on 127.0.0.1 and serves the static files (htmx, the stylesheet) itself.
* Playwright's sync API keeps an asyncio event loop marked as running in the test thread while it is started,
  which makes Django refuse ORM calls from that thread (SynchronousOnlyOperation). So Playwright is started
  and stopped with this package (not the whole session), and ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set only while
  it runs: tests elsewhere in the suite keep Django's check.
* Every page's console errors, uncaught exceptions, failed requests and HTTP errors (CSP violations included)
  fail the test, unless the test declares a status it expects with ``browser_log.expect_status``.
* These tests run after every other test that uses the database (see ``pytest_collection_modifyitems``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, BrowserType, Playwright, sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.e2e.helpers import BrowserLog

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
TIMEOUT_MS = 5_000

# Chromium reports a CSP violation on the console anyway; this makes sure it is an error with a clear text.
_REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`
    + ` at ${event.sourceFile || document.location.href}:${event.lineNumber}`);
});
"""


# --- Their place in the whole suite -------------------------------------------------------------------------


def _uses_database(item: pytest.Item) -> bool:
    from django.test import TransactionTestCase

    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return True
    fixtures = set(getattr(item, "fixturenames", ()))
    return item.get_closest_marker("django_db") is not None or bool(
        fixtures & {"db", "transactional_db", "live_server"}
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run these tests after every other test that uses the database.

    They need a transactional database, and its flush after each test also empties what the migrations put
    in (the shared NACE framework). pytest-django orders the suite for that, but pytest then groups tests by
    session-scoped parameters, and Playwright parametrizes ``browser_name`` on every test that names a
    ``page``/``context``/``browser`` argument (a parametrized ``page`` elsewhere is enough), which can pull
    these tests ahead of ordinary database tests.
    """
    mine = [item for item in items if HERE in item.path.parents]
    if not mine or len(mine) == len(items):
        return
    others = [item for item in items if HERE not in item.path.parents]
    last = max((n for n, item in enumerate(others) if _uses_database(item)), default=-1)
    items[:] = [*others[: last + 1], *mine, *others[last + 1 :]]


# --- Django side -------------------------------------------------------------------------------------------


@pytest.fixture(scope="package", autouse=True)
def _allow_orm_next_to_playwright() -> Iterator[None]:
    """Only for this package: allow ORM calls while Playwright's event loop is marked as running."""
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if before is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="session")
def live_server(django_db_setup: None) -> Iterator[LiveServer]:
    """pytest-django's live server, on 127.0.0.1 whatever ``--liveserver`` says, started after the test
    database exists (so an in-memory SQLite database is shared with it) and stopped before it is dropped."""
    server = LiveServer("127.0.0.1:0")
    # The server's first answer would load the URL configuration and every view module: seconds on a busy
    # machine, more than the browser's timeout. The server runs in this process, so load them here first.
    from django.urls import get_resolver

    get_resolver().check()
    yield server
    server.stop()


# --- Playwright side: Debian's Chromium, started for this package only --------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM} and it is missing: run `make browsers` "
            "(as root or with sudo), then run the tests again.",
            pytrace=False,
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
        "headless": True,
    }


@pytest.fixture(scope="package")
def playwright(_allow_orm_next_to_playwright: None) -> Iterator[Playwright]:
    pw = sync_playwright().start()
    yield pw
    pw.stop()


@pytest.fixture(scope="package")
def browser_type(playwright: Playwright) -> BrowserType:
    return playwright.chromium


@pytest.fixture(scope="package")
def launch_browser(
    browser_type_launch_args: dict[str, Any], browser_type: BrowserType
) -> Callable[..., Browser]:
    def launch(**kwargs: Any) -> Browser:
        return browser_type.launch(**{**browser_type_launch_args, **kwargs})

    return launch


@pytest.fixture(scope="package")
def browser(launch_browser: Callable[..., Browser]) -> Iterator[Browser]:
    browser = launch_browser()
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def browser_context_args(live_server: LiveServer) -> dict[str, Any]:
    return {"base_url": live_server.url, "locale": "en-US", "timezone_id": "UTC"}


# --- What the browser reports ------------------------------------------------------------------------------


@pytest.fixture
def browser_log(live_server: LiveServer) -> BrowserLog:
    return BrowserLog(live_server.url)


@pytest.fixture
def context(new_context: Callable[..., BrowserContext], browser_log: BrowserLog) -> BrowserContext:
    context = new_context()
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(_REPORT_CSP_VIOLATIONS)
    context.on("console", browser_log.on_console)
    context.on("weberror", lambda web_error: browser_log.on_page_error(web_error.error))
    context.on("requestfailed", browser_log.on_request_failed)
    context.on("response", browser_log.on_response)
    return context


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """After a browser test's own assertions pass, fail it if the browser reported a problem."""
    result = yield
    log = getattr(item, "funcargs", {}).get("browser_log")
    if isinstance(log, BrowserLog):
        log.assert_clean()
    return result
