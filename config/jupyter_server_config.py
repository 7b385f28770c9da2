"""Jupyter server settings for `make lab`: this repository's notebooks are saved without outputs.

The notebooks in notebooks/ are tracked in git and must stay clean
(tests/unit/test_notebooks_clean.py). A trainer who runs one in JupyterLab and
presses Save keeps the outputs on screen; only the file written to disk loses
them, so no plots, tables or execution counts end up in a commit.

`make lab` reads this file through JUPYTER_CONFIG_PATH=config. Notebooks
outside the repository's notebooks/ folder (your own, elsewhere) are saved as
they are. The stripping is a few dict operations on the model JupyterLab
sends, so the server needs no extra package; the pre-commit hook
(.pre-commit-config.yaml, nbstripout) is the second line of defence for
notebooks edited by other means.
"""

from __future__ import annotations

import warnings
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

# what a run adds to a notebook besides outputs and counts: JupyterLab's cell timing
# ("record timing" setting), the widget state it can save, the kernel's full language
# details (version, lexer ...); the committed files keep only the language's name
CELL_METADATA_FROM_A_RUN = ("execution", "ExecuteTime", "collapsed", "scrolled")
NOTEBOOK_METADATA_FROM_A_RUN = ("widgets", "signature")


def in_repo_notebooks(path: str, contents_manager) -> bool:
    """Whether the API path ``path`` is a file under the repository's notebooks/ folder."""
    root = getattr(contents_manager, "root_dir", None)
    if root is None:  # not a file-system contents manager: nothing to scope by
        return False
    return Path(root, path.strip("/")).resolve().is_relative_to(NOTEBOOKS)


def strip_notebook_outputs(model: dict, path: str, contents_manager, **_kwargs) -> None:
    """jupyter_server's pre_save_hook: clear outputs, counts and run metadata in ``model`` in place."""
    content = model.get("content")
    if model.get("type") != "notebook" or not isinstance(content, dict):
        return
    if not in_repo_notebooks(path, contents_manager):
        return
    for cell in content.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        metadata = cell.get("metadata", {})
        for key in CELL_METADATA_FROM_A_RUN:
            metadata.pop(key, None)
    metadata = content.get("metadata", {})
    for key in NOTEBOOK_METADATA_FROM_A_RUN:
        metadata.pop(key, None)
    if isinstance(metadata.get("language_info"), dict):
        metadata["language_info"] = {"name": metadata["language_info"].get("name", "python")}


# `jupyter lab` applies the server's configuration twice (the server, then the lab extension),
# so the hook replaces itself once and jupyter_server warns; a hook of yours that this one
# replaces is still warned about, under its own name
warnings.filterwarnings("ignore", message=r"Overriding existing pre_save_hook \(strip_notebook_outputs\) with a new one \(strip_notebook_outputs\)")

c = get_config()  # noqa: F821 (traitlets puts get_config in a config file's namespace)
c.ContentsManager.pre_save_hook = strip_notebook_outputs
