"""The course's evidence grid, read for the lessons: what each correction did, learner by learner.

``benchmarks/evidence/run_grid.py`` pairs every correction for imbalance (class weights, the samplers,
a cost-tuned threshold, calibration after SMOTE, balanced ensembles) with the same learner uncorrected, on
20 real datasets and 10 paired folds each, and commits one row per dataset x learner x method x metric to
``benchmarks/evidence/results.csv`` (its README says exactly what was run). This module only *reads* that
table; it builds no model. A lesson re-runs one small cell of it live (written out in the lesson) and
reads the rest from here:

- ``load()``: the table (a clear error if it is missing).
- ``outcomes(results, panel)``: one outcome per dataset x learner x method for a family of metrics.
- ``tally(results, methods, panel)``: learner x method, how many datasets got better / showed no
  detectable change / got worse; ``pairs`` the same for corrections with their own learner (ensembles).
- ``plot(results, learners, methods)``: the grid at a glance (``benchmarks/evidence/summary.png`` is this
  figure for the whole grid).
- ``directions(results, methods, metric)``: one metric across datasets (how often it rose, the median
  difference, a Wilcoxon signed-rank test), which shows small effects that recur on most datasets.
- ``cell(results, dataset, learner, method)``: the committed rows of one cell, to set beside a live re-run.
- ``against_bar(folds, methods, metric)``: every learner x method against lesson 02's bar (gradient
  boosting, no correction, threshold from the costs), paired fold by fold on the grid's per-fold scores
  (``load_folds()``), not only against the same learner uncorrected; ``bar_verdicts`` the rows behind it;
  ``versus_bar(folds, cells, metrics)`` the same for any cells, such as the balanced ensembles.

>>> grid = load()
>>> sorted(grid["learner"].unique())[:2]
['adaboost', 'bagged_adaboost']
>>> outcome(["better", "no detectable difference"]), outcome(["better", "worse"]), outcome(["not judged"])
('better', 'mixed', 'not judged')
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import _files

#: The committed results and per-fold scores: inside the installed package, or in ``benchmarks/evidence/``
#: in a clone.
RESULTS = _files.path("benchmarks/evidence/results.csv")
FOLDS = _files.path("benchmarks/evidence/folds.csv.gz")
#: Lesson 02's bar to beat: gradient boosting with no correction for imbalance. For ranking and probability
#: metrics that is the plain booster; for the cost at 10:1, the same booster with its threshold chosen for
#: the costs on its training folds (TunedThresholdClassifierCV with a cost scorer), as lesson 02 recommends.
BAR = ("hist_gradient_boosting", "none")
BAR_COST = ("hist_gradient_boosting", "tuned_threshold")


def bar_for(metric: str) -> tuple[str, str]:
    """The bar a metric is judged against: ``BAR_COST`` for the cost, ``BAR`` for everything else.

    >>> bar_for("cost_per_case"), bar_for("average_precision")
    (('hist_gradient_boosting', 'tuned_threshold'), ('hist_gradient_boosting', 'none'))
    """
    return BAR_COST if metric == "cost_per_case" else BAR
COLUMNS = ("dataset", "learner", "method", "metric", "baseline_mean", "mean", "difference", "ci_low", "ci_high",
           "verdict", "n_folds")

#: The families of metrics a panel (and an outcome) is drawn from.
PANELS = {"ranking": ("roc_auc", "average_precision"), "probability quality": ("brier_skill", "log_loss"),
          "cost at 10:1": ("cost_per_case",)}
OUTCOMES = ("better", "no detectable change", "mixed", "worse", "not judged")
#: Okabe-Ito colours (safe for the common colour-vision deficiencies): blue better, orange worse.
COLOURS = {"better": "#0072B2", "no detectable change": "#D9D9D9", "mixed": "#CC79A7", "worse": "#E69F00",
           "not judged": "#FFFFFF"}
METRIC_LABELS = {"roc_auc": "ROC-AUC", "average_precision": "average precision", "brier_skill": "Brier skill score",
                 "log_loss": "log loss", "calibration_slope": "calibration slope",
                 "recall_at_cost": "recall at 1/11", "precision_at_cost": "precision at 1/11",
                 "cost_per_case": "cost per case"}
#: The five learners of the grid, then the plain counterparts of the balanced ensembles.
CORE_LEARNERS = ("logistic_regression", "knn", "decision_tree", "random_forest", "hist_gradient_boosting")
LEARNER_LABELS = {"logistic_regression": "logistic regression", "knn": "k-NN", "decision_tree": "decision tree",
                  "random_forest": "random forest", "hist_gradient_boosting": "hist. gradient boosting",
                  "bagging": "bagging (10 trees)", "bagged_adaboost": "bagging (10 AdaBoost)",
                  "adaboost": "AdaBoost (50 stumps)"}
METHOD_LABELS = {"class_weight": "class_weight='balanced'", "random_oversampling": "RandomOverSampler",
                 "smote": "SMOTE", "borderline_smote": "BorderlineSMOTE", "random_undersampling": "RandomUnderSampler",
                 "enn": "EditedNearestNeighbours", "smote_tomek": "SMOTETomek",
                 "tuned_threshold": "TunedThresholdClassifierCV (cost)", "calibrated_smote": "SMOTE + calibration",
                 "calibrated": "calibration only (5 averaged)", "calibrated_single": "calibration only (one model)",
                 "smote_prior_corrected": "SMOTE + prior correction",
                 "rus_prior_corrected": "RandomUnderSampler + Dal Pozzolo",
                 "balanced_random_forest": "BalancedRandomForest", "balanced_bagging": "BalancedBagging",
                 "easy_ensemble": "EasyEnsemble", "rusboost": "RUSBoost"}


def load(path: str | Path | None = None) -> pd.DataFrame:
    """The committed results of the evidence grid (``benchmarks/evidence/results.csv``), one row per
    dataset x learner x method x metric; ``difference`` is method minus the same learner uncorrected."""
    return _read_committed(Path(path) if path is not None else RESULTS, "benchmarks/evidence/results.csv", COLUMNS,
                           rebuild="or re-run the grid (about 40 minutes on 2 cores): "
                                   ".venv/bin/python benchmarks/evidence/run_grid.py")


def _read_committed(path: Path, relative: str, columns: Sequence[str], rebuild: str = "") -> pd.DataFrame:
    """One of the grid's committed tables, or an error that says how to get it back."""
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing. It is committed with the course. "
                                + _files.restore(relative, rebuild=rebuild))
    table = pd.read_csv(path)
    missing = set(columns) - set(table.columns)
    if missing:
        raise ValueError(f"{path} lacks the columns {sorted(missing)}; it is not the grid's {Path(relative).name}. "
                         + _files.restore(relative))
    return table


