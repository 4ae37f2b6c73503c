"""How long lesson 11 (notebooks/11_your_own_data.ipynb) takes on synthetic CSVs and on its defaults, on this machine.

    .venv/bin/python benchmarks/bench_own_data.py            # 30,000 and 13,000 rows, then the defaults (thyroid);
                                                             # writes benchmarks/results_own_data.json
    .venv/bin/python benchmarks/bench_own_data.py --rows 5000 --no-defaults --no-write

Two sizes because the guide shortlists the random forest only up to ``guide.RULES["forest_max_rows"]`` (10,000)
rows of the data it is given, the training part (three quarters of the file): 30,000 rows run without the forest,
13,000 (about 9,750 training rows) with it, the slowest comparison a file gets.

The CSV is SYNTHETIC (``make_csv``): loan applications with 7 numeric columns, 4 text columns (one of them
high-cardinality: about 600 employers), an identifier, an application date, missing values in four columns,
and about 4% positives (``defaulted == "yes"``). The notebook runs as a learner would run it, top to bottom in
a fresh kernel from the notebooks/ folder, with its parameters cell replaced (``run_notebook``: what
papermill's ``-p`` does, with nbclient). The figure is the wall time of the whole run, kernel start included.
Each run records the commit it ran on, the files of the lesson that differed from that commit (a run on an
uncommitted tree says so), the machine's 1-minute load average before and after, and the candidates compared.
``helpers.owndata.MEASURED_RUN`` quotes the 30,000-row figure (the suite checks it against this file). The suite's
test of lesson 11 (tests/lessons/test_11_your_own_data.py) uses ``run_notebook`` and ``text_of``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "11_your_own_data.ipynb"
RESULTS = ROOT / "benchmarks" / "results_own_data.json"
#: The parameters the benchmark runs the notebook with (CSV_PATH is added).
PARAMETERS = {"TARGET": "defaulted", "POSITIVE_LABEL": "yes", "COST_MISS": 20, "COST_FALSE_ALARM": 1,
              "TIME_COLUMN": None, "DROP_COLUMNS": ["customer_id"]}
#: The files whose uncommitted changes a run reports (what the timing depends on).
WATCHED = ["lessons/11_your_own_data.py", "notebooks/11_your_own_data.ipynb", "helpers", "benchmarks/bench_own_data.py"]


def make_csv(path: str | Path, rows: int = 30_000, *, seed: int = 42) -> pd.DataFrame:
    """Write a SYNTHETIC loan-application CSV (numbers, text, a high-cardinality column, gaps, ~4% positives)."""
    rng = np.random.default_rng(seed)
    employers = np.array([f"employer_{i:03d}" for i in range(600)])
    weights = 1 / np.arange(1, 601) ** 0.8  # a few large employers, a long tail of small ones
    employer = rng.choice(employers, rows, p=weights / weights.sum())
    employer_effect = dict(zip(employers, rng.normal(0, 0.6, len(employers))))
    region = rng.choice([f"region_{c}" for c in "ABCDEFGH"], rows)
    df = pd.DataFrame({
        "customer_id": [f"C{i:07d}" for i in rng.permutation(rows)],
        "applied_on": (pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 730, rows), unit="D")).date,
        "income": np.round(rng.lognormal(10.5, 0.5, rows), -1), "age": rng.integers(18, 80, rows),
        "debt_ratio": np.round(rng.beta(2, 5, rows), 3), "accounts": rng.poisson(3, rows),
        "score_a": np.round(rng.normal(0, 1, rows), 3), "score_b": np.round(rng.normal(0, 1, rows), 3),
        "utilisation": np.round(rng.beta(2, 3, rows), 3), "region": region,
        "product": rng.choice(["card", "loan", "mortgage", "overdraft"], rows),
        "channel": rng.choice(["branch", "online", "phone"], rows, p=[0.3, 0.6, 0.1]), "employer": employer})
    logit = (-4.0 + 0.9 * df["score_a"] - 0.6 * df["score_b"] + 2.0 * (df["utilisation"] - 0.4)
             + 1.5 * (df["debt_ratio"] - 0.3) - 0.3 * np.log(df["income"] / 36_000)
             + df["employer"].map(employer_effect) + 0.4 * (df["region"] == "region_C"))
    df["defaulted"] = np.where(rng.uniform(size=rows) < 1 / (1 + np.exp(-logit)), "yes", "no")
    for column, share in (("income", 0.08), ("debt_ratio", 0.05), ("employer", 0.03), ("region", 0.02)):
        df.loc[rng.uniform(size=rows) < share, column] = np.nan
    df.to_csv(path, index=False)
    return df


def run_notebook(parameters: dict | None, *, upto: int | None = None, timeout: int = 600,
                 notebook: Path = NOTEBOOK) -> nbformat.NotebookNode:
    """Execute the notebook from notebooks/ with its ``parameters`` cell replaced by ``parameters`` (None: as stored).

    ``upto``: run only the cells before this index (the checks of the parameters are the first code cells).
    Raises nbclient's ``CellExecutionError`` if a cell fails; returns the executed notebook.
    """
    nb = nbformat.read(notebook, as_version=4)
    (index,) = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    if parameters is not None:
        nb.cells[index].source = "\n".join(f"{name} = {value!r}" for name, value in parameters.items())
    if upto is not None:
        nb.cells = nb.cells[:upto]
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(notebook.parent)}})
    client.execute()
    return nb


def text_of(nb: nbformat.NotebookNode) -> str:
    """Every text output of an executed notebook, joined."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", "") or out.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.rstrip()  # keeps " M path"


