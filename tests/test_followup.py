"""A client walked through systematic follow-up over HTTP: intake with goals, two reviews rated
by client (on the tablet) and practitioner, attended and missed contacts, an end and a
3-month follow-up; then the follow-up view, the due list and the unit report, against numbers
worked out by hand here."""
from __future__ import annotations

import io
import re
import uuid
from datetime import date, timedelta
from functools import partial

import openpyxl
from sqlalchemy import func, select

from survey.domain.schedule import add_months
from survey.models import Client, Episode, FollowUp, Goal, MeasurementRule
from survey.operations import (
    Submission,
    add_goal,
    anonymise_client,
    close_episode,
    record_contact,
    record_response,
    register_client,
    set_plan,
    set_variables,
    start_follow_up,
    start_session,
)

TODAY = date.today()
D0 = TODAY - timedelta(days=330)  # intake
REVIEW_1, REVIEW_2 = add_months(D0, 3), add_months(D0, 6)
END = add_months(D0, 7)
AFTER = add_months(END, 3)


def _post(client, url, **data):
    answer = client.post(url, data=data)
    assert answer.status_code == 302, answer.get_data(as_text=True)[:500]
    return answer


def _follow_up(db, episode_id, held_on) -> FollowUp:
    db.expire_all()
    return db.scalar(select(FollowUp).where(FollowUp.episode_id == episode_id,
                                            FollowUp.held_on == held_on))


def _client_rates(client, follow_up_id, answers):
    """The therapist hands the tablet over; the client's answers arrive through the API."""
    handed = _post(client, f"/clinic/follow-ups/{follow_up_id}/hand-over", instrument="goals")
    token = re.search(r"/kiosk/t/([^/?]+)", handed.location).group(1)
    page = client.get(f"/kiosk/t/{token}/answer").get_data(as_text=True)
    sent = client.post("/kiosk/api/responses", json={
        "uid": str(uuid.uuid4()), "ticket": token, "answers": answers, "language": "sv"})
    assert sent.status_code == 201, sent.get_json()
    return page


def _set_up_unit(client, login, org):
    login("cora")
    north = org["units"]["north"].id
    _post(client, f"/reports/units/{north}/follow-up/settings", follow_up_months="3",
          variable=["referral", "bridged"],
          rule=["goals:intake", "goals:end", "goals:after-end:3", "outcome:after-end:3"])


