"""Drive Debian's WebKitGTK (MiniBrowser via WebKitWebDriver) with Selenium under Xvfb.

Needs: apt-get install webkit2gtk-driver xvfb ; pip install selenium
Usage:
    with webkit_browser(viewport=IPAD_PORTRAIT, user_agent=IPAD_UA) as browser:
        browser.driver.get("http://127.0.0.1:8000/")
        browser.reset("http://127.0.0.1:8000/healthz")  # between tests
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from typing import Iterator, Sequence

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.webkitgtk.options import Options
from selenium.webdriver.webkitgtk.service import Service

DRIVER = shutil.which("WebKitWebDriver") or "/usr/bin/WebKitWebDriver"
# WebKitWebDriver's built-in default browser; shipped by libwebkit2gtk-4.1-0.
MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"

IPAD_PORTRAIT = (1024, 1366)      # iPad Pro 12.9" CSS px
IPAD_LANDSCAPE = (1366, 1024)
IPAD_UA = ("Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
           "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")


def available() -> bool:
    return bool(shutil.which("Xvfb")) and os.path.isfile(DRIVER) and os.path.isfile(MINIBROWSER)


@contextlib.contextmanager
def xvfb(screen: str = "1366x1366x24", timeout: float = 10.0) -> Iterator[str]:
    """Start Xvfb on a free display; yield the DISPLAY string (":N").

    -displayfd makes Xvfb pick a free display itself and write its number
    once it accepts clients: no lock-file scan, no polling, no race.
    """
    rfd, wfd = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(wfd), "-screen", "0", screen, "-nolisten", "tcp"],
        pass_fds=(wfd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(wfd)
    try:
        timer = threading.Timer(timeout, proc.kill)  # unblocks the read below
        timer.start()
        try:
            with os.fdopen(rfd, "rb") as r:
                line = r.readline()
        finally:
            timer.cancel()
        if not line.strip():
            raise RuntimeError(f"Xvfb did not start (rc={proc.poll()})")
        yield f":{int(line)}"
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def make_driver(display: str, *, user_agent: str | None = None, scale: int = 1,
                extra_args: Sequence[str] = (), profile_dir: str | None = None,
                log_path: str | None = None, start_timeout: float = 30.0
                ) -> webdriver.WebKitGTK:
    opts = Options()
    opts.binary_location = MINIBROWSER
    # Once ANY arg is given, WebKitWebDriver no longer adds --automation itself;
    # without it the browser never connects -> "Failed to match capabilities".
    opts.add_argument("--automation")
    if user_agent:
        opts.add_argument(f"--user-agent={user_agent}")
    for a in extra_args:
        opts.add_argument(a)
    env = dict(os.environ, DISPLAY=display, GDK_BACKEND="x11")
    env.pop("WAYLAND_DISPLAY", None)
    if scale != 1:
        env["GDK_SCALE"] = str(scale)          # -> window.devicePixelRatio == scale
    if profile_dir:                            # keep ~/.cache/webkitgtk-4.1 etc. out of $HOME
        for var in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
            env[var] = os.path.join(profile_dir, var.lower())
    # Explicit executable path => Selenium Manager is never consulted (no download).
    # Own session/process group: MiniBrowser and its Web/Network/GPU processes
    # inherit it, so teardown can wait for (or kill) exactly this tree.
    service = Service(DRIVER, env=env, log_output=log_path or subprocess.DEVNULL,
                      popen_kw={"start_new_session": True})

    # If MiniBrowser dies at launch (no DISPLAY, unknown option such as
    # --headless) WebKitWebDriver waits forever and so does New Session.
    # Watchdog: kill the driver so the pending request fails instead.
    def _kill() -> None:
        if service.process and service.process.poll() is None:
            _kill_group(service.process.pid)
    timer = threading.Timer(start_timeout, _kill)
    timer.daemon = True
    timer.start()
    try:
        return webdriver.WebKitGTK(options=opts, service=service)
    except Exception as exc:
        if service.process:
            _kill_group(service.process.pid)   # no stray MiniBrowser after a failed start
        if not timer.is_alive():
            raise RuntimeError(f"WebKitGTK session not created within {start_timeout}s; "
                               f"browser args {opts.arguments} (see log_path)") from exc
        raise
    finally:
        timer.cancel()


def _group_alive(pgid: int) -> bool:
    """Any non-zombie process left in process group pgid?"""
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)


def quit_driver(driver, timeout: float = 5.0) -> None:
    """driver.quit(), then wait until the browser's helper processes are gone
    (they outlive quit() by a moment and still write to the profile)."""
    pgid = driver.service.process.pid
    try:
        driver.quit()
    finally:
        deadline = time.monotonic() + timeout
        while _group_alive(pgid) and time.monotonic() < deadline:
            time.sleep(0.05)
        _kill_group(pgid)


_SETTLED_SIZE = """
const done = arguments[arguments.length - 1];
requestAnimationFrame(() => requestAnimationFrame(() =>
    done([innerWidth, innerHeight, outerWidth, outerHeight])));"""


def set_viewport(driver, width: int, height: int, attempts: int = 6) -> None:
    """Make window.innerWidth/innerHeight exactly width x height (CSS px).

    set_window_size sets the *outer* GTK window; MiniBrowser keeps a 38 px
    header, so innerHeight = height - 38. set_window_size can return before the
    page sees the resize, so read the size only after it has settled (outer
    size as requested, then two animation frames) and converge on the target.
    """
    outer = (width, height)
    for _ in range(attempts):
        driver.set_window_size(*outer)
        deadline = time.monotonic() + 5
        while True:
            iw, ih, ow, oh = driver.execute_async_script(_SETTLED_SIZE)
            if (ow, oh) == outer or time.monotonic() > deadline:
                break
        if (iw, ih) == (width, height):
            # confirm it is not a stale read that happens to match
            if driver.execute_async_script(_SETTLED_SIZE)[:2] == [width, height]:
                return
            continue
        outer = (outer[0] + width - iw, outer[1] + height - ih)
    raise RuntimeError(f"viewport {width}x{height} not reached, last inner {iw}x{ih}")


# Nothing of a test left in the origin of ``blank`` (a page with no script, outside the service
# worker's scope). Bounded in the page, so a wedged service-worker job shows as parts unfinished
# rather than as a script timeout; returns the parts not done in time.
_FORGET = """
localStorage.clear();
sessionStorage.clear();
const left = new Set(["caches", "service workers"]);
const done = (part, work) => work.then(() => left.delete(part));
return Promise.race([
  Promise.all([
    done("caches", caches.keys().then(keys => Promise.all(keys.map(k => caches.delete(k))))),
    done("service workers", navigator.serviceWorker.getRegistrations()
         .then(rs => Promise.all(rs.map(r => r.unregister()))))]),
  new Promise(resolve => setTimeout(resolve, 5000))]).then(() => [...left]);"""


class WebKitBrowser:
    """One WebKitGTK browser on a display, cleared between tests and started again (a new profile,
    a new browser) when clearing it fails: a page's own navigation, a service worker or WebKit
    itself can leave a session whose scripts never finish, and the next test would inherit it."""

    def __init__(self, display: str, viewport: tuple[int, int], script_timeout: float = 15,
                 **driver_args) -> None:
        self.display, self.viewport, self.script_timeout = display, viewport, script_timeout
        self.driver_args = driver_args
        self.restarts: list[str] = []  # why, each time the browser was started again
        self._start()

    def _start(self, attempts: int = 2) -> None:
        for attempt in range(attempts):  # a loaded machine can miss the first start's deadline
            self._profile = tempfile.TemporaryDirectory(prefix="webkit-", ignore_cleanup_errors=True)
            try:
                self.driver = make_driver(self.display, profile_dir=self._profile.name,
                                          **self.driver_args)
                break
            except RuntimeError:
                self._profile.cleanup()
                if attempt == attempts - 1:
                    raise
        self.driver.set_script_timeout(self.script_timeout)
        self.driver.get("about:blank")
        set_viewport(self.driver, *self.viewport)

    def close(self) -> None:
        try:
            quit_driver(self.driver)
        finally:
            self._profile.cleanup()

    def reset(self, blank: str) -> str | None:
        """Back to the run's viewport with no storage, caches, service workers or cookies left in
        the origin of ``blank``; if that fails, a fresh browser. Returns why it was needed."""
        try:
            problem = self._clear(blank)
        except WebDriverException as error:
            problem = f"{type(error).__name__}: {error.msg}"
        if problem:
            self.restarts.append(problem)
            with contextlib.suppress(WebDriverException):
                self.close()
            self._start()
        return problem

    def _clear(self, blank: str, attempts: int = 2) -> str | None:
        left: list[str] = []
        for _ in range(attempts):
            self.driver.get(blank)
            # The page's own timer may have navigated at the same moment and won.
            if self.driver.execute_script("return location.href") != blank:
                left = [f"page {self.driver.current_url}"]
                continue
            set_viewport(self.driver, *self.viewport)
            left = self.driver.execute_script(_FORGET)
            if not left:
                self.driver.delete_all_cookies()
                return None
        return f"not cleared: {', '.join(left)}"


@contextlib.contextmanager
def webkit_browser(viewport: tuple[int, int] = IPAD_PORTRAIT, **browser_args
                   ) -> Iterator[WebKitBrowser]:
    """Xvfb and a WebKitBrowser on it (an empty temp profile each time it starts); always torn
    down."""
    side = max(IPAD_PORTRAIT) * browser_args.get("scale", 1) + 64  # both orientations, header
    with xvfb(f"{side}x{side}x24") as display:
        browser = WebKitBrowser(display, viewport, **browser_args)
        try:
            yield browser
        finally:
            browser.close()
