"""What lets a tablet work on without the network: service worker, manifest, speech files."""
from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, jsonify, send_from_directory, url_for
from flask_babel import gettext as _

from survey import speech
from survey.kiosk import bp
from survey.web.i18n import staff_language

ONE_DAY = 24 * 3600


@bp.get("/audio/text/<key>")
def audio_for_text(key: str):
    """The speech of a text, by ``speech.text_key`` (the page computes the same hash).

    404 when no file was built: the page then uses the browser's own voice.
    """
    name = speech.lookup_key(Path(current_app.config["AUDIO_DIR"]), key)
    if name is None:
        abort(404)
    response = send_from_directory(current_app.config["AUDIO_DIR"], name, max_age=ONE_DAY)
    response.headers["Cache-Control"] = f"public, max-age={ONE_DAY}"
    return response


@bp.get("/sw.js")
def service_worker():
    response = send_from_directory(Path(current_app.static_folder) / "js", "kiosk-sw.js",
                                   mimetype="text/javascript", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/manifest.webmanifest")
def manifest():
    response = jsonify({
        "name": _("Survey"), "short_name": _("Survey"), "lang": staff_language(),
        "start_url": url_for("kiosk.start"), "scope": url_for("kiosk.start"),
        "display": "fullscreen", "background_color": "#ffffff", "theme_color": "#0b3d91",
        "icons": [
            {"src": url_for("static", filename=f"icons/kiosk-{size}.png"),
             "sizes": f"{size}x{size}", "type": "image/png"} for size in (180, 512)
        ],
    })
    response.mimetype = "application/manifest+json"
    response.headers["Cache-Control"] = "no-cache"
    return response
