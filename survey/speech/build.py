"""Building the audio folder: every text of every questionnaire, once per text.

For each (language, text): an organisation's recording wins; else an existing file from any of
the given engines is kept; else the first engine that has a voice for the language speaks it,
once at its normal rate and once slowly (a file of its own). A text in a language that no engine
speaks is counted as such, not as a failure: the tablet uses the browser's voice for it. A failed
text is reported and the build goes on.
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


SOURCES = ("recorded", "gtts", "espeak", "none")  # how a text is audible, best first
SOURCE_NAMES = {"gtts": "gTTS", "espeak": "espeak-ng"}


@dataclass(frozen=True)
class Failure:
    language: str
    text: str
    reason: str

    def __str__(self) -> str:
        return f"[{self.language}] {self.text}: {self.reason}"


@dataclass
class LanguageCount:
    """How many texts of one language are audible by which source, and how many have slow
    speech of their own."""
    language: str
    sources: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SOURCES, 0))
    slow: int = 0
    voiceless: bool = False  # no engine of the build has a voice for the language

    def __str__(self) -> str:
        counts = ", ".join(f"{number} {SOURCE_NAMES.get(source, source)}"
                           for source, number in self.sources.items())
        line = f"{self.language}: {counts}; {self.slow} with slow speech"
        if self.voiceless:
            line += (f" (no engine speaks {self.language!r}: the tablet plays a recording where"
                     " one is added, else the browser's voice)")
        return line


@dataclass
class BuildReport:
    synthesised: list[tuple[str, str, str]] = field(default_factory=list)  # language, text, engine
    reused: int = 0
    recorded: int = 0
    unspoken: int = 0  # texts in a language no engine has a voice for (and no recording)
    failures: list[Failure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # engines left out, and why
    languages: list[LanguageCount] = field(default_factory=list)

    @property
    def total(self) -> int:
        return (len(self.synthesised) + self.reused + self.recorded + self.unspoken
                + len(self.failures))

    def summary(self) -> str:
        return (f"{self.total} texts: {len(self.synthesised)} synthesised, {self.reused} unchanged, "
                f"{self.recorded} recorded, {self.unspoken} without a voice, "
                f"{len(self.failures)} failed")


class NoVoice(SynthesisError):
    """None of the engines has a voice for the language (not a failure of the build)."""


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
                extra_texts: Iterable[tuple[str, str]] = (), slow: bool = True,
                progress: Callable[[str], None] = lambda line: None) -> BuildReport:
    """Give every text an audio file (and, with ``slow``, a slow one from the same engine; slow
    files already built are kept either way) and write the manifest; return what happened, per
    language too."""
    audio_dir = Path(audio_dir)
    audio_dir.mkdir(parents=True, exist_ok=True)
    previous = read_manifest(audio_dir)
    usable = list(engines)
    entries: dict[str, Entry] = {}
    report = BuildReport()
    texts = collect_texts(questionnaires, extra_texts)
    voiceless: set[str] = set()
    for language, text in texts:
        key = text_key(language, text)
        recorded = find_recorded(recorded_dir, language, text) if recorded_dir else None
        if recorded is not None:
            entries[key] = _entry(language, text, copy_recorded(recorded, audio_dir), "recorded")
            report.recorded += 1
            continue
        entry = _existing_entry(audio_dir, engines, language, text)
        if entry is not None:
            report.reused += 1
        else:
            try:
                entry = _synthesise(audio_dir, engines, usable, language, text, report)
            except SynthesisError as error:
                if isinstance(error, NoVoice):
                    report.unspoken += 1
                    voiceless.add(language)
                else:
                    report.failures.append(Failure(language, text, str(error)))
                    progress(f"failed {report.failures[-1]}")
                if key in previous and (audio_dir / previous[key]["file"]).is_file():
                    entries[key] = previous[key]
                continue
            progress(f"{entry['source']} [{language}] {text}")
        _add_slow(audio_dir, engines, usable if slow else [], entry, report)
        entries[key] = entry
    write_manifest(audio_dir, entries)
    report.languages = _count_languages(texts, entries, voiceless)
    return report


def _count_languages(texts: list[tuple[str, str]], entries: dict[str, Entry],
                     voiceless: set[str]) -> list[LanguageCount]:
    """Per language, in the order the texts came: how many are audible by which source."""
    counts: dict[str, LanguageCount] = {}
    for language, text in texts:
        count = counts.setdefault(language,
                                  LanguageCount(language, voiceless=language in voiceless))
        entry = entries.get(text_key(language, text)) or {}
        source = entry.get("source", "none")
        count.sources[source] = count.sources.get(source, 0) + 1
        count.slow += "slow" in entry
    return list(counts.values())


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


def _synthesise(audio_dir: Path, engines: Sequence[Engine], usable: list[Engine], language: str,
                text: str, report: BuildReport) -> Entry:
    """Speak the text with the first usable engine that has a voice; drop engines that fail
    as a whole (``EngineUnavailable``) and go on with the next one."""
    for engine in list(usable):
        voice = engine.voice_for(language)
        if voice is None:
            continue
        try:
            name = _speak(audio_dir, engine, voice, language, text, slow=False)
        except EngineUnavailable as error:
            _leave_out(engine, usable, report, error)
            continue
        report.synthesised.append((language, text, engine.name))
        return _entry(language, text, name, engine.name)
    if not any(engine.voice_for(language) for engine in engines):
        raise NoVoice(f"no engine has a voice for {language!r}")
    names = ", ".join(engine.name for engine in usable) or "none"
    raise SynthesisError(f"no usable engine has a voice for {language!r} (usable: {names})")


def _add_slow(audio_dir: Path, engines: Sequence[Engine], usable: list[Engine], entry: Entry,
              report: BuildReport) -> None:
    """The slow file of an entry, by the engine that spoke it: kept if an earlier build made it,
    else made now if that engine is in ``usable``; a failure leaves the entry without one (the
    tablet then plays the normal file slower)."""
    engine = next(engine for engine in engines if engine.name == entry["source"])
    language, text = entry["language"], entry["text"]
    voice = engine.voice_for(language)
    assert voice is not None  # the entry's file was made with it
    found = find_audio(audio_dir, audio_stem(engine.name, language, voice, text,
                                             engine.settings(slow=True)))
    if found is not None:
        entry["slow"] = found.name
        return
    if engine not in usable:
        return
    try:
        entry["slow"] = _speak(audio_dir, engine, voice, language, text, slow=True)
    except EngineUnavailable as error:
        _leave_out(engine, usable, report, error)
    except SynthesisError as error:
        report.failures.append(Failure(language, text, f"slow speech: {error}"))


def _speak(audio_dir: Path, engine: Engine, voice: str, language: str, text: str,
           slow: bool) -> str:
    audio = engine.synthesise(text, voice, slow=slow)
    name = audio_stem(engine.name, language, voice, text, engine.settings(slow)) + audio.extension
    write_file(audio_dir / name, audio.data)
    return name


def _leave_out(engine: Engine, usable: list[Engine], report: BuildReport, error: Exception) -> None:
    usable.remove(engine)
    report.notes.append(f"{engine.name} left out for the rest of the build: {error}")
