"""Forms of the admin pages: a unit, a staff account, a file of units or staff."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from survey.domain.vocabulary import UNIT_KINDS
from survey.models import Role, Unit
from survey.web.labels import ROLE_LABELS, UNIT_KIND_LABELS


class UnitForm(FlaskForm):
    name = StringField("Namn", validators=[DataRequired(), Length(max=120)])
    kind = SelectField("Typ", choices=[SelectChoice(k, UNIT_KIND_LABELS[k]) for k in UNIT_KINDS])
    # The operation refuses a unit under itself, in Swedish (WTForms' own message is English).
    parent = SelectField("Ligger under", coerce=int, validate_choice=False)

    def offer_parents(self, units: list[Unit], unit: Unit | None = None) -> UnitForm:
        """Every unit but this one and those under it (a unit cannot sit under itself)."""
        self.parent.choices = [SelectChoice(0, "– överst i organisationen –")] + [
            SelectChoice(u.id, " / ".join(p.name for p in u.path)) for u in units
            if unit is None or unit not in u.path]
        return self


class StaffForm(FlaskForm):
    username = StringField("Användarnamn (som i identitetstjänsten)",
                           validators=[DataRequired(), Length(max=80)])
    display_name = StringField("Namn", validators=[Length(max=120)])
    role = SelectField("Roll", choices=[SelectChoice(r.value, ROLE_LABELS[r.value]) for r in Role])
    units = SelectMultipleField("Enheter", coerce=int)
    raw_data_access = BooleanField("Får ta ut rådata (samordnare)")
    organisation_wide = BooleanField("Ser enkätresultat för hela organisationen (samordnare)")
    team_lead = BooleanField(_l("Team lead: sees the units' open signals and results (therapist)"))

    def offer_units(self, units: list[Unit]) -> StaffForm:
        self.units.choices = [SelectChoice(u.id, u.name) for u in units]
        return self


class ImportForm(FlaskForm):
    kind = RadioField("Vad filen innehåller", choices=[SelectChoice("unit", "Enheter"), SelectChoice("staff", "Personal")],
                      default="unit")
    file = FileField("Fil (CSV eller XLSX)", validators=[FileRequired()])