def test_a_client_is_followed_from_intake_to_three_months_after_the_end(app, client, db, org, login):
    _set_up_unit(client, login, org)
    login("anna")
    north = org["units"]["north"]
    _post(client, "/clinic/clients", code="F-1", unit=north.id, gender="woman", age_group="30-49",
          opened_on=D0.isoformat())
    found = db.scalar(select(Client).where(Client.code == "F-1"))
    episode_id = found.episodes[0].id
    base = f"/clinic/episodes/{episode_id}"
    _post(client, f"{base}/plan", intervention_type="counselling", planned_sessions="12",
          planned_months="6")
    _post(client, f"{base}/goals", wording="Sova bättre", added_on=D0.isoformat())
    _post(client, f"{base}/goals", wording="Träffa vänner", added_on=D0.isoformat())
    sleep, friends = db.scalars(select(Goal).order_by(Goal.id)).all()
    _post(client, f"{base}/variables", referral="school")

    # Intake: the first rating, by the client on the tablet and by the therapist.
    _post(client, f"{base}/follow-ups", kind="intake", held_on=D0.isoformat())
    intake = _follow_up(db, episode_id, D0)
    page = _client_rates(client, intake.id, {f"goal-{sleep.id}": "2", f"goal-{friends.id}": "1"})
    assert "Sova bättre" in page and "pictograms/rating-5.svg" in page
    _post(client, f"/clinic/follow-ups/{intake.id}/ratings",
          **{f"goal-{sleep.id}": "2", f"goal-{friends.id}": "2"})

    # Two feedback sessions (attended individual contacts), then contacts typed in.
    for day in (D0 + timedelta(days=7), D0 + timedelta(days=14)):
        start_session(db, db.get(Episode, episode_id), day)
    db.commit()
    for day, kind, attended in ((21, "individual", "no"), (28, "group", "yes"),
                                (35, "relatives", "yes"), (42, "individual", "no")):
        _post(client, f"{base}/contacts", held_on=(D0 + timedelta(days=day)).isoformat(),
              kind=kind, attended=attended)

    for held_on, by_client, by_therapist in ((REVIEW_1, ("3", "2"), ("3", "3")),
                                             (REVIEW_2, ("4", "2"), ("4", "3"))):
        _post(client, f"{base}/follow-ups", kind="review", held_on=held_on.isoformat())
        review = _follow_up(db, episode_id, held_on)
        _client_rates(client, review.id, {f"goal-{sleep.id}": by_client[0],
                                          f"goal-{friends.id}": by_client[1]})
        _post(client, f"/clinic/follow-ups/{review.id}/ratings",
              **{f"goal-{sleep.id}": by_therapist[0], f"goal-{friends.id}": by_therapist[1]})
    _post(client, f"/clinic/follow-ups/{_follow_up(db, episode_id, REVIEW_1).id}/decisions",
          decision="continue")
    review_2 = _follow_up(db, episode_id, REVIEW_2).id
    _post(client, f"/clinic/follow-ups/{review_2}/decisions", decision="goal-reached", goal=str(sleep.id))
    _post(client, f"/clinic/follow-ups/{review_2}/decisions", decision="goal-added",
          new_goal="Börja studera")
    study = db.scalar(select(Goal).where(Goal.wording == "Börja studera"))

    _post(client, f"/clinic/episodes/{episode_id}/close", reason="planned", closed_on=END.isoformat())
    _post(client, f"{base}/follow-ups", kind="after-end", held_on=AFTER.isoformat())
    after = _follow_up(db, episode_id, AFTER)
    page = _client_rates(client, after.id, {f"goal-{friends.id}": "3", f"goal-{study.id}": "4"})
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
    assert re.findall(r"F-1</a>:\s*([^,]+), ([\d-]+)", due) == [
        ("Målskattning vid avslut", END.isoformat()), ("Mående 3 månader efter avslut", AFTER.isoformat())]

    # The outcome instrument given at the follow-up after the end takes that point off the list.
    handed = _post(client, f"/clinic/follow-ups/{after.id}/hand-over", instrument="outcome")
    token = re.search(r"/kiosk/t/([^/?]+)", handed.location).group(1)
    sent = client.post("/kiosk/api/responses", json={
        "uid": str(uuid.uuid4()), "ticket": token, "language": "sv",
        "answers": {"personal": 6, "close-relationships": 7, "social": 5, "overall": 6}})
    assert sent.status_code == 201, sent.get_json()
    due = client.get("/clinic/").get_data(as_text=True)
    assert re.findall(r"F-1</a>:\s*([^,]+), ", due) == ["Målskattning vid avslut"]

    # The unit report: F-1 is the unit's only counselling episode, closed after END - D0 days,
    # 4 contacts attended and 2 missed; goals rated twice or more by the client: sleep 2 -> 4
    # and friends 1 -> 3 (the new goal has one rating): means 1.5 -> 3.5, both improved.
    login("cora")
    report = client.get(f"/reports/units/{north.id}/follow-up").get_data(as_text=True)
    months = f"{(END - D0).days / 30.4375:.1f}"
    assert _row(report, "delivery", "counselling") == ["1", "1", months, "4.0", "2.0", "1.0", "1.0", "0"]
    assert re.search(r'id="goal-results".*?<td>2</td><td>1.5</td><td>3.5</td><td>2</td>', report, re.S)


