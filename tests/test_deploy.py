"""The deployment files under ``deploy/``: what can be checked without a cluster or a Docker engine.

``jupyterhub_config.py`` is loaded by traitlets, as JupyterHub loads it (tests/test_hub.py runs a
real hub from it in trial mode); the Helm values are parsed and their instructor hook is run
against stand-in spawners; the Dockerfile is read for what the wheel needs.  Neither the image
nor the chart is built or deployed here.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import tomllib
import yaml
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def hub_config(monkeypatch, tmp_path, **env: str) -> Config:
    monkeypatch.setenv("DRILL_HUB_STATE", str(tmp_path / "state"))
    for name in ("DRILL_HUB_USERS", "DRILL_HUB_INSTRUCTORS", "DRILL_HUB_TRIAL", "DRILL_HUB_PASSWORD", "DRILL_COHORT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return PyFileConfigLoader("jupyterhub_config.py", path=str(DEPLOY)).load_config()


@pytest.fixture
def values() -> dict:
    return yaml.safe_load((DEPLOY / "z2jh-values.yaml").read_text())


def test_each_learner_gets_results_in_their_home_and_the_cohort(monkeypatch, tmp_path):
    c = hub_config(monkeypatch, tmp_path, DRILL_COHORT="/srv/class-a")
    assert {k: c.Spawner.environment[k] for k in ("DRILL_RESULTS", "DRILL_COHORT")} == {
        "DRILL_RESULTS": "~/results", "DRILL_COHORT": "/srv/class-a"}
    assert c.Spawner.cmd == [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
    assert c.Spawner.environment["PATH"].split(":")[0] == str(Path(sys.executable).parent)  # where `drill` is


def test_the_class_list_limits_who_logs_in(monkeypatch, tmp_path):
    c = hub_config(monkeypatch, tmp_path, DRILL_HUB_USERS="ann, ben", DRILL_HUB_INSTRUCTORS="tess")
    assert c.Authenticator.allowed_users == {"ann", "ben", "tess"} and "allow_all" not in c.Authenticator
    assert c.JupyterHub.load_groups == {"instructors": {"users": ["tess"]}}


def test_instructors_may_list_the_class_and_nothing_more(monkeypatch, tmp_path):
    role = hub_config(monkeypatch, tmp_path).JupyterHub.load_roles[0]
    assert (role["groups"], sorted(role["scopes"])) == (["instructors"], ["list:groups", "list:users", "read:groups",
                                                                          "read:users:name"])


def test_a_trial_needs_a_password(monkeypatch, tmp_path):
    with pytest.raises(SystemExit, match="DRILL_HUB_PASSWORD"):
        hub_config(monkeypatch, tmp_path, DRILL_HUB_TRIAL="1")


def test_tljh_snippet_adds_to_the_environment():
    config = Config()
    config.Spawner.environment = {"OTHER": "kept"}
    loader = PyFileConfigLoader("tljh-eda-drill.py", path=str(DEPLOY))
    loader.config = config
    merged = loader.load_config().Spawner.environment.get_value({"OTHER": "kept"})
    assert merged == {"OTHER": "kept", "DRILL_RESULTS": "~/results", "DRILL_COHORT": "/srv/eda-drill/cohort"}


def test_helm_values_point_learners_at_their_home_and_the_cohort(values):
    single = values["singleuser"]
    cohort_mount = single["storage"]["extraVolumeMounts"][0]
    assert single["extraEnv"] == {"DRILL_RESULTS": "/home/jovyan/results", "DRILL_COHORT": cohort_mount["mountPath"]}
    assert cohort_mount["readOnly"] is True and single["storage"]["static"]["subPath"] == "home/{username}"


def spawner(groups: list[str], values: dict) -> SimpleNamespace:
    storage = values["singleuser"]["storage"]
    return SimpleNamespace(user=SimpleNamespace(groups=[SimpleNamespace(name=g) for g in groups]),
                           volumes=list(storage["extraVolumes"]), volume_mounts=list(storage["extraVolumeMounts"]))


def run_hook(values: dict) -> object:
    c = Config()
    exec(compile(values["hub"]["extraConfig"]["eda-drill-instructors"], "extraConfig", "exec"), {"c": c})
    return c.KubeSpawner.pre_spawn_hook


def test_instructors_get_every_home_read_only_and_the_cohort_writable(values):
    teacher = spawner(["instructors"], values)
    run_hook(values)(teacher)
    mounts = {m["name"]: m for m in teacher.volume_mounts}
    assert mounts["drill-learners"] == {"name": "drill-learners", "mountPath": "/learners", "subPath": "home",
                                        "readOnly": True}
    assert mounts["drill-cohort"]["readOnly"] is False
    assert {v["name"] for v in teacher.volumes} == {"drill-cohort", "drill-learners"}


def test_learners_get_only_their_own_home(values):
    learner = spawner(["week1"], values)
    run_hook(values)(learner)
    assert [m["name"] for m in learner.volume_mounts] == ["drill-cohort"]
    assert learner.volume_mounts[0]["readOnly"] is True


def test_dockerfile_copies_what_the_package_needs():
    text = (DEPLOY / "Dockerfile").read_text()
    copied = {word for line in re.findall(r"^COPY (?:--\S+ )*(.+) \S+$", text, re.M) for word in line.split()}
    project = tomllib.loads((DEPLOY.parent / "pyproject.toml").read_text())
    needed = {"pyproject.toml", project["project"]["readme"], "runner",
              *project["tool"]["setuptools"]["package-dir"].values()}
    assert needed <= copied and re.search(r"^RUN pip install --no-cache-dir /tmp/eda-drill", text, re.M)
