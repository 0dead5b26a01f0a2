"""Drive Debian's WebKitGTK (MiniBrowser via WebKitWebDriver) with Selenium under Xvfb.

Needs: apt-get install webkit2gtk-driver xvfb ; pip install selenium
Usage:
    with webkit_session(viewport=IPAD_PORTRAIT, user_agent=IPAD_UA) as driver:
        driver.get("http://127.0.0.1:8000/")
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


@contextlib.contextmanager
def webkit_session(viewport: tuple[int, int] | None = IPAD_PORTRAIT, *,
                   window: tuple[int, int] | None = None,
                   user_agent: str | None = None,
                   scale: int = 1,
                   extra_args: Sequence[str] = (),
                   display: str | None = None,
                   log_path: str | None = None) -> Iterator[webdriver.WebKitGTK]:
    """Xvfb (unless display is given) + a fresh WebKitGTK session; always torn down.

    viewport: exact innerWidth x innerHeight (about:blank is loaded first to
    measure). window: set the outer window size instead. Every session gets an
    empty temp profile (automation sessions are ephemeral anyway).
    """
    with contextlib.ExitStack() as stack:
        profile = stack.enter_context(
            tempfile.TemporaryDirectory(prefix="webkit-", ignore_cleanup_errors=True))
        if display is None:
            side = 1366 * scale + 64   # fits both iPad orientations plus the header
            display = stack.enter_context(xvfb(f"{side}x{side}x24"))
        driver = make_driver(display, user_agent=user_agent, scale=scale,
                             extra_args=extra_args, profile_dir=profile, log_path=log_path)
        stack.callback(quit_driver, driver)
        if window:
            driver.set_window_size(*window)
        elif viewport:
            driver.get("about:blank")
            set_viewport(driver, *viewport)
        yield driver
