import pytest

from runner.errors import BadInput
from runner.spec import load_spec


def test_default_spec_has_four_phases_of_120_minutes():
    spec = load_spec("eda-2h")
    assert spec.phase_minutes == {"hypotheses": 30, "explore": 60, "compare": 20, "reflect": 10}


def test_checklist_covers_the_standard_eda_steps():
    keys = [item.key for item in load_spec().checklist]
    assert keys == ["quality", "missing", "univariate", "outliers", "correlations", "target", "duplicates"]


def test_common_tasks_are_timed():
    assert {i.task for i in load_spec().checklist if i.task} == {"correlation analysis", "outlier detection"}


@pytest.mark.parametrize("name", ["nope", "../eda-2h", ""])
def test_unknown_spec_is_bad_input(name):
    with pytest.raises(BadInput, match="unknown drill spec"):
        load_spec(name)


def test_spec_without_phases_is_bad_input(tmp_path):
    (tmp_path / "broken.yaml").write_text("template: eda-2h.ipynb\n")
    with pytest.raises(BadInput, match="missing or has a bad field"):
        load_spec("broken", drills_dir=tmp_path)


def test_spec_that_is_not_yaml_is_bad_input(tmp_path):
    (tmp_path / "broken.yaml").write_text("phases: [\n")
    with pytest.raises(BadInput, match="not valid YAML"):
        load_spec("broken", drills_dir=tmp_path)