FOLD_COLUMNS = ("dataset", "learner", "method", "fold", "roc_auc", "average_precision", "brier_skill", "log_loss",
                "cost_per_case")
#: The grid's folds: 5-fold stratified, repeated twice, so a test fold is a quarter the size of its training part.
TEST_TRAIN_RATIO = 1 / 4
LOWER_IS_BETTER = ("log_loss", "cost_per_case")


def load_folds(path: str | Path | None = None) -> pd.DataFrame:
    """The grid's per-fold scores (``benchmarks/evidence/folds.csv.gz``): one row per dataset x learner x
    method x fold, every cell on the same 10 folds of its dataset, so any two cells can be paired."""
    return _read_committed(Path(path) if path is not None else FOLDS, "benchmarks/evidence/folds.csv.gz", FOLD_COLUMNS)


#: The cells judged against the bar: the five core learners with each main correction of the grid (the
#: diagnostic methods and the balanced ensembles are left out). Holm's adjustment runs over all of them on a
#: dataset, so a cell's verdict does not depend on which columns a lesson shows.
BAR_METHODS = ("none", "class_weight", "random_oversampling", "smote", "borderline_smote", "random_undersampling",
               "enn", "smote_tomek", "tuned_threshold", "calibrated_smote")


def bar_verdicts(folds: pd.DataFrame, metric: str, bar: tuple[str, str] | None = None,
                 cells: Sequence[tuple[str, str]] | None = None) -> pd.DataFrame:
    """One row per dataset x cell of ``CORE_LEARNERS`` x ``BAR_METHODS`` (the bar left out): the mean
    difference from the bar on the same folds, its Nadeau-Bengio corrected interval, and a verdict.

    ``bar`` defaults to ``bar_for(metric)``. For a ranking or probability metric the cost-tuned threshold
    cells are left out (a threshold does not change the scores: they would repeat "no correction"). Holm's
    adjustment runs over all the cells that can be judged on a dataset (up to 48 for the cost, 43 otherwise;
    k-NN has no class weights), so a verdict does not depend on which cells a lesson shows, and with that
    many comparisons a single verdict needs a large effect. "not judged": the same scores on every fold, or
    fewer than 10 paired folds.
    ``cells``: other (learner, method) pairs to judge instead, such as the balanced ensembles and their
    plain twins (``versus_bar``); Holm's adjustment then runs over those cells on each dataset.
    """
    from . import stats

    if metric not in FOLD_COLUMNS[4:]:
        raise ValueError(f"Unknown metric {metric!r}; choose one of {list(FOLD_COLUMNS[4:])}.")
    bar = bar_for(metric) if bar is None else tuple(bar)
    run = set(zip(folds["learner"], folds["method"]))
    if bar not in run:
        raise ValueError(f"The bar {bar} is not in the grid; give (learner, method), such as {BAR}.")
    if cells is None:
        methods = BAR_METHODS if metric == "cost_per_case" else [m for m in BAR_METHODS if m != "tuned_threshold"]
        family = [(lr, m) for lr in CORE_LEARNERS for m in methods if (lr, m) != bar and (lr, m) in run]
    else:
        family = [tuple(c) for c in cells]
        unknown = [c for c in family if c not in run or c == bar]
        if unknown or not family:
            raise ValueError(f"Cells {unknown or '[]'} are not in the grid (or are the bar); give (learner, method) "
                             "pairs such as ('random_forest', 'balanced_random_forest').")
    scores = folds.pivot_table(index=["dataset", "fold"], columns=["learner", "method"], values=metric,
                               aggfunc="first", dropna=False)
    rows = []
    for dataset, g in scores.groupby(level="dataset", sort=False):
        found = [stats.corrected_difference(g[c].to_numpy(float) - g[bar].to_numpy(float), TEST_TRAIN_RATIO)
                 for c in family]
        judged = [i for i, r in enumerate(found) if r["n_folds"] >= stats.MIN_FOLDS_FOR_VERDICT
                  and np.isfinite(r["p_value"])]
        p_holm = dict(zip(judged, stats.holm([found[i]["p_value"] for i in judged])))
        for i, (c, r) in enumerate(zip(family, found)):
            v = ("not judged" if i not in p_holm else
                 stats.verdict(r["ci_low"], r["ci_high"], lower_is_better=metric in LOWER_IS_BETTER,
                               p_adjusted=p_holm[i]))
            rows.append({"dataset": dataset, "learner": c[0], "method": c[1], "difference": r["difference"],
                         "ci_low": r["ci_low"], "ci_high": r["ci_high"], "p_holm": p_holm.get(i, np.nan),
                         "verdict": v})
    return pd.DataFrame(rows)


