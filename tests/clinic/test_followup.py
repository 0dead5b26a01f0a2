"""A client walked through systematic follow-up over HTTP: intake with goals, two reviews rated
by client (on the tablet) and practitioner, attended and missed contacts, an end and a
3-month follow-up; then the follow-up view, the due list and the unit report, against numbers
worked out by hand here. And the rest of an episode's follow-up pages: bad input, who reaches
them, the client's goals in their data, an end decision."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import select

from survey.domain.schedule import add_months
from survey.domain.variables import OptionSpec, VariableSpec
from survey.models import Client, Episode, FollowUp, Goal, RecordedValue
from survey.operations import (
    add_goal,
    anonymise_client,
    define_variable,
    parsed,
    record_contact,
    record_value,
    start_follow_up,
    start_session,
)
from survey.queries import episode_values

TODAY = date.today()
D0 = TODAY - timedelta(days=330)  # intake
REVIEW_1, REVIEW_2 = add_months(D0, 3), add_months(D0, 6)
END = add_months(D0, 7)
AFTER = add_months(END, 3)


def _follow_up(db, episode_id, held_on) -> FollowUp:
    db.expire_all()
    return db.scalar(select(FollowUp).where(FollowUp.episode_id == episode_id,
                                            FollowUp.held_on == held_on))


def _hand_over(client, follow_up_id, instrument) -> str:
    """The therapist hands the tablet over at a follow-up; the tablet's ticket."""
    handed = client.post(f"/clinic/follow-ups/{follow_up_id}/hand-over", data={"instrument": instrument})
    assert handed.status_code == 302, handed.get_data(as_text=True)[:500]
    return re.search(r"/kiosk/t/([^/?]+)", handed.location).group(1)


def _client_rates(client, answer_on_tablet, hand_back, follow_up_id, answers):
    """The therapist hands the tablet over; the client's answers arrive through the API; the
    therapist unlocks the tablet again."""
    token = _hand_over(client, follow_up_id, "goals")
    page = client.get(f"/kiosk/t/{token}/answer").get_data(as_text=True)
    answer_on_tablet(token, answers, language="sv")
    hand_back("anna")
    return page


def _set_up_unit(post_form, login, org):
    login("cora")
    north = org["units"]["north"].id
    post_form(f"/reports/units/{north}/follow-up/settings", follow_up_months="3",
              variable=["referral", "bridged"],
              rule=["goals:intake", "goals:end", "goals:after-end:3", "outcome:after-end:3"])


