"""The error pages of the staff side (400, 403, 404, 413, 429, 500), in the reader's language
inside the normal layout. Paths answered in JSON (the tablet's API) keep their own handler."""
from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app, g, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

# Each status: its heading and what the reader can do about it.
PAGES = {
    400: (_l("The request could not be read"),
          _l("The form may have been open too long. Go back, reload the page and try again.")),
    403: (_l("You do not have access to this page"),
          _l("Your role does not include this page. Ask an administrator if you need it.")),
    404: (_l("The page does not exist"),
          _l("The address may be mistyped, or what it showed has been removed.")),
    413: (_l("The file is too large"),
          _l("Choose a smaller file and try again.")),
    429: (_l("Too many attempts"),
          _l("Wait a few minutes and try again.")),
    500: (_l("Something went wrong on the server"),
          _l("Nothing was saved. Try again in a while; if it happens again, tell an "
             "administrator.")),
}


def _page(error: HTTPException, json_paths: dict[str, Callable]):
    for prefix, handler in json_paths.items():
        if request.path.startswith(prefix):
            return handler(error)
    code = error.code or 500
    heading, advice = PAGES[code]
    if code == 500 and "db_session" in g:
        g.db_session.rollback()  # the layout may read the account: not in a failed transaction
    response = error.get_response()  # keeps the status and headers (Retry-After, Allow …)
    try:
        page = render_template("error.html", code=code, heading=heading, advice=advice)
    except Exception:  # the layout itself failed (e.g. the database is gone): plain words
        current_app.logger.exception("error page %s could not be rendered", code)
        page = f"{heading}\n\n{advice}\n"
        response.mimetype = "text/plain"
    else:
        response.mimetype = "text/html"
    response.set_data(page)
    return response


def init_app(app: Flask, json_paths: dict[str, Callable]) -> None:
    """``json_paths``: path prefix → the handler that answers an error there in JSON."""
    for code in PAGES:
        app.register_error_handler(code, lambda error: _page(error, json_paths))
