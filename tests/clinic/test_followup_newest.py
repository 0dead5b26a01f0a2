"""Through HTTP: an episode's page shows each variable's newest value, recorded outside a review
or in one (the value reports count), so saving the page unchanged keeps it."""
from __future__ import annotations

from sqlalchemy import select

from survey.models import RecordReview, Variable
from survey.operations import parsed, record_value
from survey.queries import episode_value_rows


def test_the_episode_page_shows_the_newest_value_and_saving_it_keeps_it(client, db, org, login, post_form):
    north = org["units"]["north"]
    north.variables = "referral"
    referral = db.scalar(select(Variable).where(Variable.key == "referral"))
    review = RecordReview(unit_id=north.id, name="Journaler 2026")
    db.add(review)
    db.flush()
    episode = org["clients"]["A-1"].episodes[0]
    record_value(db, episode, referral, parsed(referral, "self"))
    record_value(db, episode, referral, parsed(referral, "school"), review_id=review.id)
    db.commit()
    login("anna")
    page = client.get(f"/clinic/episodes/{episode.id}/follow-up").get_data(as_text=True)
    assert 'value="self" selected' not in page and 'value="school" selected' in page
    post_form(f"/clinic/episodes/{episode.id}/variables", **{"var-referral": "school"})
    assert episode_value_rows(db, [episode.id])["value"].tolist() == ["school"]
