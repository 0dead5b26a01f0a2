"""A survey round's results for a scope (a unit, a group of units, the organisation).

Brings together the count queries, the questionnaire and the pure reporting; no Flask.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey.domain.instruments import Catalogue, ChoiceAnswer, Questionnaire
from survey.domain.vocabulary import AGE_GROUPS, GENDERS
from survey.models import SurveyRound
from survey.queries import (
    ORGANISATION,
    answer_counts,
    raw_answers,
    respondent_counts,
    round_progress,
    round_stamp,
    skipped_counts,
)
from survey.reporting import compare, hidden_cells, round_pattern, summarise
from survey.reporting.survey_sheets import summary_sheet, unit_sheets
from survey.reporting.words import Words, hidden_note
from survey.reporting.workbook import workbook_bytes


def _records(frame: pd.DataFrame, *keys: str) -> dict:
    """Rows as dicts keyed by the given columns (a tuple key when there are several)."""
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return {tuple(r[k] for k in keys) if len(keys) > 1 else r[keys[0]]: r for r in rows}


@dataclass
class Breakdown:
    """One scope's figures split by a background variable (gender or age group)."""

    summary: pd.DataFrame
    options: pd.DataFrame

    @property
    def groups(self) -> list[str]:
        """Women before men, young before old, "not stated" last."""
        order = {value: i for i, value in enumerate((*GENDERS, *AGE_GROUPS))}
        return sorted(dict.fromkeys(self.summary["group"]), key=lambda g: order.get(g, len(order)))

    @cached_property
    def cells(self) -> dict:
        """Summary rows by (group, question key)."""
        return _records(self.summary, "group", "item_key")


@dataclass
class ScopeResults:
    questionnaire: Questionnaire
    respondents: int
    eligible: int | None
    summary: pd.DataFrame        # one row per question
    options: pd.DataFrame        # one row per question and option
    change: pd.DataFrame         # share positive last round and the change, per question
    by_gender: Breakdown
    by_age_group: Breakdown

    @property
    def response_rate(self) -> float | None:
        return self.respondents / self.eligible if self.eligible else None

    @cached_property
    def rows(self) -> dict:
        """Summary and change per question key."""
        return _records(self.summary.merge(self.change, on=["group", "item_key"]), "item_key")

    @cached_property
    def option_cells(self) -> dict:
        """Count and share per (question key, option key)."""
        return _records(self.options, "item_key", "option_key")


def previous_round(db: Session, survey_round: SurveyRound) -> SurveyRound | None:
    """The latest earlier round of the same questionnaire."""
    return db.scalar(select(SurveyRound)
                     .where(SurveyRound.questionnaire_id == survey_round.questionnaire_id,
                            SurveyRound.year < survey_round.year)
                     .order_by(SurveyRound.year.desc()).limit(1))


class CountsCache:
    """Answer and respondent counts of rounds and each round's hiding pattern, kept until the
    round gets another response.

    Counting a national round's answers is the slow part of every report; a closed round never
    changes, and an open one is recounted only after new answers arrive. Patterns are kept
    apart from the counts, so that reading many units' pages never pushes a round's pattern out.
    """

    def __init__(self, size: int = 64):
        self.size = size
        self._kept: dict[tuple, tuple[tuple[int, int], tuple[pd.DataFrame, pd.DataFrame]]] = {}
        self._patterns: dict[tuple, tuple[tuple[int, int], dict[str, dict[tuple, str]]]] = {}

    def figures(self, db: Session, survey_round: SurveyRound, questionnaire: Questionnaire,
                by: tuple[str, ...], unit_ids: list[int] | None, min_group: int
                ) -> tuple[dict[str, dict[tuple, str]], pd.DataFrame, pd.DataFrame]:
        """The round's hiding pattern (``reporting.surveys.round_pattern``, computed once for
        every page and file of the round) and its answer and respondent counts by ``by`` for
        ``unit_ids`` (None: every unit), both checked against one stamp of the round."""
        stamp = round_stamp(db, survey_round.id)
        return (self._pattern(db, survey_round, questionnaire, min_group, stamp),
                *self._counts(db, survey_round.id, by, unit_ids, stamp))

    @staticmethod
    def _keep(kept: dict, size: int, key, stamp, compute):
        found = kept.get(key)
        if found is None or found[0] != stamp:
            if key not in kept and len(kept) >= size:
                kept.pop(next(iter(kept)))
            found = kept[key] = (stamp, compute())
        return found[1]

    def _counts(self, db, round_id, by, unit_ids, stamp) -> tuple[pd.DataFrame, pd.DataFrame]:
        key = (round_id, by, tuple(unit_ids) if unit_ids is not None else None)
        return self._keep(self._kept, self.size, key, stamp, lambda: (
            answer_counts(db, round_id, by, unit_ids), respondent_counts(db, round_id, by, unit_ids)))

    def _pattern(self, db, survey_round, questionnaire, min_group, stamp) -> dict:
        def compute():
            people = respondent_counts(db, survey_round.id, ("unit", "unit_group", "gender", "age_group"))
            items = [item.key for item in questionnaire.items if isinstance(item.answer, ChoiceAnswer)]
            return round_pattern(people, skipped_counts(db, survey_round.id), items, min_group)
        return self._keep(self._patterns, self.size, (survey_round.id, min_group), stamp, compute)


