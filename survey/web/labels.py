"""Swedish labels for every code the domain returns, in one place, and the context processor
that gives templates ``labels`` and ``point_label`` (the domain keeps only codes)."""
from __future__ import annotations

from types import SimpleNamespace

from flask import Flask

from survey.reporting.survey_sheets import hidden_note, hidden_text

GENDER_LABELS = {"woman": "Kvinna", "man": "Man", "other": "Annat", "not-stated": "Vill inte ange"}
GENDER_HEADINGS = {"all": "Alla", "woman": "Kvinnor", "man": "Män"}
REASON_LABELS = {"planned": "Planerat avslut", "stopped-coming": "Klienten slutade komma",
                 "moved": "Flyttade", "referred-on": "Remitterad vidare", "other": "Annat"}
ROUND_STATUS_LABELS = {"draft": "Utkast", "open": "Öppen", "closed": "Stängd"}
SIGNAL_LABELS = {
    "alliance-low": "Samarbetet under gränsen", "alliance-item-low": "En samarbetsfråga under {limit}",
    "alliance-drop": "Samarbetet har sjunkit", "outcome-worse": "Måendet har försämrats",
    "no-improvement": "Ingen säker förbättring", "off-track": "Under förväntad utveckling",
}
SIGNAL_ACTION_LABELS = {"talked-with-client": "Pratade om det med klienten",
                        "changed-plan": "Ändrade planen", "consulted-colleague": "Rådgjorde med kollega",
                        "other": "Annat"}
RESULT_LABELS = {"recovered": "Återhämtad (säkert förbättrad och över gränsen)",
                 "improved": "Säkert förbättrad", "no-change": "Ingen säker förändring",
                 "deteriorated": "Försämrad"}
FLAG_LABELS = {"intake-above-cutoff": "Startade över gränsen för klinisk nivå",
               "saw-tooth": "Sågtandad serie (stora svängningar upp och ner)",
               "single-rating": "Bara en skattning"}
# Short staff names of the items of the bundled instruments (other files show the item's key).
ITEM_LABELS = {
    "personal": "Jag själv", "close-relationships": "Nära relationer", "social": "Socialt",
    "me": "Jag", "family": "Familjen", "school": "Skola och kompisar", "everything": "Allt",
    "heard-respected": "Lyssnad på", "listened": "Lyssnad på", "own-topics": "Mina ämnen",
    "way-of-working": "Arbetssättet", "overall": "Överlag",
}
MEASURE_LABELS = {
    "clients": "Klienter", "episodes": "Ärenden", "closed": "Avslutade ärenden",
    "closed:planned": "– planerat avslut", "closed:stopped-coming": "– slutade komma",
    "closed:moved": "– flyttade", "closed:referred-on": "– remitterad vidare",
    "closed:other": "– annat", "single-session": "Avslutade efter en session",
    "with-change": "Ärenden med minst två skattningar", "mean-intake": "Medel vid start",
    "mean-last": "Medel senaste", "mean-change": "Medelförändring",
    "effect-size": "Effektstorlek (förändring ÷ SD vid start)",
    "share:improved": "Säkert förbättrade", "share:recovered": "Återhämtade",
    "share:no-change": "Ingen säker förändring", "share:deteriorated": "Försämrade",
    "alliance-mean": "Samarbete, medel", "alliance-sessions": "Sessioner med samarbete skattat",
    "alliance-share-below": "Sessioner med samarbete under gränsen",
    "flagged": "Ärenden med varningsflagga", "signals-acted": "Signaler omhändertagna",
    "signals-median-days": "Dagar till åtgärd (median)",
}
DOSE_LABELS = {"sessions-band": "Förändring efter antal genomförda sessioner",
               "plan-band": "Förändring efter planerade och genomförda sessioner (avslutade ärenden)",
               "fewer": "Färre än planerat", "as-planned": "Som planerat", "more": "Fler än planerat",
               "not-planned": "Inget planerat antal", "n": "Ärenden", "mean-change": "Medelförändring",
               "share:improved": "Säkert förbättrade"}
# How the results are counted: stated on every results page and in the exports' notes.
RESULT_CONVENTIONS = (
    "Förändring är senaste minus första skattningen av måendet, i ärenden med minst två skattningar.",
    "Effektstorleken är medelförändringen delad med standardavvikelsen vid start, räknad som "
    "stickprovets standardavvikelse (n − 1).",
    "Säkert förbättrade räknar också de återhämtade, så andelarna kan tillsammans bli mer än 100 %.",
    "Avslutade efter en session räknar bara avslutade ärenden.",
    "Varningsflagga: start över gränsen för klinisk nivå, en sågtandad serie (en sväng upp och en "
    "ner i rad, var och en minst den säkra förändringen) eller bara en skattning.",
    "Omhändertagna signaler räknas för signaler från sessioner under perioden; dagar till "
    "åtgärd räknas från sessionen till markeringen.",
)

