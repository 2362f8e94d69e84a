"""Which learners a cohort view covers: results folders from paths and globs, or the hub's user list.

``drill cohort PATH...``: each PATH is a learner's results folder or a glob
(quoted, so the shell leaves it alone: ``'/home/*/results'``).  A learner's
name is the folder's name, or its parent's when the folder is called
``results`` (``/home/alice/results`` is ``alice``).

``drill cohort --hub URL``: the learners are the hub's users (``GET
/hub/api/users``, every page), or the members of one group (``--hub-group``),
read with an instructor's token (``$DRILL_HUB_TOKEN``, else
``$JUPYTERHUB_API_TOKEN``; never on the command line, where ``ps`` shows it)
that has the ``list:users`` scope (``read:groups`` for a group).  Each user's
folder comes from a template, ``~{name}/results`` by default (the user's home
on a single server); on Kubernetes, where the homes are mounted elsewhere, e.g.
``/learners/{name}/results``.

Pseudonyms (``--anonymise``) are stable: ``learner-`` and 8 hex digits of an
HMAC of the name, keyed with ``$DRILL_PSEUDONYM_KEY`` when it is set (set it to
a secret: without one, anyone with the class list can recompute who is who).

May import: the infrastructure (``runner.errors``).
"""

from __future__ import annotations

import glob
import hashlib
import hmac
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from runner.errors import BadInput, DrillError

HUB_TIMEOUT = 10.0  # seconds for each request to the hub's API
HUB_TOKEN_ENVS = ("DRILL_HUB_TOKEN", "JUPYTERHUB_API_TOKEN")
DEFAULT_TEMPLATE = "~{name}/results"
PSEUDONYM_KEY_ENV = "DRILL_PSEUDONYM_KEY"
GLOB_CHARACTERS = set("*?[")


@dataclass
class LearnerFolder:
    name: str
    folder: Path


def learner_name(folder: Path) -> str:
    return folder.parent.name if folder.name == "results" and folder.parent.name else folder.name


def pseudonym(name: str) -> str:
    key = os.environ.get(PSEUDONYM_KEY_ENV, "eda-drill").encode("utf-8")
    return "learner-" + hmac.new(key, name.encode("utf-8"), hashlib.sha256).hexdigest()[:8]


def _exists(path: Path) -> bool:
    """True for an existing path, also one this user may not enter (its contents are another matter)."""
    try:
        os.stat(path)
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def from_paths(patterns: list[str]) -> list[LearnerFolder]:
    """One learner per folder named or matched; a pattern that names nothing is a one-line error."""
    found: list[Path] = []
    for pattern in patterns:
        expanded = os.path.expanduser(pattern)
        if GLOB_CHARACTERS & set(expanded):
            matches = [Path(p) for p in sorted(glob.glob(expanded)) if os.path.isdir(p)]
            if not matches:
                raise BadInput(f"no folder matches {pattern!r}", hint="check the pattern, e.g. '/home/*/results'")
            found += matches
        elif _exists(Path(expanded)):
            found.append(Path(expanded))
        else:
            raise BadInput(f"no folder {pattern}", hint="give learners' results folders, or a quoted glob")
    return _named(found)


def _named(folders: list[Path]) -> list[LearnerFolder]:
    out: list[LearnerFolder] = []
    seen_paths: set[Path] = set()
    names: dict[str, int] = {}
    for folder in folders:
        absolute = Path(os.path.abspath(folder))
        if absolute in seen_paths:
            continue
        seen_paths.add(absolute)
        name = learner_name(absolute)
        names[name] = names.get(name, 0) + 1
        out.append(LearnerFolder(name if names[name] == 1 else f"{name}-{names[name]}", absolute))
    return out


def _hub_api(url: str) -> str:
    base = url.rstrip("/")
    return base if base.endswith("/hub/api") else base + "/hub/api"


def _get(url: str, token: str) -> tuple[object, dict]:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}",
                                                   "Accept": "application/jupyterhub-pagination+json"})
    try:
        with urllib.request.urlopen(request, timeout=HUB_TIMEOUT) as response:
            return json.loads(response.read().decode("utf-8")), dict(response.headers)
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):
            raise DrillError(f"the hub refused the token ({exc.code} on {url})",
                             hint="the cohort view needs an instructor's token with the list:users scope "
                                  "(read:groups for --hub-group), in $DRILL_HUB_TOKEN") from None
        if exc.code == 404:
            raise BadInput(f"the hub has no {url}", hint="check --hub (the hub's address) and --hub-group") from None
        raise DrillError(f"the hub answered {exc.code} on {url}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DrillError(f"the hub at {url} did not answer ({reason})", hint="check --hub and that the hub runs") from None


def hub_users(url: str, group: str | None = None, token: str | None = None) -> list[str]:
    """The names of the hub's users (every page), or of one group's members."""
    token = token or next((os.environ[e] for e in HUB_TOKEN_ENVS if os.environ.get(e)), None)
    if not token:
        raise BadInput("no token for the hub", hint=f"set {HUB_TOKEN_ENVS[0]} to an instructor's API token")
    api = _hub_api(url)
    if group:
        data, _ = _get(f"{api}/groups/{urllib.parse.quote(group, safe='')}", token)
        return sorted(data.get("users", []))  # type: ignore[union-attr]
    names: list[str] = []
    offset = 0
    while True:
        data, _ = _get(f"{api}/users?offset={offset}&limit=200", token)
        if isinstance(data, list):  # a hub that ignores the pagination header answers one plain list
            return sorted(names + [u["name"] for u in data])
        items = data.get("items", [])  # type: ignore[union-attr]
        names += [u["name"] for u in items]
        following = (data.get("_pagination") or {}).get("next")  # type: ignore[union-attr]
        if not following or not items:
            return sorted(names)
        offset = int(following.get("offset", offset + len(items)))


def from_hub(url: str, template: str = DEFAULT_TEMPLATE, group: str | None = None) -> list[LearnerFolder]:
    """One learner per hub user, each folder from ``template`` (``{name}``: the hub's user name)."""
    if "{name}" not in template:
        raise BadInput(f"--hub-results {template!r} has no {{name}}", hint="e.g. '/home/{name}/results'")
    out = []
    for name in hub_users(url, group):
        folder = os.path.expanduser(template.format(name=name))
        if folder.startswith("~"):
            raise BadInput(f"hub user {name!r} has no home folder on this machine",
                           hint="pass --hub-results with the learners' folders, e.g. '/learners/{name}/results'")
        out.append(LearnerFolder(name, Path(os.path.abspath(folder))))
    return out
