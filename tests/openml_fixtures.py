"""Small OpenML fixtures rendered from a bundled dataset, served on 127.0.0.1.

Everything the fake server sends is written here, at test time, from
scikit-learn's bundled iris table: the XML API's answers in OpenML's own shape
(``oml:`` namespace, ``data_set_description``, ``data_features``,
``data_qualities``, the ``data`` list with ``oml:quality name=...``, the
``oml:error`` body with its code), the ARFF file (nominal attributes in
braces, ``?`` for a missing value, string attributes quoted) and, for datasets
with ``parquet=True``, a parquet file served the way MinIO serves it (HEAD for
the object's stat, then GET).  Answers are gzipped when asked, like the real
server's.

:class:`Loopback` is a small threaded ``http.server`` on a free port with
knobs for the failure tests: ``fail`` (path prefix -> HTTP status, answered
with ``fail_body``, an nginx error page by default),
``slow`` (path prefix -> seconds to sleep before answering) and ``hits``
(every request seen).  Nothing here talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

import pandas as pd

from runner.sources.network.common import Timeouts

#: Client timeouts for tests against these loopback servers: short, one retry.
FAST = Timeouts(connect=1.0, read=1.0, retries=1)

NS = 'xmlns:oml="http://openml.org/openml"'

# -- a bundled dataset, reshaped into the OpenML fixtures ------------------------------


def iris() -> pd.DataFrame:
    """scikit-learn's bundled iris, with OpenML's column names and class labels."""
    from sklearn.datasets import load_iris

    bunch = load_iris(as_frame=True)
    frame = bunch.data.copy()
    frame.columns = ["sepallength", "sepalwidth", "petallength", "petalwidth"]
    labels = [f"Iris-{name}" for name in bunch.target_names]
    frame["class"] = pd.Categorical.from_codes(bunch.target, categories=labels)
    return frame


@dataclass
class Fixture:
    did: int
    name: str
    frame: pd.DataFrame | None  # None: only listed (its qualities come from `listed`)
    target: str | None = "class"
    status: str = "active"
    data_format: str = "ARFF"
    parquet: bool = False
    listed: dict[str, float] = field(default_factory=dict)  # overrides of listed qualities
    measured: bool = True  # False: the server has no qualities for it (code 362)
    description: str = "Fixture rendered from scikit-learn's bundled iris."
    licence: str = "Public"
    citation: str = "https://archive.ics.uci.edu/ml/citation_policy.html"
    original_data_url: str = "https://archive.ics.uci.edu/ml/datasets/Iris"


def fixtures() -> list[Fixture]:
    """The fixture catalog: levels 1 to 4, the exclusions, one larger table."""
    base = iris()
    mixed = base.copy()
    mixed.insert(4, "habitat", pd.Categorical(["meadow", "marsh", "hill"] * 50))
    gaps = base.copy()
    gaps.loc[gaps.index % 30 == 0, "petalwidth"] = float("nan")  # 5 of 750 cells
    notes = base.copy()
    notes.loc[notes.index % 4 == 0, "sepalwidth"] = float("nan")  # 38 of 900 cells
    notes.insert(4, "note", [f"collected on day {i} near the 'old' mill, bed {i % 7}" for i in range(150)])
    large = pd.concat([base] * 4, ignore_index=True)
    large["sepallength"] = large["sepallength"] + [i / 1000 for i in range(len(large))]
    return [
        Fixture(61, "iris", base, parquet=True,
                description="**Author**: R.A. Fisher\n**Source**: UCI\n\nThe best known database in pattern recognition."),
        Fixture(62, "iris-habitat", mixed),
        Fixture(63, "iris-gaps", gaps),
        Fixture(64, "iris-notes", notes),
        Fixture(70, "iris-large", large),
        Fixture(71, "iris-unmeasured", mixed, measured=False),
        Fixture(65, "BNG(iris)", None, listed={"NumberOfInstances": 1e6, "NumberOfFeatures": 5}),
        Fixture(66, "iris-sparse", None, data_format="Sparse_ARFF"),
        Fixture(67, "iris-wide", None, listed={"NumberOfFeatures": 150, "NumberOfNumericFeatures": 149}),
        Fixture(68, "iris-huge", None, listed={"NumberOfInstances": 2_000_000}),
        Fixture(69, "iris-retired", None, status="deactivated"),
    ]


# -- rendering -------------------------------------------------------------------------


def feature_type(column: pd.Series) -> str:
    if isinstance(column.dtype, pd.CategoricalDtype):
        return "nominal"
    if pd.api.types.is_numeric_dtype(column):
        return "numeric"
    return "string"


def qualities(frame: pd.DataFrame, target: str | None) -> dict[str, float]:
    """The qualities OpenML computes (the ten it lists, and a few more)."""
    types = [feature_type(frame[c]) for c in frame.columns]
    nominal = [c for c, t in zip(frame.columns, types, strict=True) if t == "nominal"]
    counts = frame[target].value_counts() if target else pd.Series(dtype=int)
    missing = int(frame.isna().sum().sum())
    return {
        "MajorityClassSize": float(counts.max()) if len(counts) else float("nan"),
        "MaxNominalAttDistinctValues": float(max((frame[c].nunique() for c in nominal), default=-1)),
        "MinorityClassSize": float(counts.min()) if len(counts) else float("nan"),
        "NumberOfClasses": float(len(counts)),
        "NumberOfFeatures": float(frame.shape[1]),
        "NumberOfInstances": float(frame.shape[0]),
        "NumberOfInstancesWithMissingValues": float(frame.isna().any(axis=1).sum()),
        "NumberOfMissingValues": float(missing),
        "NumberOfNumericFeatures": float(types.count("numeric")),
        "NumberOfSymbolicFeatures": float(types.count("nominal")),
        "PercentageOfMissingValues": 100.0 * missing / frame.size,
        "Dimensionality": frame.shape[1] / frame.shape[0],
    }


def listed_qualities(fixture: Fixture) -> dict[str, float]:
    base = qualities(fixture.frame, fixture.target) if fixture.frame is not None else qualities(iris(), "class")
    return {**base, **fixture.listed}


def _text(value: object) -> str:
    return escape(str(value))


def _arff_token(value: object, quote_always: bool = False) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "?"
    text = str(value)
    if quote_always or any(ch in text for ch in " ,'\"{}%\t\\"):
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return text


def render_arff(fixture: Fixture) -> str:
    frame = fixture.frame
    assert frame is not None
    lines = [f"% {fixture.name}: {fixture.description.splitlines()[0]}", f"@relation {_arff_token(fixture.name)}"]
    for name in frame.columns:
        kind = feature_type(frame[name])
        if kind == "nominal":
            spec = "{" + ",".join(_arff_token(v) for v in frame[name].cat.categories) + "}"
        elif kind == "numeric":
            spec = "integer" if pd.api.types.is_integer_dtype(frame[name]) else "real"
        else:
            spec = "string"
        lines.append(f"@attribute {_arff_token(name, quote_always=True)} {spec}")
    lines.append("@data")
    kinds = [feature_type(frame[c]) for c in frame.columns]
    for row in frame.itertuples(index=False):
        lines.append(",".join(_arff_token(v, quote_always=(k == "string")) for v, k in zip(row, kinds, strict=True)))
    return "\n".join(lines) + "\n"


def render_parquet(fixture: Fixture) -> bytes:
    buffer = io.BytesIO()
    assert fixture.frame is not None
    fixture.frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def parquet_path(did: int) -> str:
    return f"/datasets/0000/{did:04d}/dataset_{did}.pq"


def render_description(fixture: Fixture, base: str, arff_md5: str) -> str:
    parquet = f"{base}{parquet_path(fixture.did)}"
    fields = [
        ("id", fixture.did), ("name", fixture.name), ("version", 1), ("description", fixture.description),
        ("description_version", 1), ("format", fixture.data_format), ("creator", "R.A. Fisher"),
        ("collection_date", 1936), ("upload_date", "2014-04-06T23:23:39"), ("language", "English"),
        ("licence", fixture.licence), ("url", f"{base}/data/v1/download/{fixture.did}/{fixture.name}.arff"),
    ]
    if fixture.parquet:
        fields.append(("parquet_url", parquet))
    fields += [("file_id", fixture.did)]
    if fixture.target:
        fields.append(("default_target_attribute", fixture.target))
    fields += [("version_label", 1), ("citation", fixture.citation), ("tag", "Botany"), ("tag", "uci"),
               ("visibility", "public"), ("original_data_url", fixture.original_data_url),
               ("paper_url", "http://digital.library.adelaide.edu.au/dspace/handle/2440/15227")]
    if fixture.parquet:
        fields.append(("minio_url", parquet))
    fields += [("status", fixture.status), ("processing_date", "2020-11-20 19:02:18"), ("md5_checksum", arff_md5)]
    body = "\n".join(f"  <oml:{key}>{_text(value)}</oml:{key}>" for key, value in fields)
    return f"<oml:data_set_description {NS}>\n{body}\n</oml:data_set_description>\n"


def render_features(fixture: Fixture) -> str:
    frame = fixture.frame
    assert frame is not None
    parts = [f"<oml:data_features {NS}>"]
    for index, name in enumerate(frame.columns):
        kind = feature_type(frame[name])
        nominal = "".join(f"\n      <oml:nominal_value>{_text(v)}</oml:nominal_value>"
                          for v in (frame[name].cat.categories if kind == "nominal" else []))
        parts.append(
            f"  <oml:feature>\n    <oml:index>{index}</oml:index>\n    <oml:name>{_text(name)}</oml:name>\n"
            f"    <oml:data_type>{kind}</oml:data_type>{nominal}\n"
            f"    <oml:is_target>{str(name == fixture.target).lower()}</oml:is_target>\n"
            "    <oml:is_ignore>false</oml:is_ignore>\n    <oml:is_row_identifier>false</oml:is_row_identifier>\n"
            f"    <oml:number_of_missing_values>{int(frame[name].isna().sum())}</oml:number_of_missing_values>\n"
            "  </oml:feature>"
        )
    return "\n".join(parts) + "\n</oml:data_features>\n"


def render_qualities(fixture: Fixture) -> str:
    assert fixture.frame is not None
    items = sorted(qualities(fixture.frame, fixture.target).items())
    body = "".join(
        f"\n  <oml:quality  >\n    <oml:name>{name}</oml:name>\n    <oml:value>{'' if pd.isna(v) else v}</oml:value>\n  </oml:quality>"
        for name, v in items
    )
    return f"<oml:data_qualities {NS}>{body}\n</oml:data_qualities>\n"


def render_list(items: list[Fixture]) -> str:
    parts = [f"<oml:data {NS}>"]
    for f in items:
        quality = "".join(f'\n    <oml:quality name="{name}">{value}</oml:quality>'
                          for name, value in sorted(listed_qualities(f).items()) if not pd.isna(value) and f.measured)
        parts.append(
            f"  <oml:dataset>\n    <oml:did>{f.did}</oml:did>\n    <oml:name>{_text(f.name)}</oml:name>\n"
            f"    <oml:version>1</oml:version>\n    <oml:status>{f.status}</oml:status>\n"
            f"    <oml:format>{f.data_format}</oml:format>\n    <oml:file_id>{f.did}</oml:file_id>{quality}\n"
            "  </oml:dataset>"
        )
    return "\n".join(parts) + "\n</oml:data>\n"


def render_error(code: int, message: str) -> str:
    return f"<oml:error {NS}>\n  <oml:code>{code}</oml:code>\n  <oml:message>{_text(message)}</oml:message>\n</oml:error>\n"


# -- a loopback HTTP server ----------------------------------------------------------------

NGINX_500 = (  # what a proxy in front of an API sends: HTML, and not well-formed XML
    b"<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n"
    b"<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)
Reply = tuple[int, str, bytes]  # status, content type, body
Route = Callable[[str, str], "Reply | None"]  # (method, path with query) -> reply


class Loopback:
    """A threaded HTTP server on 127.0.0.1 that answers through ``route``."""

    def __init__(self, route: Route) -> None:
        self.route = route
        self.fail: dict[str, int] = {}
        self.slow: dict[str, float] = {}
        self.fail_body = NGINX_500
        self.hits: list[tuple[str, str]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802
                outer._answer(self, "GET")

            def do_HEAD(self) -> None:  # noqa: N802
                outer._answer(self, "HEAD")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def _answer(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        path = handler.path
        self.hits.append((method, path))
        try:
            for prefix, seconds in list(self.slow.items()):
                if path.startswith(prefix):
                    time.sleep(seconds)
            failing = next((s for p, s in list(self.fail.items()) if path.startswith(p)), None)
            if failing is not None:
                reply: Reply | None = (failing, "text/html", self.fail_body)
            else:
                reply = self.route(method, path)
            status, kind, body = reply or (404, "text/plain", b"not found")
            gzipped = kind != "application/octet-stream" and "gzip" in handler.headers.get("Accept-Encoding", "")
            if gzipped:
                body = gzip.compress(body)
            handler.send_response(status)
            handler.send_header("Content-Type", kind)
            handler.send_header("Content-Length", str(len(body)))
            if gzipped:
                handler.send_header("Content-Encoding", "gzip")
            if kind == "application/octet-stream":  # what MinIO's stat needs
                handler.send_header("ETag", '"' + hashlib.md5(body).hexdigest() + '"')
                handler.send_header("Last-Modified", formatdate(usegmt=True))
            handler.end_headers()
            if method != "HEAD":
                handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    def paths(self, method: str = "GET") -> list[str]:
        return [urlsplit(p).path for m, p in self.hits if m == method]

    def reset(self) -> None:
        """Forget planted failures and delays, the error page and the recorded hits (before each test)."""
        self.fail.clear()
        self.slow.clear()
        self.hits.clear()
        self.fail_body = NGINX_500

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def closed_port() -> int:
    """A loopback port nothing listens on (connections are refused at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FakeOpenML(Loopback):
    """OpenML's XML API, its ARFF downloads and its MinIO parquet files, from fixtures."""

    API = "/api/v1/xml"

    def __init__(self, items: list[Fixture] | None = None) -> None:
        self.items = {f.did: f for f in (items or fixtures())}
        super().__init__(self._route)
        self.server = self.base + self.API
        self.arff = {d: render_arff(f) for d, f in self.items.items() if f.frame is not None}
        self.parquet = {d: render_parquet(f) for d, f in self.items.items() if f.frame is not None and f.parquet}

    def _xml(self, text: str, status: int = 200) -> Reply:
        return status, "text/xml; charset=utf-8", text.encode("utf-8")

    def _route(self, method: str, raw: str) -> Reply | None:
        path = urlsplit(raw).path.rstrip("/")
        if path == self.API:
            return self._xml(render_error(100, "Function not valid"), 412)
        if path.startswith(self.API + "/data/list"):
            segments = path[len(self.API + "/data/list"):].strip("/").split("/")
            filters = dict(zip(segments[::2], segments[1::2], strict=False))
            if int(filters.get("offset", 0)) > 0:
                return self._xml(render_error(372, "No results"), 412)
            return self._xml(render_list(list(self.items.values())))
        for prefix, render, code in (("/data/features/", render_features, 272), ("/data/qualities/", render_qualities, 362)):
            if path.startswith(self.API + prefix):
                item = self._item(path.rsplit("/", 1)[1])
                if item and code == 362 and not item.measured:
                    return self._xml(render_error(362, "No qualities found"), 412)
                return self._xml(render(item)) if item else self._xml(render_error(code, "Unknown dataset"), 412)
        if path.startswith(self.API + "/data/"):
            item = self._item(path.rsplit("/", 1)[1])
            if item is None:
                return self._xml(render_error(111, "Unknown dataset"), 412)
            md5 = hashlib.md5(self.arff[item.did].encode("utf-8")).hexdigest()
            return self._xml(render_description(item, self.base, md5))
        if path.startswith("/data/v1/download/"):
            did = int(path.split("/")[4])
            return (200, "text/plain; charset=utf-8", self.arff[did].encode("utf-8")) if did in self.arff else None
        if path.startswith("/datasets/"):
            did = int(path.rsplit("_", 1)[1].split(".")[0])
            return (200, "application/octet-stream", self.parquet[did]) if did in self.parquet else None
        return None

    def _item(self, text: str) -> Fixture | None:
        item = self.items.get(int(text)) if text.isdigit() else None
        return item if item is not None and item.frame is not None else None


def make_dataset(dataset_id: str, level: int = 1, rows: int = 6):
    """A small Dataset with a card, for pool tests (no network involved)."""
    from runner.sources.base import Card, Dataset

    frame = pd.DataFrame({"x": [float(i) for i in range(rows)], "kind": pd.Categorical(["a", "b"] * (rows // 2))})
    card = Card(
        id=dataset_id, source=dataset_id.partition(":")[0], title=f"table {dataset_id}", rows=rows, columns=2,
        dtypes={"x": "float64", "kind": "category"}, level=level, level_reasons=["made for a test"],
    )
    return Dataset(card=card, frame=frame)


def pick_in_a_fresh_process(source: str, server: str, cache: Path, seed: int, hash_seed: str) -> str:
    """``SOURCE(cache, server=server).pick(seed)`` in a new interpreter with ``PYTHONHASHSEED=hash_seed``:
    what a learner typing ``drill start --source ... --seed N`` again tomorrow would get."""
    module, _, name = source.partition(":")
    code = (f"from {module} import {name}; from openml_fixtures import FAST; "
            f"print({name}({str(cache)!r}, server={server!r}, timeouts=FAST).pick({seed}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).parent, env={**os.environ, "PYTHONHASHSEED": hash_seed})
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()
