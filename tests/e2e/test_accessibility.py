"""axe-core finds nothing on any client screen, and every tap target is at least 44×44 px."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .kiosk_driver import VISIBLE, start

AXE = Axe()
# Every default rule, plus the AAA contrast (7:1) and the target-size rule.
AXE_OPTIONS = {"resultTypes": ["violations"],
               "rules": {"color-contrast-enhanced": {"enabled": True}, "target-size": {"enabled": True}}}

SMALL_TARGETS = """() => {
  const seen = new Set(), small = [];
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, [role=slider], [tabindex]')) {
    const target = el.tagName === 'INPUT' && el.closest('label') ? el.closest('label') : el;
    if (seen.has(target) || el.type === 'hidden') continue;
    seen.add(target);
    const box = target.getBoundingClientRect(), style = getComputedStyle(target);
    if (!box.width || !box.height || style.visibility === 'hidden') continue;
    if (target.matches('h1, h2, [tabindex="-1"]')) continue;  // headings take focus, not taps
    if (box.width < 44 || box.height < 44) small.push(`${target.outerHTML.slice(0, 90)} ${box.width}x${box.height}`);
  }
  return small;
}"""


def check(page, where: str, problems: list[str]) -> None:
    results = AXE.run(page, options=AXE_OPTIONS)
    for violation in results.response["violations"]:
        nodes = "; ".join(node["html"][:80] for node in violation["nodes"][:3])
        problems.append(f"{where}: axe {violation['id']}: {nodes}")
    problems.extend(f"{where}: small target {t}" for t in page.evaluate(SMALL_TARGETS))


def walk_questionnaire(page, where: str, problems: list[str]) -> None:
    """Check every screen of the open questionnaire, answering on the way, then the thank-you."""
    while True:
        key = page.locator(VISIBLE).get_attribute("data-key")
        check(page, f"{where} screen {key}", problems)
        if key == "review":
            break
        line = page.locator(f"{VISIBLE} .line")
        if line.count():
            line.tap()
        next_button = page.locator("[data-step='1']")
        if next_button.is_enabled():
            next_button.tap()
        page.locator(f"section.screen:not([hidden]):not([data-key='{key}'])").wait_for()
    page.locator("button.send").tap()
    page.locator("#done").wait_for()
    check(page, f"{where} thank-you", problems)


@pytest.mark.parametrize("questionnaire_id, language, level", [
    ("ux-housing", "sv", "pictures"), ("ux-housing", "ar", "pictures"), ("ux-daily-activity", "en", "text"),
])
def test_every_survey_screen_is_accessible(page, live, round_ticket, questionnaire_id, language, level):
    token, _ = round_ticket(questionnaire_id, language, level)
    problems: list[str] = []
    page.goto(f"{live.url}/kiosk/t/{token}")
    check(page, "welcome", problems)
    start(page, live, token)
    walk_questionnaire(page, f"{questionnaire_id}/{language}/{level}", problems)
    assert problems == []


@pytest.mark.parametrize("code, questionnaire_id", [("E2E-CHILD", "outcome-child"), ("E2E-ADULT", "alliance-adult")])
def test_every_instrument_screen_is_accessible(page, live, new_session_ticket, code, questionnaire_id):
    token, _ = new_session_ticket(code, questionnaire_id)
    problems: list[str] = []
    start(page, live, token)
    walk_questionnaire(page, questionnaire_id, problems)
    assert problems == []


def test_the_start_setup_about_and_thanks_pages_are_accessible(page, live, round_ticket):
    from sqlalchemy import select

    from survey.models import RoundUnit

    with live.db() as db:
        code = db.scalar(select(RoundUnit.code))
    problems: list[str] = []
    token, _ = round_ticket("ux-housing")
    for path in ("/kiosk/", "/kiosk/?unknown=1", f"/kiosk/code/{code}", "/kiosk/about",
                 f"/kiosk/thanks?token={token}&lang=sv", "/kiosk/thanks?lang=ar"):
        page.goto(live.url + path)
        check(page, path, problems)
    assert problems == []


def test_the_locked_refused_and_still_there_screens_are_accessible(page, live, new_session_ticket):
    import uuid

    problems: list[str] = []
    for lang in ("sv", "ar"):
        page.goto(f"{live.url}/kiosk/locked?lang={lang}&next=/clinic/")
        check(page, f"locked/{lang}", problems)
    token, _ = new_session_ticket("E2E-ADULT", "outcome-adult")
    live.app.config["IDLE_SECONDS"] = 2
    try:
        start(page, live, token)
    finally:
        live.app.config["IDLE_SECONDS"] = 120
    page.locator("#idle").wait_for()
    check(page, "still there?", problems)
    answers = {key: 5 for key in ("personal", "close-relationships", "social", "overall")}
    sent = live.app.test_client().post("/kiosk/api/responses", json={
        "ticket": token, "uid": str(uuid.uuid4()), "answers": answers})
    assert sent.status_code == 201, sent.json
    page.goto(f"{live.url}/kiosk/t/{token}")
    assert page.locator("[data-reason='answered']").count() == 1
    check(page, "answered", problems)
    assert problems == []
