"""The questionnaire loader on every bundled file and on each kind of broken file."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from survey.config import BUNDLED_QUESTIONNAIRES, STATIC_DIR
from survey.domain.client_words import WORDS
from survey.domain.instruments import QuestionnaireError, load_catalogue, load_file
from survey.domain.vocabulary import ADULT_AGE_GROUPS, CLIENT_LANGUAGES

BUNDLED = sorted(BUNDLED_QUESTIONNAIRES.glob("*.yaml"))
PICTOGRAMS = STATIC_DIR / "pictograms"


# Every language a client may answer in (issue 16), Swedish first: the fallback language.


def _every_text(questionnaire) -> list[dict[str, str]]:
    """Every text a client reads: title, intro, option labels, items and the line's ends."""
    texts = [questionnaire.title, questionnaire.intro or {}]
    texts += [option.label for scale in questionnaire.scales.values() for option in scale.options]
    for item in questionnaire.items:
        texts += [item.text, getattr(item.answer, "low", None) or {},
                  getattr(item.answer, "high", None) or {}]
    return [text for text in texts if text]


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_every_bundled_file_loads(path):
    questionnaire, problems = load_file(path, PICTOGRAMS)
    assert problems == []
    assert questionnaire.languages[0] == "sv"


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_every_bundled_file_has_every_text_in_the_twelve_client_languages(path):
    questionnaire, _ = load_file(path, PICTOGRAMS)
    assert sorted(questionnaire.languages) == sorted(CLIENT_LANGUAGES)
    for text in _every_text(questionnaire):
        assert all(text[language].strip() for language in CLIENT_LANGUAGES), text
    assert questionnaire.title["fi"] != questionnaire.title["sv"]


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_the_client_pages_have_words_in_every_language_of_every_bundled_file(path):
    questionnaire, _ = load_file(path, PICTOGRAMS)
    assert set(questionnaire.languages) <= set(WORDS)


@pytest.mark.parametrize("name", ["outcome-adult", "outcome-child", "alliance-adult",
                                  "alliance-child", "goal-rating", "ux-housing",
                                  "ux-daily-activity"])
def test_the_machine_written_translations_are_not_reviewed(name):
    questionnaire, _ = load_file(BUNDLED_QUESTIONNAIRES / f"{name}.v1.yaml", PICTOGRAMS)
    assert questionnaire.reviewed == ["sv", "en"]
    assert questionnaire.is_reviewed("sv") and not questionnaire.is_reviewed("fi")
    assert questionnaire.unreviewed == ("ar", "fi", "nb", "da", "fa", "so", "ti", "pl", "tr", "uk")


def test_a_file_without_a_review_list_claims_no_review(tmp_path):
    (tmp_path / "mini.v1.yaml").write_text(yaml.safe_dump(_valid()))
    questionnaire, _ = load_file(tmp_path / "mini.v1.yaml", PICTOGRAMS)
    assert questionnaire.reviewed == [] and questionnaire.unreviewed == ("sv", "en")


def test_an_adult_survey_asks_only_adult_age_groups():
    catalogue = load_catalogue(BUNDLED_QUESTIONNAIRES, PICTOGRAMS)
    for questionnaire_id in ("ux-housing", "ux-daily-activity"):
        assert catalogue.get(questionnaire_id).age_groups == list(ADULT_AGE_GROUPS)


def test_the_bundle_has_the_six_instruments_and_the_goal_rating():
    catalogue = load_catalogue(BUNDLED_QUESTIONNAIRES, PICTOGRAMS)
    kinds = {q.id: q.kind for q in catalogue.latest()}
    assert kinds == {
        "ux-housing": "survey", "ux-daily-activity": "survey",
        "outcome-adult": "outcome", "outcome-child": "outcome",
        "alliance-adult": "alliance", "alliance-child": "alliance", "goal-rating": "goals",
    }
    for kind in ("outcome", "alliance"):
        for band in ("child", "youth", "adult"):
            instrument = catalogue.for_age_band(kind, band)
            assert len(instrument.items) == 4
    assert catalogue.get("outcome-adult").thresholds.cutoff["adult"] == 25