def test_a_review_falls_due_three_months_after_intake(client, db, org, login):
    _set_up_unit(client, login, org)
    login("anna")
    opened = TODAY - timedelta(days=85)
    _post(client, "/clinic/clients", code="G-1", unit=org["units"]["north"].id, gender="man",
          age_group="18-29", opened_on=opened.isoformat())
    page = client.get("/clinic/").get_data(as_text=True)
    # Intake goals not rated: overdue since the start; the first review within its 14 days.
    assert re.findall(r"G-1</a>:\s*([^,]+), ([\d-]+) – <strong>(\w[^<]*)<", page) == [
        ("Målskattning vid start", opened.isoformat(), "försenad"),
        ("Målskattning uppföljning 1", add_months(opened, 3).isoformat(), "dags nu"),
    ]


def test_bad_input_is_refused_with_a_message_and_nothing_is_written(client, db, org, login):
    login("anna")
    episode = org["clients"]["A-1"].episodes[0]
    base = f"/clinic/episodes/{episode.id}"
    # Goals must exist before the first rating.
    page = client.post(f"{base}/follow-ups", data={"kind": "intake", "held_on": "2026-01-10"},
                       follow_redirects=True).get_data(as_text=True)
    assert "add the client&#39;s goals first" in page
    _post(client, f"{base}/goals", wording="Mål", added_on="2026-01-10")
    # A review after the end, and a contact before the start, are refused.
    for url, data, message in (
        (f"{base}/follow-ups", {"kind": "after-end", "held_on": "2026-03-01"}, "needs a closed episode"),
        (f"{base}/contacts", {"held_on": "2025-12-01", "kind": "group", "attended": "yes"},
         "within the episode"),
        (f"{base}/variables", {"referral": "school"}, "does not record"),
    ):
        page = client.post(url, data=data, follow_redirects=True).get_data(as_text=True)
        assert message in page, url
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(FollowUp)) == 0
    assert episode.contacts == [] and episode.variables == []


def test_only_the_practitioner_of_the_client_and_the_units_coordinator_reach_the_follow_up(
        client, db, org, login):
    episode = org["clients"]["A-1"].episodes[0]
    for username, status in (("anna", 200), ("cora", 200), ("sven", 404), ("adam", 403)):
        login(username)
        assert client.get(f"/clinic/episodes/{episode.id}/follow-up").status_code == status, username
    login("cora")
    assert client.get(f"/reports/units/{org['units']['south'].id}/follow-up").status_code == 404


def _row(page: str, table_id: str, key: str) -> list[str]:
    """The cells of one row (by its data-type or data-value) of a table on a page, as text."""
    table = re.search(rf'id="{table_id}".*?</table>', page, re.S).group(0)
    cells = re.search(rf'data-(?:type|value)="{key}">(.*?)</tr>', table, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)]


def _episode(db, org, code, gender, opened, intervention, referral=None, contacts=(), close=None):
    """A north-team episode set up through the operations (the walk above covers the pages)."""
    unit = org["units"]["north"]
    unit.variables = "referral,end_reason"
    found = register_client(db, org["staff"]["anna"], unit, code, gender, "30-49", opened)
    episode = found.episodes[0]
    set_plan(db, episode, intervention, None, None)
    if referral:
        set_variables(db, episode, unit, {"referral": referral})
    for day, attended in contacts:
        record_contact(db, episode, opened + timedelta(days=day), "individual", attended)
    if close:
        close_episode(db, episode, *close)
    return episode


