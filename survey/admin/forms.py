"""Forms of the admin pages: a unit, a staff account, a file of units or staff, an age scheme."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from survey.domain.vocabulary import UNIT_KINDS
from survey.models import Role, Unit
from survey.web.i18n import STAFF_LANGUAGE_NAMES, language_choices
from survey.web.labels import ROLE_LABELS, UNIT_KIND_LABELS

# WTForms words its own messages in some of the staff languages only (not Danish).
REQUIRED = _l("This field is required.")


class UnitForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(message=REQUIRED), Length(max=120)])
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k, UNIT_KIND_LABELS[k]) for k in UNIT_KINDS])
    # The operation refuses a unit under itself in the reader's words (WTForms' own are English).
    parent = SelectField(_l("Sits under"), coerce=int, validate_choice=False)

    def offer_parents(self, units: list[Unit], unit: Unit | None = None) -> UnitForm:
        """Every unit but this one and those under it (a unit cannot sit under itself)."""
        self.parent.choices = [SelectChoice(0, _l("– top of the organisation –"))] + [
            SelectChoice(u.id, " / ".join(p.name for p in u.path)) for u in units
            if unit is None or unit not in u.path]
        return self


class StaffForm(FlaskForm):
    username = StringField(_l("Username (as in the identity service)"),
                           validators=[DataRequired(message=REQUIRED), Length(max=80)])
    display_name = StringField(_l("Name"), validators=[Length(max=120)])
    role = SelectField(_l("Role"), choices=[SelectChoice(r.value, ROLE_LABELS[r.value]) for r in Role])
    units = SelectMultipleField(_l("Units"), coerce=int)
    language = SelectField(_l("Language of the staff pages"), choices=language_choices(),
                           validate_choice=False)  # the operation refuses an unknown code
    raw_data_access = BooleanField(_l("May take out raw data (coordinator)"))
    organisation_wide = BooleanField(_l("Sees survey results of the whole organisation (coordinator)"))
    team_lead = BooleanField(_l("Team lead: sees the units' open signals and results (therapist)"))
    defines_variables = BooleanField(_l("Defines the follow-up variables of their units (coordinator)"))

    def offer_units(self, units: list[Unit]) -> StaffForm:
        self.units.choices = [SelectChoice(u.id, u.name) for u in units]
        return self


class ImportForm(FlaskForm):
    kind = RadioField(_l("What the file holds"),
                      choices=[SelectChoice("unit", _l("Units")), SelectChoice("staff", _l("Staff"))],
                      default="unit")
    file = FileField(_l("File (CSV or XLSX)"), validators=[FileRequired(message=REQUIRED)])


class AgeSchemeForm(FlaskForm):
    """An age-group scheme: its name in each staff language (one at least), its bands as a
    person writes them, and its place in the list. The operation checks them."""

    bands = StringField(_l("Age groups in whole years, e.g. 0-5, 6-12, 13-17, 18+"),
                        validators=[DataRequired(message=REQUIRED), Length(max=400)])
    position = SelectField(_l("Place in the list"), coerce=int)

    @property
    def name_fields(self) -> list:
        return [self[f"name_{code}"] for code in STAFF_LANGUAGE_NAMES]

    @property
    def names(self) -> dict[str, str]:
        return {code: self[f"name_{code}"].data or "" for code in STAFF_LANGUAGE_NAMES}

    def offer_places(self, count: int) -> AgeSchemeForm:
        self.position.choices = [SelectChoice(n, str(n)) for n in range(1, count + 1)]
        return self


for _code, _language in STAFF_LANGUAGE_NAMES.items():
    setattr(AgeSchemeForm, f"name_{_code}",
            StringField(_l("Name (%(language)s)", language=_language), validators=[Length(max=80)]))
