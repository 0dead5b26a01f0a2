"""The words of every refused change on the record-review pages (the codes of
``operations.reviews``, and a refused value's through ``web.value_problems``)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from survey.operations.errors import OperationError
from survey.web.i18n import number

ERRORS = {
    "review-name": _l("Give the review a name (at most %(most)s characters)."),
    "review-intervention": _l('Unknown intervention type "%(value)s".'),
    "review-period": _l("The period cannot end before it starts."),
    "review-date": _l("Write the dates as YYYY-MM-DD."),
    "review-unknown-variable": _l("Choose among the review variables listed."),
    "review-no-variables": _l("Choose at least one review variable. A unit without review "
                              "variables cannot open a review."),
    "review-no-episodes": _l("No episode of the unit matches: nothing to review."),
    "review-closed": _l("The review is closed: open it again to record in it."),
    "review-values": _l("Nothing was saved: correct the values marked below."),
    "review-status": _l("A review can only be closed or opened again."),
}


def error_text(error: OperationError) -> str:
    """A refused change in the reader's language, numbers as the reader writes them."""
    return str(ERRORS[error.code]) % {name: number(value) if isinstance(value, int) else value
                                      for name, value in error.params.items()
                                      if name != "problems"}
