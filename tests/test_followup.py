"""A client walked through systematic follow-up over HTTP: intake with goals, two reviews rated
by client (on the tablet) and practitioner, attended and missed contacts, an end and a
3-month follow-up; then the follow-up view, the due list and the unit report, against numbers
worked out by hand here."""
from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

from sqlalchemy import func, select

from survey.followup import add_months
from survey.models import Client, Episode, FollowUp, Goal
from survey.operations import start_session

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
