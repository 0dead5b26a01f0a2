"""``survey speech build``: an audio file for every questionnaire text and kiosk phrase."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from survey.domain.client_words import all_phrases
from survey.domain.instruments import Questionnaire
from survey.speech.build import build_audio, collect_texts
from survey.speech.engines import ENGINE_CHOICES, EngineUnavailable, make_engines
from survey.speech.store import RECORDED_EXTENSIONS, find_recorded, recorded_name


@click.group("speech")
def speech() -> None:
    """Audio for the texts clients hear."""


@speech.command("build")
@with_appcontext
@click.option("--engine", type=click.Choice(ENGINE_CHOICES), default="auto", show_default=True,
              help="auto: gTTS, or espeak-ng when Google cannot be reached.")
@click.option("--delay", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Seconds to wait between gTTS requests.")
@click.option("--slow/--no-slow", default=True, show_default=True,
              help="Also build slow speech (gTTS's slow mode, espeak-ng at a lower rate); "
                   "--no-slow makes none but keeps those already built.")
@click.option("--questionnaire", "questionnaire_ids", multiple=True, metavar="ID",
              help="Only this questionnaire's texts (repeatable); the client pages' words "
                   "are left out then.")
@click.option("--list", "list_names", is_flag=True,
              help="Print the file name each recording must have, and build nothing.")
def build(engine: str, delay: float, slow: bool, questionnaire_ids: tuple[str, ...],
          list_names: bool) -> None:
    """Synthesise audio for new or changed texts (recordings win) and update index.json.

    Texts that already have audio from one of the chosen engines keep it; run with
    --engine gtts to replace espeak-ng audio by gTTS audio. Ends with the count per language
    of texts audible by each source (recorded, gTTS, espeak-ng, none); a language no engine
    speaks is named, and the tablet uses the browser's voice for it.
    """
    questionnaires = current_app.extensions["survey_catalogue"].all()
    extra_texts = all_phrases()
    if questionnaire_ids:
        unknown = set(questionnaire_ids) - {q.id for q in questionnaires}
        if unknown:
            raise click.BadParameter(", ".join(sorted(unknown)), param_hint="--questionnaire")
        questionnaires = [q for q in questionnaires if q.id in questionnaire_ids]
        extra_texts = []
    audio_dir = Path(current_app.config["AUDIO_DIR"])
    recorded_dir = Path(current_app.config["RECORDED_AUDIO_DIR"])
    if list_names:
        _list_recorded_names(questionnaires, recorded_dir)
        return
    try:
        engines = make_engines(engine, delay=delay)
    except EngineUnavailable as error:
        raise click.ClickException(str(error)) from error
    report = build_audio(questionnaires, audio_dir, engines, recorded_dir=recorded_dir,
                         extra_texts=extra_texts, slow=slow, progress=click.echo)
    for note in report.notes:
        click.echo(note, err=True)
    if report.failures:
        click.echo("Failed:", err=True)
        for failure in report.failures:
            click.echo(f"  {failure}", err=True)
    click.echo("Audible texts per language:")
    for count in report.languages:
        click.echo(f"  {count}")
    click.echo(f"{report.summary()} (audio in {audio_dir})")
    if report.failures:
        click.get_current_context().exit(1)


def _list_recorded_names(questionnaires: list[Questionnaire], recorded_dir: Path) -> None:
    extensions = ", ".join(RECORDED_EXTENSIONS)
    click.echo(f"Recordings go in {recorded_dir} under these names (any of {extensions}); "
               "* = a recording is there.")
    for language, text in collect_texts(questionnaires, all_phrases()):
        mark = "*" if find_recorded(recorded_dir, language, text) else " "
        click.echo(f"{mark} {recorded_name(language, text)}  {text}")