def against_bar(folds: pd.DataFrame, methods: Sequence[str], metric: str,
                bar: tuple[str, str] | None = None) -> pd.DataFrame:
    """Learner x method against lesson 02's bar (``bar_for(metric)``), dataset by dataset and across datasets.

    Each cell reads "better / not detected / worse" in datasets (``bar_verdicts``: per dataset, a corrected
    interval and Holm's adjustment over every cell judged there), with the datasets that could not be judged
    in brackets; then, across datasets, on how many the cell was ahead of the bar in mean (higher, or lower
    for the cost), the median of the per-dataset mean differences, and a Wilcoxon signed-rank p-value over
    the datasets (unadjusted; datasets with no difference at all are left out). The median describes the
    datasets as a group, not any one of them.
    """
    from scipy.stats import wilcoxon

    methods = _check_names(methods, list(BAR_METHODS), "method")
    bar = bar_for(metric) if bar is None else tuple(bar)
    per = bar_verdicts(folds, metric, bar)
    lower = metric in LOWER_IS_BETTER
    table = {}
    for learner in CORE_LEARNERS:
        row = {}
        for method in methods:
            label = "no correction" if method == "none" else METHOD_LABELS.get(method, method)
            mine = per[(per["learner"] == learner) & (per["method"] == method)]
            counts = mine["verdict"].value_counts()
            if (learner, method) == bar:
                row[label] = "(the bar)"
            elif counts.empty:
                row[label] = "not run" if (learner, method) not in set(zip(folds["learner"], folds["method"])) \
                    else "(same scores as no correction)"
            else:
                text = f"{counts.get('better', 0)} / {counts.get('no detectable difference', 0)} / {counts.get('worse', 0)}"
                text += f" (+{counts['not judged']} not judged)" if counts.get("not judged", 0) else ""
                d = mine["difference"].dropna()
                d = d[d.abs() > 1e-12]
                ahead = int((d < 0).sum() if lower else (d > 0).sum())
                p = wilcoxon(d).pvalue if len(d) >= 6 else np.nan
                row[label] = (text + f"; ahead on {ahead} of {len(d)}, median {mine['difference'].median():+.3f}"
                              + (f" (p = {p:.3f})" if np.isfinite(p) else ""))
        table[LEARNER_LABELS.get(learner, learner)] = row
    out = pd.DataFrame(table).T
    out.index.name = "learner"
    sign = "+ = dearer than the bar" if lower else "- = below the bar"
    out.columns.name = (f"{METRIC_LABELS.get(metric, metric)} against {_cell_label(*bar)}: datasets better / "
                        f"not detected / worse; across datasets ({sign})")
    return out


