"""How the client screens look and behave: no word clipped at any iPad size or at 200 % text, a
scale in its order, the chosen tile marked, moving on only when the hand-over asked for it, the
review with pictures and speakers, slow speech."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from survey.config import BUNDLED_QUESTIONNAIRES
from survey.domain.instruments import load_catalogue
from survey.models import Client, RoundUnit, SurveyRound, TreatmentSession
from survey.operations import add_goal, start_follow_up

from .kiosk_driver import (
    VISIBLE,
    finish,
    mark_line,
    start,
    tap_option,
    tap_tile,
    wait_for_screen,
    wait_until,
)
from .test_accessibility import walk_questionnaire

CATALOGUE = load_catalogue(BUNDLED_QUESTIONNAIRES)
# iPad mini, iPad Air and iPad Pro 12.9", each in portrait and landscape (CSS pixels).
IPADS = [(744, 1133), (820, 1180), (1024, 1366)]
VIEWPORTS = [size for w, h in IPADS for size in ((w, h), (h, w))]

# Every element holding text: its content wider than its box (clipped or spilling over), or its
# box reaching out of the tile it sits in.
CLIPPED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('main *')) {
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline') {
      found.push(`${el.tagName} "${el.textContent.trim().slice(0, 30)}" ${el.scrollWidth}>${el.clientWidth}`);
      continue;
    }
    const tile = el.closest('label, .tile, .end, .ask');
    if (!tile || tile === el) continue;
    const box = el.getBoundingClientRect(), outer = tile.getBoundingClientRect();
    if (box.left < outer.left - 1 || box.right > outer.right + 1)
      found.push(`${el.tagName} "${el.textContent.trim().slice(0, 30)}" outside its tile`);
  }
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth + 1) found.push(`the page scrolls sideways ${page.scrollWidth}>${page.clientWidth}`);
  return found;
}"""

# Every scale's tiles in one row (same top) or one column (same left): never a zig-zag.
ZIGZAG = """() => Array.from(document.querySelectorAll('.options.scale')).filter(scale => {
  const boxes = Array.from(scale.children).map(c => c.getBoundingClientRect());
  const row = boxes.every(b => Math.abs(b.top - boxes[0].top) < 2);
  const column = boxes.every(b => Math.abs(b.left - boxes[0].left) < 2);
  const rtl = getComputedStyle(scale).direction === 'rtl';
  const ordered = boxes.every((b, i) => !i || (row ? (rtl ? b.left < boxes[i - 1].left : b.left > boxes[i - 1].left) : b.top > boxes[i - 1].top));
  return !((row || column) && ordered);
}).map(scale => scale.closest('.screen').dataset.key)"""

SHOW_EVERY_SCREEN = "() => document.querySelectorAll('section.screen').forEach(s => s.hidden = false)"


def _ticket(live, round_ticket, new_session_ticket, questionnaire_id: str, language: str,
            **options) -> str:
    questionnaire = CATALOGUE.get(questionnaire_id)
    if questionnaire.kind == "survey":
        token, _ = round_ticket(questionnaire_id, language)
        return token
    code = "E2E-CHILD" if "child" in questionnaire_id else "E2E-ADULT"
    _, session_id = new_session_ticket(code, questionnaire_id)
    with live.db() as db:
        unit_id = db.get(TreatmentSession, session_id).episode.client.unit_id
    return live.ticket(questionnaire_id=questionnaire_id, questionnaire_version=1, unit_id=unit_id,
                       language=language, mode="self", session_id=session_id, **options)


@pytest.mark.parametrize("questionnaire_id, language", [
    ("ux-housing", "sv"), ("ux-housing", "ar"), ("ux-daily-activity", "en"),
    ("outcome-adult", "sv"), ("alliance-child", "ar"),
])
def test_no_word_is_clipped_at_any_ipad_size_or_at_200_percent_text(
        page, live, round_ticket, new_session_ticket, questionnaire_id, language):
    token = _ticket(live, round_ticket, new_session_ticket, questionnaire_id, language, faces=True)
    start(page, live, token, language)
    page.evaluate(SHOW_EVERY_SCREEN)
    problems = []
    for text_size in ("100%", "200%"):
        page.evaluate(f"document.documentElement.style.fontSize = '{text_size}'")
        for width, height in VIEWPORTS:
            page.set_viewport_size({"width": width, "height": height})
            page.evaluate("() => new Promise(requestAnimationFrame)")
            where = f"{width}x{height} text {text_size}"
            problems += [f"{where}: {found}" for found in page.evaluate(CLIPPED)]
            problems += [f"{where}: scale out of order on {key}" for key in page.evaluate(ZIGZAG)]
    assert problems == []


