"""The counts cache of survey rounds: one hiding pattern per round, however many pages are read."""
from __future__ import annotations

import survey.services.surveys as surveys
from survey.services.surveys import CountsCache


def test_a_rounds_pattern_is_computed_once_however_many_scopes_are_read(
        app, db, org, login, paper_round, paper_csv, upload_paper, monkeypatch):
    login("cora")
    assert upload_paper(paper_round.id, paper_csv()).status_code == 302
    computed, compute = [], surveys.round_pattern
    monkeypatch.setattr(surveys, "round_pattern", lambda *args: computed.append(args) or compute(*args))
    questionnaire = app.extensions["survey_catalogue"].get("ux-housing")
    cache = CountsCache(size=1)  # room for one scope's counts at a time
    unit_ids = [ru.unit_id for ru in paper_round.round_units]
    first = cache.figures(db, paper_round, questionnaire, (), None, 5)[0]
    for unit_id in unit_ids:  # every scope's counts push the one before out, not the pattern
        pattern, counts, people = cache.figures(db, paper_round, questionnaire, (), [unit_id], 5)
        assert pattern is first and people["respondents"].sum() > 0
    assert len(computed) == 1
