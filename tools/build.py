"""Build the lesson notebooks from their text-first sources (authors only; learners never need it).

    ./kit build                  every lesson: lessons/NN_name.py -> notebooks/NN_name.ipynb, executed
    ./kit build 03 07            only these lessons (by number or path)
    ./kit build --check          fail if a notebook's cells differ from its source (the test suite runs this)

Each lesson is written in ``lessons/NN_name.py``, a jupytext percent-format script (``# %%`` starts a
code cell, ``# %% [markdown]`` a markdown cell; ``# %% tags=["solution"]`` marks a worked solution).
Reviewers read and diff that file; the notebook is generated from it, executed top to bottom in a fresh
kernel from the notebooks/ folder, and committed with its outputs so it reads well on any viewer and
nbval can check that the outputs are what the code produces today. While building:
- a cell may raise only if it is tagged ``raises-exception``;
- any output on stderr, or any text containing "Warning:", fails the build (no warnings in lessons);
- live widgets are stored as their plain-text description (a stored widget view would show "model not
  found" in JupyterLab before the notebook runs);
- solution cells are executed (so a broken solution fails the build), then stored collapsed and without
  their output, so no answer is visible before the learner tries. nbval executes them again in the suite.
  A markdown cell tagged ``solution`` (``# %% [markdown] tags=["solution"]``: the discussion of an
  answer) is stored collapsed too.

Every notebook also gets the Colab cell (``COLAB_CELL``, tagged ``colab``), inserted here rather than written
in each source: right after the title, or right after the first code cell if that one is tagged
``parameters``. On Google Colab it pip-installs the helpers (with the datasets) from the repository URL in
pyproject.toml's ``[project.urls]``; anywhere else it does nothing. ``--check`` expects it in every notebook.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
import tomllib
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
NOTEBOOKS = ROOT / "notebooks"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WARNING_RE = re.compile(r"\b\w*Warning\b:")
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
#: The repository the Colab cell installs from: one place, pyproject.toml (a placeholder until published).
REPOSITORY = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]["Repository"]
COLAB_TAG = "colab"
# IPython runs a %pip line inside an if block too; outside Colab the test is false and nothing is installed.
COLAB_CELL = "\n".join([
    "# On Google Colab? This installs the course's helpers and datasets first (elsewhere it does nothing).",
    "import sys",
    'if "google.colab" in sys.modules:',
    f'    %pip install --quiet "git+{REPOSITORY}"',  # the quotes keep a shell off the placeholder's < >
])


def sources(selection: list[str]) -> list[Path]:
    """The lesson sources to build: all of them, or those named by number (``03``) or path."""
    every = sorted(LESSONS.glob("[0-9][0-9]_*.py"))
    if not selection:
        return every
    chosen = []
    for item in selection:
        path = Path(item)
        hits = [path.resolve()] if path.suffix == ".py" and path.exists() else [
            p for p in every if p.stem.startswith(f"{item}_") or p.stem == Path(item).stem]
        if not hits:
            raise SystemExit(f"No lesson source matches {item!r}; sources are {[p.name for p in every]}.")
        chosen += hits
    return chosen


def is_solution(cell: nbformat.NotebookNode) -> bool:
    return "solution" in cell.get("metadata", {}).get("tags", [])


def with_colab_cell(cells: list) -> list:
    """The cells with the Colab cell inserted after the title (after a first code cell tagged ``parameters``)."""
    first_code = next((i for i, c in enumerate(cells) if c.cell_type == "code"), len(cells))
    if first_code < len(cells) and "parameters" in cells[first_code].metadata.get("tags", []):
        at = first_code + 1
    else:
        at = 1 if cells and cells[0].cell_type == "markdown" else 0
    colab = nbformat.v4.new_code_cell(COLAB_CELL, metadata={"tags": [COLAB_TAG]})
    return cells[:at] + [colab] + cells[at:]


def notebook_from(source: Path) -> nbformat.NotebookNode:
    """The unexecuted notebook for a lesson source, with the Colab cell inserted and solution cells marked collapsed."""
    nb = jupytext.read(source, fmt="py:percent")
    nb.cells = with_colab_cell(nb.cells)
    for cell in nb.cells:
        cell.metadata.pop("lines_to_next_cell", None)
        if is_solution(cell):  # a worked solution, or the discussion of its answer: collapsed
            cell.metadata["jupyter"] = ({"source_hidden": True, "outputs_hidden": True} if cell.cell_type == "code"
                                        else {"source_hidden": True})
    nb.metadata = nbformat.NotebookNode({"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
    return nb


def clean_outputs(nb: nbformat.NotebookNode) -> list[str]:
    """Strip volatile parts of outputs and every solution's output; return problems found on the way."""
    problems = []
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            data.pop(WIDGET_MIME, None)
            out.get("metadata", {}).pop(WIDGET_MIME, None)
            text = out.get("text", "") or "".join(str(v) for k, v in data.items() if k.startswith("text/"))
            if out.get("name") == "stderr":
                problems.append(f"cell {i}: stderr output: {text.strip()[:200]}")
            elif WARNING_RE.search(text):
                problems.append(f"cell {i}: warning text: {text.strip()[:200]}")
        if is_solution(cell):
            cell.outputs, cell.execution_count = [], None
    nb.metadata.pop("widgets", None)
    return problems


