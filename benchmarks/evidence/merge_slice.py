"""Merge a slice run with new methods into the committed grid, without re-running the whole grid.

    .venv/bin/python benchmarks/evidence/run_grid.py --methods NEW1,NEW2 --out /tmp/slice
    .venv/bin/python benchmarks/evidence/merge_slice.py /tmp/slice

The slice must run on the committed grid's folds (same n_splits, n_repeats, seed). Its baseline cells
(method ``none``, which every run repeats) must equal the committed ones fold by fold (tolerance 1e-9):
that re-checks the committed grid and proves the slice's pairs are paired with the same fits. Cells the
grid already holds are refused (re-run the whole grid to change them). The merged per-fold table is then
summarised again with ``gridlib.summarise`` (new diagnostic methods have their own Holm family, so the
committed verdicts do not move; the script prints how many did), and ``meta.json`` records the slice under
``extensions`` (its command, date, versions, run time, fits). Exit status 2 with a message on bad input.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent))
import gridlib  # noqa: E402
import run_grid  # noqa: E402

KEY = ["dataset", "learner", "method", "fold"]


def read_folds(folder: Path) -> pd.DataFrame:
    with gzip.open(folder / "folds.csv.gz", "rt") as fh:
        return pd.read_csv(fh)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("slice", type=Path, help="the --out folder of the slice run")
    p.add_argument("--into", type=Path, default=HERE, help="the committed grid (default: this folder)")
    args = p.parse_args(argv)
    for folder in (args.slice, args.into):
        for name in ("folds.csv.gz", "meta.json", "results.csv"):
            if not (folder / name).exists():
                p.error(f"{folder / name} is missing: give the --out folder of a finished run_grid.py run.")
    meta, slice_meta = (json.loads((f / "meta.json").read_text()) for f in (args.into, args.slice))
    for key in ("folds", "seed", "cost_ratio"):
        if meta.get(key) != slice_meta.get(key):
            p.error(f"the slice's {key} {slice_meta.get(key)} differs from the grid's {meta.get(key)}: "
                    "run the slice with the grid's defaults.")
    folds, extra = read_folds(args.into), read_folds(args.slice)

    base_new = extra[extra["method"] == "none"].set_index(KEY)
    base_old = folds[folds["method"] == "none"].set_index(KEY).reindex(base_new.index)
    if base_old[gridlib.METRICS[0]].isna().all():
        p.error("the slice's baseline cells are not in the grid (other datasets or learners?): nothing to pair.")
    gap = (base_new[list(gridlib.METRICS)] - base_old[list(gridlib.METRICS)]).abs().max().max()
    if not np.isfinite(gap) or gap > 1e-9:
        p.error(f"the slice's baseline differs from the grid's by {gap:.3g} (tolerance 1e-9): different folds, "
                "libraries or data; re-run the whole grid instead.")

    new = extra[extra["method"] != "none"]
    clash = new.merge(folds[KEY], on=KEY)
    if not clash.empty:
        cells = clash[["dataset", "learner", "method"]].drop_duplicates().head(5).to_dict("records")
        p.error(f"the grid already holds {len(clash)} of these fold rows, e.g. {cells}; re-run the whole grid "
                "to change committed cells.")
    order = {"dataset": {d: i for i, d in enumerate(gridlib.DATASETS)},
             "learner": {name: i for i, name in enumerate(gridlib.LEARNERS)},
             "method": {name: i for i, name in enumerate(gridlib.METHODS)}}
    merged = pd.concat([folds, new], ignore_index=True).sort_values(
        KEY, key=lambda s: s.map(order[s.name]) if s.name in order else s, ignore_index=True)
    for col in ("warnings", "slope_note", "error"):
        merged[col] = run_grid._text(merged[col])

    old_results = pd.read_csv(args.into / "results.csv")
    results = gridlib.summarise(merged, meta["folds"]["n_splits"])
    before = old_results.set_index(["dataset", "learner", "method", "metric"])["verdict"]
    after = results.set_index(["dataset", "learner", "method", "metric"])["verdict"].reindex(before.index)
    moved = int((before != after).sum())

    meta.setdefault("extensions", []).append({
        "date": slice_meta.get("date"), "command": slice_meta.get("command"),
        "methods": slice_meta.get("methods"), "learners": slice_meta.get("learners"),
        "n_cells": slice_meta.get("n_cells"), "n_fits": slice_meta.get("n_fits"),
        "n_errors": slice_meta.get("n_errors"), "fit_failures": slice_meta.get("fit_failures"),
        "run_time": {k: slice_meta.get("run_time", {}).get(k) for k in ("wall_seconds", "cpu_seconds")},
        "versions": slice_meta.get("versions"), "baseline_max_gap": float(gap),
        "committed_verdicts_moved": moved})
    meta["methods"] = {**meta.get("methods", {}), **slice_meta.get("methods", {})}
    run_grid.write_outputs(args.into, merged, results, meta)
    print(f"Merged {new[['dataset', 'learner', 'method']].drop_duplicates().shape[0]} cells "
          f"({len(new)} fold rows) into {args.into}; the baseline matched to {gap:.1g}; "
          f"{moved} committed verdict(s) moved; results.csv now has {len(results)} rows.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
