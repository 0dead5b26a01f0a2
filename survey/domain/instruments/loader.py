"""Reading questionnaire files: every problem is reported with its file and key."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import yaml
from pydantic import ValidationError

from survey.domain.instruments.answers import ChoiceAnswer, VisualAnalogueAnswer
from survey.domain.instruments.model import Questionnaire
from survey.domain.yaml_files import read_yaml


@dataclass(frozen=True)
class Problem:
    file: str
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.key}: {self.message}"


class QuestionnaireError(Exception):
    """One or more questionnaire files are invalid."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(
            "invalid questionnaire files:\n" + "\n".join(f"  {p}" for p in problems)
        )


class Catalogue:
    """Every loaded questionnaire, by id and version."""

    def __init__(self, questionnaires: Iterable[Questionnaire]):
        self._by_ref = {(q.id, q.version): q for q in questionnaires}

    def get(self, questionnaire_id: str, version: int | None = None) -> Questionnaire:
        """The given version, or the newest one; ``KeyError`` if there is none."""
        if version is not None:
            return self._by_ref[(questionnaire_id, version)]
        versions = [v for (qid, v) in self._by_ref if qid == questionnaire_id]
        if not versions:
            raise KeyError(questionnaire_id)
        return self._by_ref[(questionnaire_id, max(versions))]

    def all(self) -> list[Questionnaire]:
        """Every version of every questionnaire (a ticket or answer may name an older one)."""
        return list(self._by_ref.values())

    def kind_of(self, *kinds: str) -> dict[str, str]:
        """The kind of every questionnaire id of these kinds (answers name ids, not kinds)."""
        return {q.id: q.kind for q in self._by_ref.values() if q.kind in kinds}

    def latest(self, kind: str | None = None) -> list[Questionnaire]:
        ids = sorted({qid for qid, _ in self._by_ref})
        found = [self.get(qid) for qid in ids]
        return [q for q in found if kind is None or q.kind == kind]

    def for_age_band(self, kind: str, band: str) -> Questionnaire:
        for questionnaire in self.latest(kind):
            if band in questionnaire.age_bands:
                return questionnaire
        raise KeyError(f"no {kind} instrument for age band {band}")

    def is_reviewed(self, questionnaire_id: str, version: int, language: str) -> bool:
        """Whether a person has reviewed that questionnaire version in ``language``; a version
        no longer in the catalogue claims no review."""
        found = self._by_ref.get((questionnaire_id, version))
        return found is not None and found.is_reviewed(language)

    def unreviewed_languages(self, answered: Iterable[tuple]) -> dict[object, tuple[str, ...]]:
        """From (key, questionnaire id, version, language) of responses, per key (a session
        number, a follow-up) the languages answered in a translation nobody has reviewed."""
        found: dict[object, tuple[str, ...]] = {}
        for key, questionnaire_id, version, language in answered:
            if (not self.is_reviewed(questionnaire_id, version, language)
                    and language not in found.get(key, ())):
                found[key] = (*found.get(key, ()), language)
        return found

    def __len__(self) -> int:
        return len(self._by_ref)


def _texts(q: Questionnaire) -> Iterator[tuple[str, dict[str, str]]]:
    yield "title", q.title
    if q.intro:
        yield "intro", q.intro
    for name, scale in q.scales.items():
        for i, option in enumerate(scale.options):
            yield f"scales.{name}.options.{i}.label", option.label
    for i, item in enumerate(q.items):
        yield f"items.{i}.text", item.text
        if isinstance(item.answer, VisualAnalogueAnswer):
            for end in ("low", "high"):
                if getattr(item.answer, end):
                    yield f"items.{i}.answer.{end}", getattr(item.answer, end)


def _meaning_problems(q: Questionnaire) -> Iterator[tuple[str, str]]:
    """Checks across fields that the structure alone cannot express."""
    wanted = set(q.languages)
    if len(wanted) != len(q.languages):
        yield "languages", "a language is listed twice"
    if len(set(q.reviewed)) != len(q.reviewed):
        yield "reviewed", "a language is listed twice"
    for language in q.reviewed:
        if language not in wanted:
            yield "reviewed", f"language {language!r} is not in the questionnaire's languages"
    for key, text in _texts(q):
        for language in sorted(wanted - set(text)):
            yield key, f"missing text in language {language!r}"
        for language in sorted(set(text) - wanted):
            yield key, f"language {language!r} is not in the questionnaire's languages"
    for name, scale in q.scales.items():
        if len(set(scale.option_keys)) != len(scale.option_keys):
            yield f"scales.{name}.options", "option keys must be unique"
        if not scale.positive_keys:
            yield f"scales.{name}", "no option is marked positive"
        for i, option in enumerate(scale.options):
            if option.positive and option.dont_know:
                yield f"scales.{name}.options.{i}", "an option cannot be both positive and don't know"
    seen: set[str] = set()
    for i, item in enumerate(q.items):
        if item.key in seen:
            yield f"items.{i}.key", f"item key {item.key!r} is used twice"
        seen.add(item.key)
        if isinstance(item.answer, ChoiceAnswer) and item.answer.scale not in q.scales:
            yield f"items.{i}.answer.scale", f"unknown scale {item.answer.scale!r}"
        if q.kind in ("outcome", "alliance") and not isinstance(item.answer, VisualAnalogueAnswer):
            yield f"items.{i}.answer.type", f"{q.kind} items must be visual-analogue (vas)"
    if q.kind == "goals":
        yield from _goal_problems(q)
    yield from _threshold_problems(q)


