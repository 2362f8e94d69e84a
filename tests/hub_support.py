"""A real JupyterHub on 127.0.0.1, started from ``deploy/jupyterhub_config.py`` in its trial mode.

The hub is the PyPI package; its proxy is ``configurable-http-proxy`` from npm
(``make install-test`` puts it in ``.venv/proxy``); the trial mode of the config
uses JupyterHub's DummyAuthenticator (one password) and SimpleLocalProcessSpawner
(local processes, each learner's home under one folder).  The hub's HOME, its
state and the learners' homes are all inside one temporary folder, so nothing
is written to the real home.  Learners log in through the REST API (a token
from name and password), start their server, and run code in a kernel of it
over the server's websocket API, as JupyterLab does.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from lab_support import free_port

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "jupyterhub_config.py"
PROXY_BIN = ROOT / ".venv" / "proxy" / "node_modules" / ".bin"
PASSWORD = "drill-trial-password"
INSTRUCTOR = "teacher"
REQUEST_TIMEOUT = 30
START_TIMEOUT = 90  # the hub, or one learner's server


def require_proxy() -> Path:
    found = shutil.which("configurable-http-proxy", path=os.pathsep.join([str(PROXY_BIN), os.environ.get("PATH", "")]))
    if found:
        return Path(found)
    message = "configurable-http-proxy is not installed: `make install-test` installs it with npm (apt-get install npm)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@dataclass
class Hub:
    url: str
    root: Path
    homes: Path
    cohort: Path

    def request(self, url: str, method: str = "GET", body: Any = None, token: str | None = None) -> Any:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"token {token}"
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, method=method, data=data, headers=headers)
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:
            raw = response.read()
        return json.loads(raw) if raw else None

    def api(self, path: str, method: str = "GET", body: Any = None, token: str | None = None) -> Any:
        return self.request(f"{self.url}/hub/api{path}", method, body, token)

    def login(self, name: str) -> str:
        """A token for ``name``, from its name and password (the REST API's login)."""
        reply = self.api(f"/users/{name}/tokens", "POST", {"auth": {"username": name, "password": PASSWORD}})
        return reply["token"]

    def start_server(self, name: str, token: str) -> None:
        try:
            self.api(f"/users/{name}/server", "POST", {}, token)
        except urllib.error.HTTPError as exc:
            if exc.code != 400:  # 400: already running
                raise

    def wait_ready(self, name: str, token: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            server = self.api(f"/users/{name}", token=token).get("servers", {}).get("")
            if server and server.get("ready"):
                return
            time.sleep(0.5)
        raise AssertionError(f"{name}'s server did not start: " + self.log()[-3000:])

    def server(self, name: str, path: str, token: str, method: str = "GET", body: Any = None) -> Any:
        """The learner's own Jupyter server's REST API, through the hub's proxy."""
        return self.request(f"{self.url}/user/{name}/api{path}", method, body, token)

    def execute(self, name: str, token: str, kernel_id: str, code: str, timeout: float = 240) -> str:
        """Run ``code`` in the kernel over the server's websocket; its stdout, or AssertionError with the error."""
        import websocket

        ws_url = self.url.replace("http://", "ws://") + f"/user/{name}/api/kernels/{kernel_id}/channels"
        ws = websocket.create_connection(ws_url, header=[f"Authorization: token {token}"], timeout=timeout)
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": name, "session": uuid.uuid4().hex, "msg_type": "execute_request",
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True},
        }))
        out, error = [], None
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                msg = json.loads(ws.recv())
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg["msg_type"]
                if kind == "stream":
                    out.append(msg["content"]["text"])
                elif kind == "error":
                    error = "\n".join(msg["content"]["traceback"])
                elif kind == "status" and msg["content"]["execution_state"] == "idle":
                    break
            else:
                raise AssertionError(f"the kernel of {name} did not finish in {timeout} s")
        finally:
            ws.close()
        if error:
            raise AssertionError(f"the code failed in {name}'s kernel:\n{error}")
        return "".join(out)

    def log(self) -> str:
        return (self.root / "hub.log").read_text(errors="replace")


def start_hub(root: Path, learners: list[str]):
    """The hub from ``deploy/jupyterhub_config.py`` (trial mode) on free loopback ports; yields a :class:`Hub`."""
    proxy = require_proxy()
    hub = Hub(f"http://127.0.0.1:{free_port()}", root, root / "homes", root / "cohort")
    for folder in ("hub-home", "state", "homes"):
        (root / folder).mkdir()
    port = hub.url.rsplit(":", 1)[1]
    env = {
        "HOME": str(root / "hub-home"), "LANG": "C.UTF-8",
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), str(proxy.parent), "/usr/local/bin", "/usr/bin",
                                 "/bin"]),
        "DRILL_HUB_TRIAL": "1", "DRILL_HUB_PASSWORD": PASSWORD, "DRILL_HUB_IP": "127.0.0.1", "DRILL_HUB_PORT": port,
        "DRILL_HUB_INTERNAL_PORT": str(free_port()), "DRILL_HUB_PROXY_API_PORT": str(free_port()),
        "DRILL_HUB_STATE": str(root / "state"), "DRILL_HUB_HOMES": str(hub.homes), "DRILL_COHORT": str(hub.cohort),
        "DRILL_HUB_USERS": ",".join(learners), "DRILL_HUB_INSTRUCTORS": INSTRUCTOR,
    }
    log = open(root / "hub.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)], cwd=root / "state", env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            hub.api("/")
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                _stop(proc)
                log.close()
                pytest.fail("JupyterHub did not start: " + hub.log()[-3000:])
            time.sleep(0.3)
    try:
        yield hub
    finally:
        _stop(proc)
        log.close()


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM the hub: it stops the learners' servers and its proxy (cleanup_servers), then exits."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
