"""Building the audio folder: every text of every questionnaire, once per text.

For each (language, text): an organisation's recording wins; else an existing file from any of
the given engines is kept; else the first engine that has a voice for the language speaks it.
A failed text is reported and the build goes on.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from survey.domain.instruments import Questionnaire, VisualAnalogueAnswer
from survey.speech.engines import Engine, EngineUnavailable, SynthesisError
from survey.speech.store import (
    Entry,
    audio_stem,
    copy_recorded,
    find_audio,
    find_recorded,
    normalise,
    read_manifest,
    text_key,
    write_file,
    write_manifest,
)

Texts = dict[str, str]  # language -> text


@dataclass(frozen=True)
class Failure:
    language: str
    text: str
    reason: str

    def __str__(self) -> str:
        return f"[{self.language}] {self.text}: {self.reason}"


@dataclass
class BuildReport:
    synthesised: list[tuple[str, str, str]] = field(default_factory=list)  # language, text, engine
    reused: int = 0
    recorded: int = 0
    failures: list[Failure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # engines left out, and why

    @property
    def total(self) -> int:
        return len(self.synthesised) + self.reused + self.recorded + len(self.failures)

    def summary(self) -> str:
        return (f"{self.total} texts: {len(self.synthesised)} synthesised, {self.reused} unchanged, "
                f"{self.recorded} recorded, {len(self.failures)} failed")


def questionnaire_texts(questionnaire: Questionnaire) -> Iterator[tuple[str, str]]:
    """(language, text) for everything a client may hear: title, intro, items, options, line ends."""
    fields: list[Texts | None] = [questionnaire.title, questionnaire.intro]
    for item in questionnaire.items:
        fields.append(item.text)
        if isinstance(item.answer, VisualAnalogueAnswer):
            fields += [item.answer.low, item.answer.high]
    for scale in questionnaire.scales.values():
        fields += [option.label for option in scale.options]
    for texts in fields:
        yield from (texts or {}).items()


def collect_texts(questionnaires: Iterable[Questionnaire],
                  extra_texts: Iterable[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    """Every distinct (language, normalised text), in a stable order, empty texts left out."""
    found: dict[str, tuple[str, str]] = {}
    pairs = [pair for q in questionnaires for pair in questionnaire_texts(q)]
    for language, text in [*pairs, *extra_texts]:
        spoken = normalise(text)
        if spoken:
            found.setdefault(text_key(language, spoken), (language, spoken))
    return list(found.values())


def build_audio(questionnaires: Iterable[Questionnaire], audio_dir: Path,
                engines: Sequence[Engine], *, recorded_dir: Path | None = None,
                extra_texts: Iterable[tuple[str, str]] = (),
                progress: Callable[[str], None] = lambda line: None) -> BuildReport:
    """Give every text an audio file and write the manifest; return what happened."""
    audio_dir = Path(audio_dir)
    audio_dir.mkdir(parents=True, exist_ok=True)
    previous = read_manifest(audio_dir)
    usable = list(engines)
    entries: dict[str, Entry] = {}
    report = BuildReport()
    for language, text in collect_texts(questionnaires, extra_texts):
        key = text_key(language, text)
        recorded = find_recorded(recorded_dir, language, text) if recorded_dir else None
        if recorded is not None:
            entries[key] = _entry(language, text, copy_recorded(recorded, audio_dir), "recorded")
            report.recorded += 1
            continue
        existing = _existing_entry(audio_dir, engines, language, text)
        if existing is not None:
            entries[key] = existing
            report.reused += 1
            continue
        try:
            entries[key] = _synthesise(audio_dir, usable, language, text, report)
        except SynthesisError as error:
            failure = Failure(language, text, str(error))
            report.failures.append(failure)
            progress(f"failed {failure}")
            if key in previous and (audio_dir / previous[key]["file"]).is_file():
                entries[key] = previous[key]
            continue
        progress(f"{report.synthesised[-1][2]} [{language}] {text}")
    write_manifest(audio_dir, entries)
    return report


def _entry(language: str, text: str, file: str, source: str) -> Entry:
    return {"file": file, "language": language, "source": source, "text": text}


def _existing_entry(audio_dir: Path, engines: Sequence[Engine],
                    language: str, text: str) -> Entry | None:
    """An audio file an earlier build made for this text with one of ``engines``."""
    for engine in engines:
        voice = engine.voice_for(language)
        if voice is None:
            continue
        path = find_audio(audio_dir, audio_stem(engine.name, language, voice, text))
        if path is not None:
            return _entry(language, text, path.name, engine.name)
    return None


def _synthesise(audio_dir: Path, usable: list[Engine], language: str, text: str,
                report: BuildReport) -> Entry:
    """Speak the text with the first usable engine that has a voice; drop engines that fail
    as a whole (``EngineUnavailable``) and go on with the next one."""
    for engine in list(usable):
        voice = engine.voice_for(language)
        if voice is None:
            continue
        try:
            audio = engine.synthesise(text, voice)
        except EngineUnavailable as error:
            usable.remove(engine)
            report.notes.append(f"{engine.name} left out for the rest of the build: {error}")
            continue
        name = audio_stem(engine.name, language, voice, text) + audio.extension
        write_file(audio_dir / name, audio.data)
        report.synthesised.append((language, text, engine.name))
        return _entry(language, text, name, engine.name)
    names = ", ".join(engine.name for engine in usable) or "none"
    raise SynthesisError(f"no usable engine has a voice for {language!r} (usable: {names})")