INTERVENTION_LABELS = {
    "counselling": "Samtalsbehandling", "family-treatment": "Familjebehandling",
    "group-programme": "Gruppverksamhet", "parenting-support": "Föräldrastöd",
    "substance-treatment": "Missbruksbehandling", "other": "Annan insats", "not-set": "Ej angiven",
}
CONTACT_LABELS = {"individual": "Enskilt samtal", "group": "Gruppsamtal",
                  "relatives": "Samtal med anhöriga"}
FOLLOW_UP_LABELS = {"intake": "Första skattning", "review": "Uppföljning",
                    "after-end": "Uppföljning efter avslut"}
DECISION_LABELS = {"continue": "Fortsätta som tidigare", "change": "Ändra insatsen",
                   "goal-reached": "Mål uppnått och borttaget", "goal-added": "Nytt mål",
                   "end": "Avsluta insatsen"}
INSTRUMENT_LABELS = {"outcome": "Mående", "alliance": "Samarbete", "goals": "Målskattning"}
POINT_LABELS = {"intake": "vid start", "sessions": "var {n}:e session", "end": "vid avslut",
                "after-end": "{n} månader efter avslut", "review": "uppföljning {n}"}
POINT_STATUS_LABELS = {"done": "gjord", "upcoming": "kommande", "due": "dags nu", "overdue": "försenad"}
RATER_LABELS = {"client": "Klienten", "practitioner": "Behandlaren"}
VARIABLE_LABELS = {"referral": "Remittent", "housing": "Boende", "occupation": "Sysselsättning",
                   "end_reason": "Avslutsorsak", "bridged": "Slussad vidare till annan insats"}
VALUE_LABELS = {
    "self": "Klienten själv", "relative": "Anhörig", "social-services": "Socialtjänsten",
    "health-care": "Hälso- och sjukvården", "school": "Skolan", "other": "Annat",
    "own-home": "Eget boende", "with-parents": "Hos föräldrar", "supported-housing": "Stödboende",
    "homeless": "Hemlös", "work": "Arbete", "studies": "Studier",
    "daily-activity": "Daglig verksamhet", "unemployed": "Arbetslös", "sick-leave": "Sjukskriven",
    "pension": "Pension", "yes": "Ja", "no": "Nej",
}  # the end reason's values are the close reasons: ``REASON_LABELS``
UNIT_KIND_LABELS = {"area": "Område", "department": "Avdelning", "housing": "Boende",
                    "daily-activity": "Daglig verksamhet", "outpatient": "Öppenvård", "other": "Annat"}
ROLE_LABELS = {"admin": "Administratör", "coordinator": "Samordnare", "therapist": "Behandlare"}
# Why the server refused an answer the tablet sent (the API's error code).
PROBLEM_LABELS = {"invalid": "Svaren stämmer inte med enkäten (t.ex. en stängd omgång)",
                  "conflict": "Redan besvarad för sessionen eller uppföljningen",
                  "ticket": "Överlämningen gäller inte längre (för gammal eller okänd)",
                  "malformed": "Servern kunde inte läsa svaren",
                  "server": "Fel på servern"}
SPEECH_RATE_LABELS = {"normal": "Uppläsning i vanlig takt", "slow": "Långsam uppläsning"}
RATING_LABELS = {1: "1 Mycket dåligt", 2: "2 Dåligt", 3: "3 Varken eller", 4: "4 Bra",
                 5: "5 Mycket bra"}


def point_label(point) -> str:
    """E.g. "Mående var 5:e session" or "Målskattning 3 månader efter avslut"."""
    return f"{INSTRUMENT_LABELS[point.instrument]} {POINT_LABELS[point.point].format(n=point.number)}"



def signal_label(signal) -> str:
    """E.g. "En samarbetsfråga under 9": the threshold comes from the instrument's file."""
    limit = "" if signal.limit is None else f"{signal.limit:g}"
    return SIGNAL_LABELS[signal.code].format(limit=limit)


LABELS = SimpleNamespace(
    gender=GENDER_LABELS, gender_heading=GENDER_HEADINGS, reason=REASON_LABELS,
    round_status=ROUND_STATUS_LABELS, signal=SIGNAL_LABELS, measure=MEASURE_LABELS,
    intervention=INTERVENTION_LABELS, contact=CONTACT_LABELS, follow_up=FOLLOW_UP_LABELS,
    decision=DECISION_LABELS, instrument=INSTRUMENT_LABELS, point_status=POINT_STATUS_LABELS,
    rater=RATER_LABELS, rating=RATING_LABELS, variable=VARIABLE_LABELS,
    value=VALUE_LABELS | REASON_LABELS, hidden=hidden_text, hidden_note=hidden_note,
    unit_kind=UNIT_KIND_LABELS, role=ROLE_LABELS, problem=PROBLEM_LABELS,
    speech_rate=SPEECH_RATE_LABELS,
    signal_action=SIGNAL_ACTION_LABELS, result=RESULT_LABELS, flag=FLAG_LABELS, item=ITEM_LABELS,
    dose=DOSE_LABELS, conventions=RESULT_CONVENTIONS,
)


def init_app(app: Flask) -> None:
    app.context_processor(lambda: {"labels": LABELS, "point_label": point_label,
                                         "signal_label": signal_label})