def _goal_problems(q: Questionnaire) -> Iterator[tuple[str, str]]:
    """A goals questionnaire has one item, the screen repeated for each of a client's goals."""
    if len(q.items) != 1 or not isinstance(q.items[0].answer, ChoiceAnswer):
        yield "items", "a goals questionnaire has exactly one choice item"
        return
    scale = q.scale_of(q.items[0])
    for i, option in enumerate(scale.options if scale else []):
        if option.score is None and not option.dont_know:
            yield f"scales.{q.items[0].answer.scale}.options.{i}.score", "every rating needs a score"


def _threshold_problems(q: Questionnaire) -> Iterator[tuple[str, str]]:
    t = q.thresholds
    if q.kind in ("outcome", "alliance") and not q.age_bands:
        yield "age_bands", f"an {q.kind} instrument must name its age bands"
    if q.kind == "outcome":
        if t.reliable_change is None:
            yield "thresholds.reliable_change", "required for an outcome instrument"
        for band in q.age_bands:
            if not t.cutoff or band not in t.cutoff:
                yield "thresholds.cutoff", f"no cut-off for age band {band!r}"
    if q.kind == "alliance":
        for name in ("alliance_total", "alliance_item"):
            if getattr(t, name) is None:
                yield f"thresholds.{name}", "required for an alliance instrument"


def check_pictograms(q: Questionnaire, pictogram_dir: Path) -> Iterator[tuple[str, str]]:
    names = [("items", i.pictogram) for i in q.items]
    names += [(f"scales.{n}", o.pictogram) for n, s in q.scales.items() for o in s.options]
    names += [(f"items.{i.key}.answer", name) for i in q.items
              for name in (getattr(i.answer, "low_pictogram", None), getattr(i.answer, "high_pictogram", None))
              if name]
    for where, name in names:
        if not (pictogram_dir / f"{name}.svg").exists() and not (pictogram_dir / f"{name}.png").exists():
            yield where, f"pictogram {name!r} not found in {pictogram_dir}"


def load_file(path: Path, pictogram_dir: Path | None = None) -> tuple[Questionnaire | None, list[Problem]]:
    """Parse and check one file; return the questionnaire (if valid) and its problems."""
    name = path.name
    try:
        data = read_yaml(path)
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        return None, [Problem(name, "(file)", f"not valid YAML: {error}")]
    if not isinstance(data, dict):
        return None, [Problem(name, "(file)", "must hold a mapping of keys")]
    try:
        questionnaire = Questionnaire.model_validate(data)
    except ValidationError as error:
        return None, [
            Problem(name, ".".join(str(part) for part in e["loc"]) or "(file)", e["msg"])
            for e in error.errors()
        ]
    problems = [Problem(name, key, message) for key, message in _meaning_problems(questionnaire)]
    if pictogram_dir is not None:
        problems += [Problem(name, k, m) for k, m in check_pictograms(questionnaire, pictogram_dir)]
    expected = f"{questionnaire.id}.v{questionnaire.version}.yaml"
    if name != expected:
        problems.append(Problem(name, "id", f"file name should be {expected}"))
    return (None if problems else questionnaire), problems


def load_catalogue(directory: Path, pictogram_dir: Path | None = None) -> Catalogue:
    """Load every ``*.yaml`` in ``directory``; raise ``QuestionnaireError`` listing all problems."""
    directory = Path(directory)
    if not directory.is_dir():
        raise QuestionnaireError([Problem(str(directory), "(folder)", "not found")])
    loaded: list[Questionnaire] = []
    problems: list[Problem] = []
    for path in sorted(directory.glob("*.yaml")):
        questionnaire, found = load_file(path, pictogram_dir)
        problems += found
        if questionnaire is not None:
            loaded.append(questionnaire)
    if problems:
        raise QuestionnaireError(problems)
    return Catalogue(loaded)
