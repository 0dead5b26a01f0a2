"""The therapist's pages in the reader's language (``StaffUser.language``): every page family in
Norwegian bokmål and English with none of the Swedish words, refusals worded from their codes,
numbers written the reader's way (35,5 in Swedish and Norwegian, 35.5 in English) and the
results file worded in the reader's language with numbers left machine-readable."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

import survey
from survey.clinic.messages import ERRORS
from survey.coordinator.followup import SETTINGS_ERRORS


@pytest.fixture
def speaks(db, org):
    """``speaks(username, language)``: the staff member's pages are in ``language`` from now."""

    def choose(username: str, language: str) -> None:
        org["staff"][username].language = language
        db.commit()

    return choose


@pytest.fixture
def scored(client, login, annas):
    """A-1's session scored from paper: alliance 9 + 9 + 9 + 8.5 = 35.5 (under 36), outcome 20."""
    login("anna")
    paper = f"/clinic/sessions/{annas['session_id']}/paper"
    for data in ({"instrument": "alliance", "rater": "client", "item_1": "9", "item_2": "9",
                  "item_3": "9", "item_4": "8.5"},
                 {"instrument": "outcome", "rater": "client", "total": "20"}):
        assert client.post(paper, data=data).status_code == 302
    return annas


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _says(page: str, words: list[str], not_swedish: list[str]) -> None:
    assert [w for w in words if w not in page] == []
    assert [w for w in not_swedish if w in page] == []


SWEDISH_CLIENT = ["Mående per session", "gräns 36", "samarbete 35", "Avsluta ärendet",
                  "Samarbetet under gränsen", "Alla skattningar"]


@pytest.mark.parametrize("language, words", [
    ("sv", ["Mående per session", "gräns 36", "samarbete 35,5 under 36",
            "Samarbetet under gränsen", "Summan av fyra frågor (0–40)"]),
    ("nb", ["Trivsel per samtale", "grense 36", "samarbeid 35,5 under 36",
            "Samarbeidet under grensen", "Summen av fire spørsmål (0–40)", "Avslutt saken"]),
    ("en", ["Outcome per session", "cut-off 36", "alliance 35.5 under 36",
            "The alliance under the cut-off", "The sum of four questions (0–40)",
            "Close the episode"]),
])
def test_the_client_page_and_its_charts_in_the_readers_language(client, scored, speaks, language,
                                                                words):
    speaks("anna", language)
    page = _page(client, f"/clinic/clients/{scored['client_id']}")
    _says(page, words, [] if language == "sv" else SWEDISH_CLIENT)


@pytest.mark.parametrize("language, words", [
    ("da", ["Trivsel pr. samtale", "grænse 36", "samarbejde 35,5 under 36", "Afslut forløbet"]),
    ("fi", ["Vointi tapaamisittain", "raja 36", "yhteistyö 35,5 alle 36", "Päätä asiakkuus"]),
])
def test_the_client_page_in_danish_and_finnish(client, scored, speaks, language, words):
    speaks("anna", language)
    _says(_page(client, f"/clinic/clients/{scored['client_id']}"), words, SWEDISH_CLIENT)


@pytest.mark.parametrize("language, words", [
    ("nb", ["Registrer og åpne sak", "Søk kode", "Sorter", "Å snakke om",
            "samarbeid 35,5 under 36"]),
    ("en", ["Register and open an episode", "Search code", "Sort", "To talk about",
            "alliance 35.5 under 36"]),
])
def test_the_start_page_in_the_readers_language(client, scored, speaks, language, words):
    speaks("anna", language)
    _says(_page(client, "/clinic/"), words,
          ["Registrera och öppna ärende", "Sök kod", "Sortera", "Att prata om", "samarbete 35"])


