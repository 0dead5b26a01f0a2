"""One way to drive the tablet in both engines: Chromium through Playwright (touch) and WebKit,
Safari's engine, through Selenium (WebDriver clicks; WebKitGTK has no touch input)."""
from __future__ import annotations

import time

from playwright.sync_api import Error as PlaywrightError
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from .webkit_session import set_viewport


class Tablet:
    """What a test does with the tablet; ``js`` is an expression (a promise is awaited)."""

    engine: str

    def wait_until(self, expression: str, timeout: float = 15) -> None:
        """Poll until true; a page being replaced by the next one counts as false."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                if self.js(expression):
                    return
            except Exception:  # noqa: BLE001 - the page navigated while the script ran
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.engine}: still false after {timeout}s: {expression}")
            time.sleep(0.1)

    def wait_for(self, css: str, timeout: float = 15) -> None:
        self.wait_until(f"(() => {{ const e = document.querySelector({css!r});"
                        " return !!e && !!(e.offsetWidth || e.offsetHeight); })()", timeout)

    def count(self, css: str) -> int:
        return self.js(f"document.querySelectorAll({css!r}).length")

    def on_screen(self, key: str) -> None:
        """Wait until the questionnaire shows the screen of ``key``."""
        self.wait_for(f"section.screen[data-key='{key}']:not([hidden])")

    def send(self) -> None:
        """From the last question (or the background screen) through the review to sending."""
        if self.count("section.screen[data-key='background']"):
            self.on_screen("background")
            self.tap("[data-step='1']")
        self.on_screen("review")
        self.tap("button.send")
        self.wait_for("#done")

    def text(self) -> str:
        return self.js("document.body ? document.body.innerText : ''")

    def fill(self, css: str, value: str) -> None:
        self.wait_for(css)
        self._fill(css, value)

    def run(self, function: str):
        """Call a JavaScript function given as source (``"() => ..."``); its result."""
        return self.js(f"({function})()")

    def settle(self) -> None:
        """Wait for the layout after a change of size or style (two animation frames)."""
        self.js("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


class ChromiumTablet(Tablet):
    engine = "chromium"

    def __init__(self, page):
        self.page = page

    def goto(self, url: str) -> None:
        try:
            self.page.goto(url)
        except PlaywrightError as error:
            # The page's own timer (the thank-you screen's return) navigated at the same moment:
            # that aborts this navigation in Chromium; going again is what a person would do.
            if "ERR_ABORTED" not in str(error):
                raise
            self.page.goto(url)

    def js(self, expression: str):
        return self.page.evaluate(expression)


    def tap(self, css: str) -> None:
        self.page.locator(css).first.tap()

    def tap_at(self, css: str, fraction: float) -> None:
        line = self.page.locator(css).first
        box = line.bounding_box()
        line.tap(position={"x": box["width"] * fraction, "y": box["height"] / 2})

    def _fill(self, css: str, value: str) -> None:
        self.page.fill(css, value)

    def set_viewport(self, width: int, height: int) -> None:
        self.page.set_viewport_size({"width": width, "height": height})

    def back(self) -> None:
        self.page.go_back()

    def reload(self) -> None:
        self.page.reload()

    @property
    def url(self) -> str:
        return self.page.url


class WebKitTablet(Tablet):
    engine = "webkit"

    def __init__(self, driver):
        self.driver = driver

    def goto(self, url: str) -> None:
        self.driver.get(url)

    def js(self, expression: str):
        return self.driver.execute_script(f"return {expression}")  # a promise is awaited

    def set_viewport(self, width: int, height: int) -> None:
        set_viewport(self.driver, width, height)

    def _with(self, css: str, act, timeout: float = 15) -> None:
        """``act`` on the element once it is shown; looked for again when the page that showed it
        was replaced before WebDriver reached it (as Playwright's locators do)."""
        deadline = time.monotonic() + timeout
        while True:
            self.wait_for(css, max(0.1, deadline - time.monotonic()))
            try:
                act(self.driver.find_element(By.CSS_SELECTOR, css))
                return
            except (NoSuchElementException, StaleElementReferenceException):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def tap(self, css: str) -> None:
        self._with(css, lambda element: element.click())

    def tap_at(self, css: str, fraction: float) -> None:
        def click(line) -> None:
            ActionChains(self.driver).move_to_element_with_offset(
                line, round(line.size["width"] * (fraction - 0.5)), 0).click().perform()
        self._with(css, click)

    def _fill(self, css: str, value: str) -> None:
        def type_in(field) -> None:
            field.clear()
            field.send_keys(value)
        self._with(css, type_in)

    def back(self) -> None:
        self.driver.back()

    def reload(self) -> None:
        self.driver.refresh()

    @property
    def url(self) -> str:
        return self.driver.current_url
