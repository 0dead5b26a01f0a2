"""The kiosk's files: the manifest, the service worker and speech files over HTTP."""
from __future__ import annotations

import re

from survey.config import BUNDLED_QUESTIONNAIRES
from survey.domain.instruments import load_catalogue
from survey.speech import build_audio, lookup, make_engines
from survey.speech.store import text_key, write_manifest


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


def test_slow_speech_is_its_own_file_at_the_url_the_page_gives_for_slow_speech(
        app, client, org, housing_round, hand_over_round, espeak, tmp_path):
    app.config["AUDIO_DIR"] = str(tmp_path)
    question = load_catalogue(BUNDLED_QUESTIONNAIRES).get("ux-housing").items[0].text["sv"]
    build_audio([], tmp_path, make_engines("espeak"), extra_texts=[("sv", question)])
    built_without_slow = "Bara i normal takt"
    build_audio([], tmp_path, make_engines("espeak"), slow=False,
                extra_texts=[("sv", question), ("sv", built_without_slow)])

    unit = org["units"]["home"].id
    slow_page = client.get(f"/kiosk/t/{hand_over_round(housing_round.id, unit, speech_rate='slow')}/answer")
    normal_page = client.get(f"/kiosk/t/{hand_over_round(housing_round.id, unit)}/answer")
    body = re.search(r"<body [^>]*>", slow_page.get_data(as_text=True)).group(0)
    slow_base = re.search(r'data-audio-slow="([^"]+)"', body).group(1)
    normal_base = re.search(r'data-audio="([^"]+)"', body).group(1)
    assert "data-audio-slow" not in normal_page.get_data(as_text=True)

    slow = client.get(slow_base + text_key("sv", question))
    normal = client.get(normal_base + text_key("sv", question))
    assert slow.status_code == normal.status_code == 200
    assert slow.data == (tmp_path / lookup(tmp_path, "sv", question, slow=True)).read_bytes()
    assert slow.data != normal.data and len(slow.data) > 1.2 * len(normal.data)
    assert "max-age=86400" in slow.headers["Cache-Control"]
    # No slow file: 404, and the tablet plays the normal file slower. The tablet asks with HEAD
    # when a page opens, to know before a tap which file it will play.
    assert client.get(slow_base + text_key("sv", built_without_slow)).status_code == 404
    assert client.get(normal_base + text_key("sv", built_without_slow)).status_code == 200
    assert client.head(slow_base + text_key("sv", question)).status_code == 200
    assert client.head(slow_base + text_key("sv", built_without_slow)).status_code == 404