def _goal_ticket(live, language: str = "sv") -> str:
    with live.db() as db:  # not E2E-FLOW: its goals are test_goal_rating's
        client = db.scalar(select(Client).where(Client.code == "E2E-ADULT"))
        episode = client.episodes[0]
        add_goal(db, episode, "Gå ut varje dag", episode.opened_on)
        follow_up = start_follow_up(db, episode, "review", date.today())
        db.commit()
        return live.ticket(questionnaire_id="goal-rating", questionnaire_version=1,
                           unit_id=client.unit_id, language=language, mode="self",
                           follow_up_id=follow_up.id)


@pytest.mark.parametrize("language", ["sv", "ar"])
def test_the_five_goal_faces_sit_in_one_row_in_their_order_in_both_orientations(page, live, language):
    start(page, live, _goal_ticket(live, language), language)
    for width, height in ((820, 1180), (1180, 820), (1024, 1366), (1366, 1024)):
        page.set_viewport_size({"width": width, "height": height})
        faces = page.locator(f"{VISIBLE} .options.scale > .choice").evaluate_all(
            "tiles => tiles.map(t => [Math.round(t.getBoundingClientRect().top), t.getBoundingClientRect().left,"
            " t.querySelector('img').getAttribute('src')])")
        assert [src.rsplit("/", 1)[1] for _, _, src in faces] == [f"rating-{n}.svg" for n in range(1, 6)]
        assert len({top for top, _, _ in faces}) == 1, (width, faces)
        lefts = [left for _, left, _ in faces]
        assert lefts == sorted(lefts, reverse=language == "ar")  # read in the page's direction
    assert page.evaluate(CLIPPED) == []


def test_a_tap_marks_the_tile_and_waits_for_next_by_default(page, live, round_ticket):
    housing = CATALOGUE.get("ux-housing")
    first = housing.items[0]
    token, _ = round_ticket("ux-housing")
    start(page, live, token)
    tap_tile(page, "sometimes")
    page.wait_for_timeout(1800)  # longer than the moving-on delay of the option
    assert page.locator(VISIBLE).get_attribute("data-key") == first.key
    chosen = page.locator(f"{VISIBLE} label:has(input:checked)")
    assert chosen.locator("input").get_attribute("value") == "sometimes"
    assert chosen.evaluate("label => getComputedStyle(label, '::after').content") == '"✓"'
    tap_tile(page, "yes")  # a wrong tap is corrected on the same screen
    assert page.locator(f"{VISIBLE} label:has(input:checked) input").get_attribute("value") == "yes"
    page.locator("[data-step='1']").tap()
    wait_for_screen(page, housing.items[1].key)


def test_moving_on_after_a_tap_works_alike_on_choice_and_line_screens(
        page, live, round_ticket, new_session_ticket):
    housing = CATALOGUE.get("ux-housing")
    with live.db() as db:
        ru = db.scalar(select(RoundUnit).join(SurveyRound)
                       .where(SurveyRound.questionnaire_id == "ux-housing"))
        token = live.ticket(questionnaire_id="ux-housing", questionnaire_version=1, unit_id=ru.unit_id,
                            round_id=ru.round_id, language="sv", mode="self", advance=True)
    start(page, live, token)
    tap_tile(page, "yes")
    wait_for_screen(page, housing.items[1].key)  # by itself, after the chosen tile was shown
    outcome = CATALOGUE.get("outcome-adult")
    token = _ticket(live, round_ticket, new_session_ticket, "outcome-adult", "sv", advance=True)
    start(page, live, token)
    mark_line(page, 0.7)
    wait_for_screen(page, outcome.items[1].key)


RECORD_SPEECH = """
window.spoken = [];
speechSynthesis.speak = u => window.spoken.push([u.text, Math.round(u.rate * 100) / 100]);
window.played = [];
const play = HTMLMediaElement.prototype.play;
HTMLMediaElement.prototype.play = function () { window.played.push(this.playbackRate); return play.call(this); };
"""


