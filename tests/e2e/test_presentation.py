"""How the client screens look and behave, in Chromium and in WebKit (Safari's engine): no word
clipped at any iPad size or at 200 % text, a scale in its order, the chosen tile marked, moving
on only when the hand-over asked for it, the review with pictures and speakers, slow speech,
targets of 44 px (and axe-core, in Chromium). Each check is written once and run in both."""
from __future__ import annotations

import time
from datetime import date

import pytest
from sqlalchemy import select

from survey.config import BUNDLED_QUESTIONNAIRES
from survey.domain.instruments import load_catalogue
from survey.models import Client, RoundUnit, SurveyRound, TreatmentSession
from survey.operations import add_goal, start_follow_up

from .test_accessibility import SMALL_TARGETS, check

VISIBLE = "section.screen:not([hidden])"

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


def _start(tablet, live, token: str, language: str | None = None) -> None:
    suffix = f"?lang={language}" if language else ""
    tablet.goto(f"{live.url}/kiosk/t/{token}{suffix}")
    tablet.tap("a.start")
    tablet.wait_for("#questionnaire[data-ready]")


def _shown_key(tablet) -> str:
    return tablet.js(f"document.querySelector('{VISIBLE}').dataset.key")


def _tap_tile(tablet, option_key: str) -> None:
    tablet.tap(f"{VISIBLE} label:has(input[value='{option_key}'])")


def _checked(tablet) -> str | None:
    return tablet.js(f"(document.querySelector('{VISIBLE} input:checked') || {{}}).value || null")


@pytest.mark.parametrize("questionnaire_id, language", [
    ("ux-housing", "sv"), ("ux-housing", "ar"), ("ux-daily-activity", "en"),
    ("outcome-adult", "sv"), ("alliance-child", "ar"),
])
def test_no_word_is_clipped_at_any_ipad_size_or_at_200_percent_text(
        tablet, live, round_ticket, new_session_ticket, questionnaire_id, language):
    token = _ticket(live, round_ticket, new_session_ticket, questionnaire_id, language, faces=True)
    _start(tablet, live, token, language)
    tablet.run(SHOW_EVERY_SCREEN)
    problems = []
    for text_size in ("100%", "200%"):
        tablet.js(f"document.documentElement.style.fontSize = '{text_size}'")
        for width, height in VIEWPORTS:
            tablet.set_viewport(width, height)
            tablet.settle()
            where = f"{tablet.engine} {width}x{height} text {text_size}"
            problems += [f"{where}: {found}" for found in tablet.run(CLIPPED)]
            problems += [f"{where}: scale out of order on {key}" for key in tablet.run(ZIGZAG)]
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


FACES = f"""() => Array.from(document.querySelectorAll('{VISIBLE} .options.scale > .choice')).map(t =>
  [Math.round(t.getBoundingClientRect().top), t.getBoundingClientRect().left, t.querySelector('img').getAttribute('src')])"""


@pytest.mark.parametrize("language", ["sv", "ar"])
def test_the_five_goal_faces_sit_in_one_row_in_their_order_in_both_orientations(tablet, live, language):
    _start(tablet, live, _goal_ticket(live, language), language)
    for width, height in ((820, 1180), (1180, 820), (1024, 1366), (1366, 1024)):
        tablet.set_viewport(width, height)
        tablet.settle()
        faces = tablet.run(FACES)
        assert [src.rsplit("/", 1)[1] for _, _, src in faces] == [f"rating-{n}.svg" for n in range(1, 6)]
        assert len({top for top, _, _ in faces}) == 1, (tablet.engine, width, faces)
        lefts = [left for _, left, _ in faces]
        assert lefts == sorted(lefts, reverse=language == "ar")  # read in the page's direction
        assert tablet.run(CLIPPED) == [], (tablet.engine, width)


def test_a_tap_marks_the_tile_and_waits_for_next_by_default(tablet, live, round_ticket):
    housing = CATALOGUE.get("ux-housing")
    first = housing.items[0]
    token, _ = round_ticket("ux-housing")
    _start(tablet, live, token)
    _tap_tile(tablet, "sometimes")
    time.sleep(1.8)  # longer than the moving-on delay of the option
    assert _shown_key(tablet) == first.key
    assert _checked(tablet) == "sometimes"
    tick = tablet.js(f"getComputedStyle(document.querySelector('{VISIBLE} input:checked').closest('label'),"
                     " '::after').content")
    assert tick == '"✓"'
    _tap_tile(tablet, "yes")  # a wrong tap is corrected on the same screen
    assert _checked(tablet) == "yes"
    tablet.tap("[data-step='1']")
    tablet.on_screen(housing.items[1].key)


