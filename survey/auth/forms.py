"""Forms of the login and password pages."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    username = StringField("Användarnamn", validators=[DataRequired()])
    password = PasswordField("Lösenord", validators=[DataRequired()])


class PasswordForm(FlaskForm):
    current = PasswordField("Nuvarande lösenord", validators=[DataRequired()])
    new = PasswordField("Nytt lösenord (minst 12 tecken)", validators=[DataRequired(), Length(min=12, max=200)])
    repeat = PasswordField("Nytt lösenord igen",
                           validators=[DataRequired(), EqualTo("new", message="Lösenorden är inte lika.")])


class ResetForm(FlaskForm):
    new = PasswordField("Nytt lösenord (minst 12 tecken)", validators=[DataRequired(), Length(min=12, max=200)])
    repeat = PasswordField("Nytt lösenord igen",
                           validators=[DataRequired(), EqualTo("new", message="Lösenorden är inte lika.")])
