"""Audio for every text a client sees: synthesised once, stored by hash, recordings first.

Free of Flask; the ``survey speech build`` command lives in ``survey.speech.cli``.
"""
from survey.speech.build import (
    SOURCES,
    BuildReport,
    Failure,
    LanguageCount,
    build_audio,
    collect_texts,
    questionnaire_texts,
)
from survey.speech.engines import (
    ENGINE_CHOICES,
    Audio,
    Engine,
    EngineUnavailable,
    EspeakEngine,
    GttsEngine,
    SynthesisError,
    make_engines,
)
from survey.speech.store import (
    lookup,
    lookup_key,
    normalise,
    read_manifest,
    recorded_name,
    text_key,
)

__all__ = [
    "Audio", "BuildReport", "ENGINE_CHOICES", "Engine", "EngineUnavailable", "EspeakEngine",
    "Failure", "GttsEngine", "LanguageCount", "SOURCES", "SynthesisError", "build_audio", "collect_texts", "lookup",
    "lookup_key", "make_engines", "normalise", "questionnaire_texts", "read_manifest", "recorded_name",
    "text_key",
]
