"""The kiosk's files: the manifest, the service worker and speech files over HTTP."""
from __future__ import annotations

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