def test_the_unit_report_against_numbers_worked_out_by_hand(app, client, db, org, login):
    start = date(2026, 1, 1)
    finished = _episode(db, org, "C-1", "woman", start, "counselling", "self",
                        [(d, True) for d in range(1, 7)] + [(8, False)])
    _episode(db, org, "C-2", "woman", start, "counselling", "self",
             [(1, True), (2, True), (3, False), (4, False), (5, False)],
             ("stopped-coming", date(2026, 2, 1)))
    _episode(db, org, "C-3", "woman", start, "counselling", "self", [(1, True)])
    # Referral by gender: self 6 women (3 above) and 7 men; school 5 women and 2 men.
    people = [("woman", "self")] * 3 + [("man", "self")] * 7 + [("woman", "school")] * 5 + [("man", "school")] * 2
    for number, (gender, referral) in enumerate(people):
        _episode(db, org, f"F-{number}", gender, start, "family-treatment", referral)
    add_goal(db, finished, "Ett mål", start)
    goal_id = finished.goals[0].id
    for kind, day, rating in (("intake", start, "2"), ("review", date(2026, 3, 30), "4")):  # 2 -> 4
        made = start_follow_up(db, finished, kind, day)
        record_response(db, app.extensions["survey_catalogue"], Submission(
            uid=str(uuid.uuid4()), questionnaire_id="goal-rating", questionnaire_version=1,
            unit_id=org["units"]["north"].id, follow_up_id=made.id, language="sv", mode="self",
            answers={f"goal-{goal_id}": rating}))
    close_episode(db, finished, "planned", date(2026, 4, 1))
    db.commit()
    login("cora")
    north = org["units"]["north"].id
    page = client.get(f"/reports/units/{north}/follow-up").get_data(as_text=True)
    row = partial(_row, page)

    # Counselling: 3 episodes, 2 closed after 90 and 31 days -> 121 / 2 / 30.4375 = 2.0 months;
    # attended (6 + 2 + 1) / 3 = 3.0, missed (1 + 3 + 0) / 3 = 1.3; one stopped coming.
    assert row("delivery", "counselling") == ["3", "2", "2.0", "3.0", "1.3", "0.0", "0.0", "1"]
    assert row("delivery", "family-treatment") == ["17", "0", "–", "0.0", "0.0", "0.0", "0.0", "0"]
    assert row("delivery", "not-set") == ["2", "0", "–", "0.0", "0.0", "0.0", "0.0", "0"]  # A-1, B-1
    assert re.search(r'id="left-after".*?<th scope="row">2</th><td>1</td></tr>', page, re.S)
    assert re.search(r'id="goal-results".*?<td>1</td><td>2.0</td><td>4.0</td><td>1</td>', page, re.S)
    # By gender, school/man (2) is under 5; its row then hides school/woman (5), that column
    # self/woman (6), and that row self/man (7). Totals stay: each row hides two cells.
    few = "färre än 5"
    assert row("crosstab-referral-gender", "self") == [few, few, "0", "0", "13"]
    assert row("crosstab-referral-gender", "school") == [few, few, "0", "0", "7"]
    assert row("crosstab-referral-age_group", "self")[4] == "13"  # 30-49 is the 5th age group
    # End reasons: planned 1 and stopped coming 1 are both hidden; the total too.
    assert row("crosstab-end_reason-gender", "planned") == [few, "0", "0", "0", few]

    raw = client.get(f"/reports/units/{north}/follow-up.csv").get_data(as_text=True)
    lines = raw.strip().splitlines()
    assert len(lines) == 1 + 22 and "referral" in lines[0]
    assert "C-1" not in raw and "Ett mål" not in raw  # no codes, no free text
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"/reports/units/{north}/follow-up.xlsx").data))
    assert {"Insatser", "Mål", "Rådata", "referral-gender"} <= set(workbook.sheetnames)


def test_a_clients_goals_are_in_the_export_erased_with_the_client_and_blanked_when_anonymised(
        app, client, db, org, login):
    episode = org["clients"]["A-1"].episodes[0]
    add_goal(db, episode, "Sova hela natten", date(2026, 1, 10))
    start_follow_up(db, episode, "intake", date(2026, 1, 10))
    record_contact(db, episode, date(2026, 1, 12), "group", False)
    db.commit()
    login("anna")
    record = client.get(f"/clinic/clients/{org['clients']['A-1'].id}/export.json").get_json()
    assert record["episodes"][0]["goals"][0]["wording"] == "Sova hela natten"
    assert record["episodes"][0]["contacts"] == [{"held_on": "2026-01-12", "kind": "group", "attended": False}]
    anonymise_client(db, org["clients"]["A-1"])
    db.commit()
    assert db.scalar(select(Goal.wording)) == "(anonymiserat)"
    login("cora")
    client_id = org["clients"]["A-1"].id
    code = db.get(Client, client_id).code
    assert client.post(f"/clinic/clients/{client_id}/erase", data={"confirm": code}).status_code == 302
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Goal)) == 0
    assert db.scalar(select(func.count()).select_from(FollowUp)) == 0


