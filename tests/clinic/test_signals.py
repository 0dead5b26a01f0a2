"""An episode's result and signals through HTTP: the category before and after close, a signal
acknowledged (what was done, when, by whom, audited) leaving the open lists, the coordinator's list
of signals left open, and the validity flags; every series worked out by hand."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from survey.models import AuditEvent, Episode, SignalAcknowledgement
from survey.operations import start_session


def _paper(client, session_id, instrument, total):
    sent = client.post(f"/clinic/sessions/{session_id}/paper",
                       data={"instrument": instrument, "rater": "client", "total": total})
    assert sent.status_code == 302, sent.get_data(as_text=True)


def _open_signals(page: str) -> list[str]:
    block = page.split('aria-label="Att prata om"')[1].split("</section>")[0] \
        if 'aria-label="Att prata om"' in page else ""
    return re.findall(r"<strong>([^<]+)</strong>", block)


def _result(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", re.search(
        r'<p class="result"[^>]*>(.*?)</p>', page, re.S).group(1))).strip()


def _scored(client, hand_over_session, login, client_id, series):
    """Sessions typed in from paper by Anna: (outcome, alliance) totals, one pair per session
    (each hand-over logs her out of the tablet, so she logs in again)."""
    for outcome, alliance in series:
        session_id, _ = hand_over_session(client_id)
        login("anna")
        _paper(client, session_id, "outcome", outcome)
        _paper(client, session_id, "alliance", alliance)


def test_a_result_shows_before_and_after_close_and_a_signal_is_acted_on(
        client, db, org, login, register, hand_over_session):
    login("anna")
    a = register("R-1", org["units"]["north"].id)
    _scored(client, hand_over_session, login, a, [(16, 38)])
    page = client.get(f"/clinic/clients/{a}").get_data(as_text=True)
    assert _result(page) == "Resultat: kräver minst två skattningar av måendet."
    # 16 → 27: +11 ≥ 5 and the cut-off 25 crossed from below; alliance 38 → 35: low and a drop.
    _scored(client, hand_over_session, login, a, [(27, 35)])
    page = client.get(f"/clinic/clients/{a}").get_data(as_text=True)
    expected = ("Resultat: Återhämtad (säkert förbättrad och över gränsen): mående 16 → 27, "
                "förändring +11 (säker förändring ±5, gräns för klinisk nivå 25).")
    assert _result(page) == expected
    assert sorted(_open_signals(page)) == ["Samarbetet har sjunkit", "Samarbetet under gränsen"]
    assert client.get("/clinic/").get_data(as_text=True).count("R-1</a>:") == 2

    episode_id = db.scalar(select(Episode.id).where(Episode.client_id == a))
    sent = client.post(f"/clinic/episodes/{episode_id}/signals",
                       data={"code": "alliance-low", "session": 2, "action": "talked-with-client"})
    assert sent.status_code == 302
    page = client.get(f"/clinic/clients/{a}").get_data(as_text=True)
    assert _open_signals(page) == ["Samarbetet har sjunkit"]
    assert client.get("/clinic/").get_data(as_text=True).count("R-1</a>:") == 1
    done = db.scalar(select(SignalAcknowledgement))
    assert (done.episode_id, done.code, done.session_number, done.action, done.raised_on,
            done.staff.username) == (episode_id, "alliance-low", 2, "talked-with-client",
                                     date.today(), "anna")
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "acknowledge"))
    assert (event.object_type, event.object_id, event.staff_id) == ("signal", done.id, done.staff_id)
    assert "Pratade om det med klienten" in page.split('class="signal-history"')[1]

    # Acknowledged twice, or a signal the episode never raised: refused, nothing written.
    for data in ({"code": "alliance-low", "session": 2, "action": "changed-plan"},
                 {"code": "outcome-worse", "session": 2, "action": "changed-plan"}):
        again = client.post(f"/clinic/episodes/{episode_id}/signals", data=data, follow_redirects=True)
        assert "Signalen finns inte längre eller är redan omhändertagen." in again.get_data(as_text=True)
    assert len(db.scalars(select(SignalAcknowledgement)).all()) == 1

    assert client.post(f"/clinic/episodes/{episode_id}/close",
                       data={"reason": "planned", "closed_on": date.today().isoformat()}).status_code == 302
    page = client.get(f"/clinic/clients/{a}").get_data(as_text=True)
    assert _result(page) == expected
    assert _open_signals(page) == [] and "Markera som pratad om" not in page
    history = page.split('class="signal-history"')[1].split("</table>")[0]
    assert re.findall(r"<tr><td>(\d+)</td><td>([^:<]+):", history) == [
        ("2", "Samarbetet har sjunkit"), ("2", "Samarbetet under gränsen")]
    assert "Pratade om det med klienten" in history and "Anna" in history


def test_other_needs_a_note_and_a_bad_answer_writes_nothing(
        client, db, org, login, register, hand_over_session):
    login("anna")
    a = register("R-2", org["units"]["north"].id)
    _scored(client, hand_over_session, login, a, [(16, 34)])  # 34 < 36
    episode_id = db.scalar(select(Episode.id).where(Episode.client_id == a))
    url = f"/clinic/episodes/{episode_id}/signals"
    for data, message in (
        ({"code": "alliance-low", "session": 1, "action": "other"}, "Skriv vad som gjordes."),
        ({"code": "alliance-low", "session": 1}, "Välj vad som gjordes."),
        ({"code": "alliance-low", "session": 1, "action": "shrugged"}, "Inte ett giltigt val"),
    ):
        page = client.post(url, data=data, follow_redirects=True).get_data(as_text=True)
        assert message in page, data
    assert db.scalars(select(SignalAcknowledgement)).all() == []
    client.post(url, data={"code": "alliance-low", "session": 1, "action": "other",
                           "note": "Bokade ett extra samtal"})
    page = client.get(f"/clinic/clients/{a}").get_data(as_text=True)
    assert "Annat: Bokade ett extra samtal" in page and _open_signals(page) == []


def test_signals_left_open_are_listed_for_the_units_coordinator(
        app, client, db, org, login, register):
    login("anna")
    north = org["units"]["north"].id
    old, new = register("R-3", north), register("R-4", north)
    days = app.config["SIGNAL_OPEN_DAYS"]
    for client_id, held_on in ((old, date.today() - timedelta(days=days)), (new, date.today())):
        episode = db.scalar(select(Episode).where(Episode.client_id == client_id))
        session = start_session(db, episode, held_on)
        db.commit()
        _paper(client, session.id, "alliance", 30)  # under 36
    login("cora")
    page = client.get("/clinic/").get_data(as_text=True)
    listed = page.split('class="unattended"')[1].split("</ul>")[0]
    assert "R-3</a>" in listed and "R-4" not in listed and "Samarbetet under gränsen" in listed
    login("sven")  # another unit's therapist: neither the list nor the code
    page = client.get("/clinic/").get_data(as_text=True)
    assert "unattended" not in page and "R-3" not in page
    login("anna")
    assert 'class="unattended"' not in client.get("/clinic/").get_data(as_text=True)


def test_validity_flags_on_the_client_view(client, org, login, register, hand_over_session):
    login("anna")
    high = register("V-1", org["units"]["north"].id)
    _scored(client, hand_over_session, login, high, [(30, 38)])  # at 30, over the cut-off 25; one rating
    page = client.get(f"/clinic/clients/{high}").get_data(as_text=True)
    assert re.findall(r'data-flag="([\w-]+)"', page) == ["intake-above-cutoff", "single-rating"]
    saw = register("V-2", org["units"]["north"].id)
    _scored(client, hand_over_session, login, saw, [(12, 38), (20, 38), (13, 38)])  # +8 then −7
    page = client.get(f"/clinic/clients/{saw}").get_data(as_text=True)
    assert re.findall(r'data-flag="([\w-]+)"', page) == ["saw-tooth"]
    assert "Sågtandad serie" in page


def _row(page: str, label: str) -> list[str]:
    cells = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', page, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)]


def test_results_count_signals_acted_on_and_read_with_and_without_flagged_episodes(
        client, db, org, login, register, hand_over_session):
    login("anna")
    north = org["units"]["north"].id
    ids = {}
    for code, series in (("F-1", [(16, 38), (22, 34)]),   # 38 → 34: low and a drop at session 2
                         ("F-2", [(30, 38)]),               # flagged: over 25, a single rating
                         ("F-3", [(12, 38), (20, 38)]),
                         ("F-4", [(14, 38), (20, 38), (14, 38)]),  # flagged: +6 then −6
                         ("F-6", [(18, 38), (21, 38)]),
                         ("F-5", [(20, 38), (26, 38)])):
        ids[code] = register(code, north)
        _scored(client, hand_over_session, login, ids[code], series)
    episode_id = db.scalar(select(Episode.id).where(Episode.client_id == ids["F-1"]))
    client.post(f"/clinic/episodes/{episode_id}/signals",
                data={"code": "alliance-low", "session": 2, "action": "consulted-colleague"})
    page = client.get("/clinic/results").get_data(as_text=True)
    # Anna: A-1 (no scores) and the six above.
    assert _row(page, "Ärenden")[0] == "7" and _row(page, "Ärenden med varningsflagga")[0] == "2"
    assert _row(page, "Signaler omhändertagna")[0] == "1"
    assert _row(page, "Dagar till åtgärd (median)")[0] == "0,0"  # acted on the session's day
    for line in ("stickprovets standardavvikelse", "så andelarna kan tillsammans bli mer än 100 %",
                 "Avslutade efter en session räknar bara avslutade ärenden"):
        assert line in page
    dose = page.split('id="dose-sessions-band"')[1].split("</table>")[0]
    # Anna may open every one of these records: her own dose table is exact (no band hidden).
    assert "färre än" not in dose and "dold" not in dose

    without = client.get("/clinic/results?flagged=without").get_data(as_text=True)
    assert _row(without, "Ärenden")[0] == "5" and _row(without, "Ärenden med varningsflagga")[0] == "0"
    assert "utan ärenden med varningsflagga" in without

    exported = client.post("/clinic/results.csv?flagged=without").get_data(as_text=True)
    rows = {r[0]: r[1:] for r in csv.reader(io.StringIO(exported.lstrip("\ufeff")))}
    assert rows["Ärenden"][0] == "5" and rows["Signaler omhändertagna"][0] == "1"
    assert rows["Not 2"][0] == "Utan ärenden med varningsflagga."
    assert any("stickprovets standardavvikelse" in r[0] for k, r in rows.items() if k.startswith("Not"))
    workbook = load_workbook(io.BytesIO(client.post("/clinic/results.xlsx").data))
    assert workbook.sheetnames == ["Resultat", "Dos 1", "Dos 2", "Noter"]
    notes = [r[0] for r in workbook["Noter"].iter_rows(values_only=True)]
    assert notes[0] == "Noter" and "Alla ärenden." in notes
    assert any("räknar också de återhämtade" in n for n in notes)
    dose_rows = list(workbook["Dos 1"].iter_rows(values_only=True))
    assert dose_rows[0] == ("Förändring efter antal genomförda sessioner", "Grupp", "Ärenden",
                            "Medelförändring", "Säkert förbättrade")
    # 2–3 sessions: F-1 +6, F-3 +8, F-4 0, F-5 +6 (recovered), F-6 +3; improved F-1, F-3, F-5.
    assert ("2-3", "Anna", 5, 4.6, "60 % (n=5)") in dose_rows
    assert ("1", "Anna", 0, "–", "–") in dose_rows  # Anna's own: exact, and nobody in the band
