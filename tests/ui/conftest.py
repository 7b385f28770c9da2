"""A Voila server on the drill console and a headless Debian chromium, for the browser tests.

Facts from TESTING.md: Playwright cannot download a browser here, so it
launches /usr/bin/chromium (``make test`` installs it); the server runs on a
free loopback port with HOME and the Jupyter folders in a temporary
directory, is probed at /voila/static/voila.js (probing / would start a
kernel), and is stopped with SIGTERM, which shuts its kernels down.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGE_TIMEOUT_MS = 120_000  # a page load runs the notebook in a new kernel: about 20 s here


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def kernel_pids(server_pid: int) -> list[int]:
    """The kernels the server started (its child processes running ipykernel)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == server_pid and b"ipykernel" in cmdline:
            found.append(int(entry.name))
    return found


def jupyter_env(root: Path) -> dict[str, str]:
    """The environment with HOME and the Jupyter folders in ``root`` (TESTING.md)."""
    env = dict(os.environ)
    for name in ("HOME", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "JUPYTERLAB_SETTINGS_DIR"):
        env[name] = str(root / name.lower())
        os.makedirs(env[name], exist_ok=True)
    return env


def console_config() -> dict[str, str]:
    """What ``make console`` sets: Voila reads config/voila.json (kernel culling, the drillsim template) and finds the template."""
    return {"JUPYTER_PATH": str(ROOT / "config"), "JUPYTER_CONFIG_PATH": str(ROOT / "config")}


def console_flags() -> list[str]:
    """The flags ``make console`` gives Voila (the Makefile's CONSOLE_FLAGS: a pre-heated kernel)."""
    found = re.search(r"^CONSOLE_FLAGS\s*:?=\s*(.*)$", (ROOT / "Makefile").read_text(), re.M)
    return shlex.split(found.group(1)) if found else []


@contextmanager
def running_server(name: str, args: list[str], root: Path, env: dict[str, str], probe: str):
    """Start a server (``args`` end with its port), wait until ``probe`` answers, yield (url, process); stop it with SIGTERM."""
    port = free_port()
    log = open(root / f"{name}.log", "w")
    server = subprocess.Popen([*args, f"--port={port}"], env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + probe, timeout=2).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                log.close()
                pytest.fail(f"{name} did not start:\n" + (root / f"{name}.log").read_text()[-3000:])
            time.sleep(0.3)
    try:
        yield url, server
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(10)
        log.close()


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """(base URL, server process, data directory) of a Voila server on the console notebook."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    root = tmp_path_factory.mktemp("voila")
    env = jupyter_env(root)
    env["DRILLSIM_DATA"] = str(root / "data")
    env["DRILLSIM_LANG"] = "en"
    env.update(console_config())
    args = [sys.executable, "-m", "voila", str(ROOT / "notebooks" / "tabletop_drill.ipynb"), "--no-browser", "--Voila.ip=127.0.0.1"]
    with running_server("voila", args, root, env, "/voila/static/voila.js") as (url, server):
        yield url, server, root / "data"


@pytest.fixture
def browser_page():
    """A page of headless Debian chromium; uncaught script errors fail the test."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        # Voila asks CDNs for fonts and icons: abort, so the page never waits on them
        context.route(lambda url: not url.startswith("http://127.0.0.1"), lambda route: route.abort())
        page = context.new_page()
        page.set_default_timeout(60_000)
        # e.g. "[anywidget] Failed to initialize model.": a figure left blank on the room's screen
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page
        browser.close()
    assert not errors, f"uncaught errors in the page: {errors}"


@pytest.fixture
def page(voila, browser_page):
    return browser_page


def open_console(page, url: str) -> None:
    page.goto(url + "/", timeout=PAGE_TIMEOUT_MS)
    page.wait_for_selector(".drill-new-button", timeout=PAGE_TIMEOUT_MS)