def test_a_client_is_followed_from_intake_to_three_months_after_the_end(
        client, db, org, login, post_form, register, answer_on_tablet, hand_back, table_row):
    _set_up_unit(post_form, login, org)
    login("anna")
    north = org["units"]["north"]
    found = db.get(Client, register("F-1", north.id, "woman", "30-49", opened_on=D0))
    episode_id = found.episodes[0].id
    base = f"/clinic/episodes/{episode_id}"
    post_form(f"{base}/plan", intervention_type="counselling", planned_sessions="12",
              planned_months="6")
    post_form(f"{base}/goals", wording="Sova bättre", added_on=D0.isoformat())
    post_form(f"{base}/goals", wording="Träffa vänner", added_on=D0.isoformat())
    sleep, friends = db.scalars(select(Goal).order_by(Goal.id)).all()
    post_form(f"{base}/variables", **{"var-referral": "school"})

    # Intake: the first rating, by the client on the tablet and by the therapist.
    post_form(f"{base}/follow-ups", kind="intake", held_on=D0.isoformat())
    intake = _follow_up(db, episode_id, D0)
    page = _client_rates(client, answer_on_tablet, hand_back, intake.id,
                         {f"goal-{sleep.id}": "2", f"goal-{friends.id}": "1"})
    assert "Sova bättre" in page and "pictograms/rating-5.svg" in page
    post_form(f"/clinic/follow-ups/{intake.id}/ratings",
              **{f"goal-{sleep.id}": "2", f"goal-{friends.id}": "2"})

    # Two feedback sessions (attended individual contacts), then contacts typed in.
    for day in (D0 + timedelta(days=7), D0 + timedelta(days=14)):
        start_session(db, db.get(Episode, episode_id), day)
    db.commit()
    for day, kind, attended in ((21, "individual", "no"), (28, "group", "yes"),
                                (35, "relatives", "yes"), (42, "individual", "no")):
        post_form(f"{base}/contacts", held_on=(D0 + timedelta(days=day)).isoformat(),
                  kind=kind, attended=attended)

    for held_on, by_client, by_therapist in ((REVIEW_1, ("3", "2"), ("3", "3")),
                                             (REVIEW_2, ("4", "2"), ("4", "3"))):
        post_form(f"{base}/follow-ups", kind="review", held_on=held_on.isoformat())
        review = _follow_up(db, episode_id, held_on)
        _client_rates(client, answer_on_tablet, hand_back, review.id,
                      {f"goal-{sleep.id}": by_client[0], f"goal-{friends.id}": by_client[1]})
        post_form(f"/clinic/follow-ups/{review.id}/ratings",
                  **{f"goal-{sleep.id}": by_therapist[0], f"goal-{friends.id}": by_therapist[1]})
    post_form(f"/clinic/follow-ups/{_follow_up(db, episode_id, REVIEW_1).id}/decisions",
              decision="continue")
    review_2 = _follow_up(db, episode_id, REVIEW_2).id
    post_form(f"/clinic/follow-ups/{review_2}/decisions", decision="goal-reached", goal=str(sleep.id))
    post_form(f"/clinic/follow-ups/{review_2}/decisions", decision="goal-added",
              new_goal="Börja studera")
    study = db.scalar(select(Goal).where(Goal.wording == "Börja studera"))

    post_form(f"/clinic/episodes/{episode_id}/close", reason="planned", closed_on=END.isoformat())
    post_form(f"{base}/follow-ups", kind="after-end", held_on=AFTER.isoformat())
    after = _follow_up(db, episode_id, AFTER)
    page = _client_rates(client, answer_on_tablet, hand_back, after.id,
                         {f"goal-{friends.id}": "3", f"goal-{study.id}": "4"})
    assert "Sova bättre" not in page  # reached and removed at the second review

    view = client.get(f"{base}/follow-up").get_data(as_text=True)
    # Sleep: client 2 -> 3 -> 4 (+2 since first, +1 since previous); therapist 2 -> 3 -> 4.
    assert re.search(rf'id="goal-{sleep.id}".*?since-first">\+2 / \+2<.*?since-previous">\+1 / \+1<', view, re.S)
    # Friends: client 1, 2, 2, 3 (+2, +1); therapist 2, 3, 3 and none after the end (+1, 0).
    assert re.search(rf'id="goal-{friends.id}".*?since-first">\+2 / \+1<.*?since-previous">\+1 / 0<', view, re.S)
    # The new goal has a single rating: no change yet.
    assert re.search(rf'id="goal-{study.id}".*?since-first">– / –<', view, re.S)
    # Delivered: 2 sessions + group + relatives attended, 2 missed; 12 planned.
    assert 'id="attended">4<' in view and 'id="missed">2<' in view
    assert "Mål uppnått och borttaget (Sova bättre)" in view and "Nytt mål (Börja studera)" in view

    # Time line: goals at intake done, at the end overdue (nothing rated within 30 days of it),
    # 3 months after the end done, the outcome then overdue (not given).
    timeline = re.findall(r'<li class="status-(\w+)">([\d-]+): ([^<]+?) –', view)
    assert timeline == [
        ("done", D0.isoformat(), "Målskattning vid start"),
        ("overdue", END.isoformat(), "Målskattning vid avslut"),
        ("done", AFTER.isoformat(), "Målskattning 3 månader efter avslut"),
        ("overdue", AFTER.isoformat(), "Mående 3 månader efter avslut"),
    ]
    # The client view shows planned against delivered and the same points on its time line.
    summary = client.get(f"/clinic/clients/{found.id}").get_data(as_text=True)
    assert "samtal planerade 12, genomförda 4, uteblivna 2" in summary
    assert re.findall(r'<li class="status-(\w+)">([\d-]+): ([^<]+?) –', summary) == timeline
    due = client.get("/clinic/").get_data(as_text=True)
    # The end's goal rating can no longer be done (more than 30 days ago): off the start page.
    assert re.findall(r"F-1: ([^<]+)</a>,\s*([\d-]+)", due) == [
        ("Mående 3 månader efter avslut", AFTER.isoformat())]

    # The outcome instrument given at the follow-up after the end takes that point off the list.
    answer_on_tablet(_hand_over(client, after.id, "outcome"), language="sv",
                     answers={"personal": 6, "close-relationships": 7, "social": 5, "overall": 6})
    hand_back("anna")
    due = client.get("/clinic/").get_data(as_text=True)
    assert re.findall(r"F-1: ([^<]+)</a>,", due) == []

    # The unit report: F-1 is the unit's only counselling episode, closed after END - D0 days,
    # 4 contacts attended and 2 missed; goals rated twice or more by the client: sleep 2 -> 4
    # and friends 1 -> 3 (the new goal has one rating): means 1.5 -> 3.5, both improved.
    login("cora")
    report = client.get(f"/reports/units/{north.id}/follow-up").get_data(as_text=True)
    months = f"{(END - D0).days / 30.4375:.1f}".replace(".", ",")  # as Swedish writes it
    assert table_row(report, "delivery", "counselling") == ["1", "1", months, "4,0", "2,0", "1,0", "1,0", "0"]
    assert re.search(r'id="goal-results".*?<td>2</td><td>1,5</td><td>3,5</td><td>2</td>', report, re.S)


