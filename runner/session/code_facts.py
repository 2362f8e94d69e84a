"""What a cell's code looked at and did: the dataset's columns it names, the operations it runs.

Pure Python over the standard library's :mod:`ast` (never regular expressions
over the source): :func:`analyse` takes a cell's code, the dataset's column
names and the :class:`Scope` left by the cells before it, and returns the
cell's :class:`CodeFacts` and the new scope.  The recorder
(:mod:`runner.session.process_log`) stores the facts, so nothing downstream
parses code again.

* **Columns**: a string constant equal to a column name (``df["Ozone"]``,
  ``x="Wind"``, ``subset=["Ozone"]``), an attribute that is a column and is not
  called (``df.Ozone``), a name inside a ``query``/``eval`` string, and a
  variable an earlier cell bound to columns (``oz = df["Ozone"]``, then ``oz``).
* **Operations** (``category:detail``): ``load``, ``look`` (``head``, ``tail``,
  ``sample``, ``shape``, a bare frame), ``summary:describe|info|value_counts|
  distinct|stats|shape``, ``missing``, ``plot:hist|kde|box|scatter|pair|bar|
  line|heatmap|pie``, ``correlation``, ``groupby``, ``outliers:quantile|iqr|
  zscore|box|clip|model|rule``, ``duplicates``, ``types:check|convert``.
* **Whole-frame operations**: an operation on a frame with no column picked
  (``df.describe()``, ``df.isna().sum()``, ``sns.pairplot(df)``, or a loop over
  ``df.columns``), with its reach: ``numeric`` columns (``describe`` without
  ``include``, histograms, correlations...) or ``all`` of them.

Frames are the names bound to ``drill.data(...)`` or ``pd.read_*(...)``, to a
frame-returning method of a frame (``df.dropna()``), or to a frame itself; ``df``
counts from the start.  IPython's magics and shell escapes are skipped.

May import: nothing of the project (pure Python, standard library only).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

#: Method or function name -> the operations it counts as.
OPERATIONS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("head", "tail", "sample"), ("look",)),
    "describe": ("summary:describe",), "info": ("summary:info",), "value_counts": ("summary:value_counts",),
    **dict.fromkeys(("nunique", "unique"), ("summary:distinct",)),
    **dict.fromkeys(("mean", "median", "std", "var", "min", "max", "mode", "agg", "aggregate"),
                    ("summary:stats",)),
    **dict.fromkeys(("skew", "kurt", "kurtosis"), ("summary:shape",)),
    **dict.fromkeys(("isna", "isnull", "notna", "notnull", "dropna", "fillna", "interpolate", "count"),
                    ("missing",)),
    **dict.fromkeys(("hist", "histplot", "distplot", "displot", "histogram"), ("plot:hist",)),
    **dict.fromkeys(("kde", "kdeplot", "density", "ecdfplot"), ("plot:kde",)),
    **dict.fromkeys(("boxplot", "box", "violinplot", "violin", "boxenplot"), ("plot:box", "outliers:box")),
    **dict.fromkeys(("scatter", "scatterplot", "regplot", "lmplot", "jointplot", "hexbin", "residplot"),
                    ("plot:scatter",)),
    **dict.fromkeys(("pairplot", "scatter_matrix"), ("plot:pair",)),
    **dict.fromkeys(("bar", "barh", "barplot", "countplot", "catplot", "pointplot"), ("plot:bar",)),
    **dict.fromkeys(("line", "lineplot", "relplot"), ("plot:line",)),
    **dict.fromkeys(("heatmap", "imshow", "matshow", "clustermap"), ("plot:heatmap",)),
    "pie": ("plot:pie",),
    **dict.fromkeys(("corr", "corrwith", "cov", "corrcoef", "pearsonr", "spearmanr", "kendalltau",
                     "pointbiserialr", "chi2_contingency", "phik_matrix", "mutual_info_score",
                     "mutual_info_regression", "mutual_info_classif"), ("correlation",)),
    "crosstab": ("groupby", "correlation"),
    **dict.fromkeys(("groupby", "pivot_table", "pivot", "resample"), ("groupby",)),
    **dict.fromkeys(("quantile", "percentile", "nanpercentile", "nanquantile"), ("outliers:quantile",)),
    **dict.fromkeys(("zscore",), ("outliers:zscore",)),
    "iqr": ("outliers:iqr",), "clip": ("outliers:clip",),
    **dict.fromkeys(("IsolationForest", "LocalOutlierFactor", "EllipticEnvelope"), ("outliers:model",)),
    **dict.fromkeys(("duplicated", "drop_duplicates"), ("duplicates",)),
    **dict.fromkeys(("astype", "to_datetime", "to_numeric", "to_timedelta", "convert_dtypes", "infer_objects",
                     "Categorical"), ("types:convert",)),
    "select_dtypes": ("types:check",),
}
#: Attributes that are operations when read (not called).
ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "dtypes": ("types:check",), "dtype": ("types:check",), "shape": ("look",), "hasnans": ("missing",),
    "is_unique": ("duplicates",),
}
#: ``df.plot(kind=...)``: the kind -> the operations.
PLOT_KINDS = {"hist": "hist", "kde": "kde", "density": "kde", "box": "box", "scatter": "scatter",
              "hexbin": "scatter", "bar": "bar", "barh": "bar", "line": "line", "area": "line", "pie": "pie"}
#: Whole-frame operations that reach only the numeric columns unless told otherwise.
NUMERIC_REACH = {"summary:describe", "summary:stats", "summary:shape", "plot:hist", "plot:kde", "plot:box",
                 "plot:pair", "plot:scatter", "correlation", "outliers:quantile", "outliers:zscore",
                 "outliers:box", "outliers:clip"}
#: Methods of a frame that return a frame (a name bound to one is a frame too).
FRAME_METHODS = {"dropna", "fillna", "copy", "select_dtypes", "drop", "drop_duplicates", "assign", "astype",
                 "query", "sample", "reset_index", "set_index", "sort_values", "rename", "convert_dtypes",
                 "infer_objects", "interpolate", "replace", "merge", "join", "filter"}
#: Keywords that name columns in plotting and grouping calls (a call naming one is not whole-frame).
COLUMN_KEYWORDS = {"x", "y", "hue", "column", "columns", "by", "subset", "col", "row", "values", "index"}
#: Identifier fragments that show an outlier rule over several cells (``iqr = q3 - q1``).
RULE_NAMES = (("iqr", "outliers:iqr"), ("zscore", "outliers:zscore"), ("z_score", "outliers:zscore"),
              ("outlier", "outliers:rule"), ("fence", "outliers:rule"))
#: Cell magics whose body is still Python (analysed); any other cell magic is not Python.
PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug"}


@dataclass
class Scope:
    """What earlier cells bound: frame names, and names bound to columns of the data."""

    frames: set[str] = field(default_factory=lambda: {"df"})
    series: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class CodeFacts:
    columns: tuple[str, ...] = ()  # the dataset's columns the cell names, in the dataset's order
    operations: tuple[str, ...] = ()  # sorted, each once
    whole_frame: tuple[tuple[str, str], ...] = ()  # (operation, "numeric" | "all"), sorted, each once
    parsed: bool = True  # False: not Python (a syntax error, a %%bash cell)

    def to_json(self) -> dict[str, object]:
        return {"columns": list(self.columns), "operations": list(self.operations),
                "whole_frame": [list(w) for w in self.whole_frame], "parsed": self.parsed}


def python_source(code: str) -> str | None:
    """The cell's Python, with IPython's line magics, shell escapes and help lines blanked out
    (their indentation kept); None for a cell magic whose body is not Python."""
    lines = code.splitlines()
    if lines and lines[0].lstrip().startswith("%%"):
        words = lines[0].lstrip()[2:].split()
        if not words or words[0] not in PYTHON_CELL_MAGICS:
            return None
        lines = lines[1:]
    out = []
    for line in lines:
        bare = line.strip()
        escaped = bare.startswith(("%", "!")) or (bare.endswith("?") and not bare.startswith("#"))
        if not escaped and "=" in bare and bare.split("=", 1)[1].lstrip().startswith(("!", "%")):
            escaped = True  # files = !ls
        out.append(line[: len(line) - len(line.lstrip())] + "pass" if escaped else line)
    return "\n".join(out)


def _call_name(node: ast.Call) -> str | None:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None


def _strings(node: ast.AST) -> Iterable[str]:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            yield sub.value


class _Cell:
    """One cell's analysis (see :func:`analyse`)."""

    def __init__(self, tree: ast.AST, columns: Sequence[str], scope: Scope) -> None:
        self.tree, self.columns, self.known = tree, list(columns), set(columns)
        self.scope = Scope(set(scope.frames), dict(scope.series))
        self.named: set[str] = set()
        self.ops: set[str] = set()
        self.whole: set[tuple[str, str]] = set()
        self.loop_vars: dict[str, str] = {}  # a name bound to each column of a frame -> its reach
        self.nodes = list(ast.walk(tree))  # one walk, shared by the passes
        self.called: set[int] = {id(n.func) for n in self.nodes if isinstance(n, ast.Call)}

    # -- frames and what a chain selects ----------------------------------------------------
    def chain(self, node: ast.AST) -> tuple[str | None, bool, str]:
        """Walk ``df.a["x"].b().c`` down to its root name: (root, a column was picked, reach)."""
        picked, reach = False, "all"
        while True:
            if isinstance(node, ast.Call):
                if _call_name(node) == "select_dtypes":
                    reach = "numeric" if any(s in ("number", "float", "int") for s in _strings(node)) else reach
                node = node.func
            elif isinstance(node, ast.Attribute):
                if node.attr in self.known and id(node) not in self.called:
                    picked = True
                node = node.value
            elif isinstance(node, ast.Subscript):
                picked = picked or self.picks_columns(node.slice)
                if isinstance(node.slice, ast.Name) and node.slice.id in self.loop_vars:
                    reach = self.loop_vars[node.slice.id]
                node = node.value
            elif isinstance(node, ast.Name):
                return node.id, picked or node.id in self.scope.series, reach
            else:
                return None, picked, reach

    def picks_columns(self, index: ast.AST) -> bool:
        """Does ``frame[index]`` (or ``.loc[rows, index]``) pick columns, rather than filter rows?"""
        if isinstance(index, ast.Tuple) and len(index.elts) == 2:  # .loc[rows, cols]
            index = index.elts[1]
        if isinstance(index, ast.Slice):
            return False
        if isinstance(index, ast.Name):
            return index.id not in self.loop_vars
        # a mask (rows) is not a pick; a column name, a list of them, or anything unknown is
        return not isinstance(index, (ast.Compare, ast.BoolOp, ast.UnaryOp, ast.BinOp, ast.Call, ast.Attribute))

    def is_frame_chain(self, node: ast.AST) -> tuple[bool, str]:
        root, picked, reach = self.chain(node)
        return root in self.scope.frames and not picked, reach

    def is_load(self, node: ast.AST) -> bool:
        if not isinstance(node, ast.Call):
            return False
        name = _call_name(node) or ""
        func = node.func
        on_drill = isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "drill"
        return (name == "data" and on_drill) or name.startswith("read_")

    # -- passes -----------------------------------------------------------------------------
    def bind(self) -> None:
        """Frames, column variables and loop variables, from assignments and loops (source order)."""
        for node in sorted((n for n in self.nodes if isinstance(n, (ast.Assign, ast.AnnAssign, ast.For,
                                                                      ast.comprehension))),
                           key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0))):
            if isinstance(node, (ast.For, ast.comprehension)):
                self.bind_loop(node.target, node.iter)
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if node.value is None:
                continue
            for target in targets:
                if isinstance(target, ast.Name):
                    self.bind_name(target.id, node.value)

    def bind_loop(self, target: ast.AST, iterable: ast.AST) -> None:
        if not isinstance(target, ast.Name):
            return
        node, over_columns = iterable, False
        if isinstance(node, ast.Attribute) and node.attr == "columns":
            node, over_columns = node.value, True
        whole, reach = self.is_frame_chain(node)
        if whole and (over_columns or isinstance(node, ast.Name)):
            self.loop_vars[target.id] = reach

    def bind_name(self, name: str, value: ast.AST) -> None:
        root, picked, _ = self.chain(value)
        strings = set(_strings(value))
        picked_columns = tuple(c for c in self.columns if c in strings) or self.scope.series.get(root or "", ())
        frame = self.is_load(value) or (root in self.scope.frames and not picked and (
            isinstance(value, (ast.Name, ast.Subscript))
            or (isinstance(value, ast.Call) and _call_name(value) in FRAME_METHODS)))
        column = (root in self.scope.frames or root in self.scope.series) and picked and bool(picked_columns)
        self.scope.frames.discard(name)
        self.scope.series.pop(name, None)
        if frame:
            self.scope.frames.add(name)
        elif column:
            self.scope.series[name] = picked_columns

    def visit(self) -> None:
        for node in self.nodes:
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in self.known:
                self.named.add(node.value)
            elif isinstance(node, ast.Attribute):
                self.attribute(node)
            elif isinstance(node, ast.Name):
                self.name(node)
            elif isinstance(node, ast.Call):
                self.call(node)
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
                self.by_hand_zscore(node)
            elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Name) and node.value.id in self.scope.frames:
                self.ops.add("look")  # a bare `df` shows the frame

    def attribute(self, node: ast.Attribute) -> None:
        if node.attr in self.known and id(node) not in self.called:
            self.named.add(node.attr)
        if node.attr in ATTRIBUTES and id(node) not in self.called:
            self.add(ATTRIBUTES[node.attr], node.value)
        self.rule_name(node.attr)

    def name(self, node: ast.Name) -> None:
        self.named.update(self.scope.series.get(node.id, ()))
        self.rule_name(node.id)

    def rule_name(self, identifier: str) -> None:
        low = identifier.lower()
        self.ops.update(op for fragment, op in RULE_NAMES if fragment in low)

    def call(self, node: ast.Call) -> None:
        name = _call_name(node)
        if self.is_load(node):
            self.ops.add("load")
            return
        if name == "plot":
            kind = next((k.value for k in node.keywords if k.arg == "kind"), None)
            ops = (f"plot:{PLOT_KINDS.get(kind.value, 'line')}",) if isinstance(kind, ast.Constant) else ("plot:line",)
        elif name in ("display", "print") and isinstance(node.func, ast.Name):
            shown = [self.chain(a)[0] for a in node.args]
            ops = ("look",) if any(r in self.scope.frames or r in self.scope.series for r in shown) else ()
        else:
            ops = OPERATIONS.get(name or "", ())
            if isinstance(node.func, ast.Name) and ops == ("summary:stats",):
                ops = ()  # min(a, b), max(...): Python's builtins
        if name in ("query", "eval"):
            self.query_names(node)
        if not ops:
            return
        # a call that names a column (x="Ozone", subset=[...], groupby("Month")) is not about the whole frame
        arguments = [*node.args, *(k.value for k in node.keywords)]
        names_columns = any(k.arg in COLUMN_KEYWORDS for k in node.keywords) or any(
            s in self.known for a in arguments for s in _strings(a))
        if isinstance(node.func, ast.Attribute) and self.is_frame_chain(node.func.value)[0]:
            self.add(ops, None if names_columns else node.func.value, node)
        else:  # a function: sns.pairplot(df), msno.matrix(df), pd.plotting.scatter_matrix(df)
            data = [*node.args[:1], *(k.value for k in node.keywords if k.arg in ("data", "frame"))]
            target = next((d for d in data if self.is_frame_chain(d)[0]), None)
            self.add(ops, None if names_columns else target, node)

    def add(self, ops: Sequence[str], receiver: ast.AST | None, call: ast.Call | None = None) -> None:
        self.ops.update(ops)
        if receiver is None:
            return
        whole, reach = self.is_frame_chain(receiver)
        if not whole:
            return
        include = call is not None and any(k.arg == "include" for k in call.keywords)
        for op in ops:
            if op != "look":
                self.whole.add((op, "numeric" if op in NUMERIC_REACH and not include else reach))

    def query_names(self, node: ast.Call) -> None:
        """Columns inside ``df.query("Ozone > 30 and `Solar.R` < 100")``: backticks, then Python names."""
        text = next((a.value for a in node.args[:1] if isinstance(a, ast.Constant) and isinstance(a.value, str)), "")
        parts = text.split("`")
        self.named.update(p for p in parts[1::2] if p in self.known)
        try:
            expr = ast.parse(" _ ".join(parts[0::2]), mode="eval")
        except SyntaxError:
            return
        self.named.update(n.id for n in ast.walk(expr) if isinstance(n, ast.Name) and n.id in self.known)

    def by_hand_zscore(self, node: ast.BinOp) -> None:
        """``(x - x.mean()) / x.std()``."""
        left, right = node.left, node.right
        means = isinstance(left, ast.BinOp) and isinstance(left.op, ast.Sub) and any(
            isinstance(n, ast.Call) and _call_name(n) == "mean" for n in ast.walk(left.right))
        stds = any(isinstance(n, ast.Call) and _call_name(n) == "std" for n in ast.walk(right))
        if means and stds:
            self.ops.add("outliers:zscore")

    def facts(self) -> CodeFacts:
        return CodeFacts(tuple(c for c in self.columns if c in self.named), tuple(sorted(self.ops)),
                         tuple(sorted(self.whole)))


def analyse(code: str, columns: Sequence[str], scope: Scope | None = None) -> tuple[CodeFacts, Scope]:
    """The facts of one cell, and the scope the next cell starts from (see the module docstring)."""
    scope = scope or Scope()
    source = python_source(code)
    if source is None:
        return CodeFacts(), scope
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return CodeFacts(parsed=False), scope
    cell = _Cell(tree, columns, scope)
    cell.bind()
    cell.visit()
    return cell.facts(), cell.scope
