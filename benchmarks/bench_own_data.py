"""How long lesson 11 (notebooks/11_your_own_data.ipynb) takes on a 30,000-row CSV, on this machine.

    .venv/bin/python benchmarks/bench_own_data.py            # 30,000 rows; writes benchmarks/results_own_data.json
    .venv/bin/python benchmarks/bench_own_data.py --rows 5000 --no-write

The CSV is SYNTHETIC (``make_csv``): loan applications with 7 numeric columns, 4 text columns (one of them
high-cardinality: about 600 employers), an identifier, an application date, missing values in four columns,
and about 4% positives (``defaulted == "yes"``). The notebook runs as a learner would run it, top to bottom in
a fresh kernel from the notebooks/ folder, with its parameters cell replaced (``run_notebook``: what
papermill's ``-p`` does, with nbclient). The figure is the wall time of the whole run, kernel start included.
The suite's test of lesson 11 (tests/lessons/test_11_your_own_data.py) uses the same two functions.
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


def run_notebook(parameters: dict, *, upto: int | None = None, timeout: int = 600,
                 notebook: Path = NOTEBOOK) -> nbformat.NotebookNode:
    """Execute the notebook from notebooks/ with its ``parameters`` cell replaced by ``parameters``.

    ``upto``: run only the cells before this index (the checks of the parameters are the first code cells).
    Raises nbclient's ``CellExecutionError`` if a cell fails; returns the executed notebook.
    """
    nb = nbformat.read(notebook, as_version=4)
    (index,) = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--no-write", action="store_true", help="only print the figure")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "applications.csv"
        df = make_csv(path, args.rows)
        load_before = os.getloadavg()
        start = time.perf_counter()
        nb = run_notebook({"CSV_PATH": str(path), **PARAMETERS})
        wall = time.perf_counter() - start
        load_after = os.getloadavg()
    text = text_of(nb)
    noisy = [out for cell in nb.cells for out in cell.get("outputs", [])
             if out.get("name") == "stderr" or "Warning:" in (out.get("text", "") or "")]
    chosen = next((line.split("Chosen: ", 1)[1].split(", because")[0] for line in text.splitlines()
                   if line.startswith("Chosen: ")), None)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    result = {"date": time.strftime("%Y-%m-%d %H:%M"), "commit": commit, "cores": os.cpu_count(),
              "rows": len(df), "positives": int((df["defaulted"] == "yes").sum()), "parameters": PARAMETERS,
              "wall_s": round(wall, 1), "load_1min_before": round(load_before[0], 2),
              "load_1min_after": round(load_after[0], 2), "chosen": chosen,
              "outputs_with_stderr_or_warnings": len(noisy), "budget_s": 60}
    print(json.dumps(result, indent=2))
    if not args.no_write:
        RESULTS.write_text(json.dumps(result, indent=2) + "\n")
        print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
