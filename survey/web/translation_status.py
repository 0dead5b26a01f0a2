"""Which questionnaire translations no person has reviewed, for the staff pages where a
questionnaire's language is chosen or shown: such a language is marked, never hidden.

The status itself is the questionnaire's (``Questionnaire.reviewed``, from its file); this module
finds the questionnaires a page offers and gives the template what it marks."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from survey.domain.instruments import Questionnaire
from survey.models import SurveyRound
from survey.web.db import get_session
from survey.web.helpers import get_catalogue


def round_translations(round_unit_values: Iterable[str]) -> list[tuple[Questionnaire, tuple[str, ...]]]:
    """The questionnaires of the rounds a hand-over form offers (values ``"<round>:<unit>"``),
    each with its languages nobody has reviewed; questionnaires reviewed in every language are
    left out."""
    round_ids = {int(value.split(":")[0]) for value in round_unit_values}
    if not round_ids:
        return []
    rounds = get_session().scalars(select(SurveyRound).where(SurveyRound.id.in_(round_ids))
                                   .order_by(SurveyRound.id))
    catalogue = get_catalogue()
    offered = {(r.questionnaire_id, r.questionnaire_version): None for r in rounds}
    questionnaires = [catalogue.get(qid, version) for qid, version in offered]
    return [(q, q.unreviewed) for q in questionnaires if q.unreviewed]