#: Methods that come with their own learner (a balanced ensemble), named without it.
ENSEMBLE_METHODS = ("balanced_random_forest", "balanced_bagging", "easy_ensemble", "rusboost")


def _cell_label(learner: str, method: str) -> str:
    if method == "none":
        return LEARNER_LABELS.get(learner, learner)
    if method in ENSEMBLE_METHODS:
        return METHOD_LABELS.get(method, method)
    return f"{LEARNER_LABELS.get(learner, learner)} + {METHOD_LABELS.get(method, method)}"


def versus_bar(folds: pd.DataFrame, cells: Sequence[tuple[str, str]], metrics: str | Sequence[str],
               bar: tuple[str, str] = BAR) -> pd.DataFrame:
    """Any (learner, method) cells against lesson 02's bar (gradient boosting, no correction), one row per
    cell, one column per metric: "better / not detected / worse" in datasets, then the median difference.

    ``against_bar`` covers the core learners with the main corrections; this covers any cells of the grid,
    such as the balanced ensembles and their plain twins. Each metric is judged on its own: on each dataset,
    each cell's fold scores minus the bar's on the same 10 folds, Holm-adjusted over the given cells
    (``bar_verdicts(..., cells=cells)``).

    >>> table = versus_bar(load_folds(), [("random_forest", "balanced_random_forest")], "roc_auc")
    >>> table.index.tolist()
    ['BalancedRandomForest']
    """
    metrics = [metrics] if isinstance(metrics, str) else list(metrics)
    table: dict[str, dict[str, str]] = {}
    for metric in metrics:
        per = bar_verdicts(folds, metric, bar, cells=cells)
        for (learner, method), mine in per.groupby(["learner", "method"], sort=False):
            counts = mine["verdict"].value_counts()
            text = (f"{counts.get('better', 0)} / {counts.get('no detectable difference', 0)} / "
                    f"{counts.get('worse', 0)}")
            text += f" (+{counts['not judged']} not judged)" if counts.get("not judged", 0) else ""
            table.setdefault(_cell_label(learner, method), {})[METRIC_LABELS.get(metric, metric)] = (
                text + f", median {mine['difference'].median():+.3f}")
    out = pd.DataFrame(table).T
    out.index.name = "cell"
    out.columns.name = f"against {_cell_label(*bar)}: datasets better / not detected / worse, median difference"
    return out


