"""The built wheel runs on its own: ``pip install survey-*.whl`` then ``survey demo`` / ``survey serve``.

Slow-ish (about 15 s) and needs the package index once, for the isolated build's setuptools.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Not part of a build: copying them would only slow the test down (or leak a stale build/).
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "instance", "build", "dist", "*.egg-info",
                                    "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache",
                                    "*.sqlite3", "*.db")


def _run(*args, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120) -> str:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{args} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _build_wheel(source: Path, out: Path) -> Path:
    """Build from a copy of the checkout, so no build/ or egg-info lands in (or is read from) it."""
    shutil.copytree(REPO, source, ignore=NOT_SOURCE)
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check",
         "-w", str(out), str(source), cwd=out.parent)
    [wheel] = out.glob("survey-*.whl")
    return wheel


def _check_contents(wheel: Path, source: Path) -> None:
    """Every package, template, migration, questionnaire and static file of the source is in the wheel."""
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"survey/{p.relative_to(source / 'survey').as_posix()}"
                for folder in ("templates", "migrations") for p in (source / "survey" / folder).rglob("*")
                if p.is_file() and "__pycache__" not in p.parts}
    expected |= {f"survey/{p.relative_to(source / 'survey').as_posix()}"
                 for p in (source / "survey").rglob("__init__.py")}  # packages pyproject must list
    expected |= {f"survey/operations/{p.name}" for p in (source / "survey" / "operations").glob("*.txt.gz")}
    expected |= {f"survey/_questionnaires/{p.name}" for p in (source / "questionnaires").glob("*.yaml")}
    expected |= {f"survey/domain/client_words/{p.name}"
                 for p in (source / "survey" / "domain" / "client_words").glob("*.yaml")}
    expected |= {f"survey/static/{p.relative_to(source / 'static').as_posix()}"
                 for p in (source / "static").rglob("*") if p.is_file()}
    assert {"survey/migrations/script.py.mako", "survey/static/css/kiosk.css",
            "survey/static/pictograms/LICENSE.md", "survey/static/pictograms/credits.json",
            "survey/operations/common-passwords.txt.gz"} <= expected
    assert any(n.startswith("survey/migrations/versions/") for n in expected)
    missing = sorted(expected - names)
    assert not missing, f"missing from {wheel.name} (add packages/package-data in pyproject.toml): {missing}"


def _venv_with_wheel(venv: Path, wheel: Path) -> Path:
    """A fresh venv holding only the wheel; the dependencies come from this test's environment
    through a .pth line (added after installing, so pip never sees the editable checkout)."""
    _run(sys.executable, "-m", "venv", "--without-pip", str(venv), cwd=venv.parent)
    python = venv / "bin" / "python"
    _run(sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
         "--quiet", "--disable-pip-version-check", str(wheel), cwd=venv.parent)
    site_packages = Path(_run(str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                              cwd=venv.parent).strip())
    (site_packages / "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return site_packages


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_installed_wheel_runs_demo_and_serves_pages_and_static_files():
    """Build the wheel, install it (not editable) into a fresh venv, then from an unrelated
    directory run ``survey demo`` and ``survey serve``: the app must find its templates,
    migrations, questionnaires and static files inside the installed package."""
    with tempfile.TemporaryDirectory(prefix="survey-packaging-") as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "wheel").mkdir()
        wheel = _build_wheel(tmp / "source", tmp / "wheel")
        _check_contents(wheel, tmp / "source")
        site_packages = _venv_with_wheel(tmp / "venv", wheel)

        elsewhere = tmp / "elsewhere"
        elsewhere.mkdir()
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("SURVEY_", "FLASK_", "PYTHON", "VIRTUAL_ENV"))}
        env["SURVEY_DATABASE_URL"] = f"sqlite:///{tmp / 'demo.sqlite3'}"
        python, survey = tmp / "venv" / "bin" / "python", tmp / "venv" / "bin" / "survey"

        located = _run(str(python), "-c", "import survey, survey.config as c; "
                       "print(survey.__file__, c.BUNDLED_QUESTIONNAIRES, c.STATIC_DIR, sep='\\n')",
                       cwd=elsewhere, env=env).split()
        assert located == [str(site_packages / "survey" / "__init__.py"),
                           str(site_packages / "survey" / "_questionnaires"),
                           str(site_packages / "survey" / "static")]

        demo = _run(str(survey), "demo", cwd=elsewhere, env=env)
        assert "Demo data created" in demo and "admin" in demo and "terapeut1" in demo

        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([str(survey), "serve", "--port", str(port)], cwd=elsewhere, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            deadline = time.monotonic() + 30
            while True:
                assert server.poll() is None, f"survey serve exited:\n{server.communicate()[0]}"
                try:
                    if _get(f"{base}/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, "survey serve did not answer /healthz in 30 s"
                time.sleep(0.2)
            for path, expected in [("/healthz", b"ok"), ("/login", b"<form"),
                                   ("/static/css/kiosk.css", b"{"), ("/kiosk/", b"<html")]:
                status, body = _get(base + path)
                assert status == 200, f"GET {path}: {status}"
                assert expected in body, f"GET {path}: unexpected body {body[:200]!r}"
        finally:
            server.terminate()
            try:
                server.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.communicate()
