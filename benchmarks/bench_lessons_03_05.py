"""Speed figures for lessons 03-05 (figures, not tests): demo latency and the slow under-samplers
(alone on growing data, and inside cross-validation on yeast).

    python benchmarks/bench_lessons_03_05.py > benchmarks/results_lessons_03_05.md   # demos + CNN/IHT
    python benchmarks/bench_lessons_03_05.py --full     # also CNN/IHT on lending_club (9,857 rows; minutes)

Demos: each lesson-03-05 demo is built once, then ``update`` is called ``--updates`` times, cycling
through every combination of its control values; median and 95th percentile of the update time
(recompute + redraw + PNG render), the figure the kit's target refers to (median <= 50 ms, p95 <= 150 ms).
``LiveDemo.example`` (a number and its square) is timed too, as a reference for how loaded the machine is.

Samplers: ``CondensedNearestNeighbour`` and ``InstanceHardnessThreshold`` (defaults, random_state=42) on
the first n rows of a stratified shuffle of ``satimage`` after ``StandardScaler`` (``lending_club``: the
one-hot ``guide.preprocessor``), which is what one cross-validation fit of a pipeline pays. The load average is printed: the machine
may be shared, which inflates wall times.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import statistics
import time

import numpy as np
from imblearn.pipeline import make_pipeline
from imblearn.under_sampling import CondensedNearestNeighbour, InstanceHardnessThreshold
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import RepeatedStratifiedKFold, train_test_split
from sklearn.preprocessing import StandardScaler

from helpers import datasets, demos, evaluation, guide

DEMOS = {"LiveDemo.example (reference)": demos.LiveDemo.example,
         "smote_neighbours (03)": demos.smote_neighbours, "nearmiss_versions (04)": demos.nearmiss_versions,
         "smote_cleaning (05)": demos.smote_cleaning}


def bench_demos(updates: int) -> None:
    print("| demo | build s | update median ms | update p95 ms |")
    print("|---|---:|---:|---:|")
    for name, build in DEMOS.items():
        start = time.perf_counter()
        demo = build()
        built = time.perf_counter() - start
        grid = list(itertools.product(*[list(getattr(c, "options", None) or range(c.min, c.max + 1))
                                        for c in demo.controls.values()]))
        times = []
        for values in itertools.islice(itertools.cycle(grid), updates):
            start = time.perf_counter()
            demo.update(**dict(zip(demo.controls, values)))
            times.append(time.perf_counter() - start)
        p95 = float(np.percentile(times, 95))
        print(f"| {name} | {built:.1f} | {1000 * statistics.median(times):.0f} | {1000 * p95:.0f} |")


def slice_of(name: str, n: int | None):
    X, y = datasets.load(name)
    pre = StandardScaler() if name == "satimage" else guide.preprocessor(X)
    Xp = pre.fit_transform(X)
    if n is None or n >= len(y):
        return Xp, y.to_numpy()
    Xs, _, ys, _ = train_test_split(Xp, y.to_numpy(), train_size=n, stratify=y, random_state=42)
    return Xs, ys


def bench_samplers(full: bool) -> None:
    cases = [("satimage", n) for n in (1000, 2000, 4000, None)] + ([("lending_club", None)] if full else [])
    print("| data | rows | features | CNN s | IHT s | CNN keeps (majority:minority) |")
    print("|---|---:|---:|---:|---:|---|")
    for name, n in cases:
        X, y = slice_of(name, n)
        start = time.perf_counter()
        _, y_cnn = CondensedNearestNeighbour(random_state=42).fit_resample(X, y)
        cnn = time.perf_counter() - start
        start = time.perf_counter()
        InstanceHardnessThreshold(random_state=42).fit_resample(X, y)
        iht = time.perf_counter() - start
        kept = np.bincount(y_cnn)
        print(f"| {name} | {len(y):,} | {X.shape[1]} | {cnn:.1f} | {iht:.1f} | {kept[0]}:{kept[1]} |", flush=True)


def bench_slow_samplers_in_cv() -> None:
    """CNN and IHT inside 5-fold cross-validation on yeast: what a learner pays, and what it buys."""
    X, y = datasets.load("yeast")
    def lr():
        return LogisticRegression(max_iter=1000)

    candidates = {"no resampling": make_pipeline(StandardScaler(), lr()),
                  "CondensedNearestNeighbour": make_pipeline(StandardScaler(), CondensedNearestNeighbour(random_state=42),
                                                             lr()),
                  "InstanceHardnessThreshold": make_pipeline(StandardScaler(),
                                                             InstanceHardnessThreshold(random_state=42), lr())}
    start = time.perf_counter()
    cv = RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=42)
    results, folds = evaluation.compare(candidates, X, y, cv=cv, progress=False, return_folds=True,
                                        metrics=["roc_auc", "average_precision", "recall", "brier"])
    fit_times = results.groupby("candidate", sort=False)["fit_time"].first()
    print(f"yeast, 5 x 2 folds, {len(candidates)} candidates: {time.perf_counter() - start:.1f} s in all; mean fit s: "
          + ", ".join(f"{name} {t:.2f}" for name, t in fit_times.items()))
    print(evaluation.summary_table(results).to_string())
    table = evaluation.difference(folds, "no resampling", ["roc_auc", "average_precision"])
    print(table[["candidate", "metric", "difference", "ci_low", "ci_high", "verdict"]].round(3).to_string(index=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=60)
    parser.add_argument("--full", action="store_true", help="also run CNN/IHT on lending_club (minutes)")
    parser.add_argument("--skip-samplers", action="store_true")
    args = parser.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, load average {load:.1f} at start\n")
    bench_demos(args.updates)
    if not args.skip_samplers:
        print()
        bench_samplers(args.full)
        print()
        bench_slow_samplers_in_cv()


if __name__ == "__main__":
    main()