def outcome(verdicts: Sequence[str]) -> str:
    """One outcome from the verdicts of a panel's metrics on one dataset.

    "better" if at least one metric is better (Holm-adjusted verdict) and none worse; "worse" if at least one
    is worse and none better; "mixed" if one is better and another worse; "no detectable change" if every
    metric is "no detectable difference"; "not judged" otherwise (too few folds to judge).
    """
    v = set(verdicts)
    if "better" in v and "worse" in v:
        return "mixed"
    if "better" in v:
        return "better"
    if "worse" in v:
        return "worse"
    if v == {"no detectable difference"}:
        return "no detectable change"
    return "not judged"


def _check_panel(panel: str) -> tuple[str, ...]:
    if panel not in PANELS:
        raise ValueError(f"Unknown panel {panel!r}; choose one of {list(PANELS)}.")
    return PANELS[panel]


def _check_names(values: Sequence[str], known: Sequence[str], what: str) -> list[str]:
    values = [values] if isinstance(values, str) else list(values)
    unknown = [v for v in values if v not in known]
    if unknown:
        raise ValueError(f"Unknown {what}(s) {unknown}; the grid has {sorted(known)}.")
    return values


def outcomes(results: pd.DataFrame, panel: str = "ranking") -> pd.Series:
    """One outcome per (learner, method, dataset), from the verdicts of the panel's metrics."""
    metrics = _check_panel(panel)
    sub = results[results["metric"].isin(metrics)]
    return sub.groupby(["learner", "method", "dataset"], sort=False)["verdict"].agg(outcome).rename("outcome")


def tally(results: pd.DataFrame, methods: Sequence[str], panel: str = "ranking",
          learners: Sequence[str] = CORE_LEARNERS) -> pd.DataFrame:
    """Learner x method: how many datasets got better / showed no detectable change / got worse.

    Each cell reads "better / no change / worse"; datasets where the panel's metrics disagreed ("mixed") or
    that could not be judged (the same difference on every fold, or too few folds) are added in brackets.
    """
    methods = _check_names(methods, list(results["method"].unique()), "method")
    learners = _check_names(learners, list(results["learner"].unique()), "learner")
    per = outcomes(results, panel).reset_index()
    table = {}
    for learner in learners:
        row = {}
        for method in methods:
            counts = per.loc[(per["learner"] == learner) & (per["method"] == method), "outcome"].value_counts()
            if counts.empty:
                row[METHOD_LABELS.get(method, method)] = "not run"
                continue
            text = f"{counts.get('better', 0)} / {counts.get('no detectable change', 0)} / {counts.get('worse', 0)}"
            extra = [f"{counts[o]} {o}" for o in ("mixed", "not judged") if counts.get(o, 0)]
            row[METHOD_LABELS.get(method, method)] = text + (f" (+{', '.join(extra)})" if extra else "")
        table[LEARNER_LABELS.get(learner, learner)] = row
    out = pd.DataFrame(table).T
    out.index.name = "learner"
    out.columns.name = "datasets: better / no change / worse"  # kept when lessons concatenate tables
    return out


