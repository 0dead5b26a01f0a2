"""Forms of the therapists' pages (Flask-WTF: every one carries a CSRF token)."""
from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..population import AGE_GROUPS, CLOSE_REASONS, GENDERS

GENDER_LABELS = {"woman": "Kvinna", "man": "Man", "other": "Annat", "not-stated": "Vill inte ange"}
REASON_LABELS = {"planned": "Planerat avslut", "stopped-coming": "Klienten slutade komma",
                 "moved": "Flyttade", "referred-on": "Remitterad vidare", "other": "Annat"}
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
