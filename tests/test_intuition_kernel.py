"""An intuition drill answered in a real kernel, through the API its widgets call.

`drill quick` creates the drill; the test appends cells to its notebook that
list the items and answer every one with ``drill.answer(n, value)``, and
papermill executes the whole notebook in a real ipykernel (the setup cell,
every item's ``drill.show(n)`` widget and plot, the summary, then the added
cells): the same kernel code path as JupyterLab.  Answers alternate between
close to the truth and wrong; stored answers, errors, hits and the score are
checked against truths the test recomputes from the data
(tests/intuition_support.py).
"""

from __future__ import annotations

import json

import nbformat
import pytest
from intuition_support import items_of, start_quick, truth, wrong
from log_support import query

from runner.drill import notebook

pytestmark = pytest.mark.slow
SEED = 4


def close(item, recomputed):
    """An answer within the item's tolerance of the recomputed truth (or the right choice)."""
    form = item.answer
    if form["type"] == "estimate":
        return round(recomputed + 0.02 if recomputed + 0.02 <= form["max"] else recomputed - 0.02, 4)
    if form["type"] == "distribution":
        return {"shape": recomputed, "peaks": "one", "median": item.truth["median"] * 1.1, "sketch": [0, 1, 2, 1, 0]}
    return recomputed


ADDED = """
import json
listing = drill.items()
reveals = {{n: drill.answer(n, value).to_json() for n, value in {given!r}.items()}}
try:
    drill.answer(1, {again!r})
    refused = None
except Exception as exc:
    refused = [type(exc).__name__, str(exc)]
noted = drill.note(2, "I read the tail as the peak")
with open({out!r}, "w") as handle:
    json.dump({{"listing": listing, "reveals": reveals, "refused": refused, "noted": noted}}, handle)
"""


@pytest.fixture(scope="module")
def run(tmp_path_factory, module_cli):
    import papermill

    results = tmp_path_factory.mktemp("intuition-kernel") / "results"
    nb_path = start_quick(module_cli, results, SEED)
    items = items_of(nb_path)
    recomputed = {i.number: truth(i) for i in items}
    given = {i.number: close(i, recomputed[i.number]) if i.number % 2 else wrong(i) for i in items}
    out = results.parent / "kernel-out.json"
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(ADDED.format(given=given, again=wrong(items[0]), out=str(out))))
    nbformat.write(nb, nb_path)
    executed = results.parent / "executed.ipynb"
    papermill.execute_notebook(str(nb_path), str(executed), kernel_name="python3", cwd=str(nb_path.parent),
                               progress_bar=False, request_save_on_cell_execute=False)
    return {"results": results, "nb": nb_path, "items": items, "recomputed": recomputed, "given": given,
            "out": json.loads(out.read_text()), "executed": nbformat.read(executed, as_version=4)}


def stored(run) -> dict[int, dict]:
    rows = query(run["results"], "SELECT number, answer, error, signed_error, hit, seconds, late, note FROM intuition_items")
    keys = ("answer", "error", "signed_error", "hit", "seconds", "late", "note")
    return {n: dict(zip(keys, (json.loads(a), *rest), strict=True)) for n, a, *rest in rows}


def same(a, b) -> bool:
    return a == pytest.approx(b, abs=1e-4) if isinstance(b, float) else a == b


def expected_error(item, given, recomputed) -> float:
    if item.answer["type"] == "estimate":
        return abs(given - recomputed)
    if item.answer["type"] == "distribution":
        return float(given["shape"] != recomputed)
    return float(given != recomputed)


def test_every_item_cell_showed_its_widget_without_an_error(run):
    cells = notebook.cells_tagged(run["executed"], "item")
    assert len(cells) == len(run["items"]) == 10
    for cell in cells:
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.source
        assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in cell.outputs), cell.source


def test_the_listing_names_each_item_and_gives_no_truth_away(run):
    listing = run["out"]["listing"]
    assert [i["number"] for i in listing] == list(range(1, 11))
    assert all(set(i) == {"number", "kind", "prompt", "dataset_id", "columns", "form", "answered"} for i in listing)
    assert not any(i["answered"] for i in listing)
    assert "truth" not in json.dumps(listing)


def test_stored_answers_are_the_submitted_ones(run):
    rows = stored(run)
    for item in run["items"]:
        given, answer = run["given"][item.number], rows[item.number]["answer"]
        if item.answer["type"] == "distribution":
            assert answer["shape"] == given["shape"] and answer.get("peaks") == given.get("peaks")
        else:
            assert same(answer, given)


def test_stored_errors_match_the_recomputed_truths(run):
    rows = stored(run)
    for item in run["items"]:
        error = expected_error(item, run["given"][item.number], run["recomputed"][item.number])
        assert rows[item.number]["error"] == pytest.approx(error, abs=2e-4), (item.kind, item.dataset_id)
        tolerance = item.answer.get("tolerance")
        assert bool(rows[item.number]["hit"]) == (error <= tolerance + 1e-3 if tolerance else error == 0)


def test_close_answers_hit_and_wrong_ones_miss(run):
    rows = stored(run)
    assert {n for n, r in rows.items() if r["hit"]} == {1, 3, 5, 7, 9}


def test_the_reveal_returned_is_what_was_stored(run):
    rows = stored(run)
    for n, reveal in run["out"]["reveals"].items():
        assert reveal["error"] == pytest.approx(rows[int(n)]["error"]) and reveal["hit"] == bool(rows[int(n)]["hit"])
        assert reveal["lesson"] and reveal["seconds"] is not None and not reveal["late"]


def test_the_score_counts_hits_over_items(run, drill_cli):
    review = json.loads(drill_cli("review", "--json", "--results", str(run["results"])).out)
    assert review["kind"] == "intuition"
    assert review["score"]["hits"] == 5 and review["score"]["score"] == 0.5
    assert review["score"]["answered"] == 10 and review["score"]["skipped"] == 0
    for item in review["items"]:
        assert {"kind", "answer", "truth", "error"} <= set(item)
        assert same(item["truth"], run["recomputed"][item["number"]])


def test_a_second_answer_is_refused_in_one_line(run):
    kind, message = run["out"]["refused"]
    assert kind == "ItemError" and "item 1 is already answered" in message and "final" in message
    assert same(stored(run)[1]["answer"], run["given"][1])  # the first answer stands


def test_the_note_is_stored_and_reviewed(run, drill_cli):
    assert stored(run)[2]["note"] == "I read the tail as the peak"
    review = json.loads(drill_cli("review", "--json", "--results", str(run["results"])).out)
    assert review["items"][1]["note"] == "I read the tail as the peak"


def test_answering_the_last_item_completes_the_drill(run):
    [(status, total)] = query(run["results"], "SELECT status, total_seconds FROM drills")
    assert status == "complete" and total is not None