def pairs(results: pd.DataFrame, pairing: dict[str, str], panels: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per (plain learner, its corrected version), one column per panel, cells as in ``tally``.

    For corrections that come with their own learner, such as a balanced ensemble against its plain
    counterpart: ``pairs(grid, {"random_forest": "balanced_random_forest"})``.
    """
    panels = list(PANELS) if panels is None else [p for p in panels if _check_panel(p)]
    rows = {}
    for learner, method in pairing.items():
        cells = {panel: tally(results, [method], panel, learners=[learner]).iloc[0, 0] for panel in panels}
        rows[f"{METHOD_LABELS.get(method, method)} vs {LEARNER_LABELS.get(learner, learner)}"] = cells
    out = pd.DataFrame(rows).T
    out.index.name = "correction vs learner"
    out.columns.name = "datasets: better / no change / worse"
    return out


def directions(results: pd.DataFrame, methods: Sequence[str], metric: str,
               learners: Sequence[str] = CORE_LEARNERS) -> pd.DataFrame:
    """Learner x method, one metric across datasets: on how many datasets the mean moved up, the median
    difference, and a Wilcoxon signed-rank test over the datasets (Demsar 2006).

    The per-dataset verdicts have little power on a small dataset; a small loss that recurs on most
    datasets shows here. Datasets where the difference is 0 (the same scores) or undefined are left out of
    the count and the test. Each cell reads "up on 14 of 18, median +0.039 (p = 0.002)".
    """
    from scipy.stats import wilcoxon

    methods = _check_names(methods, list(results["method"].unique()), "method")
    learners = _check_names(learners, list(results["learner"].unique()), "learner")
    _check_names([metric], list(results["metric"].unique()), "metric")
    table = {}
    for learner in learners:
        row = {}
        for method in methods:
            d = results.loc[(results["learner"] == learner) & (results["method"] == method)
                            & (results["metric"] == metric), "difference"].dropna()
            d = d[d.abs() > 1e-12]
            if d.empty:
                row[METHOD_LABELS.get(method, method)] = "no change on any dataset" if (
                    (results["learner"] == learner) & (results["method"] == method)).any() else "not run"
                continue
            p = wilcoxon(d).pvalue if len(d) >= 6 else np.nan
            text = f"up on {int((d > 0).sum())} of {len(d)}, median {d.median():+.3f}"
            row[METHOD_LABELS.get(method, method)] = text + (f" (p = {p:.3f})" if np.isfinite(p) else " (too few)")
        table[LEARNER_LABELS.get(learner, learner)] = row
    out = pd.DataFrame(table).T
    out.index.name = "learner"
    out.columns.name = f"{METRIC_LABELS.get(metric, metric)}: datasets where the mean rose"
    return out


def shares(results: pd.DataFrame) -> pd.DataFrame:
    """Per panel, learner and method: the share of datasets with each outcome (each row sums to 1)."""
    rows = []
    for panel in PANELS:
        for (learner, method), g in outcomes(results, panel).groupby(level=[0, 1], sort=False):
            counts = g.value_counts()
            rows.append({"panel": panel, "learner": learner, "method": method, "n_datasets": len(g),
                         **{o: counts.get(o, 0) / len(g) for o in OUTCOMES}})
    return pd.DataFrame(rows)


def cell(results: pd.DataFrame, dataset: str, learner: str, method: str,
         metrics: Sequence[str] | None = None) -> pd.DataFrame:
    """The committed rows of one dataset x learner x method (to set beside a live re-run of that cell)."""
    for value, column in ((dataset, "dataset"), (learner, "learner"), (method, "method")):
        _check_names([value], list(results[column].unique()), column)
    rows = results[(results["dataset"] == dataset) & (results["learner"] == learner) & (results["method"] == method)]
    if metrics is not None:
        metrics = _check_names(metrics, list(rows["metric"].unique()), "metric")
        rows = rows.set_index("metric").loc[metrics].reset_index()
    return rows[["metric", "baseline_mean", "mean", "difference", "ci_low", "ci_high", "verdict", "n_folds"]] \
        .reset_index(drop=True)


def plot(results: pd.DataFrame, learners: Sequence[str] | None = None, methods: Sequence[str] | None = None,
         panels: Sequence[str] | None = None, title: str | None = None) -> plt.Figure:
    """Stacked bars, one per learner x method, grouped by learner: the share of datasets where the
    correction made each panel's metrics better, showed no detectable change, or made them worse."""
    panels = list(PANELS) if panels is None else [p for p in panels if _check_panel(p)]
    table = shares(results)
    learners = [lrn for lrn in LEARNER_LABELS if learners is None or lrn in learners]
    methods = list(METHOD_LABELS) if methods is None else _check_names(methods, list(METHOD_LABELS), "method")
    rows: list[tuple[str, str | None]] = []  # (learner, None) is a learner's heading row
    for learner in learners:
        present = [m for m in methods if ((table["learner"] == learner) & (table["method"] == m)).any()]
        if present:
            rows += [(learner, None)] + [(learner, m) for m in present]
    if not rows:
        raise ValueError("No learner x method of the grid matches; check the names (see METHOD_LABELS).")
    n_rows = len(rows)
    fig, axes = plt.subplots(1, len(panels), figsize=(5 * len(panels), 1.9 + 0.27 * n_rows), sharey=True,
                             squeeze=False)
    axes = axes[0]
    y = np.arange(n_rows)[::-1].astype(float)
    bars = [i for i, (_, m) in enumerate(rows) if m is not None]
    for ax, panel in zip(axes, panels):
        t = table[table["panel"] == panel].set_index(["learner", "method"])
        left = np.zeros(len(bars))
        for o in OUTCOMES:
            vals = np.array([t[o].get(rows[i], 0.0) for i in bars])
            ax.barh(y[bars], vals, left=left, color=COLOURS[o], edgecolor="#555555", linewidth=0.4, height=0.78,
                    label=o, hatch="//" if o == "not judged" else None)
            left += vals
        for i, (_, m) in enumerate(rows):
            if m is None and i:
                ax.axhline(y[i] + 0.5, color="#333333", linewidth=0.8)
        ax.set_xlim(0, 1)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
        ax.set_xticklabels(["0", "25%", "50%", "75%", "100%"])
        ax.set_xlabel("share of datasets")
        ax.set_title(f"{panel}\n({' / '.join(METRIC_LABELS[m] for m in PANELS[panel])})", fontsize=11)
        ax.grid(axis="x", color="#999999", linewidth=0.5, alpha=0.5)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
    first = axes[0]
    first.set_yticks(y)
    first.set_yticklabels([LEARNER_LABELS[learner] if m is None else METHOD_LABELS[m] for learner, m in rows],
                          fontsize=9.5)
    for label, (_, m) in zip(first.get_yticklabels(), rows):
        if m is None:
            label.set_fontweight("bold")
    first.set_ylim(-0.6, n_rows - 0.4)
    n_datasets = results["dataset"].nunique()
    fig.suptitle(title or f"What each correction did against the same learner uncorrected, on {n_datasets} datasets",
                 fontsize=12, x=0.01, ha="left", y=0.995)
    handles, names = first.get_legend_handles_labels()
    fig.legend(handles, names, loc="upper left", bbox_to_anchor=(0.01, 1 - 0.42 / fig.get_figheight()),
               ncol=len(OUTCOMES), frameon=False, fontsize=10)
    shown = {(lrn, m) for lrn, m in rows if m is not None}
    examples = [text for present, text in (
        (any(m == "tuned_threshold" for _, m in shown), "a tuned threshold leaves the ranking as it was"),
        (("knn", "random_oversampling") in shown, "k-NN flags the same rows at 1/11 after random over-sampling"),
        (any(lrn in ("adaboost", "bagged_adaboost") for lrn, _ in shown), "AdaBoost's scores never fall below 0.12"),
        (True, "kddcup, where several learners rank perfectly on every fold"))
        if present]
    tuned = " (the tuned threshold: its own)" if any(m == "tuned_threshold" for _, m in shown) else ""
    footer = ("One outcome per dataset from Holm-adjusted verdicts of paired differences over 10 repeated stratified "
              "folds; two metrics: better if one is better and none worse. Not judged: the same difference on every fold "
              f"(often none: {'; '.join(examples)}), or too few folds (a fit the library refused). "
              f"Cost: a miss costs 10 false alarms, decisions at the threshold 1/11{tuned}. "
              "Source: benchmarks/evidence/results.csv.")
    fig.text(0.01, 0.004, textwrap.fill(footer, 60 * len(panels) + 10), fontsize=8.5, va="bottom")
    fig.tight_layout(rect=(0, 0.5 / fig.get_figheight(), 1, 1 - 0.62 / fig.get_figheight()))
    return fig
