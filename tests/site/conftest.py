"""Fixtures of the browser tests of the built website (``_build/html``).

The tests drive Debian's Chromium (``/usr/bin/chromium``) headless through
Playwright's sync API. One browser is started per session (per xdist worker), the
site is served on a free localhost port, and every page is opened in a fresh browser
context whose requests to any other host are aborted and recorded.

Pages are discovered from the built site, so a new chapter is tested automatically.
Test functions ask for one of two arguments that ``pytest_generate_tests`` fills in:

* ``page_path``: every page of the book (site-relative, e.g. ``book/intro.html``);
* ``chapter_path``: the chapter pages only (``book/NN_*.html``).

Before running: ``make book``, which builds the site, marks it built, and runs
``npm ci`` (the pinned axe-core goes into ``node_modules``). A site that is missing
or older than its sources fails every test with a message naming that command
(``make test-site`` builds it and runs these tests).
"""

from __future__ import annotations

import functools
import http.server
import re
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sitekit import (
    AXE_JS,
    BROWSER_MISSING,
    CHAPTER,
    CHROMIUM,
    CHROMIUM_ARGS,
    NOT_BUILT,
    ROOT,
    SITE,
    QuietHandler,
    Site,
    Visit,
    book_config,
    discover_pages,
    format_weight,
)


@pytest.fixture(autouse=True)
def fresh_site():
    """Every website test fails, naming the command, on a missing or stale build."""
    if NOT_BUILT:
        pytest.fail(NOT_BUILT, pytrace=False)


@pytest.fixture(scope="session")
def site_server():
    """Serve _build/html on a free localhost port; FAIL if it was not built."""
    if NOT_BUILT:
        pytest.fail(NOT_BUILT, pytrace=False)
    sys.path.insert(0, str(ROOT / "_ext"))
    from site_links import site_address_from_config

    served = type(
        "SiteHandler",
        (QuietHandler,),
        {"site_path": urlsplit(site_address_from_config(book_config())).path},
    )
    handler = functools.partial(served, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session (per xdist worker)."""
    if BROWSER_MISSING:
        pytest.fail(BROWSER_MISSING, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def site(site_server, browser) -> Site:
    return Site(browser, site_server)


@pytest.fixture
def visit(site, request):
    """Open a page in a fresh context for this test; closed afterwards.

    When the test fails, each page it opened is kept as a screenshot in
    ``_build/reports/screenshots/`` (CI keeps the folder when a job fails).
    """
    opened: list[Visit] = []

    def open_page(path: str, *, dark: bool = False) -> Visit:
        opened.append(site.open(path, dark=dark))
        return opened[-1]

    yield open_page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        FAILURE_SHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
        for k, page in enumerate(opened):
            try:
                page.page.screenshot(path=str(FAILURE_SHOTS / f"{name}-{k}.png"))
            except Exception as exc:  # a crashed page must not hide the failure
                print(f"no screenshot of {page.path}: {exc}")
    for page in opened:
        page.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, for the fixtures above."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="module")
def loaded(site):
    """Pages loaded once per test module, for checks that only read the page."""
    cache: dict[str, Visit] = {}

    def get(path: str) -> Visit:
        if path not in cache:
            cache[path] = site.open(path)
        return cache[path]

    yield get
    for page in cache.values():
        page.close()


@pytest.fixture(scope="session")
def axe_source() -> Path:
    if not AXE_JS.is_file():
        pytest.fail(
            f"{AXE_JS.relative_to(ROOT)} is missing: run `npm ci` in {ROOT}",
            pytrace=False,
        )
    return AXE_JS


@pytest.fixture(scope="session")
def config() -> dict:
    return book_config()


FAILURE_SHOTS = ROOT / "_build" / "reports" / "screenshots"


# --------------------------------------------------------------------------------------
# Page weights: printed per test (visible with -s) and summarized at the end (also
# under xdist, which forwards each report's user_properties to the controller).


def pytest_terminal_summary(terminalreporter):
    weights = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            for name, value in getattr(report, "user_properties", []):
                if name == "page_weight":
                    weights[value["page"]] = value
    if weights:
        terminalreporter.section("page weights (uncompressed response bodies)")
        for page in sorted(weights):
            terminalreporter.write_line(format_weight(weights[page]))


def pytest_generate_tests(metafunc):
    pages = discover_pages() if (SITE / "index.html").is_file() else []
    # Without a built site, one placeholder case per test: it needs the `site`
    # fixture, which fails with NOT_BUILT, so nothing is silently skipped.
    missing = [pytest.param(None, id="site-not-built")]
    if "page_path" in metafunc.fixturenames:
        metafunc.parametrize("page_path", pages or missing)
    if "chapter_path" in metafunc.fixturenames:
        chapters = [page for page in pages if CHAPTER.match(page)]
        metafunc.parametrize("chapter_path", chapters or missing)
