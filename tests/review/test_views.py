"""A record review walked over HTTP: a reviewer opens a review of 2023's family treatments,
goes through three records, stops, comes back and lands on the fourth; two reviews of the same
episode keep their values apart; a bad value stores nothing and names its error; a reviewer
reaches neither the clinic's client pages nor another unit's review; a coordinator closes and
reopens a review; and the therapist's due list is the same after a review as before."""
from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from survey.models import (
    AuditEvent,
    Client,
    Episode,
    FollowUp,
    RecordedValue,
    RecordReview,
    Role,
    StaffUser,
)
from survey.operations.reviews import open_review
from survey.queries import episode_values
from tests.conftest import PASSWORD_HASH

VARIABLES = ("coordination", "home_visits", "current_plan")
FAMILY = "family-treatment"
# (code, intervention type, opened, closed): R-1 … R-5 were in family treatment at some time
# during 2023; R-6 ended before it, R-7 had another type, R-8 started after it.
EPISODES = [
    ("R-1", FAMILY, date(2022, 6, 1), date(2023, 1, 1)),
    ("R-2", FAMILY, date(2023, 5, 1), None),
    ("R-3", FAMILY, date(2023, 12, 31), date(2024, 3, 1)),
    ("R-4", FAMILY, date(2021, 2, 1), None),
    ("R-5", FAMILY, date(2023, 3, 1), date(2023, 4, 1)),
    ("R-6", FAMILY, date(2022, 1, 1), date(2022, 12, 31)),
    ("R-7", "counselling", date(2023, 6, 1), None),
    ("R-8", FAMILY, date(2024, 1, 1), None),
]
IN_2023 = ["R-1", "R-2", "R-3", "R-4", "R-5"]
PERIOD = {"name": "Journal 2023", "type": FAMILY, "from": "2023-01-01", "to": "2023-12-31",
          "variable": list(VARIABLES)}


@pytest.fixture
def records(db, org):
    """North team records three review variables; Bert's clients R-1 … R-8; Rita reviews North
    team. The clients' ids by code."""
    north = org["units"]["north"]
    north.variables = ",".join(VARIABLES)
    for code, kind, opened, closed in EPISODES:
        client = Client(code=code, unit=north, therapist=org["staff"]["bert"], gender="man",
                        age_group="30-49")
        db.add(Episode(client=client, therapist=org["staff"]["bert"], opened_on=opened,
                       closed_on=closed, intervention_type=kind))
    db.add(StaffUser(username="rita", display_name="Rita", role=Role.REVIEWER, units=[north],
                     password_hash=PASSWORD_HASH))
    db.commit()
    return {c.code: c.id for c in db.scalars(select(Client))}


def _open(client, unit_id, **fields) -> int:
    """Open a review through the form; its id (the answer goes on to its first record)."""
    opened = client.post(f"/reviews/units/{unit_id}/new", data=PERIOD | fields)
    assert opened.status_code == 302, opened.get_data(as_text=True)[:800]
    return int(re.search(r"/reviews/(\d+)$", opened.location).group(1))


def _code_on(page: str) -> str:
    return re.search(r'id="client-code">([^<]+)<', page).group(1)


def _save(client, review_id, position, **values):
    return client.post(f"/reviews/{review_id}/records/{position}", data=values)


def test_a_reviewer_goes_through_three_records_stops_and_comes_back_on_the_fourth(
        client, db, org, login, records):
    login("rita")
    assert client.get("/").location.endswith("/reviews/")
    review_id = _open(client, org["units"]["north"].id)
    first = client.get(f"/reviews/{review_id}")
    assert first.location.endswith(f"/reviews/{review_id}/records/1")
    for position, code in enumerate(IN_2023[:3], start=1):
        page = client.get(f"/reviews/{review_id}/records/{position}").get_data(as_text=True)
        assert _code_on(page) == code
        assert f"{position} / {len(IN_2023)}" in page
        assert 'autofocus' in page and 'data-key="1"' in page and 'data-key="0"' in page
        saved = _save(client, review_id, position, coordination="by-us",
                      home_visits=str(position), current_plan="yes")
        assert saved.location.endswith(f"/reviews/{review_id}/records/{position + 1}")
    index = client.get("/reviews/").get_data(as_text=True)
    assert f"3 / {len(IN_2023)}" in index
    client.post("/logout")

    login("rita")
    again = client.get(f"/reviews/{review_id}")
    assert again.location.endswith(f"/reviews/{review_id}/records/4")
    assert _code_on(client.get(again.location).get_data(as_text=True)) == IN_2023[3]
    db.expire_all()
    stored = db.execute(select(Client.code, RecordedValue.key, RecordedValue.option_code,
                               RecordedValue.number)
                        .join(Episode, Episode.id == RecordedValue.episode_id).join(Client)
                        .where(RecordedValue.review_id == review_id)).all()
    assert sorted(stored) == sorted(
        [(code, "coordination", "by-us", None) for code in IN_2023[:3]]
        + [(code, "home_visits", None, n) for n, code in enumerate(IN_2023[:3], start=1)]
        + [(code, "current_plan", "yes", None) for code in IN_2023[:3]])
    viewed = db.scalars(select(AuditEvent.object_id).where(
        AuditEvent.action == "view", AuditEvent.object_type == "episode",
        AuditEvent.detail == f"record review {review_id}")).all()
    episode_of = {code: db.scalar(select(Episode.id).join(Client).where(Client.code == code))
                  for code in IN_2023}
    assert sorted(viewed) == sorted([episode_of[c] for c in IN_2023[:3]] + [episode_of[IN_2023[3]]])


