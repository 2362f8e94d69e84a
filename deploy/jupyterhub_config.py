"""JupyterHub for a class that drills with eda-drill, on one server.

    sudo /opt/eda-drill/bin/jupyterhub -f deploy/jupyterhub_config.py

(``/opt/eda-drill`` is a virtual environment with eda-drill and jupyterhub installed:
see deploy/README.md.)  Every learner logs in with their Unix account and gets their
own JupyterLab, run as their own user in their home, with eda-drill installed and
two variables set:

* ``DRILL_RESULTS=~/results``: their drills and their log, readable by them alone;
* ``DRILL_COHORT``: the class folder, where ``drill assign`` publishes assignments.

A learner opens a terminal in JupyterLab and types ``drill start --assignment week1``.
An instructor (in ``DRILL_HUB_INSTRUCTORS``) may list the hub's users, for
``drill cohort --hub``, and reads the learners' folders with sudo:
``sudo /opt/eda-drill/bin/drill cohort '/home/*/results' --html``.

Everything this file needs comes from environment variables, so it stays as it is:

======================================  ==================================================
``DRILL_HUB_IP``, ``DRILL_HUB_PORT``    where the hub listens (``0.0.0.0``, ``8000``)
``DRILL_HUB_STATE``                     the hub's own files: database, cookie secret
                                        (``/srv/jupyterhub``)
``DRILL_COHORT``                        the cohort folder (``/srv/eda-drill/cohort``)
``DRILL_HUB_USERS``                     comma-separated learners allowed in (default:
                                        every Unix account that can log in)
``DRILL_HUB_INSTRUCTORS``               comma-separated instructors (the hub group
                                        ``instructors``, with the role ``instructor``)
``DRILL_HUB_INTERNAL_PORT``             the hub's own port behind the proxy (``8081``)
``DRILL_HUB_PROXY_API_PORT``            the proxy's REST API port (``8001``)
``DRILL_HUB_TRIAL=1``                   a trial on one account: any name logs in with the
                                        password ``DRILL_HUB_PASSWORD``, each learner's home is
                                        ``DRILL_HUB_HOMES/<name>``; every server runs as the
                                        hub's own user, so there is NO isolation between
                                        learners.  Never for a class.
======================================  ==================================================

The proxy is ``configurable-http-proxy`` (``npm install -g configurable-http-proxy``),
found on ``PATH``.
"""

import os
import sys

c = get_config()  # noqa: F821 - JupyterHub defines it when it loads this file

BIN = os.path.dirname(sys.executable)  # the environment the hub runs from has eda-drill too
STATE = os.environ.get("DRILL_HUB_STATE", "/srv/jupyterhub")
COHORT = os.environ.get("DRILL_COHORT", "/srv/eda-drill/cohort")
TRIAL = os.environ.get("DRILL_HUB_TRIAL") == "1"


def names(variable):
    return {n.strip() for n in os.environ.get(variable, "").split(",") if n.strip()}


# -- where the hub listens, and where it keeps its own files ---------------------------------
os.makedirs(STATE, mode=0o700, exist_ok=True)
c.JupyterHub.bind_url = f"http://{os.environ.get('DRILL_HUB_IP', '0.0.0.0')}:{os.environ.get('DRILL_HUB_PORT', '8000')}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("DRILL_HUB_INTERNAL_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('DRILL_HUB_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.pid_file = os.path.join(STATE, "jupyterhub-proxy.pid")
c.JupyterHub.db_url = "sqlite:///" + os.path.join(STATE, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(STATE, "jupyterhub_cookie_secret")

# -- each learner's JupyterLab: eda-drill on PATH, their results in their home ----------------
c.Spawner.cmd = [os.path.join(BIN, "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.environment = {
    "DRILL_RESULTS": "~/results",  # expanded by drill in the learner's own process: their home
    "DRILL_COHORT": COHORT,
    "PATH": os.pathsep.join([BIN, "/usr/local/bin", "/usr/bin", "/bin"]),
}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

# -- who may log in, and what an instructor may do ----------------------------------------------
instructors = names("DRILL_HUB_INSTRUCTORS")
learners = names("DRILL_HUB_USERS")
if learners:
    c.Authenticator.allowed_users = learners | instructors
else:
    c.Authenticator.allow_all = True
c.JupyterHub.load_groups = {"instructors": {"users": sorted(instructors)}}
c.JupyterHub.load_roles = [{
    "name": "instructor",
    "description": "List the hub's users and groups, for `drill cohort --hub`",
    "scopes": ["list:users", "read:users:name", "list:groups", "read:groups"],
    "groups": ["instructors"],
}]

# -- a trial on one account: any name, one password, homes in one folder (no isolation!) -------
if TRIAL:
    password = os.environ.get("DRILL_HUB_PASSWORD")
    if not password:
        raise SystemExit("DRILL_HUB_TRIAL=1 needs DRILL_HUB_PASSWORD (the password every trial user logs in with)")
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = password
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = os.path.join(
        os.environ.get("DRILL_HUB_HOMES", os.path.join(STATE, "homes")), "{username}")
    if os.geteuid() == 0:  # the servers run as the hub's user: JupyterLab refuses root without this
        c.Spawner.args = ["--allow-root"]
