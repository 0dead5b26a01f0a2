"""Drives the client pages in the browser the way a client does: one tap per answer."""
from __future__ import annotations

import time

from survey.domain.instruments import Questionnaire

VISIBLE = "section.screen:not([hidden])"


def start(page, live, token: str, language: str | None = None) -> None:
    suffix = f"?lang={language}" if language else ""
    page.goto(f"{live.url}/kiosk/t/{token}{suffix}")
    page.locator("a.start").tap()
    page.locator("#questionnaire[data-ready]").wait_for()


def tap_tile(page, option_key: str) -> None:
    page.locator(f"{VISIBLE} label:has(input[value='{option_key}'])").tap()


def tap_option(page, option_key: str) -> None:
    """Answer a question as a client does: tap the tile, then "Nästa" (unless the hand-over
    chose moving on after a tap)."""
    tap_tile(page, option_key)
    if page.locator("#questionnaire").get_attribute("data-advance") != "true":
        page.locator("[data-step='1']").tap()


def mark_line(page, fraction: float) -> float:
    """Tap the visible line at ``fraction`` of its length; return the value that should be stored."""
    line = page.locator(f"{VISIBLE} .line")
    box = line.bounding_box()
    line.tap(position={"x": box["width"] * fraction, "y": box["height"] / 2})
    return round(fraction * 10, 1)


def current_key(page) -> str:
    return page.locator(VISIBLE).get_attribute("data-key")


def wait_for_screen(page, key: str) -> None:
    page.locator(f"section.screen[data-key='{key}']:not([hidden])").wait_for()


def answer_all(page, questionnaire: Questionnaire, choose) -> dict[str, object]:
    """Answer every item with ``choose(item)`` (an option key, a line fraction, or None to skip).

    Returns what should be stored per item key.
    """
    expected: dict[str, object] = {}
    keys = [item.key for item in questionnaire.items]
    for index, item in enumerate(questionnaire.items):
        wait_for_screen(page, item.key)
        choice = choose(item)
        if choice is None:
            expected[item.key] = None
            page.locator("[data-step='1']").tap()
        elif isinstance(choice, str):
            tap_option(page, choice)
            expected[item.key] = choice
        else:
            expected[item.key] = mark_line(page, choice)
            page.locator("[data-step='1']").tap()
        following = keys[index + 1] if index + 1 < len(keys) else None
        if following:
            wait_for_screen(page, following)
    return expected


def finish(page, gender: str | None = None, age_group: str | None = None) -> None:
    """Answer the background screen (survey rounds), check the review, send."""
    if page.locator("section.screen[data-key='background']").count():
        wait_for_screen(page, "background")
        if gender:
            tap_tile(page, gender)
        if age_group:
            tap_tile(page, age_group)
        page.locator("[data-step='1']").tap()
    wait_for_screen(page, "review")
    page.locator("button.send").tap()
    page.locator("#done").wait_for()


def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Poll a JavaScript expression until it is true (``wait_for_function`` would need
    'unsafe-eval', which the client pages' content-security policy rightly refuses)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        time.sleep(0.1)
