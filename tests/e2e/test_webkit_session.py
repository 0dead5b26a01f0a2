"""The WebKit browser's reset between tests: a service worker that never finishes installing
makes ``unregister()`` wait for good (a CI teardown once timed out on it); the reset says so and
leaves a fresh browser with nothing of it."""
from __future__ import annotations

import http.server
import threading
import time

import pytest

PAGES = {
    "/blank": ("text/plain", b"nothing"),
    "/page": ("text/html", b"<!doctype html><title>t</title>"
                           b"<script>navigator.serviceWorker.register('/sw.js')</script>"),
    "/sw.js": ("text/javascript",
               b"self.addEventListener('install', e => e.waitUntil(new Promise(() => {})));"),
}
REGISTRATIONS = ("return navigator.serviceWorker.getRegistrations()"
                 ".then(rs => rs.map(r => !!r.installing))")


class _Pages(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the name http.server calls
        kind, body = PAGES[self.path]
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args):
        pass


@pytest.fixture
def origin():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_a_worker_that_never_installs_gets_a_fresh_browser(webkit_browser, origin):
    driver = webkit_browser.driver
    driver.get(f"{origin}/page")
    driver.get(f"{origin}/blank")
    deadline = time.monotonic() + 10
    while driver.execute_script(REGISTRATIONS) != [True] and time.monotonic() < deadline:
        time.sleep(0.2)  # the registration appears once the worker's script is fetched
    assert driver.execute_script(REGISTRATIONS) == [True]
    assert webkit_browser.reset(f"{origin}/blank") == "not cleared: service workers"
    webkit_browser.driver.get(f"{origin}/blank")
    assert webkit_browser.driver.execute_script(REGISTRATIONS) == []
    assert webkit_browser.reset(f"{origin}/blank") is None  # the fresh browser clears at once