def test_the_review_shows_each_question_with_its_picture_the_chosen_answer_and_a_speaker(
        page, live, round_ticket):
    housing = CATALOGUE.get("ux-housing")
    page.add_init_script(RECORD_SPEECH)
    token, _ = round_ticket("ux-housing")
    start(page, live, token)
    chosen = {}
    for index, item in enumerate(housing.items):
        wait_for_screen(page, item.key)
        option = housing.scale_of(item).options[index % 3]
        tap_option(page, option.key)
        chosen[item.key] = option
    wait_for_screen(page, "background")
    for group in housing.age_groups:  # each age group can be heard
        tile = page.locator(f"{VISIBLE} .choice:has(input[value='{group}'])")
        text_id = tile.locator("span[id]").get_attribute("id")
        assert tile.locator(f".say[data-say='{text_id}']").count() == 1
    page.locator("[data-step='1']").tap()
    wait_for_screen(page, "review")
    rows = page.locator("#review-list li")
    assert rows.count() == len(housing.items)
    for index, item in enumerate(housing.items):
        row = rows.nth(index)
        pictures = row.locator("img").evaluate_all("imgs => imgs.map(i => i.getAttribute('src'))")
        assert pictures[0].endswith(f"/{item.pictogram}.svg")
        assert pictures[1].endswith(f"/{chosen[item.key].pictogram}.svg")
        assert row.locator(".answer").inner_text().strip() == chosen[item.key].label["sv"]
        assert row.locator(".say").count() == 1
    rows.nth(0).locator(".say").tap()  # no built audio here: the browser voice reads the row
    wait_until(page, "window.spoken.length > 0")
    [[text, rate]] = page.evaluate("window.spoken")
    assert text == f"{housing.items[0].text['sv']}. {chosen[housing.items[0].key].label['sv']}"
    # the page knew there is no file, unless tapped before it had asked: then the file was tried
    assert rate == 1 and page.evaluate("window.played") in ([], [1])
    rows.nth(1).locator(".tile").tap()  # a row leads back to its question
    wait_for_screen(page, housing.items[1].key)


def test_the_review_of_a_line_shows_the_faces_and_the_mark(page, live, round_ticket, new_session_ticket):
    outcome = CATALOGUE.get("outcome-adult")
    token = _ticket(live, round_ticket, new_session_ticket, "outcome-adult", "sv", faces=True)
    start(page, live, token)
    for item in outcome.items:
        wait_for_screen(page, item.key)
        mark_line(page, 0.9)
        page.locator("[data-step='1']").tap()
    wait_for_screen(page, "review")
    row = page.locator("#review-list li").first
    pictures = row.locator(".ends img").evaluate_all("imgs => imgs.map(i => i.getAttribute('src'))")
    assert [p.rsplit("/", 1)[1] for p in pictures] == ["face-sad.svg", "face-happy.svg"]
    assert row.locator(".mini i").evaluate("i => i.style.left") == "90%"
    assert outcome.items[0].answer.high["sv"] in row.locator(".answer").inner_text()


def test_slow_speech_is_slower_on_the_tablet_and_stored_with_the_response(
        page, live, round_ticket, new_session_ticket):
    page.add_init_script(RECORD_SPEECH)
    outcome = CATALOGUE.get("outcome-adult")
    token = _ticket(live, round_ticket, new_session_ticket, "outcome-adult", "sv", speech_rate="slow")
    start(page, live, token)
    uid = page.input_value("input[name=uid]")
    page.locator("body[data-speech-ready]").wait_for(state="attached")
    page.locator(f"{VISIBLE} .ask .say").tap()
    wait_until(page, "window.spoken.length > 0")
    # No file here, known when the page opened: the browser voice at once, slower (the slow
    # file and the normal one played slower: tests/e2e/test_speech_and_keys.py).
    assert page.evaluate("window.played") == []
    assert page.evaluate("window.spoken") == [[outcome.items[0].text["sv"], 0.7]]
    for item in outcome.items:
        wait_for_screen(page, item.key)
        mark_line(page, 0.5)
        page.locator("[data-step='1']").tap()
    finish(page)
    [stored] = live.wait_for_responses(1, uid=uid)
    assert stored.speech_rate == "slow"


@pytest.mark.parametrize("questionnaire_id, language", [("outcome-adult", "ar"), ("ux-housing", "sv")])
def test_the_changed_screens_are_accessible_in_landscape(
        page, live, round_ticket, new_session_ticket, questionnaire_id, language):
    """axe-core and the 44 px check on every screen (faces on the line, scales in a row, the
    review with pictures and speakers), the iPad turned on its side."""
    page.set_viewport_size({"width": 1180, "height": 820})
    token = _ticket(live, round_ticket, new_session_ticket, questionnaire_id, language, faces=True)
    start(page, live, token, language)
    problems: list[str] = []
    walk_questionnaire(page, f"{questionnaire_id}/{language} landscape", problems)
    assert problems == []
