"""Developer tool for the kit's notebooks (learners never need it).

    python tools/nb.py execute [NOTEBOOK ...]   run notebooks in place, store clean outputs (default: all)
    python tools/nb.py build SCRIPT.py NB.ipynb  make a notebook from a percent-format script
    python tools/nb.py export NB.ipynb SCRIPT.py write a notebook's cells as a percent-format script

The committed ``notebooks/*.ipynb`` are the source of truth and are committed executed, with their
outputs, so nbval can check them. ``execute`` is how outputs get there:
- each notebook runs top to bottom in a fresh kernel of this environment, from its own folder;
- a cell may raise only if it is tagged ``raises-exception`` (nbval's NBVAL_RAISES_EXCEPTION too);
- live widgets are stored as their plain-text description (the widget models do not exist until
  the notebook runs, and JupyterLab would show "model not found" for a stored view);
- any output on stderr, or any text containing "Warning", fails the run: a teaching notebook
  must not show warnings.

Percent format (``build``/``export``): ``# %% [markdown]`` starts a markdown cell (lines prefixed
with ``# ``), ``# %%`` starts a code cell; ``# %% tags=["raises-exception"]`` adds tags and
``# %% solution`` hides the cell's source in JupyterLab (a worked solution a learner can reveal).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WARNING_RE = re.compile(r"\b\w*Warning\b:")


def clean_outputs(nb: nbformat.NotebookNode) -> list[str]:
    """Strip volatile parts of outputs; return problems (warnings, stderr) found on the way."""
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
    nb.metadata.pop("widgets", None)
    return problems


def execute(paths: list[Path], timeout: int = 300) -> int:
    failed = 0
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                                resources={"metadata": {"path": str(path.parent)}})
        try:
            client.execute()
        except Exception as err:  # report and go on to the next notebook
            print(f"FAILED  {path.relative_to(ROOT)}: {type(err).__name__}: {str(err)[:2000]}")
            failed += 1
            continue
        elapsed = time.perf_counter() - start
        problems = clean_outputs(nb)
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                     "language": "python"}
        nbformat.write(nb, path)
        status = "ok     " if not problems else "WARNING"
        print(f"{status} {path.relative_to(ROOT)}  {elapsed:5.1f} s")
        for p in problems:
            print("        " + p)
        failed += bool(problems)
    return failed


def build(script: Path, out: Path) -> None:
    """Percent-format script -> notebook (unexecuted)."""
    cells, kind, meta, lines = [], None, {}, []

    def flush():
        if kind is None:
            return
        text = "\n".join(lines).strip("\n")
        if kind == "markdown":
            text = "\n".join(l[2:] if l.startswith("# ") else l.lstrip("#") for l in text.splitlines())
            cells.append(nbformat.v4.new_markdown_cell(text))
        else:
            cell = nbformat.v4.new_code_cell(text)
            cell.metadata.update(meta)
            cells.append(cell)

    for line in script.read_text().splitlines():
        if line.startswith("# %%"):
            flush()
            header = line[4:].strip()
            lines, meta = [], {}
            kind = "markdown" if header.startswith("[markdown]") else "code"
            tags = re.search(r"tags=(\[.*?\])", header)
            if tags:
                meta["tags"] = json.loads(tags.group(1))
            if "solution" in header.split():
                meta["jupyter"] = {"source_hidden": True}
                meta.setdefault("tags", []).append("solution")
        else:
            lines.append(line)
    flush()
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    old = nbformat.read(out, as_version=4) if out.exists() else None
    if old is not None:  # keep outputs of unchanged code cells, so a rebuild does not lose them
        previous = {c.source: c for c in old.cells if c.cell_type == "code"}
        for c in nb.cells:
            if c.cell_type == "code" and c.source in previous:
                c.outputs = previous[c.source].outputs
                c.execution_count = previous[c.source].execution_count
    nbformat.write(nb, out)


def export(nb_path: Path, out: Path) -> None:
    """Notebook -> percent-format script (outputs dropped)."""
    nb = nbformat.read(nb_path, as_version=4)
    parts = []
    for c in nb.cells:
        if c.cell_type == "markdown":
            body = "\n".join(("# " + l) if l else "#" for l in c.source.splitlines())
            parts.append("# %% [markdown]\n" + body)
        else:
            tags = [t for t in c.metadata.get("tags", []) if t != "solution"]
            header = "# %%"
            if c.metadata.get("jupyter", {}).get("source_hidden"):
                header += " solution"
            if tags:
                header += f" tags={json.dumps(tags)}"
            parts.append(header + "\n" + c.source)
    out.write_text("\n\n".join(parts) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description="Build, export and execute the kit's notebooks.")
    sub = parser.add_subparsers(dest="cmd", required=True)
    ex = sub.add_parser("execute")
    ex.add_argument("notebooks", nargs="*", type=Path)
    ex.add_argument("--timeout", type=int, default=300)
    b = sub.add_parser("build")
    b.add_argument("script", type=Path)
    b.add_argument("notebook", type=Path)
    e = sub.add_parser("export")
    e.add_argument("notebook", type=Path)
    e.add_argument("script", type=Path)
    args = parser.parse_args()
    if args.cmd == "execute":
        paths = [p.resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
        return 1 if execute(paths, args.timeout) else 0
    if args.cmd == "build":
        build(args.script, args.notebook)
    else:
        export(args.notebook, args.script)
    return 0


if __name__ == "__main__":
    sys.exit(main())
