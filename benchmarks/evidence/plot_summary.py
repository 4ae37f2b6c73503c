"""Draw benchmarks/evidence/summary.png from results.csv: the grid at a glance.

One row per learner x method; three panels: the share of datasets where the correction made ranking
(ROC-AUC, average precision), probability quality (Brier skill score, log loss) and the cost at the stated
cost ratio better, showed no detectable change, or made it worse, against the same learner uncorrected.

    .venv/bin/python benchmarks/evidence/plot_summary.py [--results DIR/results.csv] [--out DIR/summary.png]

How two metrics become one outcome per dataset: "better" if at least one of them is better (Holm-adjusted
verdict) and none is worse; "worse" if at least one is worse and none better; "mixed" if one is better and
the other worse; "no detectable change" if both are "no detectable difference"; "not judged" otherwise.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

HERE = Path(__file__).resolve().parent
PANELS = {"ranking": ("roc_auc", "average_precision"), "probability quality": ("brier_skill", "log_loss"),
          "cost at 10:1": ("cost_per_case",)}
OUTCOMES = ("better", "no detectable change", "mixed", "worse", "not judged")
#: Okabe-Ito colours (safe for the common colour-vision deficiencies): blue better, orange worse.
COLOURS = {"better": "#0072B2", "no detectable change": "#D9D9D9", "mixed": "#CC79A7", "worse": "#E69F00",
           "not judged": "#FFFFFF"}
METRIC_LABELS = {"roc_auc": "ROC-AUC", "average_precision": "average precision", "brier_skill": "Brier skill score",
                 "log_loss": "log loss", "cost_per_case": "cost per case"}
LEARNER_LABELS = {"logistic_regression": "logistic regression", "knn": "k-NN", "decision_tree": "decision tree",
                  "random_forest": "random forest", "hist_gradient_boosting": "hist. gradient boosting",
                  "bagging": "bagging (10 trees)", "bagged_adaboost": "bagging (10 AdaBoost)",
                  "adaboost": "AdaBoost (50 stumps)"}
METHOD_LABELS = {"class_weight": "class_weight='balanced'", "random_oversampling": "RandomOverSampler",
                 "smote": "SMOTE", "borderline_smote": "BorderlineSMOTE", "random_undersampling": "RandomUnderSampler",
                 "enn": "EditedNearestNeighbours", "smote_tomek": "SMOTETomek",
                 "tuned_threshold": "TunedThresholdClassifierCV (cost)", "calibrated_smote": "SMOTE + calibration",
                 "balanced_random_forest": "BalancedRandomForest", "balanced_bagging": "BalancedBagging",
                 "easy_ensemble": "EasyEnsemble", "rusboost": "RUSBoost"}


def outcome(verdicts: Sequence[str]) -> str:
    """One outcome per dataset from the verdicts of a panel's metrics.

    >>> outcome(["better", "no detectable difference"]), outcome(["better", "worse"]), outcome(["not judged"])
    ('better', 'mixed', 'not judged')
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


def shares(results: pd.DataFrame) -> pd.DataFrame:
    """Per panel, learner and method: the share of datasets with each outcome (rows sum to 1)."""
    rows = []
    for panel, metrics in PANELS.items():
        sub = results[results["metric"].isin(metrics)]
        per_dataset = sub.groupby(["learner", "method", "dataset"], sort=False)["verdict"].agg(outcome)
        for (learner, method), g in per_dataset.groupby(level=[0, 1], sort=False):
            counts = g.value_counts()
            rows.append({"panel": panel, "learner": learner, "method": method, "n_datasets": len(g),
                         **{o: counts.get(o, 0) / len(g) for o in OUTCOMES}})
    return pd.DataFrame(rows)


def plot(results: pd.DataFrame) -> plt.Figure:
    """The figure: three panels of stacked horizontal bars, one bar per learner x method, grouped by learner."""
    table = shares(results)
    rows: list[tuple[str, str | None]] = []  # (learner, None) is a learner's heading row
    for learner in LEARNER_LABELS:
        methods = [m for m in METHOD_LABELS if ((table["learner"] == learner) & (table["method"] == m)).any()]
        if methods:
            rows += [(learner, None)] + [(learner, m) for m in methods]
    n_rows = len(rows)
    fig, axes = plt.subplots(1, len(PANELS), figsize=(15, 2.2 + 0.26 * n_rows), sharey=True)
    axes = np.atleast_1d(axes)
    y = np.arange(n_rows)[::-1].astype(float)
    bars = [i for i, (_, m) in enumerate(rows) if m is not None]
    for ax, panel in zip(axes, PANELS):
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
        metrics = " / ".join(METRIC_LABELS[m] for m in PANELS[panel])
        ax.set_title(f"{panel}\n({metrics})", fontsize=11)
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
    rank = table[table["panel"] == "ranking"]
    prob = table[table["panel"] == "probability quality"]
    headline = (f"Across {n_datasets} datasets, ranking improved in {rank['better'].mean():.0%} and got worse in "
                f"{rank['worse'].mean():.0%} of (learner x method, dataset) pairs; probability quality improved in "
                f"{prob['better'].mean():.0%} and got worse in {prob['worse'].mean():.0%}")
    fig.suptitle("What each correction for imbalance did, against the same learner uncorrected\n" + headline,
                 fontsize=12, x=0.01, ha="left", y=0.995)
    handles, names = first.get_legend_handles_labels()
    fig.legend(handles, names, loc="upper left", bbox_to_anchor=(0.01, 1 - 0.62 / fig.get_figheight()),
               ncol=len(OUTCOMES), frameon=False, fontsize=10)
    footer = ("Outcome per dataset from Holm-adjusted verdicts of paired differences over repeated stratified folds "
              "(Nadeau-Bengio corrected 95% intervals); two metrics: better if one is better and none worse. "
              "Cost: a miss costs 10 false alarms; decisions at the Bayes threshold 1/11 (the tuned threshold: its "
              "own). Source: benchmarks/evidence/results.csv.")
    fig.text(0.01, 0.004, textwrap.fill(footer, 190), fontsize=8.5, va="bottom")
    fig.tight_layout(rect=(0, 0.35 / fig.get_figheight(), 1, 1 - 0.5 / fig.get_figheight()))
    return fig


def main(argv: Sequence[str] | None = None) -> int:
    """Read results.csv, write the PNG."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--results", type=Path, default=HERE / "results.csv")
    p.add_argument("--out", type=Path, default=None, help="PNG to write (default: summary.png beside the results)")
    args = p.parse_args(argv)
    if not args.results.exists():
        p.error(f"{args.results} does not exist; run run_grid.py first.")
    results = pd.read_csv(args.results)
    missing = {"dataset", "learner", "method", "metric", "verdict"} - set(results.columns)
    if missing:
        p.error(f"{args.results} lacks the columns {sorted(missing)}; is it run_grid.py's results.csv?")
    out = args.out or args.results.with_name("summary.png")
    fig = plot(results)
    fig.savefig(out, dpi=100)
    print(f"Wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
