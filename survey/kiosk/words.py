"""Every word of the client pages, per language."""
from __future__ import annotations

WORDS = {
    "sv": {
        "start": "Börja",
        "waiting": "Surfplattan är redo. Personalen startar en enkät.",
        "next": "Nästa",
        "back": "Tillbaka",
        "skip": "Vill inte svara",
        "review": "Titta på dina svar",
        "send": "Skicka svaren",
        "not_answered": "Inget svar",
        "thanks": "Tack för dina svar!",
        "thanks_more": "Lämna tillbaka surfplattan till personalen.",
        "gender": "Är du kvinna eller man?",
        "age_group": "Hur gammal är du?",
        "woman": "Kvinna", "man": "Man", "other": "Annat", "not-stated": "Vill inte säga",
        "needs_js": "Den här sidan behöver JavaScript för att visa linjen.",
        "question_of": "Fråga",
        "errors": "Något blev fel. Titta på svaren igen.",
        "mark_hint": "Tryck på linjen",
    },
    "en": {
        "start": "Start",
        "waiting": "The tablet is ready. Staff will start a survey.",
        "next": "Next",
        "back": "Back",
        "skip": "Don't want to answer",
        "review": "Look at your answers",
        "send": "Send the answers",
        "not_answered": "No answer",
        "thanks": "Thank you for your answers!",
        "thanks_more": "Please give the tablet back to the staff.",
        "gender": "Are you a woman or a man?",
        "age_group": "How old are you?",
        "woman": "Woman", "man": "Man", "other": "Other", "not-stated": "Don't want to say",
        "needs_js": "This page needs JavaScript to show the line.",
        "question_of": "Question",
        "errors": "Something went wrong. Please look at the answers again.",
        "mark_hint": "Tap the line",
    },
}


def words_for(language: str) -> dict[str, str]:
    return WORDS.get(language, WORDS["sv"])
