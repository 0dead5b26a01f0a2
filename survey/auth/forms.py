"""Forms of the login, account and password pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo

from survey.operations.staff import MIN_PASSWORD_LENGTH
from survey.web.i18n import language_choices

# The password rules themselves are the operation's (``validate_new_password``), worded in
# auth/messages.py; the forms only ask.
NEW_PASSWORD = _l("New password (at least %(min)s characters)", min=MIN_PASSWORD_LENGTH)
REPEAT = _l("New password again")
NOT_EQUAL = _l("The passwords are not the same.")
# WTForms words its own messages in some of the staff languages only (not Danish).
REQUIRED = _l("This field is required.")


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(message=REQUIRED)])
    password = PasswordField(_l("Password"), validators=[DataRequired(message=REQUIRED)])


class AccountForm(FlaskForm):
    language = SelectField(_l("Language"), choices=language_choices(),
                           validate_choice=False)  # the operation refuses an unknown code


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(message=REQUIRED)])
    new = PasswordField(NEW_PASSWORD, validators=[DataRequired(message=REQUIRED)])
    repeat = PasswordField(REPEAT, validators=[DataRequired(message=REQUIRED), EqualTo("new", message=NOT_EQUAL)])


class ResetForm(FlaskForm):
    new = PasswordField(NEW_PASSWORD, validators=[DataRequired(message=REQUIRED)])
    repeat = PasswordField(REPEAT, validators=[DataRequired(message=REQUIRED), EqualTo("new", message=NOT_EQUAL)])
