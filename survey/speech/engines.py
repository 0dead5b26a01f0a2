"""Speech engines: gTTS (Google Translate's voice, needs internet) and espeak-ng (offline).

An engine names the voice it uses for a language (None when it has none) and turns one text
into audio bytes, at its normal or its slow rate; ``settings`` names what differs from its
defaults (the store puts them in the file name). ``SynthesisError`` means this text failed; ``EngineUnavailable`` means the
engine cannot work at all right now (no network, program missing), so a build stops using it.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

from gtts import gTTS, gTTSError
from gtts.lang import tts_langs

from survey.speech.store import Settings

ENGINE_CHOICES = ("auto", "gtts", "espeak")

# Questionnaire language codes that the engines know by another name.
GTTS_LANGUAGES = {"nb": "no", "nn": "no"}
ESPEAK_VOICES = {"no": "nb"}

TOO_MANY_REQUESTS = 429
SLOW_WORDS_PER_MINUTE = 120  # espeak-ng's normal rate is 175 words per minute


class SynthesisError(Exception):
    """One text could not be turned into audio."""


class EngineUnavailable(SynthesisError):
    """The engine cannot work at all in this run (no network, program missing)."""


@dataclass(frozen=True)
class Audio:
    data: bytes
    extension: str  # ".mp3" or ".wav"


class Engine(Protocol):
    name: str

    def voice_for(self, language: str) -> str | None:
        """The voice used for ``language``, or None when the engine cannot speak it."""

    def settings(self, slow: bool) -> Settings:
        """The settings that make speech slow (empty for normal speech)."""

    def synthesise(self, text: str, voice: str, slow: bool = False) -> Audio:
        """Speak ``text`` with ``voice``; raise ``SynthesisError`` or ``EngineUnavailable``."""


class GttsEngine:
    """gTTS, throttled: ``delay`` seconds between requests, backing off when Google answers 429."""

    name = "gtts"

    def __init__(self, delay: float = 1.0, retries: int = 2, backoff: float = 5.0,
                 timeout: tuple[float, float] = (5.0, 30.0),
                 sleep: Callable[[float], None] = time.sleep):
        self.delay = delay
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout  # (connect, read): a blocked network shows within seconds
        self._sleep = sleep
        self._has_requested = False
        self._languages = tts_langs()  # a list shipped with gTTS: no request

    def voice_for(self, language: str) -> str | None:
        code = GTTS_LANGUAGES.get(language, language)
        return code if code in self._languages else None

    def settings(self, slow: bool) -> Settings:
        return {"slow": True} if slow else {}

    def synthesise(self, text: str, voice: str, slow: bool = False) -> Audio:
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(self.backoff * 2 ** (attempt - 1))
            elif self._has_requested:
                self._sleep(self.delay)
            self._has_requested = True
            try:
                data = b"".join(gTTS(text, lang=voice, slow=slow, lang_check=False,
                                     timeout=self.timeout).stream())
            except gTTSError as error:
                if error.rsp is None:
                    raise EngineUnavailable(f"gTTS is not reachable: {error}") from error
                if error.rsp.status_code != TOO_MANY_REQUESTS:
                    raise SynthesisError(f"gTTS: {error}") from error
                continue
            except AssertionError as error:  # gTTS asserts that something is left to speak
                raise SynthesisError(f"gTTS: nothing to speak ({error})") from error
            if not data:
                raise SynthesisError("gTTS answered without audio")
            return Audio(data, ".mp3")
        raise SynthesisError(
            f"gTTS answered 429 Too Many Requests {self.retries + 1} times; try a longer --delay"
        )


class EspeakEngine:
    """espeak-ng through its command line; WAV, or MP3 when ``lame`` or ``ffmpeg`` is installed."""

    name = "espeak"

    def __init__(self, executable: str):
        self.executable = executable
        self._voices: dict[str, str | None] = {}

    def voice_for(self, language: str) -> str | None:
        if language not in self._voices:
            voice = ESPEAK_VOICES.get(language, language)
            self._voices[language] = voice if self._has_voice(voice) else None
        return self._voices[language]

    def _has_voice(self, voice: str) -> bool:
        """True when espeak-ng has a voice of its own (not an MBROLA one) for ``voice``."""
        listing = self._run([f"--voices={voice}"]).decode("utf-8", "replace")
        rows = [line.split() for line in listing.splitlines()[1:]]
        return any(len(row) >= 5 and not row[4].startswith("mb/") for row in rows)

    def settings(self, slow: bool) -> Settings:
        return {"words_per_minute": SLOW_WORDS_PER_MINUTE} if slow else {}

    def synthesise(self, text: str, voice: str, slow: bool = False) -> Audio:
        rate = [f"-s{SLOW_WORDS_PER_MINUTE}"] if slow else []
        with tempfile.TemporaryDirectory(prefix="espeak-") as folder:
            wav = Path(folder) / "speech.wav"
            self._run(["-v", voice, *rate, "-b", "1", "-w", str(wav), "--stdin"],
                      text.encode("utf-8"))
            if not wav.read_bytes().startswith(b"RIFF"):
                raise SynthesisError("espeak-ng wrote no WAV audio")
            mp3 = Path(folder) / "speech.mp3"
            command = mp3_command(wav, mp3)
            if command is None:
                return Audio(wav.read_bytes(), ".wav")
            _run_program(command, None, command[0])
            return Audio(mp3.read_bytes(), ".mp3")

    def _run(self, arguments: list[str], stdin: bytes | None = None) -> bytes:
        return _run_program([self.executable, *arguments], stdin, "espeak-ng")


def _run_program(command: list[str], stdin: bytes | None, what: str) -> bytes:
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, timeout=120)
    except FileNotFoundError as error:
        raise EngineUnavailable(f"{what} is not installed: {error}") from error
    except subprocess.TimeoutExpired as error:
        raise SynthesisError(f"{what} took longer than {error.timeout} s") from error
    if done.returncode:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise SynthesisError(f"{what} failed ({done.returncode}): {message}")
    return done.stdout


def mp3_command(wav: Path, mp3: Path) -> list[str] | None:
    """The command turning ``wav`` into ``mp3`` with lame or ffmpeg; None when neither is here."""
    if lame := shutil.which("lame"):
        return [lame, "--quiet", str(wav), str(mp3)]
    if ffmpeg := shutil.which("ffmpeg"):
        return [ffmpeg, "-loglevel", "error", "-y", "-i", str(wav), str(mp3)]
    return None


def make_engines(choice: str, delay: float = 1.0,
                 sleep: Callable[[float], None] = time.sleep) -> list[Engine]:
    """The engines to try, best first, for ``--engine auto|gtts|espeak``."""
    if choice not in ENGINE_CHOICES:
        raise ValueError(f"unknown engine {choice!r}; choose one of {', '.join(ENGINE_CHOICES)}")
    engines: list[Engine] = []
    if choice in ("auto", "gtts"):
        engines.append(GttsEngine(delay=delay, sleep=sleep))
    if choice in ("auto", "espeak"):
        executable = shutil.which("espeak-ng")
        if executable:
            engines.append(EspeakEngine(executable))
        elif choice == "espeak":
            raise EngineUnavailable("espeak-ng is not installed (Debian: apt-get install espeak-ng)")
    return engines
