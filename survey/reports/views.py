from __future__ import annotations

import segno
from flask import current_app, render_template, url_for
from sqlalchemy import select

from ..auth import roles_required
from ..db import get_session
from ..models import Role, SurveyRound
from ..queries import round_answers
from ..reporting import round_unit_table
from ..web import get_catalogue, get_or_404
from . import bp

REPORT_ROLES = (Role.COORDINATOR, Role.ADMIN)


@bp.get("/")
@roles_required(*REPORT_ROLES)
def index():
    rounds = get_session().scalars(select(SurveyRound).order_by(SurveyRound.year.desc()))
    return render_template("reports/index.html", rounds=list(rounds), catalogue=get_catalogue())


@bp.get("/rounds/<int:round_id>")
@roles_required(*REPORT_ROLES)
def round_results(round_id: int):
    survey_round = get_or_404(SurveyRound, round_id)
    questionnaire = get_catalogue().get(survey_round.questionnaire_id,
                                        survey_round.questionnaire_version)
    table = round_unit_table(round_answers(get_session(), round_id), questionnaire,
                             current_app.config["MIN_GROUP_SIZE"])
    units = list(dict.fromkeys(table["unit"]))
    cells = {(row.unit, row.item_key): row for row in table.itertuples()}
    return render_template("reports/round.html", survey_round=survey_round, q=questionnaire,
                           units=units, cells=cells,
                           min_group=current_app.config["MIN_GROUP_SIZE"])


@bp.get("/rounds/<int:round_id>/codes")
@roles_required(*REPORT_ROLES)
def round_codes(round_id: int):
    """A printable sheet per unit: the round code and a QR code that opens it on a tablet."""
    survey_round = get_or_404(SurveyRound, round_id)
    questionnaire = get_catalogue().get(survey_round.questionnaire_id,
                                        survey_round.questionnaire_version)
    sheets = [
        (ru, segno.make(url_for("kiosk.code_setup", code=ru.code, _external=True))
         .svg_inline(scale=6, title=f"QR {ru.unit.name}"))
        for ru in sorted(survey_round.round_units, key=lambda ru: ru.unit.name)
    ]
    return render_template("reports/codes.html", survey_round=survey_round, q=questionnaire,
                           sheets=sheets)
