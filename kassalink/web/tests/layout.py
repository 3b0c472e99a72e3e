"""Checks that a page works on a phone and on a desktop, for browser tests of any app.

A page is listed once (its path and the controls a person needs on it); `layout_problems`
opens it at a width and says what is wrong: the document scrolls sideways, or a control
cannot be reached (hidden, off-screen, covered or disabled), opening the phone menu first
when the control lives there. Adding a page to a check is one line in the test's list.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from django.test import Client

from kassalink.conftest import SCREENSHOT_DIR

PHONE, DESKTOP = 390, 1280
# KASSALINK_LAYOUT_SCREENSHOTS=1 keeps a picture of every page checked, to look at by eye.
ALWAYS_SCREENSHOT = os.environ.get("KASSALINK_LAYOUT_SCREENSHOTS") == "1"


@dataclass(frozen=True)
class Control:
    """Something a person must reach: an ARIA role and name, or a CSS selector. With
    `in_view`, one of the CSS matches must be on screen sideways as the page opens (the
    roster's shifts on a phone, not only its names), before anything scrolls."""

    role: str
    name: str = ""
    in_view: bool = False

    def locate(self, page):
        if self.role == "css":
            return page.locator(self.name).first
        return page.get_by_role(self.role, name=self.name).first


def button(name: str) -> Control:
    return Control("button", name)


def link(name: str) -> Control:
    return Control("link", name)


def css(selector: str, *, in_view: bool = False) -> Control:
    return Control("css", selector, in_view)


# On every page: the language menu and a way out.
EVERY_PAGE = (Control("combobox", "Taal"), button("Uitloggen"))


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    controls: tuple[Control, ...] = field(default=())


IN_VIEW = """selector => [...document.querySelectorAll(selector)].some(element => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.left >= 0 && box.right <= window.innerWidth;
})"""


def sign_in(page, base_url: str, user) -> None:
    """Sign the browser in as `user` with a session of the test client (no login form)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": base_url}])


def layout_problems(
    page, base_url: str, pages: list[Page], width: int, every_page: tuple[Control, ...] = EVERY_PAGE
) -> list[str]:
    """What is wrong with each page at `width` px; an empty list when all is well.
    `every_page`: the controls each page must offer besides its own (the wallet has its
    own header)."""
    page.set_viewport_size({"width": width, "height": 844 if width == PHONE else 900})
    problems: list[str] = []
    for listed in pages:
        response = page.goto(base_url + listed.path)
        found = _page_problems(page, listed, response.status, every_page)
        if found:
            problems += [f"{listed.name} at {width} px: {problem}" for problem in found]
        if found or ALWAYS_SCREENSHOT:
            _screenshot(page, f"layout-{listed.name}-{width}")
    return problems


def _page_problems(page, listed: Page, status: int, every_page: tuple[Control, ...]) -> list[str]:
    if status != 200:
        return [f"answered {status}"]
    problems = []
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if scroll > inner:
        problems.append(f"scrolls sideways ({scroll} px wide in a {inner} px window)")
    for control in listed.controls:
        if control.in_view and not page.evaluate(IN_VIEW, control.name):
            problems.append(f"{control.name!r}: none in view sideways as the page opens")
    for control in (*every_page, *listed.controls):
        problem = _unreachable(page, control)
        if problem:
            problems.append(f"{control.role} {control.name!r}: {problem}")
    return problems


def _unreachable(page, control: Control) -> str | None:
    target = control.locate(page)
    menu = page.get_by_role("button", name="Menu", exact=True)
    opened = False
    # Hidden controls are not in the accessibility tree: look again with the menu open.
    if not target.is_visible() and menu.is_visible():
        menu.click()
        opened = True
    try:
        if target.count() == 0:
            return "not on the page"
        if not target.is_visible():
            return "not visible"
        # Playwright's own checks: scrolled into view, visible, stable, enabled, not covered.
        target.click(trial=True, timeout=3000)
        box = target.bounding_box()
        inner = page.evaluate("window.innerWidth")
        if box is None or box["x"] < 0 or box["x"] + box["width"] > inner + 0.5:
            return f"outside the {inner} px window ({box})"
        return None
    except Exception as error:  # a timeout names what blocked the click
        return str(error).splitlines()[0]
    finally:
        if opened:
            menu.click()


def _screenshot(page, name: str) -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
