"""Headless Chromium for the page tests: Debian's /usr/bin/chromium driven by Playwright.

Playwright's own browser download does not work offline, so the tests launch the
system Chromium and skip (with the reason) when it or the Playwright package is missing.
"""
from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        return f"{CHROMIUM} not found (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install playwright)"
    return None


def skip_without_browser() -> None:
    reason = missing_browser()
    if reason:
        pytest.skip(reason)


@contextmanager
def chromium() -> Iterator[Any]:
    """A launched headless Chromium (a Playwright Browser)."""
    from playwright.sync_api import sync_playwright

    executable = CHROMIUM if CHROMIUM.exists() else Path(shutil.which("chromium") or CHROMIUM)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class OpenedPage:
    """A page plus everything it did that a test may want to forbid."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if u != self.url]


def open_file(browser: Any, path: Path, *, width: int = 1400, height: int = 900,
              timeout_ms: int = 20_000) -> OpenedPage:
    """Open a local HTML file and wait for ``window.ddkg.ready``."""
    page = browser.new_page(viewport={"width": width, "height": height})
    opened = OpenedPage(page, path.resolve().as_uri())
    page.on("request", lambda r: opened.requests.append(r.url))

    def console(message: Any) -> None:
        if message.type == "error":
            opened.console_errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda e: opened.page_errors.append(str(e)))

    def dismiss(dialog: Any) -> None:
        opened.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.goto(opened.url)
    page.wait_for_function("window.ddkg && window.ddkg.ready === true", timeout=timeout_ms)
    return opened