def build(source: Path, timeout: int = 300) -> bool:
    os.environ.setdefault("KIT_STRICT_CHECKS", "1")  # a solution whose answer is wrong fails the build
    target = NOTEBOOKS / f"{source.stem}.ipynb"
    nb = notebook_from(source)
    start = time.perf_counter()
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    try:
        client.execute()
    except Exception as err:  # report and go on to the next lesson; the notebook is left as it was
        print(f"FAILED  {source.relative_to(ROOT)}: {type(err).__name__}: {str(err)[:2000]}")
        return False
    elapsed = time.perf_counter() - start
    problems = clean_outputs(nb)
    nb.metadata["kernelspec"] = KERNELSPEC
    if problems:
        print(f"WARNING {source.relative_to(ROOT)}  {elapsed:5.1f} s (notebook not written)")
        for p in problems:
            print("        " + p)
        return False
    nbformat.write(nb, target)
    print(f"ok      {source.relative_to(ROOT)} -> {target.relative_to(ROOT)}  {elapsed:5.1f} s")
    return True


def differences(source: Path) -> list[str]:
    """Where the committed notebook's cells differ from what its source would generate."""
    target = NOTEBOOKS / f"{source.stem}.ipynb"
    if not target.exists():
        return [f"{target.relative_to(ROOT)} does not exist"]
    want = notebook_from(source).cells
    have = nbformat.read(target, as_version=4).cells
    if len(want) != len(have):
        return [f"{target.name}: {len(have)} cells, its source has {len(want)}"]
    out = []
    for i, (w, h) in enumerate(zip(want, have)):
        if (w.cell_type, w.source.strip()) != (h.cell_type, h.source.strip()):
            out.append(f"{target.name} cell {i}: text differs from {source.name}")
        elif w.metadata.get("tags", []) != h.metadata.get("tags", []):
            out.append(f"{target.name} cell {i}: tags {h.metadata.get('tags', [])} vs {w.metadata.get('tags', [])}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description="Build the lesson notebooks from lessons/*.py.")
    parser.add_argument("lessons", nargs="*", help="lesson numbers (03) or source paths; default: all")
    parser.add_argument("--check", action="store_true", help="only check that notebooks match their sources")
    parser.add_argument("--timeout", type=int, default=300, help="seconds a cell may run")
    args = parser.parse_args()
    chosen = sources(args.lessons)
    if args.check:
        problems = [p for s in chosen for p in differences(s)]
        for p in problems:
            print(p)
        orphans = {p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")} - {s.stem for s in sources([])}
        for o in sorted(orphans):
            print(f"notebooks/{o}.ipynb has no source lessons/{o}.py")
        return 1 if problems or orphans else 0
    failed = [s for s in chosen if not build(s, args.timeout)]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
