"""The client-page options staff choose when they hand the tablet over, read from any form."""
from __future__ import annotations

from typing import Mapping

from survey.domain.vocabulary import SPEECH_RATES


def tablet_options(form: Mapping[str, str]) -> dict[str, object]:
    """Speech rate, moving on after a tap, and faces at the line's ends, as ``Ticket`` fields.

    What is missing or unknown falls back to the default: normal speech, the client taps "Nästa"
    (a wrong tap never moves them on), and the instrument's own line ends.
    """
    rate = form.get("speech_rate", "normal")
    return {"speech_rate": rate if rate in SPEECH_RATES else "normal",
            "advance": form.get("advance") == "on", "faces": form.get("faces") == "on"}
