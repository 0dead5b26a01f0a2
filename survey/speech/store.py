"""The audio folder: file names by hash, the ``index.json`` manifest, and recorded files.

Layout of the audio folder (``AUDIO_DIR``)::

    <hash>.mp3 / <hash>.wav   synthesised audio; <hash> = audio_stem(engine, language, voice, text,
                              settings): the engine's settings (gTTS slow, espeak-ng's words per
                              minute) are part of the name, so slow speech is a file of its own
    <hash>.<ext>              a copy of a recorded file; <hash> = sha256 of its content
    index.json                text_key(language, text) -> {"file", "language", "text", "source",
                              and "slow": the slow file, where one was built}

Recorded files (``RECORDED_AUDIO_DIR``) are placed by an organisation as
``<language>/<text_key>.mp3`` (or ``.m4a`` / ``.wav``); ``recorded_name`` gives that name.
File names never change meaning, so the web server may cache them for a long time.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import unicodedata
from pathlib import Path

MANIFEST = "index.json"
MANIFEST_FORMAT = 1
SYNTHESISED_EXTENSIONS = (".mp3", ".wav")
RECORDED_EXTENSIONS = (".mp3", ".m4a", ".wav")
HASH_LENGTH = 32

Entry = dict[str, str]
Settings = dict[str, bool | int]

# Manifests already read by ``lookup``: path -> (file stamp, entries by text key).
_read_manifests: dict[Path, tuple[tuple[int, int, int], dict[str, Entry]]] = {}


def normalise(text: str) -> str:
    """The text as it is spoken: Unicode NFC, runs of whitespace made one space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _short_hash(data: str | bytes) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()[:HASH_LENGTH]


def text_key(language: str, text: str) -> str:
    """The manifest key of a text: a hash of its language and normalised text."""
    return _short_hash(f"{language}\n{normalise(text)}")


def audio_stem(engine: str, language: str, voice: str, text: str,
               settings: Settings | None = None) -> str:
    """The file name (without extension) of a synthesised text; ``settings`` are the engine's
    settings other than its defaults (none for normal speech, so those names never changed)."""
    named: dict[str, object] = {"engine": engine, "language": language, "text": normalise(text),
                                "voice": voice}
    if settings:
        named["settings"] = settings
    canonical = json.dumps(named, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return _short_hash(canonical)


def recorded_name(language: str, text: str, extension: str = ".mp3") -> str:
    """Where an organisation puts its recording of a text, relative to RECORDED_AUDIO_DIR."""
    return f"{language}/{text_key(language, text)}{extension}"


def find_recorded(recorded_dir: Path, language: str, text: str) -> Path | None:
    """The organisation's recording of a text, if there is one."""
    for extension in RECORDED_EXTENSIONS:
        path = Path(recorded_dir) / recorded_name(language, text, extension)
        if path.is_file():
            return path
    return None


def find_audio(audio_dir: Path, stem: str) -> Path | None:
    """The synthesised file with this stem, whichever audio format it was kept in."""
    for extension in SYNTHESISED_EXTENSIONS:
        path = Path(audio_dir) / f"{stem}{extension}"
        if path.is_file():
            return path
    return None


def write_file(path: Path, data: bytes) -> None:
    """Write all of ``data`` or nothing: a half-written file must never look finished."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def copy_recorded(recorded: Path, audio_dir: Path) -> str:
    """Copy a recording into the audio folder under its content hash; return the file name."""
    data = recorded.read_bytes()
    name = f"{_short_hash(data)}{recorded.suffix.lower()}"
    target = Path(audio_dir) / name
    if not target.is_file():
        write_file(target, data)
    return name


def read_manifest(audio_dir: Path) -> dict[str, Entry]:
    """Entries by text key; empty when there is no manifest yet."""
    path = Path(audio_dir) / MANIFEST
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["texts"]


def write_manifest(audio_dir: Path, entries: dict[str, Entry]) -> None:
    document = {"format": MANIFEST_FORMAT, "texts": dict(sorted(entries.items()))}
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    write_file(Path(audio_dir) / MANIFEST, text.encode("utf-8"))


def _manifest(audio_dir: Path) -> dict[str, Entry]:
    """The manifest's entries, read again only when the file changed (cheap per request)."""
    path = Path(audio_dir) / MANIFEST
    try:
        status = path.stat()
    except FileNotFoundError:
        return {}
    stamp = (status.st_mtime_ns, status.st_ino, status.st_size)
    cached = _read_manifests.get(path)
    if cached is None or cached[0] != stamp:
        cached = (stamp, read_manifest(audio_dir))
        _read_manifests[path] = cached
    return cached[1]


def lookup_key(audio_dir: Path, key: str, *, slow: bool = False) -> str | None:
    """The audio file for a ``text_key`` (its slow file with ``slow``), relative to the audio
    folder, or None."""
    entry = _manifest(audio_dir).get(key) or {}
    return entry.get("slow" if slow else "file")


def lookup(audio_dir: Path, language: str, text: str, *, slow: bool = False) -> str | None:
    """The audio file of a text, relative to the audio folder, or None when there is none."""
    return lookup_key(audio_dir, text_key(language, text), slow=slow)