def _summary(counts: pd.DataFrame, respondents: pd.DataFrame, by: str | None,
             questionnaire: Questionnaire, hidden: dict):
    """Summarise counts fetched at a finer grain, summed up to ``by`` (None: the organisation,
    which is always there, with no respondents before the first answer), hiding ``hidden``."""
    def with_group(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(group=frame[by] if by else ORGANISATION)

    answers = (with_group(counts).groupby(["group", "item_key", "option_key"], dropna=False)["count"]
               .sum().reset_index())
    people = with_group(respondents).groupby("group")["respondents"].sum()
    if by is None:
        people = people.reindex([ORGANISATION], fill_value=0)
    return summarise(answers, people, questionnaire, hidden)


def questionnaire_of(catalogue: Catalogue, survey_round: SurveyRound) -> Questionnaire:
    return catalogue.get(survey_round.questionnaire_id, survey_round.questionnaire_version)


def text_language(questionnaire: Questionnaire, language: str) -> str:
    """The language a reader sees the questionnaire's texts in: their own if it has it, else
    its first."""
    return language if language in questionnaire.languages else questionnaire.languages[0]


def _change(db, cache, catalogue, survey_round, summary, scope, unit_ids, min_group) -> pd.DataFrame:
    """The change since the previous round, each year hidden by its own round's pattern."""
    before = previous_round(db, survey_round)
    if before is None:
        return summary[["group", "item_key"]].assign(share_positive_before=None, change=None)
    level, name = scope
    old = questionnaire_of(catalogue, before)
    if name is None:  # the overview: every member of ``level`` and the organisation
        pattern, counts, people = cache.figures(db, before, old, (level,), None, min_group)
        earlier = [_summary(counts, people, level, old, hidden_cells(pattern, level, None, None)),
                   _summary(counts, people, None, old,
                            hidden_cells(pattern, ORGANISATION, None, None))]
    else:
        pattern, counts, people = cache.figures(db, before, old, (), unit_ids, min_group)
        earlier = [_summary(counts, people, None, old, _renamed(pattern, level, name))]
    return compare(summary, pd.concat([e[0] for e in earlier], ignore_index=True))


def _renamed(pattern: dict, level: str, name: str) -> dict:
    """One scope's reasons as its own table names the group (always ``ORGANISATION``)."""
    return {(ORGANISATION, item): reason
            for (_, item), reason in hidden_cells(pattern, level, name, None).items()}


def units_overview(db: Session, cache: CountsCache, catalogue: Catalogue,
                   survey_round: SurveyRound, by: str, min_group: int
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Share positive per question for every unit (or group of units) and the organisation,
    with the change since the previous round."""
    questionnaire = questionnaire_of(catalogue, survey_round)
    pattern, counts, people = cache.figures(db, survey_round, questionnaire, (by,), None, min_group)
    summary = pd.concat([
        _summary(counts, people, by, questionnaire, hidden_cells(pattern, by, None, None))[0],
        _summary(counts, people, None, questionnaire,
                 hidden_cells(pattern, ORGANISATION, None, None))[0]], ignore_index=True)
    return summary, _change(db, cache, catalogue, survey_round, summary, (by, None), None, min_group)


def scope_results(db: Session, cache: CountsCache, catalogue: Catalogue,
                  survey_round: SurveyRound, scope: tuple[str, str], unit_ids: list[int] | None,
                  min_group: int) -> ScopeResults:
    """Everything a scope's page shows: ``scope`` is (level, name), e.g. ("unit", "North team")
    or (ORGANISATION, ORGANISATION); ``unit_ids`` its units (None for all)."""
    questionnaire = questionnaire_of(catalogue, survey_round)
    pattern, counts, people = cache.figures(db, survey_round, questionnaire, ("gender", "age_group"),
                                            unit_ids, min_group)
    level, name = scope
    summary, options = _summary(counts, people, None, questionnaire, _renamed(pattern, level, name))
    progress = round_progress(db, survey_round.id, unit_ids)
    eligible = progress["eligible"].dropna()
    return ScopeResults(
        questionnaire=questionnaire, respondents=int(progress["respondents"].sum()),
        eligible=int(eligible.sum()) if len(eligible) == len(progress) and len(progress) else None,
        summary=summary, options=options,
        change=_change(db, cache, catalogue, survey_round, summary, scope, unit_ids, min_group),
        by_gender=Breakdown(*_summary(counts, people, "gender", questionnaire,
                                      hidden_cells(pattern, level, name, "gender"))),
        by_age_group=Breakdown(*_summary(counts, people, "age_group", questionnaire,
                                         hidden_cells(pattern, level, name, "age_group"))),
    )


def progress_rows(db: Session, survey_round: SurveyRound) -> list[dict]:
    """Per unit of the round: respondents, how many were asked and the response rate (None
    when the number asked is unknown)."""
    progress = round_progress(db, survey_round.id)
    eligible = progress["eligible"].astype(float)
    progress["response_rate"] = (progress["respondents"] / eligible).where(eligible > 0)
    return progress.astype(object).where(progress.notna(), None).to_dict("records")


def raw_answer_rows(db: Session, catalogue: Catalogue, survey_round: SurveyRound,
                    language: str) -> pd.DataFrame:
    """The long-format raw sheet: one row per answer, with question text and answer label in
    ``language`` (if the questionnaire has it), and whether the answer counts as positive."""
    questionnaire = questionnaire_of(catalogue, survey_round)
    language = text_language(questionnaire, language)
    frame = raw_answers(db, survey_round.id)
    texts, labels, positive = {}, {}, {}
    for item in questionnaire.items:
        texts[item.key] = item.text.get(language, "")
        if isinstance(item.answer, ChoiceAnswer):
            scale = questionnaire.scale_of(item)
            for option in scale.options:
                labels[(item.key, option.key)] = option.label.get(language, option.key)
                positive[(item.key, option.key)] = bool(option.positive)
    pairs = list(zip(frame["item_key"], frame["option_key"]))
    return pd.DataFrame({
        "round": f"{questionnaire.id} {survey_round.year}", "unit": frame["unit"],
        "respondent": frame["respondent"], "gender": frame["gender"],
        "age_group": frame["age_group"], "mode": frame["mode"], "source": frame["source"],
        "import_batch": frame["import_batch"], "language": frame["language"],
        "language_reviewed": frame["language"].map(questionnaire.is_reviewed).astype(bool),
        "question_key": frame["item_key"], "question": frame["item_key"].map(texts),
        "answer_key": frame["option_key"], "answer": [labels.get(p, "") for p in pairs],
        "positive": [positive.get(p, "") for p in pairs],
    })


def round_workbook(db: Session, cache: CountsCache, catalogue: Catalogue,
                   survey_round: SurveyRound, min_group: int, with_raw: bool,
                   units: list[str] | None, with_organisation: bool,
                   _: Words, language: str) -> bytes:
    """The round's XLSX: a summary sheet, one sheet per unit (of ``units``, None for all), the
    organisation (if allowed), the raw answers (if allowed), and what hidden cells mean; its
    words from ``_`` and the questionnaire's texts in ``language`` (if it has it)."""
    questionnaire = questionnaire_of(catalogue, survey_round)
    texts = text_language(questionnaire, language)
    pattern, counts, people = cache.figures(db, survey_round, questionnaire, ("unit",), None,
                                            min_group)
    parts = [_summary(counts, people, "unit", questionnaire, hidden_cells(pattern, "unit", None, None)),
             _summary(counts, people, None, questionnaire,
                      hidden_cells(pattern, ORGANISATION, None, None))]
    summary = pd.concat([p[0] for p in parts], ignore_index=True)
    options = pd.concat([p[1] for p in parts], ignore_index=True)
    units = sorted(g for g in summary["group"].unique() if g != ORGANISATION
                   and (units is None or g in units))
    whole = [ORGANISATION] if with_organisation else []
    sheets = {_("Summary"): summary_sheet(_, summary, [*whole, *units], questionnaire, min_group,
                                          texts)}
    per_group = unit_sheets(_, summary, options, [*whole, *units], questionnaire, min_group, texts)
    if with_organisation:
        sheets[_("Whole organisation")] = per_group[ORGANISATION]
    for unit in units:
        sheets[unit] = per_group[unit]
    if with_raw:
        raw = raw_answer_rows(db, catalogue, survey_round, language)
        sheets[_("Raw data")] = raw[raw["unit"].isin(units)]
    sheets[_("Hidden figures")] = pd.DataFrame({_("Explanation"): [hidden_note(_, min_group)]})
    return workbook_bytes(sheets)
