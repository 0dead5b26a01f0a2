"""The staff pages' languages: Flask-Babel, the locale of a request, and the Jinja filters that
format numbers, percentages and dates the way the reader's language writes them.

Every staff-facing word is an English message id in the catalogue (``survey/translations``);
``scripts/translations`` extracts, updates and compiles it. The clients' languages are separate
(``domain/client_words/``): a client's language is chosen at hand-over, not by an account."""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from numbers import Number

from babel.numbers import NumberPattern, parse_pattern
from flask import Flask, current_app
from flask_babel import (
    Babel,
    format_date,
    format_datetime,
    get_locale,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from survey.domain.vocabulary import STAFF_LANGUAGES

# Each language named in itself (on the profile page a reader must find their own); an account
# without a choice reads the organisation's default, SURVEY_DEFAULT_LANGUAGE.
STAFF_LANGUAGE_NAMES = {"sv": "Svenska", "nb": "Norsk (bokmål)", "da": "Dansk", "fi": "Suomi",
                        "en": "English"}

babel = Babel()


# The locale a language formats with: staff English in the Nordics writes dates day first.
_FORMAT_LOCALES = {"en": "en_GB"}


def default_language() -> str:
    """The organisation's default (SURVEY_DEFAULT_LANGUAGE), Swedish when it names none of ours."""
    default = current_app.config["DEFAULT_LANGUAGE"]
    return default if default in STAFF_LANGUAGES else "sv"


def staff_language() -> str:
    """The signed-in staff member's own choice, else the organisation's default."""
    chosen = getattr(current_user, "language", None) if current_user else None
    return chosen if chosen in STAFF_LANGUAGES else default_language()


def language_choices() -> list[SelectChoice]:
    """The choices of a language setting: the organisation's default (""), then each language."""
    return [SelectChoice("", _l("The organisation's default")),
            *(SelectChoice(code, name) for code, name in STAFF_LANGUAGE_NAMES.items())]


def select_locale() -> str:
    language = staff_language()
    return _FORMAT_LOCALES.get(language, language)


@lru_cache(maxsize=64)
def _pattern(pattern: str) -> NumberPattern:
    """A number pattern parsed once (a results page formats hundreds of numbers)."""
    return parse_pattern(pattern)


def _formatted(value: Number, pattern: str) -> str:
    """As Flask-Babel's ``format_decimal`` and ``format_percent`` write it, in the request's
    locale."""
    return _pattern(pattern).apply(value, get_locale(), numbering_system="latn")


def number(value: Number | None, digits: int = 1) -> str:
    """A number as the reader writes it (35,5 in Swedish), with up to ``digits`` decimals."""
    if value is None:
        return ""
    return _formatted(value, "#,##0" + ("." + "#" * digits if digits else ""))


def fixed(value: Number | None, digits: int = 1) -> str:
    """A number with exactly ``digits`` decimals (a mean in a column of means)."""
    if value is None:
        return ""
    return _formatted(value, "#,##0" + ("." + "0" * digits if digits else ""))


def percent(share: Number | None, digits: int = 0) -> str:
    """A share (0–1) as a percentage: "45 %" in Swedish, "45%" in English."""
    if share is None:
        return ""
    pattern = get_locale().percent_formats[None].pattern
    if digits:
        pattern = pattern.replace("0", "0." + "0" * digits, 1)
    return _formatted(share, pattern)


def day(value: date | datetime | None, style: str = "short") -> str:
    """A date (or a date and time) in the reader's short form: 2026-03-05, 05.03.2026 …"""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, style)
    return format_date(value, style)


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "sv")
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters.update(number=number, fixed=fixed, percent=percent, day=day)
    app.jinja_env.globals.update(staff_language=staff_language, language_names=STAFF_LANGUAGE_NAMES)
    app.jinja_env.policies["ext.i18n.trimmed"] = True