def timed_run(parameters: dict | None, label: str, rows: int, positives: int) -> dict:
    """Run the notebook once and return what the results file records about it."""
    load_before = os.getloadavg()
    start = time.perf_counter()
    nb = run_notebook(parameters)
    wall = time.perf_counter() - start
    load_after = os.getloadavg()
    text = text_of(nb)
    noisy = [out for cell in nb.cells for out in cell.get("outputs", [])
             if out.get("name") == "stderr" or "Warning:" in (out.get("text", "") or "")]
    chosen = next((line.split("Chosen: ", 1)[1].split(", because")[0] for line in text.splitlines()
                   if line.startswith("Chosen: ")), None)
    compared = [line.rsplit(" (", 1)[0] for line in text.splitlines()
                if line.endswith(("(start here):", "(peer):", "(experiment):"))]
    return {"run": label, "rows": rows, "training_rows": int(round(0.75 * rows)), "positives": positives,
            "candidates": compared, "chosen": chosen, "wall_s": round(wall, 1),
            "load_1min_before": round(load_before[0], 2), "load_1min_after": round(load_after[0], 2),
            "outputs_with_stderr_or_warnings": len(noisy)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[30_000, 13_000])
    parser.add_argument("--no-defaults", action="store_true", help="skip the run on the notebook's own defaults")
    parser.add_argument("--no-write", action="store_true", help="only print the figures")
    args = parser.parse_args(argv)
    runs = []
    for rows in args.rows:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "applications.csv"
            df = make_csv(path, rows)
            runs.append(timed_run({"CSV_PATH": str(path), **PARAMETERS}, f"synthetic, {rows:,} rows", len(df),
                                  int((df["defaulted"] == "yes").sum())))
        print(json.dumps(runs[-1]), flush=True)
    if not args.no_defaults:
        runs.append(timed_run(None, "the notebook's defaults (thyroid)", 3163, 151))
        print(json.dumps(runs[-1]), flush=True)
    changed = [line[3:] for line in _git("status", "--porcelain", "--", *WATCHED).splitlines()]
    result = {"date": time.strftime("%Y-%m-%d %H:%M"), "commit": _git("rev-parse", "--short", "HEAD").strip(),
              "uncommitted_changes": changed, "cores": os.cpu_count(), "parameters": PARAMETERS, "budget_s": 60,
              "runs": runs}
    print(json.dumps(result, indent=2))
    if not args.no_write:
        RESULTS.write_text(json.dumps(result, indent=2) + "\n")
        print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
