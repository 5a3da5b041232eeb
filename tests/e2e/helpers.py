"""What the browser tests share: a record of what went wrong in the browser, and a few steps."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Page, Request, Response, expect

from tests.factories import PASSWORD

FAVICONS = ("/favicon.ico", "/static/microcred/favicon.svg")


class BrowserLog:
    """Collects what went wrong in the browser: console errors, page errors, failed or refused requests."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.problems: list[str] = []
        self.responses: list[Response] = []
        self._expected: set[tuple[str, int]] = set()
        self._seen_expected: set[tuple[str, int]] = set()

    def expect_status(self, path: str, status: int) -> None:
        """The test means to open ``path`` and get ``status`` (e.g. a 403 page): that is not a problem."""
        self._expected.add((path, status))

    def _is_expected(self, url: str, status: int) -> bool:
        key = (urlsplit(url).path, status)
        if url.startswith(self.origin) and key in self._expected:
            self._seen_expected.add(key)
            return True
        return False

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type not in {"error", "assert"}:
            return
        where = message.location.get("url", "")
        if urlsplit(where).path == "/favicon.ico":
            return  # Chromium asks for one on its own; the pages name no icon
        if message.text.startswith("Failed to load resource") and any(
            urlsplit(where).path == path for path, _ in self._expected
        ):
            return  # Chromium's echo of a response the test expects (and which on_response checks)
        self.problems.append(f"console {message.type}: {message.text} ({where})")

    def on_page_error(self, error: Exception) -> None:
        self.problems.append(f"uncaught exception in the page: {error}")

    def on_request_failed(self, request: Request) -> None:
        if request.failure == "net::ERR_ABORTED" and urlsplit(request.url).path.endswith(FAVICONS):
            return  # the browser fetches the icon on its own and drops it when the test navigates on
        self.problems.append(f"request failed: {request.method} {request.url} ({request.failure})")

    def on_response(self, response: Response) -> None:
        self.responses.append(response)
        if response.status >= 400 and not self._is_expected(response.url, response.status):
            self.problems.append(f"HTTP {response.status}: {response.request.method} {response.url}")

    def assert_clean(self) -> None:
        missing = self._expected - self._seen_expected
        assert not missing, f"expected responses never came: {sorted(missing)}"
        assert not self.problems, "the browser reported problems:\n  " + "\n  ".join(self.problems)


def assert_assets_loaded(page: Page, log: BrowserLog) -> None:
    """The stylesheet and htmx came from the live server, applied and running."""
    static = [r for r in log.responses if "/static/microcred/" in r.url]
    for name in ("microcred.css", "htmx-2.0.11.min.js"):
        matching = [r for r in static if r.url.endswith(name)]
        assert matching, f"{name} was never requested"
        assert all(r.status in {200, 304} for r in matching), [(r.url, r.status) for r in matching]
    assert page.evaluate("() => typeof window.htmx") == "object", "htmx did not run"
    applied = page.evaluate(
        "() => [...document.styleSheets]"
        ".some(s => (s.href || '').endsWith('/microcred.css') && s.cssRules.length > 0)"
    )
    assert applied, "the stylesheet did not apply"


def sign_in(page: Page, email: str) -> None:
    """From the start page, through the real sign-in form; ends on the dashboard."""
    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Hello,")).to_be_visible()


def assert_served_under_csp(log: BrowserLog) -> None:
    """Every page came with the Content Security Policy that forbids inline and eval'd scripts."""
    documents = [r for r in log.responses if r.request.resource_type == "document"]
    assert documents, "no page was loaded"
    for response in documents:
        policy = response.headers.get("content-security-policy", "")
        script_src = next((d for d in policy.split(";") if d.strip().startswith("script-src")), "")
        assert script_src.split() == ["script-src", "'self'"], (response.url, policy)
