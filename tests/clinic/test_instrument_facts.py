"""Instrument facts come from the questionnaire file, and pages ask staff what they may do.

The paper form, the chart's scale and the texts around them follow the instrument: its items,
each item's range and their sum. A copy of the questionnaires with a fifth outcome question
changes them without a line of code changing.
"""
from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from survey.app import create_app
from survey.clinic.chart import BOTTOM, HEIGHT, MIN_LABEL_GAP, TOP, alliance_chart, outcome_chart
from survey.clinic.forms import in_words, paper_scores_form
from survey.config import BUNDLED_QUESTIONNAIRES
from survey.domain.instruments import load_catalogue
from survey.domain.instruments.answers import VisualAnalogueAnswer
from survey.domain.scoring import AllianceRules, OutcomeRules, ScoreScale, SessionScores
from survey.models import Episode, Response, Role, StaffUser, TreatmentSession
from survey.services.feedback import EpisodeFeedback
from tests.conftest import _empty_tables

CATALOGUE = load_catalogue(BUNDLED_QUESTIONNAIRES)
_LAST = CATALOGUE.get("outcome-adult").items[-1].answer
# A fifth question in every language of the file (JSON maps are YAML too); the words at the line's
# ends are the file's own.
FIFTH_ITEM = "".join([
    "  - key: future\n    text: ",
    json.dumps({language: "Hur ser du på veckan som kommer?" if language == "sv"
                else "How do you see the week ahead?" for language in _LAST.low}, ensure_ascii=False),
    "\n    pictogram: everything\n    answer:\n      type: vas\n",
    f"      low: {json.dumps(_LAST.low, ensure_ascii=False)}\n",
    f"      high: {json.dumps(_LAST.high, ensure_ascii=False)}\n",
])


BUNDLED_SCALE = ScoreScale(((0.0, 10.0),) * 4)


def _feedback(outcomes, alliances=(), scale=BUNDLED_SCALE) -> EpisodeFeedback:
    sessions = [SessionScores(n, date(2026, 1, n), outcome=o,
                              alliance=alliances[n - 1] if n <= len(alliances) else None)
                for n, o in enumerate(outcomes, start=1)]
    return EpisodeFeedback(episode=None, sessions=sessions, outcome=OutcomeRules(25, 5),
                           alliance=AllianceRules(36, 9), expected=None, signals=[],
                           outcome_scale=scale, alliance_scale=scale)


def _y(score: float, low: float, high: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (score - low) / (high - low))


# --- the scale of an instrument ---------------------------------------------------------------

def test_the_bundled_session_instruments_are_four_items_of_0_to_10():
    for ref in ("outcome-adult", "outcome-child", "alliance-adult", "alliance-child"):
        scale = ScoreScale.of(CATALOGUE.get(ref))
        assert (scale.items, scale.item_min, scale.item_max) == (4, 0.0, 10.0)
        assert (scale.total_min, scale.total_max, scale.item_text, scale.total_text) == (0, 40, "0–10", "0–40")
        assert scale.ticks() == [0, 10, 20, 30, 40]


def test_another_item_range_changes_the_scale(monkeypatch):
    monkeypatch.setattr(VisualAnalogueAnswer, "MAX", 5.0)
    scale = ScoreScale.of(CATALOGUE.get("outcome-adult"))
    assert (scale.item_text, scale.total_text, scale.ticks()) == ("0–5", "0–20", [0, 5, 10, 15, 20])


@pytest.mark.parametrize("ranges, ticks", [
    (((0, 10),) * 5, [0, 10, 20, 30, 40, 50]),
    (((0, 10),) * 2, [0, 5, 10, 15, 20]),
    (((1, 5),) * 6, [10, 15, 20, 25, 30]),
])
def test_the_axis_ticks_are_round_numbers_of_the_scale(ranges, ticks):
    assert ScoreScale(ranges).ticks() == ticks


# --- the chart ---------------------------------------------------------------------------------

def test_the_chart_of_four_items_of_0_to_10_is_drawn_as_before():
    scale = ScoreScale.of(CATALOGUE.get("outcome-adult"))
    chart = outcome_chart(_feedback([12.0, 20.0], scale=scale), 25)
    assert chart.y_ticks == [(_y(v, 0, 40.0), v) for v in range(0, 41, 10)]
    assert [y for _, y, _ in chart.line] == [_y(12.0, 0, 40.0), _y(20.0, 0, 40.0)]
    assert chart.threshold_y == _y(25, 0, 40.0)
    assert chart.band == (_y(17.0, 0, 40.0), _y(7.0, 0, 40.0))


