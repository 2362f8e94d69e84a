"""The learner's own file: ``file:<path>`` for a CSV, parquet or ARFF file.

The card's title is the file name and its level is computed from the data,
like every other source.  A CSV's delimiter is sniffed, and the card says which
was used and which columns were renamed (:mod:`runner.sources.dialect`).  Anything that cannot become a table (a missing,
empty, unreadable or unsupported file) raises :class:`~runner.errors.BadInput`
with a one-line message that says what to do.  This source lists nothing:
``entries()`` is empty, the learner names the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from runner.errors import BadInput
from runner.sources import catalog, dialect
from runner.sources.base import Dataset, Entry

if TYPE_CHECKING:
    import pandas as pd

CSV_SUFFIXES = (".csv", ".csv.gz", ".tsv", ".tsv.gz")
PARQUET_SUFFIXES = (".parquet", ".pq")
ARFF_SUFFIXES = (".arff",)
SUPPORTED = CSV_SUFFIXES + PARQUET_SUFFIXES + ARFF_SUFFIXES


def read_table(path: Path) -> tuple[pd.DataFrame, str, list[str]]:
    """The file's frame, its description (ARFF comments, else empty) and notes for its card."""
    import pandas as pd

    name = path.name.lower()
    if name.endswith(PARQUET_SUFFIXES):
        return pd.read_parquet(path), "", []
    if name.endswith(ARFF_SUFFIXES):
        return (*read_arff(path), [])
    frame, notes = dialect.read_csv(path, preferred="\t" if ".tsv" in name else ",")
    return frame, "", notes


def read_arff(path: Path) -> tuple[pd.DataFrame, str]:
    """ARFF through liac-arff (it reads string attributes, which scipy's reader does not; neither reads DATE)."""
    import arff
    import pandas as pd

    with path.open(encoding="utf-8") as handle:
        data = arff.load(handle)
    columns = [str(name) for name, _ in data["attributes"]]
    frame = pd.DataFrame(data["data"], columns=columns)
    for name, kind in data["attributes"]:
        if isinstance(kind, list):  # a nominal attribute {a, b, c}: categorical, with its declared levels
            frame[str(name)] = pd.Categorical(frame[str(name)], categories=[str(k) for k in kind])
    for column in frame.columns:  # other ARFF readers hand back bytes: never let them through
        if frame[column].map(lambda v: isinstance(v, bytes)).any():
            frame[column] = frame[column].map(
                lambda v: v.decode("utf-8", "replace") if isinstance(v, bytes) else v
            )
    description = str(data.get("description") or "").strip()
    relation = str(data.get("relation") or "").strip()
    if relation:
        description = f"ARFF relation: {relation}\n\n{description}".strip()
    return frame, description


def _kind(name: str) -> str:
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    return "ARFF" if name.endswith(ARFF_SUFFIXES) else "CSV"


class FileSource:
    name = "file"

    def entries(self) -> list[Entry]:
        return []

    def load(self, key: str) -> Dataset:
        path = Path(key).expanduser()
        shown = str(key)
        if not key.strip():
            raise BadInput("no file given", hint="use `file:PATH` with a .csv, .parquet or .arff file")
        if not path.exists():
            raise BadInput(
                f"file not found: {shown}", hint="check the path; it is relative to the current directory"
            )
        if path.is_dir():
            raise BadInput(f"{shown} is a directory", hint="give one .csv, .parquet or .arff file")
        if not path.name.lower().endswith(SUPPORTED):
            raise BadInput(
                f"unsupported file type: {path.name}",
                hint="save it as .csv, .parquet or .arff (" + ", ".join(SUPPORTED) + ")",
            )
        try:
            empty = path.stat().st_size == 0
        except OSError as exc:
            raise BadInput(
                f"cannot read {shown}: {exc.strerror}", hint="check the file's permissions"
            ) from exc
        if empty:
            raise BadInput(f"{shown} is empty", hint="give a file with a header and at least one row")
        frame, description, notes = self._read(path, shown)
        if frame.shape[0] == 0 or frame.shape[1] == 0:
            raise BadInput(
                f"{shown} has no rows or no columns", hint="give a file with a header and at least one row"
            )
        frame = catalog.tidy_frame(frame)  # a parquet file's named index becomes a column
        resolved = path.resolve()
        card = catalog.card_for(
            f"{self.name}:{resolved}",
            frame,
            path.name,
            description=description,
            origin=str(resolved),
            license="the learner's own file",
            notes=notes,
        )
        return Dataset(card=card, frame=frame)

    def _read(self, path: Path, shown: str) -> tuple[pd.DataFrame, str, list[str]]:
        try:
            return read_table(path)
        except PermissionError as exc:
            raise BadInput(
                f"cannot read {shown}: permission denied", hint="check the file's permissions"
            ) from exc
        except UnicodeDecodeError as exc:
            raise BadInput(f"cannot read {shown}: it is not UTF-8 text", hint="save it as UTF-8") from exc
        except Exception as exc:  # each reader has its own error types; all mean "not a table"
            detail = " ".join(str(exc).split())[:200] or type(exc).__name__
            kind = _kind(path.name.lower())
            raise BadInput(
                f"cannot read {shown} as {kind}: {detail}", hint=f"check that it is a valid {kind} file"
            ) from exc