def test_a_review_falls_due_three_months_after_intake(client, db, org, login, post_form, register):
    _set_up_unit(post_form, login, org)
    login("anna")
    opened = TODAY - timedelta(days=85)
    found = register("G-1", org["units"]["north"].id, "man", "18-29", opened_on=opened)
    episode_id = db.scalar(select(Episode.id).where(Episode.client_id == found))
    page = client.get("/clinic/").get_data(as_text=True)
    # Intake goals not rated 85 days ago can no longer count as the intake: not listed; the
    # first review is due within its 14 days, a link to the episode's follow-up page.
    assert re.findall(r'href="([^"]+)">G-1: ([^<]+)</a>,\s*([\d-]+) – <strong>(\w[^<]*)<', page) == [
        (f"/clinic/episodes/{episode_id}/follow-up", "Målskattning uppföljning 1",
         add_months(opened, 3).isoformat(), "dags nu"),
    ]


def test_bad_input_is_refused_with_a_message_and_nothing_is_written(
        client, org, login, post_form, count):
    login("anna")
    episode = org["clients"]["A-1"].episodes[0]
    base = f"/clinic/episodes/{episode.id}"
    # Goals must exist before the first rating.
    page = client.post(f"{base}/follow-ups", data={"kind": "intake", "held_on": "2026-01-10"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Lägg först till klientens mål." in page
    post_form(f"{base}/goals", wording="Mål", added_on="2026-01-10")
    # A review after the end, and a contact before the start, are refused.
    for url, data, message in (
        (f"{base}/follow-ups", {"kind": "after-end", "held_on": "2026-03-01"}, "kräver ett avslutat ärende"),
        (f"{base}/contacts", {"held_on": "2025-12-01", "kind": "group", "attended": "yes"},
         "Datumet måste ligga inom ärendet."),
    ):
        page = client.post(url, data=data, follow_redirects=True).get_data(as_text=True)
        assert message in page, url
    assert count(FollowUp) == 0
    assert episode.contacts == []


def test_only_the_practitioner_of_the_client_and_the_units_coordinator_reach_the_follow_up(
        client, db, org, login):
    episode = org["clients"]["A-1"].episodes[0]
    for username, status in (("anna", 200), ("cora", 200), ("sven", 404), ("adam", 403)):
        login(username)
        assert client.get(f"/clinic/episodes/{episode.id}/follow-up").status_code == status, username
    login("cora")
    assert client.get(f"/reports/units/{org['units']['south'].id}/follow-up").status_code == 404


def test_a_clients_goals_are_in_the_export_erased_with_the_client_and_blanked_when_anonymised(
        client, db, org, login, count):
    episode = org["clients"]["A-1"].episodes[0]
    add_goal(db, episode, "Sova hela natten", date(2026, 1, 10))
    start_follow_up(db, episode, "intake", date(2026, 1, 10))
    record_contact(db, episode, date(2026, 1, 12), "group", False)
    housing = define_variable(db, VariableSpec("lives", "choice", "intake", {"sv": "Bor"}, options=(
        OptionSpec("alone", {"sv": "Ensam"}),)), org["units"]["north"].id)
    note = define_variable(db, VariableSpec("note", "text", "end", {"sv": "Anteckning"}), None)
    record_value(db, episode, housing, parsed(housing, "alone"))
    record_value(db, episode, note, parsed(note, "Bor hos Lisa"))
    db.commit()
    login("anna")
    record = client.post(f"/clinic/clients/{org['clients']['A-1'].id}/export.json").get_json()
    assert record["episodes"][0]["goals"][0]["wording"] == "Sova hela natten"
    assert record["episodes"][0]["contacts"] == [{"held_on": "2026-01-12", "kind": "group", "attended": False}]
    assert [(v["variable"], v["version"], v["codes"], v["text"]) for v in record["episodes"][0]["variables"]] == [
        ("lives", 1, ["alone"], None), ("note", 1, [], "Bor hos Lisa")]
    anonymise_client(db, org["clients"]["A-1"])
    db.commit()
    assert db.scalar(select(Goal.wording)) == "(anonymiserat)"
    # Free text may name someone: cleared; the code stays for statistics.
    assert db.execute(select(RecordedValue.option_code, RecordedValue.text)
                      .order_by(RecordedValue.id)).all() == [("alone", None), (None, None)]
    login("cora")
    client_id = org["clients"]["A-1"].id
    code = db.get(Client, client_id).code
    assert client.post(f"/clinic/clients/{client_id}/erase", data={"confirm": code}).status_code == 302
    assert count(Goal) == 0
    assert count(FollowUp) == 0 and count(RecordedValue) == 0


def test_an_end_decision_closes_the_episode_as_planned_on_the_follow_ups_date(
        client, db, org, login, post_form):
    episode = org["clients"]["A-1"].episodes[0]
    add_goal(db, episode, "Ett mål", date(2026, 1, 10))
    db.commit()
    login("anna")
    post_form(f"/clinic/episodes/{episode.id}/follow-ups", kind="review", held_on="2026-04-10")
    review = _follow_up(db, episode.id, date(2026, 4, 10))
    post_form(f"/clinic/follow-ups/{review.id}/decisions", decision="end")
    db.expire_all()
    assert (episode.closed_on, episode.close_reason) == (date(2026, 4, 10), "planned")
    # A closed episode takes no further review, only a follow-up after its end.
    page = client.post(f"/clinic/episodes/{episode.id}/follow-ups",
                       data={"kind": "review", "held_on": "2026-05-10"}, follow_redirects=True)
    assert "Ärendet är avslutat: välj uppföljning efter avslut." in page.get_data(as_text=True)


def _kinds(db, unit):
    """A unit variable of every kind recorded on an episode's page, across the three phases."""
    specs = [VariableSpec("support", "multi", "during", {"sv": "Stöd"}, options=(
                 OptionSpec("housing", {"sv": "Boendestöd"}), OptionSpec("contact", {"sv": "Kontaktperson"}),
                 OptionSpec("meds", {"sv": "Läkemedel"}))),
             VariableSpec("plan_exists", "yes-no", "intake", {"sv": "Plan finns"}),
             VariableSpec("home_visits", "count", "during", {"sv": "Hembesök"}, {"sv": "Senaste tre månaderna"}),
             VariableSpec("debt", "number", "intake", {"sv": "Skuld (kr)"}),
             VariableSpec("assessed_on", "date", "end", {"sv": "Bedömd"}),
             VariableSpec("note", "text", "end", {"sv": "Anteckning"})]
    unit.variables = "housing,end_reason"
    for spec in specs:
        define_variable(db, replace(spec, key=f"{spec.key}_{unit.id}"), unit.id)
    db.commit()
    return {spec.key: f"var-{spec.key}_{unit.id}" for spec in specs}


def test_every_kind_of_variable_is_recorded_on_an_episode_and_the_end_reason_at_its_close(
        client, db, org, login, post_form):
    north = org["units"]["north"]
    field = _kinds(db, north)
    episode = org["clients"]["A-1"].episodes[0]
    base = f"/clinic/episodes/{episode.id}"
    login("anna")
    page = client.get(f"{base}/follow-up").get_data(as_text=True)
    # Grouped by phase, the end reason not among them (recorded at the close).
    assert [re.sub(r"<[^>]+>", "", legend) for legend in re.findall(
        r'<fieldset id="phase-\w+"><legend>(.*?)</legend>', page)] == ["Vid start", "Under insatsen", "Vid avslut"]
    assert 'name="var-housing"' in page and "var-end_reason" not in page
    assert f'name="{field["home_visits"]}" type="number"' in page and "Senaste tre månaderna" in page
    assert f'name="{field["assessed_on"]}" type="date"' in page
    post_form(f"{base}/variables", **{
        "var-housing": "homeless", field["support"]: ["housing", "meds"], field["plan_exists"]: "yes",
        field["home_visits"]: "3", field["debt"]: "12500,50", field["assessed_on"]: "2026-02-01",
        field["note"]: "Flyttar snart"})
    values = episode_values(db, episode.id)
    by_key = {key.rsplit("_", 1)[0] if key != "housing" else key: found for key, found in values.items()}
    assert [v.option_code for v in by_key["housing"]] == ["homeless"]
    assert [v.option_code for v in by_key["support"]] == ["housing", "meds"]
    assert [v.option_code for v in by_key["plan_exists"]] == ["yes"]
    assert (by_key["home_visits"][0].number, by_key["debt"][0].number) == (3, 12500.5)
    assert (by_key["assessed_on"][0].day, by_key["note"][0].text) == (date(2026, 2, 1), "Flyttar snart")
    page = client.get(f"{base}/follow-up").get_data(as_text=True)
    assert 'value="homeless" selected' in page and 'value="meds" checked' in page
    assert 'value="2026-02-01"' in page and 'value="Flyttar snart"' in page
    # Nothing given is "not stated", for every kind.
    post_form(f"{base}/variables")
    assert {v.option_code for found in episode_values(db, episode.id).values() for v in found} == {"not-stated"}

    post_form(f"/clinic/episodes/{episode.id}/close", reason="moved", closed_on="2026-03-01")
    assert [v.option_code for v in episode_values(db, episode.id)["end_reason"]] == ["moved"]


def test_a_bad_value_stores_nothing_and_is_named(client, db, org, login, post_form):
    north = org["units"]["north"]
    field = _kinds(db, north)
    episode = org["clients"]["A-1"].episodes[0]
    login("anna")
    page = client.post(f"/clinic/episodes/{episode.id}/variables", follow_redirects=True, data={
        "var-housing": "homeless", field["home_visits"]: "2,5", field["assessed_on"]: "1 mars"}
    ).get_data(as_text=True)
    assert "Hembesök: ”2,5” är inte ett heltal från 0 och uppåt" in page
    assert "Bedömd: ”1 mars” är inte ett datum (ÅÅÅÅ-MM-DD)" in page
    assert episode_values(db, episode.id) == {}
