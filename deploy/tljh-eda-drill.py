# The Littlest JupyterHub (TLJH): copy to /opt/tljh/config/jupyterhub_config.d/eda-drill.py, then
#   sudo tljh-config reload hub
# Every learner's JupyterLab (run as their own Unix user, jupyter-<name>) gets its results in its
# home and the class's cohort folder. eda-drill itself goes into TLJH's user environment:
#   sudo /opt/tljh/user/bin/pip install /path/to/eda-drill
c.Spawner.environment.update({  # noqa: F821 - `c` is JupyterHub's config object
    "DRILL_RESULTS": "~/results",
    "DRILL_COHORT": "/srv/eda-drill/cohort",
})
