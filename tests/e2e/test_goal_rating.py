"""A client rates their own goals on the iPad: one screen per goal in their words, faces to tap,
every screen accessible, and the ratings stored for the follow-up."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from survey.domain.goals import goal_questionnaire
from survey.models import Client
from survey.operations import add_goal, start_follow_up

from .kiosk_driver import answer_all, finish, start
from .test_accessibility import check

GOALS = ["Sova hela natten", "Gå ut med hunden varje dag"]


def test_a_client_rates_each_goal_with_a_tap_on_an_accessible_screen(page, live):
    with live.db() as db:
        client = db.scalar(select(Client).where(Client.code == "E2E-FLOW"))
        episode = client.episodes[0]
        goals = [add_goal(db, episode, wording, episode.opened_on) for wording in GOALS]
        follow_up = start_follow_up(db, episode, "review", date.today())
        db.commit()
        token = live.ticket(questionnaire_id="goal-rating", questionnaire_version=1,
                            unit_id=client.unit_id, language="sv", mode="self",
                            follow_up_id=follow_up.id)
        goal_keys = [f"goal-{goal.id}" for goal in goals]
        follow_up_id = follow_up.id
    problems: list[str] = []
    start(page, live, token)
    shown = page.locator("section.screen:not([hidden]) h1").inner_text()
    assert GOALS[0] in shown
    assert page.locator("section.screen:not([hidden]) img[src$='rating-1.svg']").count() == 1
    # The goal and each of the five faces' words can be heard: a speaker for every text.
    screen = page.locator("section.screen:not([hidden])")
    texts = screen.locator("h1, .choice label span")
    assert texts.count() == 1 + 5
    for index in range(texts.count()):
        text_id = texts.nth(index).get_attribute("id")
        assert screen.locator(f".say[data-say='{text_id}']").count() == 1, text_id
    check(page, "first goal", problems)
    questionnaire = live.app.extensions["survey_catalogue"].get("goal-rating")
    screens = goal_questionnaire(questionnaire, [(int(k.split("-")[1]), w) for k, w in zip(goal_keys, GOALS)])
    choices = iter(["2", "4"])
    expected = answer_all(page, screens, lambda item: next(choices))
    check(page, "review", problems)
    finish(page)
    [stored] = live.wait_for_responses(1, follow_up_id=follow_up_id)
    assert {a.item_key: (a.option_key, a.value) for a in stored.answers} == {
        goal_keys[0]: ("2", 2.0), goal_keys[1]: ("4", 4.0)}
    assert expected == dict(zip(goal_keys, ["2", "4"]))
    assert problems == []
