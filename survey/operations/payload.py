"""A tablet's submission as JSON: decoded strictly and checked for shape before it is recorded.

No Flask here: the view hands over the body's bytes and maps what comes back to HTTP.
"""
from __future__ import annotations

import json
import math
from typing import Mapping

from survey.operations.responses import SubmissionError

MAX_BODY = 64 * 1024  # bytes; a full questionnaire with its ticket is under 4 KB
FIELDS = ("uid", "ticket", "language", "gender", "age_group", "answers")
_OPTIONAL_TEXT = ("language", "gender", "age_group")


class MalformedSubmission(SubmissionError):
    """A body not shaped as the API document says; refused before anything is looked up."""


class _NotFinite(ValueError):
    pass


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):  # 1e999 overflows to infinity
        raise _NotFinite(text)
    return number


def _not_finite(text: str) -> float:
    raise _NotFinite(text)  # NaN, Infinity and -Infinity: Python's json takes them, JSON does not


def quoted(text: str, limit: int = 40) -> str:
    """``text`` for an error message: escaped and cut short."""
    return repr(text[:limit]) + ("…" if len(text) > limit else "")


def read_body(data: bytes) -> dict[str, object]:
    """The JSON object in ``data``; raises ``MalformedSubmission`` saying what is wrong."""
    try:
        # Decoded first: json.loads would also take UTF-16 and UTF-8-encoded lone surrogates.
        body = json.loads(data.decode("utf-8"), parse_float=_finite, parse_constant=_not_finite)
    except _NotFinite:
        raise MalformedSubmission("numbers must be finite (no NaN or Infinity)") from None
    except RecursionError:
        raise MalformedSubmission("the body is nested too deeply") from None
    except UnicodeDecodeError:
        raise MalformedSubmission("the body is not UTF-8 text") from None
    except ValueError as error:  # JSONDecodeError, or an integer of thousands of digits
        raise MalformedSubmission(f"the body is not valid JSON: {error}"[:200]) from None
    if not isinstance(body, dict):
        raise MalformedSubmission("the body must be a JSON object")
    return body


def tablet_fields(body: Mapping[str, object]) -> dict[str, object]:
    """The body's fields other than its ticket, each of its documented type (absent: None)."""
    unknown = [name for name in body if name not in FIELDS]
    if unknown:
        raise MalformedSubmission(f"unknown field {quoted(unknown[0])}; the fields are "
                                  + ", ".join(FIELDS))
    if not isinstance(body.get("uid"), str):
        raise MalformedSubmission("uid must be a string: a UUID made by the tablet")
    for name in _OPTIONAL_TEXT:
        if not isinstance(body.get(name), (str, type(None))):
            raise MalformedSubmission(f"{name} must be a string or null")
    answers = body.get("answers")
    if not isinstance(answers, dict):
        raise MalformedSubmission("answers must be an object of item keys")
    for key, value in answers.items():
        if isinstance(value, bool) or not isinstance(value, (str, int, float, type(None))):
            raise MalformedSubmission(
                f"the answer to {quoted(key)} must be an option key, a number or null")
    return {name: body.get(name) for name in FIELDS if name != "ticket"}
