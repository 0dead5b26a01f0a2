"""Forms of the therapists' pages (Flask-WTF: every one carries a CSRF token)."""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import ClassVar, Mapping

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
)

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
)

RATER_CHOICES = [SelectChoice("client", "Klienten själv"),
                 SelectChoice("collateral", "Förälder eller annan närstående skattar")]


CHOOSE = SelectChoice("", "Välj …")  # a list's first choice: nothing is chosen until someone does


class RegisterClientForm(FlaskForm):
    """Every choice starts empty and must be made."""

    code = StringField("Kod (aldrig namn)", validators=[DataRequired(), Length(max=40)])
    unit = SelectField("Enhet", coerce=lambda v: int(v) if v else None,
                       validators=[InputRequired("Välj enhet.")])
    gender = SelectField("Kön", choices=[CHOOSE, *(SelectChoice(g, GENDER_LABELS[g]) for g in GENDERS)],
                         validators=[InputRequired("Välj kön.")])
    age_group = SelectField("Åldersgrupp", choices=[CHOOSE, *(SelectChoice(a, a) for a in AGE_GROUPS)],
                            validators=[InputRequired("Välj åldersgrupp.")])
    opened_on = DateField("Startdatum", default=date.today, validators=[DataRequired()])


class CloseEpisodeForm(FlaskForm):
    reason = SelectField("Orsak", choices=[SelectChoice(r, REASON_LABELS[r]) for r in CLOSE_REASONS])
    closed_on = DateField("Slutdatum", default=date.today, validators=[DataRequired()])


class SignalForm(FlaskForm):
    """A signal (by code and session number) marked as discussed, and what was done."""

    code = StringField(validators=[DataRequired()])
    session = IntegerField(validators=[InputRequired()])
    action = RadioField("Vad gjordes?", choices=[SelectChoice(a, SIGNAL_ACTION_LABELS[a])
                                                 for a in SIGNAL_ACTIONS],
                        validators=[InputRequired("Välj vad som gjordes.")])
    note = StringField("Anteckning (krävs vid annat)", validators=[Length(max=500)])


class TransferForm(FlaskForm):
    therapist = SelectField("Ny behandlare", coerce=int)


class StartSessionForm(FlaskForm):
    rater = RadioField("Vem skattar?", choices=RATER_CHOICES, default="client")


PAPER_INSTRUMENTS = [SelectChoice("outcome", "Mående (början)"),
                     SelectChoice("alliance", "Samarbete (slutet)")]
NUMBER_WORDS = {1: "en", 2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex", 7: "sju", 8: "åtta",
                9: "nio", 10: "tio", 11: "elva", 12: "tolv"}


def in_words(number: int) -> str:
    """4 as "fyra": how a count of questions is written in a sentence."""
    return NUMBER_WORDS.get(number, str(number))


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
            raise StopValidation(f"Formuläret har bara {in_words(form.scale.items)} frågor.")
        NumberRange(*bounds)(form, field)


class PaperScoresForm(FlaskForm):
    """Scores typed in from a paper form: every item's score, or the total only.

    Made by ``paper_scores_form``: one field ``item_1`` … ``item_n`` per item of the longest
    instrument and a ``total``, each checked against the range of the instrument chosen."""

    instrument = RadioField("Formulär", choices=PAPER_INSTRUMENTS, validators=[InputRequired()])
    rater = RadioField("Vem skattade?", choices=RATER_CHOICES, default="client")

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
            return f"Fyll i {_scores_of(scale)}, eller bara summan ({scale.total_text})."
        return " ".join(f"{choice.label}: fyll i {_scores_of(scale)}, eller bara summan "
                        f"({scale.total_text})." for choice in PAPER_INSTRUMENTS
                        if (scale := self.scales.get(choice.value)))

    @property
    def incomplete(self) -> str:
        """Why neither every item nor the total alone was given."""
        count = (self.scale or next(iter(self.scales.values()))).items
        items = "frågan" if count == 1 else f"alla {in_words(count)} frågorna"
        return f"Fyll i {items}, eller bara summan."


def _scores_of(scale: ScoreScale) -> str:
    questions = "frågans" if scale.items == 1 else f"de {in_words(scale.items)} frågornas"
    return f"{questions} poäng ({scale.item_text}, en decimal)"


def _item_label(number: int, names: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    """E.g. "Fråga 1 (mående: Jag själv; samarbete: Lyssnad på)": the item's name per instrument."""
    named = [f"{INSTRUMENT_LABELS[kind].lower()}: {items[number - 1]}"
             for kind, items in names if number <= len(items)]
    return f"Fråga {number} ({'; '.join(named)})"


@lru_cache(maxsize=32)
def _paper_form_class(scales: tuple[tuple[str, ScoreScale], ...],
                      names: tuple[tuple[str, tuple[str, ...]], ...]) -> type[PaperScoresForm]:
    by_kind = dict(scales)
    count = max(scale.items for scale in by_kind.values())
    fields = {f"item_{n}": DecimalField(_item_label(n, names), places=1,
                                        validators=[Optional(), _InRange(n, by_kind)])
              for n in range(1, count + 1)}
    fields["total"] = DecimalField("eller bara summan", places=1,
                                   validators=[Optional(), _InRange(None, by_kind)])
    return type("PaperScoresForm", (PaperScoresForm,),
                {"scales": by_kind, "item_count": count, **fields})


def paper_scores_form(instruments: Mapping[str, Questionnaire]) -> PaperScoresForm:
    """The paper form for these instruments by kind (outcome, alliance), bound to the request."""
    return _paper_form_class(
        tuple((kind, ScoreScale.of(q)) for kind, q in instruments.items()),
        tuple((kind, tuple(ITEM_LABELS.get(i.key, i.key) for i in q.items))
              for kind, q in instruments.items()))()


class PlanForm(FlaskForm):
    """What was decided: the intervention type and its planned intensity."""

    intervention_type = SelectField("Insats", choices=[
        SelectChoice(k, INTERVENTION_LABELS[k]) for k in INTERVENTION_TYPES])
    planned_sessions = IntegerField("Planerade samtal", validators=[Optional(), NumberRange(1, 500)])
    planned_months = IntegerField("Planerade månader", validators=[Optional(), NumberRange(1, 500)])


class GoalForm(FlaskForm):
    wording = StringField("Mål med klientens egna ord", validators=[DataRequired(), Length(max=300)])
    added_on = DateField("Från", default=date.today, validators=[DataRequired()])


class ContactForm(FlaskForm):
    held_on = DateField("Datum", default=date.today, validators=[DataRequired()])
    kind = SelectField("Typ", choices=[SelectChoice(k, CONTACT_LABELS[k]) for k in CONTACT_KINDS])
    attended = RadioField("Kom klienten?", choices=[SelectChoice("yes", "Genomfört"),
                                                    SelectChoice("no", "Uteblev")], default="yes")


class FollowUpForm(FlaskForm):
    kind = SelectField("Typ", choices=[SelectChoice(k, FOLLOW_UP_LABELS[k]) for k in FOLLOW_UP_KINDS])
    held_on = DateField("Datum", default=date.today, validators=[DataRequired()])


class DecisionForm(FlaskForm):
    decision = SelectField("Beslut", choices=[SelectChoice(k, DECISION_LABELS[k]) for k in DECISIONS])
    goal = SelectField("Vilket mål (om ett mål är uppnått)", coerce=int, validate_choice=False)
    new_goal = StringField("Nytt mål (om ett mål läggs till)", validators=[Length(max=300)])