@pytest.mark.parametrize("language, words", [
    ("nb", ["Planlagt og gjennomført", "Mål og vurderinger (1–5)", "Første vurdering",
            "Ny oppfølging"]),
    ("en", ["Planned and held", "Goals and ratings (1–5)", "First rating", "New follow-up"]),
])
def test_the_follow_up_page_in_the_readers_language(client, annas, login, speaks, language, words):
    login("anna")
    speaks("anna", language)
    _says(_page(client, f"/clinic/episodes/{annas['episode_id']}/follow-up"), words,
          ["Planerat och genomfört", "Mål och skattningar", "Första skattning", "Ny uppföljning"])


@pytest.mark.parametrize("language, words", [
    ("nb", ["Papirskjema", "Fyll inn poengene for de fire spørsmålene", "Hvem vurderte?"]),
    ("en", ["Paper form", "Enter the four questions", "Who rated?"]),
])
def test_the_paper_form_in_the_readers_language(client, annas, login, speaks, language, words):
    login("anna")
    speaks("anna", language)
    _says(_page(client, f"/clinic/sessions/{annas['session_id']}/paper"), words,
          ["Pappersformulär", "Fyll i de", "Vem skattade?"])


@pytest.mark.parametrize("language, words", [
    ("nb", ["Slik regnes resultatene", "Gjennomsnittlig endring", "Sikkert bedret"]),
    ("en", ["How the results are counted", "Mean change", "Reliably improved"]),
])
def test_the_results_page_in_the_readers_language(client, scored, speaks, language, words):
    speaks("anna", language)
    _says(_page(client, "/clinic/results?from=2026-01-01&to=2026-12-31"), words,
          ["Så räknas resultaten", "Medelförändring", "Säkert förbättrade"])


@pytest.mark.parametrize("language, refusal", [
    ("sv", "Enheten har redan en klient med koden K-1001."),
    ("nb", "Enheten har allerede en klient med koden K-1001."),
])
def test_a_duplicate_client_code_is_refused_in_the_readers_language(client, org, login, register,
                                                                    speaks, language, refusal):
    login("anna")
    speaks("anna", language)
    north = org["units"]["north"].id
    register("K-1001", north)
    again = client.post("/clinic/clients", data={"code": "k-1001", "unit": north, "gender": "man",
                                                 "age_group": "18-29", "opened_on": "2026-05-01"})
    page = again.get_data(as_text=True)
    assert again.status_code == 422 and refusal in page
    assert "already has a client" not in page


def test_the_results_file_is_worded_in_the_readers_language_with_plain_numbers(client, scored,
                                                                               speaks):
    speaks("anna", "en")
    sent = client.post("/clinic/results.csv?from=2026-01-01&to=2026-12-31")
    assert "results-me-2026-01-01-2026-12-31.csv" in sent.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(sent.get_data().decode("utf-8-sig"))))
    assert rows[0][0] == "Measure" and rows[0][1] == "Anna – All"
    by_measure = {row[0]: row[1] for row in rows}
    assert by_measure["Alliance, mean"] == "35.5"  # a number a program reads, in every language
    assert by_measure["Note 2"] == "All episodes."
    speaks("anna", "nb")
    sent = client.post("/clinic/results.csv?from=2026-01-01&to=2026-12-31")
    rows = list(csv.reader(io.StringIO(sent.get_data().decode("utf-8-sig"))))
    assert rows[0][:2] == ["Mål", "Anna – Alle"]
    assert {row[0]: row[1] for row in rows}["Samarbeid, gjennomsnitt"] == "35.5"


def test_every_refusal_of_the_clinics_operations_has_words():
    operations = Path(survey.__file__).parent / "operations"
    source = "".join((operations / name).read_text(encoding="utf-8")
                     for name in ("clinic.py", "followup.py", "signals.py"))
    codes = set(re.findall(r'ClinicError\("([\w-]+)"', source))
    codes |= set(re.findall(r'\("(planned-\w+-range)"', source))
    assert len(codes) > 30 and codes == set(ERRORS) | set(SETTINGS_ERRORS)