def test_the_chart_scale_follows_the_items_and_their_range(monkeypatch):
    five = ScoreScale(((0.0, 10.0),) * 5)
    chart = outcome_chart(_feedback([25.0, 50.0, 60.0], scale=five), 25)
    assert [v for _, v in chart.y_ticks] == [0, 10, 20, 30, 40, 50]
    middle = TOP + (HEIGHT - TOP - BOTTOM) / 2
    assert chart.line[0][1] == chart.threshold_y == middle    # 25 is half of 50, not ⅝ of 40
    assert chart.line[1][1] == chart.line[2][1] == TOP          # 60 is drawn at the top, 50
    monkeypatch.setattr(VisualAnalogueAnswer, "MAX", 5.0)
    short = alliance_chart(_feedback([None], [10.0], scale=ScoreScale.of(CATALOGUE.get("alliance-adult"))))
    # Focused: from 10 − 2 (a tenth of 0–20) down to a half step of 5: 7.5.
    assert short.low == 7.5 and [v for _, v in short.y_ticks] == [10, 15, 20]
    assert short.line[0][1] == _y(10.0, 7.5, 20.0)


@pytest.mark.parametrize("scores, low, ticks", [
    ([35.0, 38.0], 30, [30, 32, 34, 36, 38, 40]),  # 35 and the threshold 36: from 31, down to 30
    ([12.0, 39.0], 5, [10, 20, 30, 40]),  # 12 − 4 = 8, down to 5
    ([2.0], 0, [0, 10, 20, 30, 40]),  # never under the scale
])
def test_the_alliance_axis_shows_where_the_scores_are(scores, low, ticks):
    chart = alliance_chart(_feedback([None] * len(scores), scores))
    assert (chart.low, [v for _, v in chart.y_ticks]) == (low, ticks)
    assert chart.focused == (low > 0)


def test_score_labels_are_thinned_where_sessions_crowd():
    few = outcome_chart(_feedback([10.0, 12.0, 14.0]), 25)
    assert few.labels == few.line
    many = outcome_chart(_feedback([10.0 + n % 7 for n in range(30)]), 25)
    xs = [x for x, _, _ in many.labels]
    assert many.labels[-1] == many.line[-1] and many.labels[0] == many.line[0]
    assert min(b - a for a, b in zip(xs, xs[1:])) >= MIN_LABEL_GAP


# --- the paper form ----------------------------------------------------------------------------

def test_the_paper_form_takes_its_fields_and_ranges_from_the_instruments(app, monkeypatch):
    monkeypatch.setattr(VisualAnalogueAnswer, "MAX", 5.0)
    instruments = {"outcome": CATALOGUE.get("outcome-adult"), "alliance": CATALOGUE.get("alliance-adult")}
    with app.test_request_context(method="POST", data={
            "instrument": "outcome", "rater": "client", "item_1": "6", "total": "21"}):
        form = paper_scores_form(instruments)
        assert [f.name for f in form.item_fields] == ["item_1", "item_2", "item_3", "item_4"]
        assert (form.item_1.flags.min, form.item_1.flags.max, form.total.flags.max) == (0, 5, 20)
        assert form.hint == "Fyll i de fyra frågornas poäng (0–5, en decimal), eller bara summan (0–20)."
        assert not form.validate()
        assert form.item_1.errors == ["Numret måste vara mellan 0 och 5."]
        assert form.total.errors == ["Numret måste vara mellan 0 och 20."]


@pytest.mark.parametrize("language, number, words", [
    ("sv", 1, "en"), ("sv", 4, "fyra"), ("sv", 12, "tolv"), ("sv", 13, "13"), ("nb", 4, "fire"),
    ("da", 7, "syv"), ("fi", 5, "viisi"), ("en", 12, "twelve")])
def test_counts_of_questions_are_written_in_words(app, language, number, words):
    with app.test_request_context(), force_locale(language):
        assert in_words(number) == words


@pytest.fixture
def five_questions(tmp_path):
    """The bundled questionnaires, with a fifth question in the adult outcome instrument."""
    folder = tmp_path / "questionnaires"
    shutil.copytree(BUNDLED_QUESTIONNAIRES, folder)
    path = folder / "outcome-adult.v1.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("thresholds:", FIFTH_ITEM + "thresholds:"), encoding="utf-8")
    return folder


@pytest.fixture
def app(database_url, tmp_path, five_questions):
    """The app on the questionnaires with five outcome questions (replaces the usual ``app``)."""
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret",
                      "WTF_CSRF_ENABLED": False, "QUESTIONNAIRE_DIR": str(five_questions)})
    app.instance_path = str(tmp_path)
    engine = app.extensions["survey_engine"]
    _empty_tables(engine)
    yield app
    engine.dispose()


