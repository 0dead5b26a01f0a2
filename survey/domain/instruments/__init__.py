"""Questionnaires: files → validated, frozen objects. Free of Flask and of the database."""
from survey.domain.instruments.answers import (
    AnswerError,
    ChoiceAnswer,
    ChoiceSummary,
    StoredAnswer,
    VisualAnalogueAnswer,
)
from survey.domain.instruments.loader import (
    Catalogue,
    Problem,
    QuestionnaireError,
    load_catalogue,
    load_file,
)
from survey.domain.instruments.model import (
    Item,
    Option,
    Questionnaire,
    Scale,
    Thresholds,
)

__all__ = [
    "AnswerError", "Catalogue", "ChoiceAnswer", "ChoiceSummary", "Item", "Option", "Problem",
    "Questionnaire", "QuestionnaireError", "Scale", "StoredAnswer", "Thresholds",
    "VisualAnalogueAnswer", "load_catalogue", "load_file",
]