def test_the_last_record_done_ends_on_the_review_done(client, db, org, login, records):
    login("rita")
    review_id = _open(client, org["units"]["north"].id, type="counselling")
    done = _save(client, review_id, 1, coordination="none")
    assert done.location.endswith(f"/reviews/{review_id}")
    page = client.get(done.location).get_data(as_text=True)
    assert 'id="progress">1 / 1' in page


def test_two_reviews_of_the_same_episode_keep_their_values_apart(client, db, org, login, records):
    login("rita")
    north = org["units"]["north"].id
    first, second = _open(client, north), _open(client, north, name="Journal 2023, again")
    _save(client, first, 1, coordination="by-us", home_visits="2")
    _save(client, second, 1, coordination="both", home_visits="5", current_plan="no")
    episode = db.scalar(select(Episode.id).join(Client).where(Client.code == IN_2023[0]))
    db.expire_all()

    def codes(review_id):
        return {key: [v.option_code or v.number for v in rows]
                for key, rows in episode_values(db, episode, review_id).items()}

    assert codes(first) == {"coordination": ["by-us"], "home_visits": [2],
                            "current_plan": ["not-stated"]}
    assert codes(second) == {"coordination": ["both"], "home_visits": [5], "current_plan": ["no"]}
    assert codes(None) == {}
    # Back on a done record: the form shows what this review recorded.
    page = client.get(f"/reviews/{first}/records/1").get_data(as_text=True)
    assert re.search(r'value="by-us"[^>]* checked', page) and 'value="2"' in page


def test_a_bad_value_stores_nothing_and_is_named(client, db, org, login, records):
    login("rita")
    review_id = _open(client, org["units"]["north"].id)
    refused = _save(client, review_id, 1, coordination="by-us", home_visits="många",
                    current_plan="maybe")
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    home_visits = re.search(r'id="problem-home_visits">([^<]+)<', page).group(1)
    current_plan = re.search(r'id="problem-current_plan">([^<]+)<', page).group(1)
    assert "många" in home_visits and "maybe" in current_plan
    assert 'id="problem-coordination"' not in page
    assert re.search(r'value="by-us"[^>]* checked', page)  # what was typed stays
    db.expire_all()
    assert db.scalars(select(RecordedValue).where(RecordedValue.review_id == review_id)).all() == []
    assert client.get(f"/reviews/{review_id}").location.endswith("/records/1")


def test_a_reviewer_reaches_no_client_page_and_no_other_units_review(
        client, db, org, login, records):
    south = org["units"]["south"]
    south.variables = "current_plan"
    other = open_review(db, south, "South 2026", org["staff"]["sven"])
    db.commit()
    login("rita")
    assert client.get(f"/clinic/clients/{records['R-1']}").status_code == 403
    assert client.get("/clinic/").status_code == 403
    assert client.get("/reports/").status_code == 403
    home = client.get("/reviews/").get_data(as_text=True)
    assert "/clinic/" not in home and "/kiosk/hand-over" not in home
    assert client.get(f"/reviews/{other.id}").status_code == 404
    assert client.get(f"/reviews/{other.id}/records/1").status_code == 404
    assert _save(client, other.id, 1, current_plan="yes").status_code == 404
    assert client.post(f"/reviews/{other.id}/status", data={"status": "closed"}).status_code == 404
    assert client.get(f"/reviews/units/{south.id}/new").status_code == 404
    db.expire_all()
    assert db.get(RecordReview, other.id).closed_at is None


def test_a_coordinator_closes_a_review_and_opens_it_again(client, db, org, login, records):
    login("cora")
    review_id = _open(client, org["units"]["north"].id)
    client.post(f"/reviews/{review_id}/status", data={"status": "closed"})
    assert client.get(f"/reviews/{review_id}").status_code == 200  # where it stands, no record
    assert _save(client, review_id, 1, current_plan="yes").status_code == 400
    db.expire_all()
    assert db.scalars(select(RecordedValue).where(RecordedValue.review_id == review_id)).all() == []
    client.post(f"/reviews/{review_id}/status", data={"status": "open"})
    assert _save(client, review_id, 1, current_plan="yes").status_code == 302


def test_a_review_puts_no_new_point_on_the_therapists_due_list(client, db, org, login, annas,
                                                              records):
    def due_list() -> str:
        login("anna")
        page = client.get("/clinic/").get_data(as_text=True)
        return re.search(r'<ul class="due">.*?</ul>', page, re.S).group(0)

    before = due_list()
    assert "A-1" in before
    follow_ups = db.scalars(select(FollowUp.id)).all()
    login("rita")
    review_id = _open(client, org["units"]["north"].id, type="", **{"from": "", "to": ""})
    position = 1
    while _save(client, review_id, position, current_plan="no").location.endswith(
            f"/records/{position + 1}"):
        position += 1
    assert position == len(EPISODES) + 2  # every episode of North team: R-1 …, B-1
    assert due_list() == before
    db.expire_all()
    assert db.scalars(select(FollowUp.id)).all() == follow_ups
