"""`drill start` without --no-open: a real JupyterLab on 127.0.0.1, reused by the next start."""

from __future__ import annotations

import os
import signal

import pytest

from runner import lab

pytestmark = pytest.mark.slow


@pytest.fixture
def no_browser(monkeypatch, tmp_path):
    # webbrowser runs $BROWSER with the URL: `true` accepts it and does nothing
    monkeypatch.setenv("BROWSER", "true")
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "config"))


def test_start_serves_the_notebook_and_the_next_start_reuses_it(drill_cli, results, no_browser):
    first = drill_cli("start", "--dataset", "builtin:sklearn/iris", "--results", str(results))
    try:
        assert first.code == 0, first.err
        url = first.out.splitlines()[-2]
        assert url.startswith("JupyterLab: http://127.0.0.1:") and "/lab/tree/" in url and "token=" in url
        second = drill_cli("start", "--dataset", "builtin:sklearn/wine", "--results", str(results))
        assert second.out.splitlines()[-2].startswith("JupyterLab (already running): ")
        assert first.last_line != second.last_line
    finally:
        info = lab.find_server(results)
        if info:
            os.kill(info["pid"], signal.SIGTERM)


def test_started_server_keeps_its_token_and_hidden_files_to_itself(drill_cli, results, no_browser):
    import stat
    import urllib.error
    import urllib.request

    from runner.drill.folder import private_root

    results.mkdir()
    (results / "jupyterlab.log").write_text("token=an-old-one\n")  # an older version's log, token and all
    (results / ".hidden.txt").write_text("not for the learner")
    r = drill_cli("start", "--dataset", "builtin:sklearn/iris", "--results", str(results))
    info = lab.find_server(results)
    try:
        assert r.code == 0, r.err
        token = info["token"]
        assert not any(token in p.read_text(errors="replace") for p in results.rglob("*") if p.is_file())
        assert not (results / "jupyterlab.log").exists()
        log = private_root(results) / "jupyterlab.log"
        assert stat.S_IMODE(log.stat().st_mode) == 0o600
        url = f"{info['url'].rstrip('/')}/files/.hidden.txt?token={token}"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url, timeout=30)
        assert refused.value.code == 404
    finally:
        if info:
            os.kill(info["pid"], signal.SIGTERM)