def test_the_unit_report_can_be_limited_to_episodes_opened_in_a_period(client, db, org, login):
    _episode(db, org, "P-1", "woman", date(2025, 6, 1), "counselling")
    _episode(db, org, "P-2", "man", date(2026, 2, 1), "counselling")
    db.commit()
    login("cora")
    north = org["units"]["north"].id
    page = client.get(f"/reports/units/{north}/follow-up?from=2026-01-01&to=2026-12-31").get_data(as_text=True)
    # P-2 and the fixture's A-1 and B-1 (opened 2026-01-10); P-1 opened before the period.
    assert re.search(r'data-type="counselling"><th scope="row">[^<]+</th>\s*<td>1</td>', page)
    raw = client.get(f"/reports/units/{north}/follow-up.csv?from=2026-01-01").get_data(as_text=True)
    assert len(raw.strip().splitlines()) == 1 + 3


def test_an_end_decision_closes_the_episode_as_planned_on_the_follow_ups_date(client, db, org, login):
    episode = org["clients"]["A-1"].episodes[0]
    add_goal(db, episode, "Ett mål", date(2026, 1, 10))
    db.commit()
    login("anna")
    _post(client, f"/clinic/episodes/{episode.id}/follow-ups", kind="review", held_on="2026-04-10")
    review = _follow_up(db, episode.id, date(2026, 4, 10))
    _post(client, f"/clinic/follow-ups/{review.id}/decisions", decision="end")
    db.expire_all()
    assert (episode.closed_on, episode.close_reason) == (date(2026, 4, 10), "planned")
    # A closed episode takes no further review, only a follow-up after its end.
    page = client.post(f"/clinic/episodes/{episode.id}/follow-ups",
                       data={"kind": "review", "held_on": "2026-05-10"}, follow_redirects=True)
    assert "the episode is closed" in page.get_data(as_text=True)


def test_a_unit_sets_its_interval_variables_and_measurement_points(client, db, org, login):
    login("cora")
    north = org["units"]["north"]
    _post(client, f"/reports/units/{north.id}/follow-up/settings", follow_up_months="6",
          variable=["housing", "bridged"], rule=["outcome:sessions", "goals:after-end:9"],
          **{"outcome-sessions-every": "4"})
    db.expire_all()
    assert (north.follow_up_months, north.variable_names) == (6, ["housing", "bridged"])
    rules = db.execute(select(MeasurementRule.instrument, MeasurementRule.point, MeasurementRule.every)
                       .where(MeasurementRule.unit_id == north.id).order_by(MeasurementRule.id)).all()
    assert [tuple(r) for r in rules] == [("outcome", "sessions", 4), ("goals", "after-end", 9)]
    page = client.get(f"/reports/units/{north.id}/follow-up/settings").get_data(as_text=True)
    assert 'value="goals:after-end:9" checked' in page and 'value="4"' in page
    # A bad interval is refused and the settings stay as they were.
    page = client.post(f"/reports/units/{north.id}/follow-up/settings",
                       data={"follow_up_months": "0", "rule": ["outcome:intake"]},
                       follow_redirects=True).get_data(as_text=True)
    assert "follow-ups must fall 1–24 months apart" in page
    db.expire_all()
    assert north.follow_up_months == 6 and len(db.scalars(
        select(MeasurementRule).where(MeasurementRule.unit_id == north.id)).all()) == 2
