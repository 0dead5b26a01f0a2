"""Forms of the therapists' pages (Flask-WTF: every one carries a CSRF token)."""
from __future__ import annotations

from datetime import date

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
)

from survey.domain.vocabulary import (
    AGE_GROUPS,
    CLOSE_REASONS,
    CONTACT_KINDS,
    DECISIONS,
    FOLLOW_UP_KINDS,
    GENDERS,
    INTERVENTION_TYPES,
)
from survey.web.labels import (
    CONTACT_LABELS,
    DECISION_LABELS,
    FOLLOW_UP_LABELS,
    GENDER_LABELS,
    INTERVENTION_LABELS,
    REASON_LABELS,
)

RATER_CHOICES = [SelectChoice("client", "Klienten själv"),
                 SelectChoice("collateral", "Förälder eller annan närstående skattar")]


class RegisterClientForm(FlaskForm):
    code = StringField("Kod (aldrig namn)", validators=[DataRequired(), Length(max=40)])
    unit = SelectField("Enhet", coerce=int)
    gender = SelectField("Kön", choices=[SelectChoice(g, GENDER_LABELS[g]) for g in GENDERS])
    age_group = SelectField("Åldersgrupp", choices=[SelectChoice(a, a) for a in AGE_GROUPS])
    opened_on = DateField("Startdatum", default=date.today, validators=[DataRequired()])


class CloseEpisodeForm(FlaskForm):
    reason = SelectField("Orsak", choices=[SelectChoice(r, REASON_LABELS[r]) for r in CLOSE_REASONS])
    closed_on = DateField("Slutdatum", default=date.today, validators=[DataRequired()])


class TransferForm(FlaskForm):
    therapist = SelectField("Ny behandlare", coerce=int)


class StartSessionForm(FlaskForm):
    rater = RadioField("Vem skattar?", choices=RATER_CHOICES, default="client")


class PaperScoresForm(FlaskForm):
    """Scores typed in from a paper form: four item scores, or the total only."""

    instrument = RadioField("Formulär", choices=[SelectChoice("outcome", "Mående (början)"),
                                                 SelectChoice("alliance", "Samarbete (slutet)")],
                            validators=[InputRequired()])
    rater = RadioField("Vem skattade?", choices=RATER_CHOICES, default="client")
    item_1 = DecimalField("Fråga 1", places=1, validators=[Optional(), NumberRange(0, 10)])
    item_2 = DecimalField("Fråga 2", places=1, validators=[Optional(), NumberRange(0, 10)])
    item_3 = DecimalField("Fråga 3", places=1, validators=[Optional(), NumberRange(0, 10)])
    item_4 = DecimalField("Fråga 4", places=1, validators=[Optional(), NumberRange(0, 10)])
    total = DecimalField("eller bara summan", places=1, validators=[Optional(), NumberRange(0, 40)])

    @property
    def item_values(self) -> list[float | None]:
        return [None if f.data is None else float(f.data)
                for f in (self.item_1, self.item_2, self.item_3, self.item_4)]


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
