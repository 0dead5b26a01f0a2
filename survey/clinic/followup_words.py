"""Swedish labels for the follow-up pages (the domain keeps only keys)."""
from __future__ import annotations

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
STATUS_LABELS = {"done": "gjord", "upcoming": "kommande", "due": "dags nu", "overdue": "försenad"}
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
}  # the end reason's values are the close reasons: ``forms.REASON_LABELS``
RATING_LABELS = {1: "1 Mycket dåligt", 2: "2 Dåligt", 3: "3 Varken eller", 4: "4 Bra",
                 5: "5 Mycket bra"}


def point_label(point) -> str:
    """E.g. "Mående var 5:e session" or "Målskattning 3 månader efter avslut"."""
    return f"{INSTRUMENT_LABELS[point.instrument]} {POINT_LABELS[point.point].format(n=point.number)}"