def _session_of(client, db, hand_back, client_id) -> int:
    """Anna starts a session (the tablet is handed over) and takes the tablet back."""
    assert client.post(f"/clinic/clients/{client_id}/sessions", data={"rater": "client"}).status_code == 302
    hand_back("anna")
    db.expire_all()
    return db.scalar(select(TreatmentSession.id).join(Episode).where(Episode.client_id == client_id)
                     .order_by(TreatmentSession.id.desc()).limit(1))


def test_a_fifth_question_in_the_file_changes_the_paper_form(app, client, db, org, login, hand_back):
    assert len(app.extensions["survey_catalogue"].get("outcome-adult").items) == 5
    login("anna")
    session_id = _session_of(client, db, hand_back, org["clients"]["A-1"].id)
    url = f"/clinic/sessions/{session_id}/paper"
    page = client.get(url).get_data(as_text=True)
    assert re.findall(r'name="(item_\d)"', page) == [f"item_{n}" for n in range(1, 6)]
    assert ("Mående (början): fyll i de fem frågornas poäng (0–10, en decimal), eller bara summan (0–50). "
            "Samarbete (slutet): fyll i de fyra frågornas poäng (0–10, en decimal), eller bara summan (0–40).") in page
    assert 'max="50" min="0" name="total"' in page   # the widest total until an instrument is chosen

    four = {f"item_{n}": "5" for n in range(1, 5)}
    for data, message in [
        ({"instrument": "outcome", **four}, "Fyll i alla fem frågorna, eller bara summan."),
        ({"instrument": "outcome", "total": "51"}, "Numret måste vara mellan 0 och 50."),
        ({"instrument": "alliance", **four, "item_5": "5"}, "Formuläret har bara fyra frågor."),
        ({"instrument": "alliance", "total": "41"}, "Numret måste vara mellan 0 och 40."),
    ]:
        sent = client.post(url, data={"rater": "client", **data})
        assert sent.status_code == 422 and message in sent.get_data(as_text=True), data
    assert db.scalar(select(Response).where(Response.session_id == session_id)) is None

    sent = client.post(url, data={"instrument": "outcome", "rater": "client", **four, "item_5": "9.5"})
    assert sent.status_code == 302
    stored = db.scalar(select(Response).where(Response.session_id == session_id))
    assert stored.score_total == 29.5 and len(stored.answers) == 5
    alliance = client.post(url, data={"instrument": "alliance", "rater": "client", "total": "38"})
    assert alliance.status_code == 302


def test_a_fifth_question_in_the_file_changes_the_chart(app, client, db, org, login, hand_back):
    login("anna")
    a = org["clients"]["A-1"].id
    session_id = _session_of(client, db, hand_back, a)
    assert client.post(f"/clinic/sessions/{session_id}/paper", data={
        "instrument": "outcome", "rater": "client", "total": "45"}).status_code == 302  # > 40: fine
    page = client.get(f"/clinic/clients/{a}").get_data(as_text=True)
    outcome_svg, alliance_svg = page.split("<svg")[1:3]
    assert "Summan av fem frågor (0–50)" in outcome_svg and "Summan av fyra frågor (0–40)" in alliance_svg
    assert re.findall(r'class="tick" text-anchor="end">(\d+)<', outcome_svg) == ["0", "10", "20", "30", "40", "50"]
    # The alliance axis is focused where its score and the threshold 36 are.
    assert re.findall(r'class="tick" text-anchor="end">(\d+)<', alliance_svg) == [
        "30", "32", "34", "36", "38", "40"]
    assert "<th scope=\"col\">Mående (0–50)</th><th scope=\"col\">Samarbete (0–40)</th>" in page


# --- what a staff member may do ----------------------------------------------------------------

PERMISSIONS = ("runs_sessions", "coordinates", "administers", "sees_clients", "sees_survey_reports")


@pytest.mark.parametrize("role, allowed", [
    (Role.THERAPIST, {"runs_sessions", "sees_clients"}),
    (Role.COORDINATOR, {"coordinates", "sees_clients", "sees_survey_reports"}),
    (Role.ADMIN, {"administers", "sees_survey_reports"}),
])
def test_each_role_has_its_permissions(role, allowed):
    user = StaffUser(username="x", display_name="X", role=role)
    assert {name for name in PERMISSIONS if getattr(user, name)} == allowed


def test_the_templates_ask_permissions_not_role_names():
    templates = Path(__file__).parents[2] / "survey" / "templates"
    mine = [p for p in templates.rglob("*.html") if p.relative_to(templates).as_posix() != "coordinator/round.html"]
    compared = [f"{p.relative_to(templates)}: {line.strip()}" for p in mine
                for line in p.read_text(encoding="utf-8").splitlines()
                if re.search(r"role(\.value)?\s*(==|!=|in\b)", line)]
    assert compared == []