def test_moving_on_after_a_tap_works_alike_on_choice_and_line_screens(
        tablet, live, round_ticket, new_session_ticket):
    housing = CATALOGUE.get("ux-housing")
    with live.db() as db:
        ru = db.scalar(select(RoundUnit).join(SurveyRound)
                       .where(SurveyRound.questionnaire_id == "ux-housing"))
        token = live.ticket(questionnaire_id="ux-housing", questionnaire_version=1, unit_id=ru.unit_id,
                            round_id=ru.round_id, language="sv", mode="self", advance=True)
    _start(tablet, live, token)
    _tap_tile(tablet, "yes")
    tablet.on_screen(housing.items[1].key)  # by itself, after the chosen tile was shown
    outcome = CATALOGUE.get("outcome-adult")
    token = _ticket(live, round_ticket, new_session_ticket, "outcome-adult", "sv", advance=True)
    _start(tablet, live, token)
    tablet.tap_at(f"{VISIBLE} .line", 0.7)
    tablet.on_screen(outcome.items[1].key)


# Speech recorded instead of heard: what the browser voice was asked to say (and how fast), and
# the rate of every built file played.
RECORD_SPEECH = """() => {
  window.spoken = [];
  // On the prototype: WebKit ignores a speak set on the speechSynthesis object itself.
  SpeechSynthesis.prototype.speak = u => window.spoken.push([u.text, Math.round(u.rate * 100) / 100]);
  window.played = [];
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function () { window.played.push(this.playbackRate); return play.call(this); };
}"""
REVIEW_ROWS = """() => Array.from(document.querySelectorAll('#review-list li')).map(row => ({
  pictures: Array.from(row.querySelectorAll('img')).map(i => i.getAttribute('src')),
  answer: row.querySelector('.answer').textContent.trim(), speakers: row.querySelectorAll('.say').length}))"""
AGE_SPEAKERS = f"""() => Array.from(document.querySelectorAll('{VISIBLE} .ages .choice')).map(tile =>
  tile.querySelectorAll(`.say[data-say="${{tile.querySelector('label span').id}}"]`).length)"""


def test_the_review_shows_each_question_with_its_picture_the_chosen_answer_and_a_speaker(
        tablet, live, round_ticket):
    housing = CATALOGUE.get("ux-housing")
    token, _ = round_ticket("ux-housing")
    _start(tablet, live, token)
    tablet.run(RECORD_SPEECH)
    chosen = {}
    for index, item in enumerate(housing.items):
        tablet.on_screen(item.key)
        option = housing.scale_of(item).options[index % 3]
        _tap_tile(tablet, option.key)
        tablet.tap("[data-step='1']")
        chosen[item.key] = option
    tablet.on_screen("background")
    assert tablet.run(AGE_SPEAKERS) == [1] * len(housing.age_groups)  # each age group can be heard
    tablet.tap("[data-step='1']")
    tablet.on_screen("review")
    rows = tablet.run(REVIEW_ROWS)
    assert len(rows) == len(housing.items)
    for row, item in zip(rows, housing.items):
        assert row["pictures"][0].endswith(f"/{item.pictogram}.svg")
        assert row["pictures"][1].endswith(f"/{chosen[item.key].pictogram}.svg")
        assert row["answer"] == chosen[item.key].label["sv"]
        assert row["speakers"] == 1
    # The page has learnt which texts have built files (none here) …
    tablet.wait_until("document.body.hasAttribute('data-speech-ready')")
    tablet.tap("#review-list li .say")  # … so the browser voice reads the row at once
    # WebKit's media stack (GStreamer) reports the missing file late on a busy machine.
    tablet.wait_until("window.spoken.length > 0", timeout=30)
    [[text, rate]] = tablet.js("window.spoken")
    assert text == f"{housing.items[0].text['sv']}. {chosen[housing.items[0].key].label['sv']}"
    # the page knew there is no file, unless tapped before it had asked: then the file was tried
    assert rate == 1 and tablet.js("window.played") in ([], [1])
    tablet.tap("#review-list li:nth-child(2) .tile")  # a row leads back to its question
    tablet.on_screen(housing.items[1].key)


