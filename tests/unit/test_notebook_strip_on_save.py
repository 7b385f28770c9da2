"""`make lab` saves the repository's notebooks without outputs (config/jupyter_server_config.py).

The hook is loaded from the config file as Jupyter loads it (traitlets'
PyFileConfigLoader) and called as jupyter_server calls a pre_save_hook; the
last test saves through a real JupyterLab server's contents API.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from traitlets.config.loader import PyFileConfigLoader

from tests.conftest import ROOT

CONFIG = ROOT / "config" / "jupyter_server_config.py"


def load_hook(config_file: Path = CONFIG):
    config = PyFileConfigLoader(config_file.name, path=str(config_file.parent)).load_config()
    return config.ContentsManager.pre_save_hook


def run_notebook() -> dict:
    """A notebook as JupyterLab sends it after Run All: outputs, counts, timing, widget state, full language info."""
    return {
        "type": "notebook",
        "format": "json",
        "content": {
            "cells": [
                {"cell_type": "markdown", "id": "m1", "metadata": {}, "source": "# Title"},
                {
                    "cell_type": "code", "id": "c1", "execution_count": 3, "source": "1 + 1",
                    "metadata": {"execution": {"iopub.status.idle": "2026-11-30T10:00:00Z"}, "scrolled": True, "tags": ["keep"]},
                    "outputs": [{"output_type": "execute_result", "execution_count": 3, "data": {"text/plain": "2"}, "metadata": {}}],
                },
                {
                    "cell_type": "code", "id": "c2", "execution_count": 4, "source": "print('hi')", "metadata": {},
                    "outputs": [{"output_type": "stream", "name": "stdout", "text": "hi\n"}],
                },
            ],
            "metadata": {
                "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                "language_info": {"name": "python", "version": "3.11.2", "pygments_lexer": "ipython3", "codemirror_mode": {"name": "ipython", "version": 3}},
                "widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}},
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        },
    }


def assert_stripped(content: dict) -> None:
    markdown, first, second = content["cells"]
    assert markdown == {"cell_type": "markdown", "id": "m1", "metadata": {}, "source": "# Title"}
    assert first["outputs"] == [] and first["execution_count"] is None
    assert first["metadata"] == {"tags": ["keep"]}  # the run's timing and scroll state go, the author's tags stay
    assert first["source"] == "1 + 1" and first["id"] == "c1"
    assert second["outputs"] == [] and second["execution_count"] is None
    assert content["metadata"] == {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }


def test_a_notebook_in_the_repository_notebooks_is_saved_without_outputs():
    hook = load_hook()
    assert callable(hook)
    # `make lab` serves notebooks/ itself: the API path is the file name
    model = run_notebook()
    hook(model=model, path="01_quickstart.ipynb", contents_manager=SimpleNamespace(root_dir=str(ROOT / "notebooks")))
    assert_stripped(model["content"])
    # a server started at the repository's root sees notebooks/<sub>/...
    model = run_notebook()
    hook(model=model, path="/notebooks/drafts/x.ipynb", contents_manager=SimpleNamespace(root_dir=str(ROOT)))
    assert_stripped(model["content"])


@pytest.mark.parametrize(
    ("root", "path"),
    [
        ("tmp", "mine.ipynb"),  # a notebook of your own elsewhere
        ("repo", "notebooks_old/x.ipynb"),  # a sibling folder whose name starts like notebooks
        ("notebooks", "../out/x.ipynb"),  # outside notebooks/ by way of ..
    ],
)
def test_notebooks_outside_the_repository_notebooks_are_left_alone(tmp_path, root, path):
    root_dir = {"tmp": tmp_path, "repo": ROOT, "notebooks": ROOT / "notebooks"}[root]
    model = run_notebook()
    hook = load_hook()
    hook(model=model, path=path, contents_manager=SimpleNamespace(root_dir=str(root_dir)))
    assert model == run_notebook()


def test_files_and_non_file_contents_managers_are_left_alone():
    hook = load_hook()
    text_file = {"type": "file", "format": "text", "content": "outputs: keep"}
    hook(model=text_file, path="notebooks/notes.txt", contents_manager=SimpleNamespace(root_dir=str(ROOT)))
    assert text_file == {"type": "file", "format": "text", "content": "outputs: keep"}
    model = run_notebook()
    hook(model=model, path="notebooks/x.ipynb", contents_manager=SimpleNamespace())  # no root_dir: cannot say where it is
    assert model == run_notebook()


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_the_committed_notebooks_are_what_a_save_writes(path):
    """Saving a committed notebook unchanged changes nothing: no diff after opening and saving it."""
    content = json.loads(path.read_text(encoding="utf-8"))
    model = {"type": "notebook", "content": copy.deepcopy(content)}
    load_hook()(model=model, path=path.name, contents_manager=SimpleNamespace(root_dir=str(ROOT / "notebooks")))
    assert model["content"] == content


def test_make_lab_reads_the_config():
    recipe = re.search(r"^lab:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.M).group(1)
    assert "JUPYTER_CONFIG_PATH=$(CURDIR)/config" in recipe and "jupyter lab notebooks/" in recipe


# --- a real JupyterLab server (TESTING.md: loopback port, Jupyter folders in a temporary directory, SIGTERM)

TOKEN = "strip-on-save-test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api(url: str, method: str = "GET", body: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


@pytest.fixture
def lab_server(tmp_path):
    """A JupyterLab server at a copy of the repository's layout (config/, notebooks/, elsewhere/), as `make lab` configures it."""
    repo = tmp_path / "repo"
    (repo / "config").mkdir(parents=True)
    (repo / "notebooks").mkdir()
    (repo / "elsewhere").mkdir()
    shutil.copy(CONFIG, repo / "config")  # the hook scopes itself to the notebooks/ beside its config/
    env = dict(os.environ)
    for name in ("HOME", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "JUPYTERLAB_SETTINGS_DIR"):
        env[name] = str(tmp_path / "home" / name.lower())
        os.makedirs(env[name])
    env["JUPYTER_CONFIG_PATH"] = str(repo / "config")  # what the Makefile's lab target sets
    port = free_port()
    args = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--port={port}",
            f"--ServerApp.root_dir={repo}", f"--IdentityProvider.token={TOKEN}"]
    if os.geteuid() == 0:
        args.append("--allow-root")
    log_path = tmp_path / "lab.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(args, env=env, cwd=repo, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                api(url + "/api/status")
                break
            except (OSError, urllib.error.URLError):
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not start:\n" + log_path.read_text()[-3000:])
                time.sleep(0.2)
        yield url, repo, log_path
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(10)


def test_jupyterlab_saves_the_repository_notebooks_stripped(lab_server):
    url, repo, log_path = lab_server
    api(url + "/api/contents/notebooks/run.ipynb", "PUT", run_notebook())
    api(url + "/api/contents/elsewhere/run.ipynb", "PUT", run_notebook())

    on_disk = json.loads((repo / "notebooks" / "run.ipynb").read_text(encoding="utf-8"))
    for cell in on_disk["cells"]:  # nbformat writes a cell's source as a list of lines
        cell["source"] = "".join(cell["source"])
    assert_stripped(on_disk)
    assert api(url + "/api/contents/notebooks/run.ipynb")["content"]["cells"][1]["outputs"] == []
    kept = json.loads((repo / "elsewhere" / "run.ipynb").read_text(encoding="utf-8"))
    assert kept["cells"][1]["outputs"][0]["data"] == {"text/plain": ["2"]} and kept["cells"][1]["execution_count"] == 3
    assert "Overriding existing pre_save_hook" not in log_path.read_text()
