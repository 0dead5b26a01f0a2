"""Forms of the therapists' pages (Flask-WTF: every one carries a CSRF token)."""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import ClassVar, Mapping

from flask_babel import get_locale, gettext, ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from survey.domain.age_schemes import MAX_AGE
from survey.domain.instruments import Questionnaire
from survey.domain.scoring import ScoreScale, plain
from survey.domain.vocabulary import (
    AGE_GROUPS,
    CLOSE_REASONS,
    CONTACT_KINDS,
    DECISIONS,
    FOLLOW_UP_KINDS,
    GENDERS,
    INTERVENTION_TYPES,
    SIGNAL_ACTIONS,
)
from survey.web.labels import (
    CONTACT_LABELS,
    DECISION_LABELS,
    FOLLOW_UP_LABELS,
    GENDER_LABELS,
    INSTRUMENT_LABELS,
    INTERVENTION_LABELS,
    ITEM_LABELS,
    REASON_LABELS,
    SIGNAL_ACTION_LABELS,
    Vocabulary,
)

RATER_CHOICES = [SelectChoice("client", _l("The client themself")),
                 SelectChoice("collateral", _l("A parent or other relative rates"))]


CHOOSE = SelectChoice("", _l("Choose …"))  # a list's first choice: nothing is chosen until someone does


def whole_years(form, field) -> None:
    """An age typed as whole years (or nothing); ``field.years`` holds it as a number."""
    text = (field.data or "").strip()
    if text and not (text.isdigit() and len(text) <= 3):
        raise ValidationError(gettext("Write the age in whole years, from 0 to %(high)s.",
                                      high=MAX_AGE))
    field.years = int(text) if text else None


def age_field() -> StringField:
    return StringField(_l("Age at intake (years)"), validators=[whole_years],
                       render_kw={"inputmode": "numeric", "size": 3, "maxlength": 3})


class RegisterClientForm(FlaskForm):
    """Every choice starts empty and must be made; the age, or if it is not known the survey
    age group."""

    code = StringField(_l("Code (never a name)"), validators=[DataRequired(), Length(max=40)])
    unit = SelectField(_l("Unit"), coerce=lambda v: int(v) if v else None,
                       validators=[InputRequired(_l("Choose a unit."))])
    gender = SelectField(_l("Gender"), choices=[CHOOSE, *(SelectChoice(g, GENDER_LABELS[g]) for g in GENDERS)],
                         validators=[InputRequired(_l("Choose a gender."))])
    age = age_field()
    age_group = SelectField(_l("Age group, if the age is not known"),
                            choices=[CHOOSE, *(SelectChoice(a, a) for a in AGE_GROUPS)], default="")
    opened_on = DateField(_l("Start date"), default=date.today, validators=[DataRequired()])

    def validate_age_group(self, field) -> None:
        """One of the two is needed (the operation checks it too; here it joins the form's
        other refusals)."""
        if not field.data and not (self.age.data or "").strip():
            raise ValidationError(gettext("Write the age, or choose an age group if the age is "
                                          "not known."))


class AgeForm(FlaskForm):
    """The age at an intake, if known: a new episode's, or a correction of an episode's."""

    age = age_field()


class CloseEpisodeForm(FlaskForm):
    reason = SelectField(_l("Reason"), choices=[SelectChoice(r, REASON_LABELS[r]) for r in CLOSE_REASONS])
    closed_on = DateField(_l("End date"), default=date.today, validators=[DataRequired()])


class SignalForm(FlaskForm):
    """A signal (by code and session number) marked as discussed, and what was done."""

    code = StringField(validators=[DataRequired()])
    session = IntegerField(validators=[InputRequired()])
    action = RadioField(_l("What was done?"), choices=[SelectChoice(a, SIGNAL_ACTION_LABELS[a])
                                                 for a in SIGNAL_ACTIONS],
                        validators=[InputRequired(_l("Choose what was done."))])
    note = StringField(_l("Note (required for other)"), validators=[Length(max=500)])


class TransferForm(FlaskForm):
    therapist = SelectField(_l("New therapist"), coerce=int)


class StartSessionForm(FlaskForm):
    rater = RadioField(_l("Who rates?"), choices=RATER_CHOICES, default="client")


PAPER_INSTRUMENTS = [SelectChoice("outcome", _l("Outcome (start)")),
                     SelectChoice("alliance", _l("Alliance (end)"))]
NUMBER_WORDS = Vocabulary("number_word")


def in_words(number: int) -> str:
    """4 as "fyra" (in the reader's language): how a count of questions is written in a
    sentence; 13 and up as digits."""
    return str(NUMBER_WORDS.get(str(number), number))


def _bounds(scales, number: int | None) -> tuple[int | float, int | float] | None:
    """The widest range of item ``number`` (the total when None) over these scales, if any has it."""
    ranges = [(s.total_min, s.total_max) if number is None else s.item_ranges[number - 1]
              for s in scales if number is None or number <= s.items]
    if not ranges:
        return None
    return plain(min(low for low, _ in ranges)), plain(max(high for _, high in ranges))


class _InRange:
    """``NumberRange`` of the instrument chosen on the form: item ``number``'s range, or the
    total's when ``number`` is None. Before an instrument is chosen, the widest of them all
    (also what the input's ``min`` and ``max`` say)."""

    def __init__(self, number: int | None, scales: Mapping[str, ScoreScale]):
        self.number = number
        low, high = _bounds(scales.values(), number)
        self.field_flags = {"min": low, "max": high}

    def __call__(self, form: PaperScoresForm, field) -> None:
        bounds = _bounds([form.scale] if form.scale else form.scales.values(), self.number)
        if bounds is None:
            count = form.scale.items
            raise StopValidation(ngettext("The form has only one question.",
                                          "The form has only %(words)s questions.", count,
                                          words=in_words(count)))
        NumberRange(*bounds)(form, field)


