"""The client's charts and item scores as a therapist sees them: axis titles, a legend that
explains the cut-off, the band and the expected line, "higher is better", and item names on the
item view and the paper form."""
from __future__ import annotations

import re

from sqlalchemy import select

from survey.models import Episode, TreatmentSession


def _session_of(client, db, login, client_id) -> int:
    """A session started (which hands the tablet over and logs Anna out of it); Anna back in."""
    assert client.post(f"/clinic/clients/{client_id}/sessions", data={"rater": "client"}).status_code == 302
    login("anna")
    db.expire_all()
    return db.scalar(select(TreatmentSession.id).join(Episode).where(Episode.client_id == client_id)
                     .order_by(TreatmentSession.id.desc()).limit(1))


def test_the_charts_have_axis_titles_a_legend_and_the_item_names(client, db, org, login):
    login("anna")
    a = org["clients"]["A-1"].id
    session_id = _session_of(client, db, login, a)
    paper = client.get(f"/clinic/sessions/{session_id}/paper").get_data(as_text=True)
    assert "Fråga 1 (mående: Jag själv; samarbete: Lyssnad på)" in paper
    assert "Fråga 4 (mående: Överlag; samarbete: Överlag)" in paper
    items = {"instrument": "alliance", "rater": "client", "item_1": "9.5", "item_2": "8.5",
             "item_3": "9", "item_4": "9.5"}
    assert client.post(f"/clinic/sessions/{session_id}/paper", data=items).status_code == 302
    assert client.post(f"/clinic/sessions/{session_id}/paper", data={
        "instrument": "outcome", "rater": "client", "total": "20"}).status_code == 302
    page = client.get(f"/clinic/clients/{a}").get_data(as_text=True)
    shown = re.search(r"<details><summary>Visa</summary>(.*?)</details>", page, re.S).group(1)
    assert re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", shown) == [
        ("Lyssnad på", "9,5"), ("Mina ämnen", "8,5"), ("Arbetssättet", "9"), ("Överlag", "9,5")]
    outcome_svg, alliance_svg = page.split("<svg")[1:3]
    assert re.findall(r'class="axis-title"[^>]*>([^<]+)<', outcome_svg) == [
        "Session", "Mående 0–40 · högre är bättre"]
    assert re.findall(r'class="axis-title"[^>]*>([^<]+)<', alliance_svg) == [
        "Session", "Samarbete · högre är bättre"]
    legend = page.split('aria-label="Förklaring till diagrammet över mående"')[1].split("</ul>")[0]
    assert "gräns för klinisk nivå (25)" in legend and "±5 från första skattningen" in legend
    assert "högre är bättre" in legend
    alliance_legend = page.split('aria-label="Förklaring till diagrammet över samarbete"')[1]
    assert "axeln visar 30–40, där skattningarna finns" in alliance_legend.split("</ul>")[0]
