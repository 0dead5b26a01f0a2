"""A real OpenID Connect provider (the npm package ``oidc-provider``, provider.mjs) on loopback,
and a browser played by ``requests``: following redirects and filling in the provider's login
form. ``npm ci`` runs once into this folder (node_modules is git-ignored)."""
from __future__ import annotations

import json
import os
import queue
import re
import secrets
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

HERE = Path(__file__).resolve().parent
READY_TIMEOUT = 30
LOGIN_FORM = re.compile(r'<form id="login-form" method="post" action="([^"]+)"')
LOGOUT_FORM = re.compile(r'<form id="op.logoutForm" method="post" action="([^"]+)">'
                         r'<input type="hidden" name="xsrf" value="([^"]+)"/>')


@dataclass
class Provider:
    process: subprocess.Popen
    issuer: str
    errors: list[str] = field(default_factory=list)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def install() -> None:
    """``npm ci`` once; without Node.js the tests skip off CI and fail on CI."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        if os.environ.get("CI"):
            pytest.fail("node and npm are needed for the OpenID Connect tests")
        pytest.skip("node/npm not installed")
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE,
                       check=True, capture_output=True)


def _pump(stream, sink) -> None:
    for line in iter(stream.readline, ""):
        sink(line.rstrip("\n"))
    stream.close()


def start_provider(config: dict, folder: Path) -> Provider:
    """Start provider.mjs with ``config`` (clients, accounts); returns once it listens."""
    path = folder / f"provider-{secrets.token_hex(4)}.json"
    path.write_text(json.dumps(config))
    env = {k: v for k, v in os.environ.items() if not k.startswith("OIDC_")}
    process = subprocess.Popen(["node", "provider.mjs", str(path)], cwd=HERE, text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**env, "OIDC_EXIT_ON_STDIN_EOF": "1"})
    lines: queue.Queue[str] = queue.Queue()
    errors: list[str] = []
    threading.Thread(target=_pump, args=(process.stdout, lines.put), daemon=True).start()
    threading.Thread(target=_pump, args=(process.stderr, errors.append), daemon=True).start()
    try:
        while not (line := lines.get(timeout=READY_TIMEOUT)).startswith("READY "):
            pass
    except queue.Empty:
        process.kill()
        raise RuntimeError("the provider did not start:\n" + "\n".join(errors)) from None
    return Provider(process, line.split(" ")[1], errors)


def browse(browser: requests.Session, url: str, login: dict | None = None, max_hops: int = 20):
    """GET ``url`` and follow redirects by hand, filling in the provider's login form with
    ``login`` ({"login": …, "password": …}) the first time it shows. Returns (response, URLs)."""
    hops = [url]
    response = browser.get(url, allow_redirects=False, timeout=10)
    for _ in range(max_hops):
        if response.is_redirect:
            hops.append(urljoin(response.url, response.headers["Location"]))
            response = browser.get(hops[-1], allow_redirects=False, timeout=10)
            continue
        form = LOGIN_FORM.search(response.text) if login is not None else None
        if form is None:
            return response, hops
        response = browser.post(urljoin(response.url, form.group(1)), data=login,
                                allow_redirects=False, timeout=10)
        login = None
    raise AssertionError(f"too many redirects: {hops}")