def _valid() -> dict:
    return {
        "id": "mini", "version": 1, "kind": "survey", "languages": ["sv", "en"],
        "title": {"sv": "Liten", "en": "Small"},
        "scales": {"yn": {"options": [
            {"key": "yes", "label": {"sv": "Ja", "en": "Yes"}, "pictogram": "answer-yes", "positive": True},
            {"key": "no", "label": {"sv": "Nej", "en": "No"}, "pictogram": "answer-no"},
            {"key": "dk", "label": {"sv": "Vet ej", "en": "Unsure"}, "pictogram": "answer-dont-know", "dont_know": True},
        ]}},
        "items": [{"key": "safe", "text": {"sv": "Trygg?", "en": "Safe?"}, "pictogram": "safety",
                   "answer": {"type": "choice", "scale": "yn"}}],
    }


def _problems(tmp_path: Path, data, name: str = "mini.v1.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True))
    questionnaire, problems = load_file(path, PICTOGRAMS)
    assert (questionnaire is None) == bool(problems)
    return [str(p) for p in problems]


def test_a_valid_file_has_no_problems(tmp_path):
    assert _problems(tmp_path, _valid()) == []


def _mutated(change):
    data = _valid()
    change(data)
    return data


BROKEN = {
    "not yaml": ("id: [unclosed", "mini.v1.yaml: (file): not valid YAML"),
    "not a mapping": ("- a\n- b\n", "mini.v1.yaml: (file): must hold a mapping of keys"),
    "missing title": (_mutated(lambda d: d.pop("title")), "mini.v1.yaml: title: Field required"),
    "version not a number": (_mutated(lambda d: d.update(version="one")), "mini.v1.yaml: version: Input should be a valid integer"),
    "goal rating without scores": (_mutated(lambda d: d.update(kind="goals")),
                                   "mini.v1.yaml: scales.yn.options.0.score: every rating needs a score"),
    "unknown kind": (_mutated(lambda d: d.update(kind="quiz")), "mini.v1.yaml: kind: Input should be 'survey', 'outcome', 'alliance' or 'goals'"),
    "misspelt key": (_mutated(lambda d: d.update(itmes=[])), "mini.v1.yaml: itmes: Extra inputs are not permitted"),
    "unknown answer type": (_mutated(lambda d: d["items"][0].update(answer={"type": "slider"})), "mini.v1.yaml: items.0.answer: Input tag 'slider' found using 'type' does not match"),
    "missing language": (_mutated(lambda d: d["items"][0]["text"].pop("en")), "mini.v1.yaml: items.0.text: missing text in language 'en'"),
    "extra language": (_mutated(lambda d: d["title"].update(fi="Pieni")), "mini.v1.yaml: title: language 'fi' is not in the questionnaire's languages"),
    "unknown scale": (_mutated(lambda d: d["items"][0]["answer"].update(scale="abc")), "mini.v1.yaml: items.0.answer.scale: unknown scale 'abc'"),
    "no positive option": (_mutated(lambda d: d["scales"]["yn"]["options"][0].pop("positive")), "mini.v1.yaml: scales.yn: no option is marked positive"),
    "positive and don't know": (_mutated(lambda d: d["scales"]["yn"]["options"][2].update(positive=True)), "mini.v1.yaml: scales.yn.options.2: an option cannot be both positive and don't know"),
    "duplicate option": (_mutated(lambda d: d["scales"]["yn"]["options"][1].update(key="yes")), "mini.v1.yaml: scales.yn.options: option keys must be unique"),
    "duplicate item": (_mutated(lambda d: d["items"].append(dict(d["items"][0]))), "mini.v1.yaml: items.1.key: item key 'safe' is used twice"),
    "bad key": (_mutated(lambda d: d["items"][0].update(key="Safe Place")), "mini.v1.yaml: items.0.key: String should match pattern"),
    "missing pictogram": (_mutated(lambda d: d["items"][0].update(pictogram="unicorn")), "mini.v1.yaml: items: pictogram 'unicorn' not found"),
    "file name": (_mutated(lambda d: d.update(version=2)), "mini.v1.yaml: id: file name should be mini.v2.yaml"),
    "outcome with choice item": (_mutated(lambda d: d.update(kind="outcome", age_bands=["adult"], thresholds={"cutoff": {"adult": 25}, "reliable_change": 5})), "mini.v1.yaml: items.0.answer.type: outcome items must be visual-analogue (vas)"),
    "outcome without cut-off": (_mutated(lambda d: d.update(kind="outcome", age_bands=["adult", "child"], thresholds={"cutoff": {"adult": 25}, "reliable_change": 5})), "mini.v1.yaml: thresholds.cutoff: no cut-off for age band 'child'"),
    "outcome without reliable change": (_mutated(lambda d: d.update(kind="outcome", age_bands=["adult"], thresholds={"cutoff": {"adult": 25}})), "mini.v1.yaml: thresholds.reliable_change: required for an outcome instrument"),
    "alliance without threshold": (_mutated(lambda d: d.update(kind="alliance", age_bands=["adult"], thresholds={"alliance_total": 36})), "mini.v1.yaml: thresholds.alliance_item: required for an alliance instrument"),
    "instrument without age bands": (_mutated(lambda d: d.update(kind="alliance", thresholds={"alliance_total": 36, "alliance_item": 9})), "mini.v1.yaml: age_bands: an alliance instrument must name its age bands"),
    "unknown age group": (_mutated(lambda d: d.update(age_groups=["18-29", "18-99"])), "mini.v1.yaml: age_groups.1: Input should be"),
    "no age groups": (_mutated(lambda d: d.update(age_groups=[])), "mini.v1.yaml: age_groups: List should have at least 1 item"),
    "reviewed language not offered": (_mutated(lambda d: d.update(reviewed=["sv", "fi"])), "mini.v1.yaml: reviewed: language 'fi' is not in the questionnaire's languages"),
    "reviewed twice": (_mutated(lambda d: d.update(reviewed=["sv", "sv"])), "mini.v1.yaml: reviewed: a language is listed twice"),
    "reviewed not a language": (_mutated(lambda d: d.update(reviewed=["Swedish"])), "mini.v1.yaml: reviewed.0: String should match pattern"),
    "reviewed not a list": (_mutated(lambda d: d.update(reviewed=True)), "mini.v1.yaml: reviewed: Input should be a valid list"),
    "language twice": (_mutated(lambda d: d.update(languages=["sv", "en", "sv"])), "mini.v1.yaml: languages: a language is listed twice"),
    "a three-letter language": (_mutated(lambda d: d.update(languages=["sv", "en", "smj"])), "mini.v1.yaml: title: missing text in language 'smj'"),
    "negative threshold": (_mutated(lambda d: d.update(thresholds={"reliable_change": -5})), "mini.v1.yaml: thresholds.reliable_change: Input should be greater than 0"),
}


@pytest.mark.parametrize("data, message", BROKEN.values(), ids=BROKEN.keys())
def test_each_kind_of_error_is_reported_with_file_and_key(tmp_path, data, message):
    problems = _problems(tmp_path, data)
    assert any(p.startswith(message) for p in problems), problems


def test_every_problem_of_every_file_is_reported_at_once(tmp_path):
    first = _valid()
    first["title"].pop("en")
    first["items"][0]["answer"]["scale"] = "nope"
    second = _valid() | {"id": "other"}
    second.pop("items")
    (tmp_path / "mini.v1.yaml").write_text(yaml.safe_dump(first))
    (tmp_path / "other.v1.yaml").write_text(yaml.safe_dump(second))
    with pytest.raises(QuestionnaireError) as caught:
        load_catalogue(tmp_path, PICTOGRAMS)
    reported = [str(p) for p in caught.value.problems]
    assert reported == [
        "mini.v1.yaml: title: missing text in language 'en'",
        "mini.v1.yaml: items.0.answer.scale: unknown scale 'abc'".replace("abc", "nope"),
        "other.v1.yaml: items: Field required",
    ]
    assert "other.v1.yaml: items: Field required" in str(caught.value)


def test_the_catalogue_tells_which_answers_were_given_in_an_unreviewed_translation(tmp_path):
    (tmp_path / "mini.v1.yaml").write_text(yaml.safe_dump(_valid() | {"reviewed": ["sv"]}))
    catalogue = load_catalogue(tmp_path, PICTOGRAMS)
    assert catalogue.is_reviewed("mini", 1, "sv") and not catalogue.is_reviewed("mini", 1, "en")
    assert not catalogue.is_reviewed("mini", 2, "sv")  # a version no longer there claims nothing
    answered = [(1, "mini", 1, "sv"), (1, "mini", 1, "en"), (1, "mini", 1, "en"),
                (2, "mini", 1, "sv"), (3, "gone", 1, "sv")]
    assert catalogue.unreviewed_languages(answered) == {1: ("en",), 3: ("sv",)}
