"""Start JupyterLab on a results folder, or reuse one already serving it."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import webbrowser
from pathlib import Path
from urllib.parse import quote

from runner.errors import DrillError

START_TIMEOUT = 60.0


def _running_servers() -> list[dict]:
    from jupyter_server.serverapp import list_running_servers

    return list(list_running_servers())


def find_server(results: Path) -> dict | None:
    """A live Jupyter server whose root is ``results``."""
    for info in _running_servers():
        root = info.get("root_dir") or info.get("notebook_dir") or ""
        if Path(root).resolve() == results.resolve():
            return info
    return None


def start_server(results: Path, timeout: float = START_TIMEOUT) -> dict:
    """Launch ``jupyter lab`` detached from this process, serving ``results``."""
    log = open(results / "jupyterlab.log", "ab")  # noqa: SIM115 (handed to the child)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--ServerApp.root_dir={results}", "--ip=127.0.0.1"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI machines often run as root
    proc = subprocess.Popen(
        command,
        stdout=log,
        stderr=log,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        cwd=results,
        env={**os.environ, "DRILL_RESULTS": str(results)},
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise DrillError(f"JupyterLab exited with code {proc.returncode}", hint=f"see {results / 'jupyterlab.log'}")
        info = find_server(results)
        if info:
            return info
        time.sleep(0.3)
    raise DrillError(f"JupyterLab did not start within {timeout:.0f} s", hint=f"see {results / 'jupyterlab.log'}")


def notebook_url(info: dict, results: Path, notebook: Path) -> str:
    rel = notebook.resolve().relative_to(results.resolve()).as_posix()
    base = info["url"].rstrip("/")
    token = info.get("token")
    return f"{base}/lab/tree/{quote(rel)}" + (f"?token={token}" if token else "")


def start_session(info: dict, results: Path, notebook: Path) -> None:
    """Start the notebook's kernel before the browser opens it (best effort).

    A fresh JupyterLab tab opened on /lab/tree/<notebook> can race two session
    requests: two kernels start, one is shut down, and the page asks which
    kernel to use.  With a session already there, the page reuses it.
    """
    import json
    import urllib.request

    rel = notebook.resolve().relative_to(results.resolve()).as_posix()
    body = json.dumps({"path": rel, "name": notebook.name, "type": "notebook", "kernel": {"name": "python3"}})
    request = urllib.request.Request(
        info["url"].rstrip("/") + "/api/sessions", data=body.encode(), method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"token {info.get('token', '')}"},
    )
    with contextlib.suppress(OSError):  # otherwise the page starts a kernel itself
        urllib.request.urlopen(request, timeout=30).read()


def hub_notebook_url(notebook: Path) -> str | None:
    """The notebook's address in the learner's own JupyterLab when ``drill`` runs inside a JupyterHub
    single-user server (a terminal or kernel on a class hub), which serves their home; else None."""
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX")
    if not prefix:
        return None
    root = Path(os.environ.get("JUPYTER_SERVER_ROOT") or Path.home())
    try:
        rel = notebook.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:  # outside the server's root: it cannot show it
        return None
    return f"{os.environ.get('JUPYTERHUB_HOST', '')}{prefix.rstrip('/')}/lab/tree/{quote(rel)}"


def open_notebook(results: Path, notebook: Path, browser: bool = True) -> tuple[str, bool]:
    """Serve ``notebook`` in JupyterLab; returns its URL and whether a server was reused.

    On a hub, the learner's JupyterLab already serves their home: its address is returned and
    nothing is started or opened.
    """
    on_hub = hub_notebook_url(notebook)
    if on_hub is not None:
        return on_hub, True
    info = find_server(results)
    reused = info is not None
    if info is None:
        info = start_server(results)
    start_session(info, results, notebook)
    url = notebook_url(info, results, notebook)
    if browser:
        webbrowser.open(url)
    return url, reused
