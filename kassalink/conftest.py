"""Fixtures every suite shares: the MplusKASSA reference files, real services, a browser."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def need(condition: bool, message: str) -> None:
    """Skip on a laptop that lacks something; in CI the same gap is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI must have this: {message}")
    pytest.skip(message)


@pytest.fixture(scope="session")
def mplus_reference_dir() -> Path:
    path = Path(settings.KASSALINK_MPLUS_REFERENCE_DIR)
    need(
        (path / "mplusqapi.wsdl").is_file(),
        f"the official MplusKASSA WSDL is not at {path}/mplusqapi.wsdl; "
        "set KASSALINK_MPLUS_REFERENCE_DIR to the folder that holds it",
    )
    return path


@pytest.fixture(scope="session")
def wsdl_path(mplus_reference_dir: Path) -> Path:
    return mplus_reference_dir / "mplusqapi.wsdl"


# --- browser tests -------------------------------------------------------------------

CHROMIUM = os.environ.get("KASSALINK_CHROMIUM", "/usr/bin/chromium")
SCREENSHOT_DIR = Path(os.environ.get("KASSALINK_SCREENSHOT_DIR", "test-results")).resolve()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    need(
        Path(CHROMIUM).exists(),
        f"no chromium at {CHROMIUM}: `apt-get install chromium` (make test does this)",
    )
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread; Django's ORM calls in the test are fine.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh browser page; a failing test leaves a screenshot and says where."""
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOT_DIR / f"{request.node.nodeid.replace('/', '_').replace('::', '-')}.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"\nscreenshot of the failing page: {shot}")
        report.sections.append(("screenshot", str(shot)))
    context.close()


# --- named tenants (Alice's shop, Bob's shop, an operator) for every suite ------------

pytest_plugins = ["kassalink.accounts.tests.fixtures"]
