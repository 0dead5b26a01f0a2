"""Translation status (issue 16): the language a response was given in is stored and exported,
and a translation no person has reviewed is marked where staff choose or see a language."""
from __future__ import annotations

import csv
import io
import re

from sqlalchemy import select

from survey.domain.instruments import Catalogue
from survey.models import FollowUp, Goal, Response


def _reviewed_only(app, questionnaire_id: str, languages: list[str]) -> None:
    """The app's catalogue with one questionnaire reviewed in just these languages."""
    catalogue = app.extensions["survey_catalogue"]
    app.extensions["survey_catalogue"] = Catalogue(
        q.model_copy(update={"reviewed": languages}) if q.id == questionnaire_id else q
        for q in catalogue.all())


def _body(app, questionnaire_id: str, value) -> dict:
    questionnaire = app.extensions["survey_catalogue"].get(questionnaire_id)
    return {item.key: value for item in questionnaire.items}


def test_the_hand_over_form_marks_the_languages_nobody_has_reviewed(
        app, client, db, org, login, housing_round):
    _reviewed_only(app, "ux-housing", ["sv", "en"])
    housing = app.extensions["survey_catalogue"].get("ux-housing")
    login("cora")
    page = client.get("/kiosk/hand-over").get_data(as_text=True)
    marks = re.findall(r'<li data-questionnaire="ux-housing@1" data-unreviewed="([^"]*)">([^<]*)', page)
    assert len(marks) == 1
    codes, text = marks[0]
    assert codes.split() == [lang for lang in housing.languages if lang not in ("sv", "en")]
    assert "ar" in codes.split() and "arabiska" in text and "svenska" not in text
    assert "inte granskad" in text

    org["staff"]["cora"].language = "nb"  # in the staff member's own language
    db.commit()
    page = client.get("/kiosk/hand-over").get_data(as_text=True)
    text = re.search(r'data-unreviewed="[^"]*">([^<]*)', page).group(1)
    assert "ikke gjennomgått av en person" in text and "arabisk" in text
    assert "engelsk" not in text and "inte granskad" not in text

    _reviewed_only(app, "ux-housing", list(housing.languages))
    assert "data-unreviewed" not in client.get("/kiosk/hand-over").get_data(as_text=True)


def test_a_session_answered_in_an_unreviewed_translation_is_stored_marked_and_exported(
        app, client, db, org, login, hand_over_session, hand_back, answer_on_tablet):
    a1 = org["clients"]["A-1"].id
    login("anna")
    _, finnish = hand_over_session(a1)
    answer_on_tablet(finnish, _body(app, "outcome-adult", 6), language="fi")
    hand_back("anna")
    _, english = hand_over_session(a1)
    answer_on_tablet(english, _body(app, "outcome-adult", 7), language="en")
    hand_back("anna")
    stored = db.scalars(select(Response.language).order_by(Response.id)).all()
    assert stored == ["fi", "en"]

    page = client.get(f"/clinic/clients/{a1}").get_data(as_text=True)
    first = page[page.index('id="session-1"'):page.index('id="session-2"')]
    second = page[page.index('id="session-2"'):]
    assert 'data-language="fi"' in first and "finska" in first and "inte granskad" in first
    assert 'data-language' not in second.split("</tr>")[0]  # English is reviewed

    record = client.post(f"/clinic/clients/{a1}/export.json").get_json()
    sessions = record["episodes"][0]["sessions"]
    assert [r["language"] for s in sessions for r in s["responses"]] == ["fi", "en"]


def test_a_response_without_a_language_takes_the_hand_over_s(
        app, client, db, org, login, hand_over_session, answer_on_tablet):
    login("anna")
    _, ticket = hand_over_session(org["clients"]["A-1"].id)
    answer_on_tablet(ticket, _body(app, "outcome-adult", 5))
    assert db.scalar(select(Response.language)) == "sv"
    refused = client.post("/kiosk/api/responses", json={
        "ticket": ticket, "uid": "6b1f0c3e-0d4a-4c55-9a53-1f1d2b3c4d5e",
        "answers": _body(app, "outcome-adult", 5), "language": "xx"})
    assert refused.status_code == 422 and "language must be one of" in refused.json["error"]


def test_the_raw_survey_data_say_the_language_and_whether_it_is_reviewed(
        app, client, db, org, login, housing_round, hand_over_round, answer_on_tablet):
    _reviewed_only(app, "ux-housing", ["sv", "en"])
    home = org["units"]["home"].id
    answer_on_tablet(hand_over_round(housing_round.id, home, language="ar"),
                     _body(app, "ux-housing", None))
    answer_on_tablet(hand_over_round(housing_round.id, home), _body(app, "ux-housing", None),
                     language="sv")
    org["staff"]["cora"].raw_data_access = True
    db.commit()
    login("cora")
    rows = list(csv.DictReader(io.StringIO(client.post(
        f"/reports/rounds/{housing_round.id}/export.csv").get_data(as_text=True).lstrip("\ufeff"))))
    items = len(app.extensions["survey_catalogue"].get("ux-housing").items)
    assert len(rows) == 2 * items
    assert sorted({(r["language"], r["language_reviewed"]) for r in rows}) == [
        ("ar", "False"), ("sv", "True")]


def test_a_goal_rating_answered_in_an_unreviewed_translation_is_marked_on_the_follow_up(
        client, db, org, login, post_form, answer_on_tablet, hand_back):
    login("anna")
    episode_id = org["clients"]["A-1"].episodes[0].id
    post_form(f"/clinic/episodes/{episode_id}/goals", wording="Sova bättre", added_on="2026-01-10")
    post_form(f"/clinic/episodes/{episode_id}/follow-ups", kind="intake", held_on="2026-01-10")
    goal_id = db.scalar(select(Goal.id))
    follow_up_id = db.scalar(select(FollowUp.id))
    handed = client.post(f"/clinic/follow-ups/{follow_up_id}/hand-over", data={"instrument": "goals"})
    ticket = re.search(r"/kiosk/t/([^/?]+)", handed.location).group(1)
    answer_on_tablet(ticket, {f"goal-{goal_id}": "3"}, language="so")
    hand_back("anna")
    assert db.scalar(select(Response.language).where(Response.follow_up_id == follow_up_id)) == "so"
    page = client.get(f"/clinic/episodes/{episode_id}/follow-up").get_data(as_text=True)
    assert page.count('data-language="so"') == 1 and "besvarad på somaliska" in page
    # The therapist's own rating (in Swedish, reviewed) adds no mark.
    post_form(f"/clinic/follow-ups/{follow_up_id}/ratings", **{f"goal-{goal_id}": "4"})
    page = client.get(f"/clinic/episodes/{episode_id}/follow-up").get_data(as_text=True)
    assert page.count('class="unreviewed"') == 1
