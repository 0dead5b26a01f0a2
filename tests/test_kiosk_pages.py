"""Round codes, QR sheets, the manifest, the service worker and speech files over HTTP."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from survey.models import RoundStatus
from survey.speech.store import text_key, write_manifest
from survey.web import tickets


def test_a_round_code_leads_to_a_ticket_with_the_chosen_mode(app, client, housing_round):
    code = housing_round.round_units[0].code
    assert len(code) == 8 and code.isalnum()
    typed = client.get(f"/kiosk/code?code={code[:4].lower()} {code[4:]}")
    assert typed.status_code == 302 and typed.location.endswith(f"/kiosk/code/{code}")
    setup = client.get(f"/kiosk/code/{code}").get_data(as_text=True)
    assert 'value="proxy"' not in setup  # nobody answers the user survey for the client
    chosen = client.get(f"/kiosk/code/{code}?mode=interview&level=text&lang=ar")
    token = chosen.location.split("/kiosk/t/")[1]
    with app.app_context():
        ticket = tickets.read(token)
    assert (ticket.round_id, ticket.mode, ticket.level, ticket.language) == (
        housing_round.id, "interview", "text", "ar")


@pytest.mark.parametrize("code", ["NOPE1234", ""])
def test_an_unknown_code_says_so(client, housing_round, code):
    sent = client.get(f"/kiosk/code?code={code}")
    assert sent.location.endswith("/kiosk/?unknown=1")
    assert "Koden finns inte" in client.get(sent.location).get_data(as_text=True)


def test_a_closed_round_code_opens_nothing(client, db, housing_round):
    housing_round.status = RoundStatus.CLOSED
    db.commit()
    assert client.get(f"/kiosk/code/{housing_round.round_units[0].code}").location.endswith("unknown=1")


def test_coordinators_print_a_qr_code_per_unit(client, login, housing_round):
    login("cora")
    sheet = client.get(f"/reports/rounds/{housing_round.id}/codes").get_data(as_text=True)
    code = housing_round.round_units[0].code
    assert sheet.count("<svg") == 1 and f"{code[:4]}-{code[4:]}" in sheet and "Sunny home" in sheet
    login("anna")
    assert client.get(f"/reports/rounds/{housing_round.id}/codes").status_code == 403


def test_the_kiosk_can_be_added_to_the_home_screen(client):
    manifest = client.get("/kiosk/manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    assert manifest.json["display"] == "fullscreen" and manifest.json["start_url"] == "/kiosk/"
    for icon in manifest.json["icons"]:
        assert client.get(icon["src"]).status_code == 200
    worker = client.get("/kiosk/sw.js")
    assert worker.mimetype == "text/javascript" and b"kiosk-v1" in worker.data


def test_speech_files_are_found_by_the_hash_of_their_text(app, client, tmp_path):
    app.config["AUDIO_DIR"] = str(tmp_path)
    (tmp_path / "abc.wav").write_bytes(b"RIFF....WAVE")
    write_manifest(tmp_path, {text_key("sv", "Hej  där"): {"file": "abc.wav", "language": "sv",
                                                           "text": "Hej där", "source": "espeak"}})
    found = client.get(f"/kiosk/audio/text/{text_key('sv', 'Hej där')}")
    assert found.status_code == 200 and found.data == b"RIFF....WAVE"
    assert "max-age=86400" in found.headers["Cache-Control"]
    assert client.get(f"/kiosk/audio/text/{text_key('sv', 'Okänd')}").status_code == 404
    assert client.get("/kiosk/audio/text/..%2Fsecret_key").status_code == 404


def test_the_about_page_credits_every_pictogram(client):
    page = client.get("/kiosk/about").get_data(as_text=True)
    assert "OpenMoji" in page and "CC BY-SA 4.0" in page
    credits = json.loads((Path(client.application.static_folder)
                          / "pictograms" / "credits.json").read_text())
    assert all(f"pictograms/{name}.svg" in page for name in credits)
