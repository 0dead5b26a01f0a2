"""The staff pages' language: an account's own choice, else SURVEY_DEFAULT_LANGUAGE; numbers,
percentages and dates as each language writes them."""
from __future__ import annotations

from datetime import date

import pytest
from flask import render_template_string
from sqlalchemy import select

from survey.models import StaffUser
from survey.web.i18n import STAFF_LANGUAGES, day, fixed, number, percent, staff_language

WRITTEN = {  # 35.5, 0.455, 1234.5 with one decimal, 5 March 2026
    "sv": ("35,5", "46\u00a0%", "1\u00a0234,5", "2026-03-05"),
    "nb": ("35,5", "46\u00a0%", "1\u00a0234,5", "05.03.2026"),
    "da": ("35,5", "46\u00a0%", "1.234,5", "05.03.2026"),
    "fi": ("35,5", "46\u00a0%", "1\u00a0234,5", "5.3.2026"),
    "en": ("35.5", "46%", "1,234.5", "05/03/2026"),
}


@pytest.mark.parametrize("language", STAFF_LANGUAGES)
def test_numbers_and_dates_are_written_the_readers_way(app, language):
    app.config["DEFAULT_LANGUAGE"] = language
    with app.test_request_context():
        assert (number(35.5), percent(0.455), fixed(1234.5), day(date(2026, 3, 5))) \
            == WRITTEN[language]
        assert render_template_string("{{ 35.5|number }} {{ 0.4|percent(1) }}") \
            == f"{WRITTEN[language][0]} {percent(0.4, 1)}"
        assert "40" in percent(0.4, 1) and ("," in percent(0.4, 1)) == (language != "en")


def test_an_unknown_default_language_falls_back_to_swedish(app):
    app.config["DEFAULT_LANGUAGE"] = "xx"
    with app.test_request_context():
        assert staff_language() == "sv"


def test_a_staff_members_own_language_wins_over_the_default(app, client, db, org, login):
    app.config["DEFAULT_LANGUAGE"] = "da"
    anna = db.scalar(select(StaffUser).where(StaffUser.username == "anna"))
    anna.language = "en"
    db.commit()
    login("anna")
    page = client.get("/clinic/").get_data(as_text=True)
    assert '<html lang="en"' in page
    login("sven")
    assert '<html lang="da"' in client.get("/clinic/").get_data(as_text=True)
