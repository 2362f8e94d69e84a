"""Small UCI repository fixtures rendered from the bundled iris, served on 127.0.0.1.

The fake answers the three URLs ucimlrepo reads, in the shapes it parses:
``/api/datasets/list?filter=python`` (``{"status": 200, "data": [{"id", "name"}]}``),
``/api/dataset?id=N`` (``{"status": 200, "data": {metadata..., "variables": [...]}}``,
or ``{"status": 404, "message": ...}`` for an unknown id) and the CSV named by
the metadata's ``data_url`` (``/static/public/<id>/data.csv``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pandas as pd
from openml_fixtures import Loopback, Reply, iris


@dataclass
class UciFixture:
    uci_id: int
    name: str
    frame: pd.DataFrame
    types: dict[str, str]  # column -> UCI variable type
    roles: dict[str, str] = field(default_factory=dict)  # column -> role (default Feature)
    importable: bool = True
    num_features: int | None = None  # override (the wide exclusion)


def _iris_types(frame: pd.DataFrame) -> dict[str, str]:
    return {c: ("Categorical" if c in ("class", "habitat") else "Continuous") for c in frame.columns}


def uci_fixtures() -> list[UciFixture]:
    base = iris()
    base["class"] = base["class"].astype(str)
    mixed = base.copy()
    mixed.insert(4, "habitat", ["meadow", "marsh", "hill"] * 50)
    gaps = base.copy()
    gaps.loc[gaps.index % 30 == 0, "petalwidth"] = float("nan")
    dated = base.copy()
    dated.insert(0, "measured", pd.date_range("1935-06-01", periods=150, freq="D").strftime("%Y-%m-%d"))
    return [
        UciFixture(53, "Iris", base, _iris_types(base), {"class": "Target"}),
        UciFixture(101, "Iris Habitat", mixed, _iris_types(mixed), {"class": "Target"}),
        UciFixture(102, "Iris Gaps", gaps, _iris_types(gaps), {"class": "Target"}),
        UciFixture(103, "Iris Diary", dated, {**_iris_types(base), "measured": "Date"}, {"class": "Target"}),
        UciFixture(104, "Iris Unimportable", base, _iris_types(base), importable=False),
        UciFixture(105, "Iris Wide", base, _iris_types(base), num_features=150),
    ]


def render_metadata(item: UciFixture, base: str) -> dict:
    frame = item.frame
    features = [c for c in frame.columns if item.roles.get(c, "Feature") == "Feature"]
    variables = [
        {
            "name": c,
            "role": item.roles.get(c, "Feature"),
            "type": item.types[c],
            "demographic": None,
            "description": f"{c} of the flower" if c != "class" else "species",
            "units": "cm" if item.types[c] == "Continuous" else None,
            "missing_values": "yes" if frame[c].isna().any() else "no",
        }
        for c in frame.columns
    ]
    missing = bool(frame.isna().any().any())
    return {
        "uci_id": item.uci_id,
        "name": item.name,
        "repository_url": f"https://archive.ics.uci.edu/dataset/{item.uci_id}/{item.name.lower().replace(' ', '+')}",
        "data_url": f"{base}/static/public/{item.uci_id}/data.csv" if item.importable else None,
        "abstract": f"{item.name}: a fixture rendered from scikit-learn's bundled iris.",
        "area": "Biology",
        "tasks": ["Classification"],
        "characteristics": ["Tabular"],
        "num_instances": int(frame.shape[0]),
        "num_features": item.num_features or len(features),
        "feature_types": sorted({item.types[c] for c in features}),
        "demographics": [],
        "target_col": [c for c in frame.columns if item.roles.get(c) == "Target"] or None,
        "index_col": None,
        "has_missing_values": "yes" if missing else "no",
        "missing_values_symbol": "NaN" if missing else None,
        "year_of_dataset_creation": 1936,
        "last_updated": "Tue Sep 12 2023",
        "dataset_doi": "10.24432/C56C76",
        "creators": ["R. A. Fisher"],
        "intro_paper": {
            "title": "The use of multiple measurements in taxonomic problems",
            "authors": "R. A. Fisher",
            "published_in": "Annals of Eugenics",
            "year": 1936,
            "url": "https://www.semanticscholar.org/paper/4599862ea877863669a6a8e63a3c707a787d5d7e",
            "doi": "10.1111/j.1469-1809.1936.tb02137.x",
        },
        "additional_info": {
            "summary": "Three species, fifty flowers each.",
            "purpose": None,
            "funded_by": None,
            "instances_represent": "flowers",
            "recommended_data_splits": None,
            "sensitive_data": None,
            "preprocessing_description": None,
            "variable_info": "sepal and petal sizes in cm",
            "citation": None,
        },
        "external_url": None,
        "variables": variables,
    }


class FakeUCI(Loopback):
    """The UCI repository's dataset API and CSV files, from fixtures."""

    def __init__(self, items: list[UciFixture] | None = None) -> None:
        self.items = {i.uci_id: i for i in (items or uci_fixtures())}
        super().__init__(self._route)
        self.server = self.base

    @staticmethod
    def _json(payload: dict, status: int = 200) -> Reply:
        return status, "application/json", json.dumps(payload).encode("utf-8")

    def _route(self, method: str, raw: str) -> Reply | None:
        parts = urlsplit(raw)
        query = parse_qs(parts.query)
        if parts.path == "/api/datasets/list":
            rows = [{"id": i.uci_id, "name": i.name} for i in self.items.values()]
            return self._json({"status": 200, "statusText": "OK", "data": rows})
        if parts.path == "/api/dataset":
            if "id" not in query:
                return self._json({"status": 400, "statusText": "Bad Request", "message": "No id or name given"})
            item = self.items.get(int(query["id"][0]))
            if item is None:
                return self._json({"status": 404, "statusText": "Not Found", "message": "Dataset not found"})
            return self._json({"status": 200, "statusText": "OK", "data": render_metadata(item, self.base)})
        if parts.path.startswith("/static/public/"):
            item = self.items.get(int(parts.path.split("/")[3]))
            if item is None:
                return None
            return 200, "text/csv", item.frame.to_csv(index=False).encode("utf-8")
        return None