def test_the_review_of_a_line_shows_the_faces_and_the_mark(tablet, live, round_ticket, new_session_ticket):
    outcome = CATALOGUE.get("outcome-adult")
    token = _ticket(live, round_ticket, new_session_ticket, "outcome-adult", "sv", faces=True)
    _start(tablet, live, token)
    for item in outcome.items:
        tablet.on_screen(item.key)
        tablet.tap_at(f"{VISIBLE} .line", 0.9)
        tablet.tap("[data-step='1']")
    tablet.on_screen("review")
    pictures = tablet.js("Array.from(document.querySelectorAll('#review-list li:first-child .ends img'))"
                         ".map(i => i.getAttribute('src'))")
    assert [p.rsplit("/", 1)[1] for p in pictures] == ["face-sad.svg", "face-happy.svg"]
    assert tablet.js("document.querySelector('#review-list li .mini i').style.left") == "90%"
    answer = tablet.js("document.querySelector('#review-list li .answer').textContent")
    assert outcome.items[0].answer.high["sv"] in answer


def test_slow_speech_is_slower_on_the_tablet_and_stored_with_the_response(
        tablet, live, round_ticket, new_session_ticket):
    outcome = CATALOGUE.get("outcome-adult")
    token = _ticket(live, round_ticket, new_session_ticket, "outcome-adult", "sv", speech_rate="slow")
    _start(tablet, live, token)
    tablet.run(RECORD_SPEECH)
    uid = tablet.js("document.querySelector('input[name=uid]').value")
    tablet.wait_until("document.body.hasAttribute('data-speech-ready')")
    tablet.tap(f"{VISIBLE} .ask .say")
    tablet.wait_until("window.spoken.length > 0")
    # No file here, known when the page opened: the browser voice at once, slower (the slow
    # file and the normal one played slower: tests/e2e/test_speech_and_keys.py).
    assert tablet.js("window.played") == []
    assert tablet.js("window.spoken") == [[outcome.items[0].text["sv"], 0.7]]
    for item in outcome.items:
        tablet.on_screen(item.key)
        tablet.tap_at(f"{VISIBLE} .line", 0.5)
        tablet.tap("[data-step='1']")
    tablet.send()
    [stored] = live.wait_for_responses(1, uid=uid)
    assert stored.speech_rate == "slow"


def _check(tablet, where: str, problems: list[str]) -> None:
    """Targets of 44 px in both engines; axe-core too in Chromium (axe-playwright)."""
    if tablet.engine == "chromium":
        check(tablet.page, where, problems)
    else:
        problems.extend(f"{where}: small target {t}" for t in tablet.run(SMALL_TARGETS))


def _walk(tablet, where: str, problems: list[str]) -> None:
    """Check every screen of the open questionnaire, answering on the way, then the thank-you."""
    while True:
        key = _shown_key(tablet)
        _check(tablet, f"{where} screen {key}", problems)
        if key == "review":
            break
        if tablet.count(f"{VISIBLE} .line"):
            tablet.tap(f"{VISIBLE} .line")
        if tablet.js("!document.querySelector(\"[data-step='1']\").disabled"):
            tablet.tap("[data-step='1']")
        tablet.wait_for(f"section.screen:not([hidden]):not([data-key='{key}'])")
    tablet.tap("button.send")
    tablet.wait_for("#done")
    _check(tablet, f"{where} thank-you", problems)


@pytest.mark.parametrize("questionnaire_id, language", [("outcome-adult", "ar"), ("ux-housing", "sv")])
@pytest.mark.parametrize("width, height", [(820, 1180), (1180, 820)])
def test_the_changed_screens_are_accessible_in_both_orientations(
        tablet, live, round_ticket, new_session_ticket, questionnaire_id, language, width, height):
    """Every screen (faces on the line, scales in a row, the review with pictures and speakers),
    the iPad upright and on its side."""
    tablet.set_viewport(width, height)
    token = _ticket(live, round_ticket, new_session_ticket, questionnaire_id, language, faces=True)
    _start(tablet, live, token, language)
    problems: list[str] = []
    _walk(tablet, f"{tablet.engine} {questionnaire_id}/{language} {width}x{height}", problems)
    assert problems == []
