"""Questionnaires: files → validated, frozen objects. Free of Flask and of the database."""
from .answers import AnswerError, ChoiceAnswer, ChoiceSummary, StoredAnswer, VisualAnalogueAnswer
from .loader import Catalogue, Problem, QuestionnaireError, load_catalogue, load_file
from .model import Item, Option, Questionnaire, Scale, Thresholds

__all__ = [
    "AnswerError", "Catalogue", "ChoiceAnswer", "ChoiceSummary", "Item", "Option", "Problem",
    "Questionnaire", "QuestionnaireError", "Scale", "StoredAnswer", "Thresholds",
    "VisualAnalogueAnswer", "load_catalogue", "load_file",
]
