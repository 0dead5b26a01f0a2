"""The client's charts in Chromium: no text of a chart overlaps another or leaves the chart, with
scores right at the thresholds ("gräns 36" beside 36.8) and with 30 crowded sessions; the legend
is visible."""
from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from survey.models import Client, Episode, StaffUser
from survey.operations import Submission, record_response, start_session

# Every pair of rendered texts of each chart that overlap, and any text outside its chart.
OVERLAPS = """() => [...document.querySelectorAll('figure.chart svg')].map(svg => {
  const box = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect()]);
  const hit = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5
                        && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  const pairs = [];
  texts.forEach(([s, a], i) => texts.slice(i + 1).forEach(([t, b]) => { if (hit(a, b)) pairs.push([s, t]); }));
  const outside = texts.filter(([, a]) => a.left < box.left || a.right > box.right
                                          || a.top < box.top || a.bottom > box.bottom).map(([s]) => s);
  return {texts: texts.length, pairs, outside};
})"""


def _client_with_scores(live, code: str, series: list[tuple[float, float]]) -> None:
    with live.db() as db:
        therapist = db.scalar(select(StaffUser).where(StaffUser.username == "tore"))
        client = Client(code=code, unit=therapist.units[0], therapist=therapist, gender="woman",
                        age_group="30-49")
        episode = Episode(client=client, therapist=therapist, opened_on=date(2026, 1, 5))
        db.add(episode)
        db.flush()
        catalogue = live.app.extensions["survey_catalogue"]
        for n, (outcome, alliance) in enumerate(series):
            session = start_session(db, episode, date(2026, 1, 5) + timedelta(days=7 * n))
            for questionnaire_id, score in (("outcome-adult", outcome), ("alliance-adult", alliance)):
                record_response(db, catalogue, Submission(
                    uid=str(uuid.uuid4()), questionnaire_id=questionnaire_id, questionnaire_version=1,
                    unit_id=client.unit_id, language="sv", mode="self", answers={},
                    session_id=session.id, source="paper", paper_total=score))
        db.commit()


@pytest.mark.parametrize("code, series", [
    # At the thresholds: outcome 24.8/25.2 at the cut-off 25, alliance 36.8/35.6 at 36.
    ("E2E-EDGE", [(24.8, 36.8), (25.2, 35.6), (24.9, 36.8), (25.3, 36.1)]),
    # Thirty sessions on one chart, up and down.
    ("E2E-LONG", [(10 + (n * 7) % 25, 30 + (n * 3) % 10) for n in range(30)]),
])
def test_no_chart_text_overlaps_another(page, live, staff_login, code, series):
    _client_with_scores(live, code, series)
    staff_login("tore", "/clinic/")
    page.goto(f"{live.url}/clinic/?q={code}")
    page.locator("table a", has_text=code).tap()
    page.locator("figure.chart svg").first.wait_for()
    for viewport in ({"width": 820, "height": 1180}, {"width": 1366, "height": 1024}):
        page.set_viewport_size(viewport)
        charts = page.evaluate(OVERLAPS)
        assert len(charts) == 2
        for chart in charts:
            assert chart["texts"] > 8 and chart["pairs"] == [] and chart["outside"] == [], chart
    for legend in ("mående", "samarbete"):
        shown = page.locator(f"ul.legend[aria-label='Förklaring till diagrammet över {legend}']")
        assert shown.is_visible() and "högre är bättre" in shown.inner_text()
    assert page.locator("text.label", has_text="gräns 36").is_visible()