class PaperScoresForm(FlaskForm):
    """Scores typed in from a paper form: every item's score, or the total only.

    Made by ``paper_scores_form``: one field ``item_1`` … ``item_n`` per item of the longest
    instrument and a ``total``, each checked against the range of the instrument chosen."""

    instrument = RadioField(_l("Form"), choices=PAPER_INSTRUMENTS, validators=[InputRequired()])
    rater = RadioField(_l("Who rated?"), choices=RATER_CHOICES, default="client")

    scales: ClassVar[Mapping[str, ScoreScale]] = {}  # by instrument kind (outcome, alliance)
    item_count: ClassVar[int] = 0

    @property
    def scale(self) -> ScoreScale | None:
        """The scale of the instrument chosen, if one is."""
        return self.scales.get(self.instrument.data)

    @property
    def item_fields(self) -> list[DecimalField]:
        return [self[f"item_{n}"] for n in range(1, self.item_count + 1)]

    @property
    def item_values(self) -> list[float | None]:
        return [None if f.data is None else float(f.data) for f in self.item_fields]

    @property
    def hint(self) -> str:
        """E.g. "Fyll i de fyra frågornas poäng (0–10, en decimal), eller bara summan (0–40)."."""
        distinct = set(self.scales.values())
        if len(distinct) == 1:
            scale = distinct.pop()
            return gettext("Enter %(scores)s, or only the total (%(total)s).",
                           scores=_scores_of(scale), total=scale.total_text)
        return " ".join(gettext("%(form)s: enter %(scores)s, or only the total (%(total)s).",
                                form=choice.label, scores=_scores_of(scale),
                                total=scale.total_text)
                        for choice in PAPER_INSTRUMENTS if (scale := self.scales.get(choice.value)))

    @property
    def incomplete(self) -> str:
        """Why neither every item nor the total alone was given."""
        count = (self.scale or next(iter(self.scales.values()))).items
        return ngettext("Enter the question, or only the total.",
                        "Enter all %(words)s questions, or only the total.", count,
                        words=in_words(count))


def _scores_of(scale: ScoreScale) -> str:
    return ngettext("the question's score (%(range)s, one decimal)",
                    "the %(words)s questions' scores (%(range)s, one decimal)", scale.items,
                    words=in_words(scale.items), range=scale.item_text)


def _item_label(number: int, names: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    """E.g. "Fråga 1 (mående: Jag själv; samarbete: Lyssnad på)": the item's name per instrument."""
    named = [f"{INSTRUMENT_LABELS[kind].lower()}: {items[number - 1]}"
             for kind, items in names if number <= len(items)]
    return gettext("Question %(number)s (%(names)s)", number=number, names="; ".join(named))


@lru_cache(maxsize=32)
def _paper_form_class(scales: tuple[tuple[str, ScoreScale], ...],
                      names: tuple[tuple[str, tuple[str, ...]], ...],
                      locale: str) -> type[PaperScoresForm]:
    """One class per instruments and reader's language (the labels are worded in it)."""
    by_kind = dict(scales)
    count = max(scale.items for scale in by_kind.values())
    fields = {f"item_{n}": DecimalField(_item_label(n, names), places=1,
                                        validators=[Optional(), _InRange(n, by_kind)])
              for n in range(1, count + 1)}
    fields["total"] = DecimalField(gettext("or only the total"), places=1,
                                   validators=[Optional(), _InRange(None, by_kind)])
    return type("PaperScoresForm", (PaperScoresForm,),
                {"scales": by_kind, "item_count": count, **fields})


def paper_scores_form(instruments: Mapping[str, Questionnaire]) -> PaperScoresForm:
    """The paper form for these instruments by kind (outcome, alliance), bound to the request."""
    return _paper_form_class(
        tuple((kind, ScoreScale.of(q)) for kind, q in instruments.items()),
        tuple((kind, tuple(ITEM_LABELS.get(i.key, i.key) for i in q.items))
              for kind, q in instruments.items()), str(get_locale()))()


class PlanForm(FlaskForm):
    """What was decided: the intervention type and its planned intensity."""

    intervention_type = SelectField(_l("Intervention"), choices=[
        SelectChoice(k, INTERVENTION_LABELS[k]) for k in INTERVENTION_TYPES])
    planned_sessions = IntegerField(_l("Planned sessions"), validators=[Optional(), NumberRange(1, 500)])
    planned_months = IntegerField(_l("Planned months"), validators=[Optional(), NumberRange(1, 500)])


class GoalForm(FlaskForm):
    wording = StringField(_l("Goal in the client's own words"), validators=[DataRequired(), Length(max=300)])
    added_on = DateField(_l("From"), default=date.today, validators=[DataRequired()])


class ContactForm(FlaskForm):
    held_on = DateField(_l("Date"), default=date.today, validators=[DataRequired()])
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k, CONTACT_LABELS[k]) for k in CONTACT_KINDS])
    attended = RadioField(_l("Did the client come?"), choices=[SelectChoice("yes", _l("Held")),
                                                             SelectChoice("no", _l("Missed"))], default="yes")


class FollowUpForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k, FOLLOW_UP_LABELS[k]) for k in FOLLOW_UP_KINDS])
    held_on = DateField(_l("Date"), default=date.today, validators=[DataRequired()])


class DecisionForm(FlaskForm):
    decision = SelectField(_l("Decision"), choices=[SelectChoice(k, DECISION_LABELS[k]) for k in DECISIONS])
    goal = SelectField(_l("Which goal (if a goal is reached)"), coerce=int, validate_choice=False)
    new_goal = StringField(_l("New goal (if a goal is added)"), validators=[Length(max=300)])
