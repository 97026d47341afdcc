"""Browser tests: the app served by uvicorn on a free loopback port, driven by Playwright
through Debian's chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest

from foedus import paths
from tests.e2e.fixture import KB, SEEDS, real_app

CHROMIUM = Path(os.environ.get("FOEDUS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOTS = paths.build_dir() / "screenshots"


class LiveServer:
    """uvicorn running the app in a background thread on a socket bound to 127.0.0.1:0."""

    def __init__(self, app) -> None:
        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def start(self, timeout: float = 30.0) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:  # poll until uvicorn says it is listening
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the web app did not start")
            time.sleep(0.01)
        with socket.create_connection(("127.0.0.1", self.port), timeout=5):
            pass
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


def _serve(app) -> Iterator[LiveServer]:
    srv = LiveServer(app).start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="session")
def real_server() -> Iterator[LiveServer]:
    yield from _serve(real_app())


@pytest.fixture(scope="session")
def fixture_server(tmp_path_factory) -> Iterator[LiveServer]:
    from foedus.web import create_app

    yield from _serve(create_app(kb_dir=KB, seeds_dir=SEEDS, build_dir=tmp_path_factory.mktemp("build")))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"no chromium at {CHROMIUM}: scripts/test.sh installs it with apt-get (never 'playwright install')")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.set_default_timeout(15000)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.js_errors = errors  # type: ignore[attr-defined]
    external: list[str] = []

    def offline(route) -> None:  # the machine may be offline: any request off loopback is refused
        url = route.request.url
        if url.startswith(("http://127.0.0.1:", "data:", "about:")):
            route.continue_()
        else:
            external.append(url)
            route.abort()

    ctx.route("**/*", offline)
    pg.external_requests = external  # type: ignore[attr-defined]
    yield pg
    assert external == [], f"the page asked for remote resources: {external}"
    ctx.close()


def shot(page, name: str) -> Path:
    """Save a screenshot of the top of the page (1280x900) under build/screenshots/ and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), clip={"x": 0, "y": 0, "width": 1280, "height": 900})
    return path
