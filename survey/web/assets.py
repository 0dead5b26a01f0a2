"""The client pages' stylesheet and script, served minified under a name that changes with them.

Every byte of them is on the tablet's first question screen (issue 13's budget:
``bench/kiosk_first_screen.py``). The readable files in ``static/`` stay the source; each is
minified once per process (again when the file changes) and served beside it as
``<name>.min.<ext>`` (so relative ``url()``s still resolve), linked with ``?v=<digest>``:
browsers and the service worker may keep it for good, and a new version gets a new address.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import rcssmin
import rjsmin
from flask import Flask, Response, current_app, request, url_for

# Source file (under static/) → its minifier.
MINIFIED = {"css/kiosk.css": rcssmin.cssmin, "js/kiosk.js": rjsmin.jsmin}
_kept: dict[str, tuple[float, bytes, str]] = {}


def _min_name(name: str) -> str:
    stem, ext = name.rsplit(".", 1)
    return f"{stem}.min.{ext}"


def _endpoint(name: str) -> str:
    return "minified_" + name.replace("/", "_").replace(".", "_")


def minified(name: str) -> tuple[bytes, str]:
    """The minified bytes of a static file and their digest (kept while the file is unchanged)."""
    path = Path(current_app.static_folder) / name
    stamp = path.stat().st_mtime
    kept = _kept.get(name)
    if kept is None or kept[0] != stamp:
        body = MINIFIED[name](path.read_text(encoding="utf-8")).encode("utf-8")
        kept = (stamp, body, hashlib.sha256(body).hexdigest()[:12])
        _kept[name] = kept
    return kept[1], kept[2]


def asset_url(name: str) -> str:
    """Where a page links a minified file: ``{{ asset_url('js/kiosk.js') }}``."""
    return url_for(_endpoint(name), v=minified(name)[1])


def _view(name: str):
    def serve():
        body, digest = minified(name)
        response = Response(body, mimetype="text/css" if name.endswith(".css") else "text/javascript")
        # The digest asked for: the same bytes forever. Any other (a page from before an
        # upgrade): today's file, not to be kept.
        response.headers["Cache-Control"] = ("public, max-age=31536000, immutable"
                                             if request.args.get("v") == digest else "no-cache")
        return response
    return serve


def init_app(app: Flask) -> None:
    for name in MINIFIED:
        app.add_url_rule(f"{app.static_url_path}/{_min_name(name)}", _endpoint(name), _view(name))
    app.jinja_env.globals["asset_url"] = asset_url
