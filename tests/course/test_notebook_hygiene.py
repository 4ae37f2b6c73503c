"""What nbval cannot see: every committed notebook is executed, quiet, and follows the lesson anatomy.

nbval (run on notebooks/ by the same pytest command) re-executes each notebook and compares outputs;
these checks look at the committed files themselves.
"""

import json
import re
import subprocess
import sys

import pytest

from conftest import NOTEBOOKS, ROOT

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def cells(path, kind=None):
    nb = json.loads(path.read_text())
    return [c for c in nb["cells"] if kind is None or c["cell_type"] == kind]


def text_of(output):
    if "text" in output:
        return "".join(output["text"])
    return "".join("".join(v) for k, v in output.get("data", {}).items() if k.startswith("text/"))


def test_there_are_notebooks():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00_start_here.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_code_cell_was_executed(path):
    """An unexecuted cell has no stored output, and nbval then silently skips comparing it."""
    unexecuted = [i for i, c in enumerate(cells(path, "code"))
                  if c["source"] and c["execution_count"] is None and not is_solution(c)]
    assert not unexecuted, f"run `./kit build {path.stem[:2]}` (cells {unexecuted})"


def is_solution(cell):
    return "solution" in cell.get("metadata", {}).get("tags", [])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_answer_is_visible_before_the_learner_tries(path):
    """Solutions are stored collapsed and without output; nbval still executes them in the suite."""
    for i, cell in enumerate(cells(path)):
        if is_solution(cell):
            if cell["cell_type"] == "code":
                assert not cell["outputs"] and cell["execution_count"] is None, f"cell {i}: a solution with output"
            assert cell["metadata"].get("jupyter", {}).get("source_hidden"), f"cell {i}: a solution shown open"


def test_notebooks_are_built_from_their_sources():
    """Every notebook is generated from lessons/NN_name.py (./kit build); an edit made only in the
    notebook, or only in the source, fails here."""
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "build.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_warnings_errors_or_stale_widgets_in_outputs(path):
    for i, cell in enumerate(cells(path, "code")):
        tags = cell.get("metadata", {}).get("tags", [])
        for out in cell.get("outputs", []):
            text = text_of(out)
            assert out.get("name") != "stderr", f"cell {i} wrote to stderr: {text[:200]}"
            assert not re.search(r"\b\w*Warning\b:", text), f"cell {i} shows a warning: {text[:200]}"
            if out["output_type"] == "error":
                assert "raises-exception" in tags, f"cell {i} raised {out['ename']} without the raises-exception tag"
            assert WIDGET_MIME not in out.get("data", {}), f"cell {i} stores a widget view; use ./kit build"


LESSONS = [p for p in NOTEBOOKS if not p.name.startswith("00_")]


def is_template(path):
    """A notebook for the learner's own data (11_your_own_data): its first code cell is tagged ``parameters``.
    It runs the workflow on whatever file it is given, so it has no exercises and no demo of its own."""
    code = cells(path, "code")
    return bool(code) and "parameters" in code[0].get("metadata", {}).get("tags", [])


def test_the_template_is_recognised():
    assert [p.name for p in NOTEBOOKS if is_template(p)] == ["11_your_own_data.ipynb"]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_anatomy(path):
    md = [ "".join(c["source"]) for c in cells(path, "markdown")]
    first = md[0]
    assert first.startswith("# "), "the first cell is the title"
    assert "In this notebook you will" in first and "Prerequisites" in first
    headings = [l for m in md for l in m.splitlines() if l.startswith("## ")]
    questions = [h for h in headings if h.rstrip().endswith("?")]
    assert len(questions) >= 3, f"sections are questions in their headings; found {headings}"
    assert any(h.startswith("## Key takeaways") for h in headings)
    if is_template(path):
        return
    assert any(h.startswith("## Your turn") for h in headings)
    solutions = [c for c in cells(path, "code") if "solution" in c.get("metadata", {}).get("tags", [])]
    assert len(solutions) >= 2, "2-3 exercises, each with a worked solution the tests execute"
    demo_cells = [c for c in cells(path, "code") if "demos." in "".join(c["source"])]
    assert demo_cells, "every lesson has at least one live demo (helpers.demos)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_link_to_the_next_notebook(path):
    index = NOTEBOOKS.index(path)
    if index == len(NOTEBOOKS) - 1:
        return
    last = "".join(cells(path, "markdown")[-1]["source"])
    assert NOTEBOOKS[index + 1].name in last, f"the last cell links to {NOTEBOOKS[index + 1].name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_cells_stay_short(path):
    long = [i for i, c in enumerate(cells(path, "code")) if len("".join(c["source"]).splitlines()) > 20]
    assert not long, (f"cells {long} are over 20 lines: a cell does one step, so split a long cell into "
                      "steps (with a sentence between them) rather than hide it in helpers/")


def test_readme_course_map_lists_every_notebook():
    readme = (ROOT / "README.md").read_text()
    for path in NOTEBOOKS:
        assert f"notebooks/{path.name}" in readme, f"README course map is missing {path.name}"
