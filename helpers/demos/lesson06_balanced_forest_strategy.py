"""Lesson 06 · Imbalanced ensembles: ``balanced_forest_strategy``, a BalancedRandomForest's
``sampling_strategy`` against recall, precision and the mean predicted probability."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ._live import LiveDemo, _BlittedDemo, new_figure

#: The sampling strategies lesson 06's demo offers (minority / majority in each tree's sample).
FOREST_STRATEGIES = (0.05, 0.1, 0.2, 0.5, 1.0)
#: Trees per forest in the demo: enough to show the trend, few enough to build the demo in about a second.
DEMO_TREES = 10
#: Bar colours with no class meaning (the minority's vermillion stays the minority's).
BAR_COLOURS = ("#009E73", "#56B4E9", "#E69F00")


def strategy_sweep(strategies: Any = FOREST_STRATEGIES, *, n_estimators: int = DEMO_TREES) -> Any:
    """For each ``sampling_strategy``, a BalancedRandomForest on ``yeast`` scored out of fold (5 folds):
    recall and precision at 0.5, ROC-AUC, the mean predicted minority probability and the Brier score.

    >>> sweep = strategy_sweep([0.1, 1.0], n_estimators=3)
    >>> sweep["sampling_strategy"].tolist()
    [0.1, 1.0]
    """
    import numpy as np
    import pandas as pd
    from imblearn.ensemble import BalancedRandomForestClassifier
    from sklearn.metrics import brier_score_loss, precision_score, recall_score, roc_auc_score

    from .. import datasets, metrics

    X, y = datasets.load("yeast")
    y_arr = y.to_numpy()
    ratio = float(y_arr.mean() / (1 - y_arr.mean()))
    strategies = [float(s) for s in strategies]
    if not strategies or any(not (ratio <= s <= 1) for s in strategies):
        raise ValueError(f"sampling_strategy values must lie between the data's own minority/majority ratio "
                         f"({ratio:.3f} for yeast) and 1.0 (fully balanced); got {strategies}.")
    rows = []
    for s in strategies:
        forest = BalancedRandomForestClassifier(n_estimators=n_estimators, sampling_strategy=s, random_state=42)
        proba = metrics.out_of_fold_scores(forest, X, y)
        pred = proba >= 0.5
        rows.append({"sampling_strategy": s, "recall": float(recall_score(y_arr, pred)),
                     "precision": float(precision_score(y_arr, pred, zero_division=np.nan)),
                     "roc_auc": float(roc_auc_score(y_arr, proba)), "mean_predicted": float(proba.mean()),
                     "brier": float(brier_score_loss(y_arr, proba)), "exactly_zero": float(np.mean(proba == 0))})
    out = pd.DataFrame(rows)
    out.attrs["prevalence"] = float(y_arr.mean())
    return out


def balanced_forest_strategy() -> LiveDemo:
    """Slide a BalancedRandomForest's ``sampling_strategy`` on the real ``yeast`` data: the more balanced
    each tree's sample, the higher the recall at 0.5, the lower the precision, and the further the mean
    predicted minority probability drifts above the true prevalence.

    The ranking (ROC-AUC, in the readout) moves far less. Each setting is a 10-tree forest scored out of fold (``strategy_sweep``), fitted once when the demo is
    built; the slider only looks the results up.

    >>> demo = balanced_forest_strategy()
    >>> demo.update(sampling_strategy=1.0)["mean_predicted"] > demo.update(sampling_strategy=0.05)["mean_predicted"]
    True
    """
    import numpy as np

    from ..plotting import PALETTE

    sweep = strategy_sweep(FOREST_STRATEGIES)
    prevalence = float(sweep.attrs["prevalence"])
    table = sweep.set_index("sampling_strategy")
    slider = widgets.SelectionSlider(options=[(f"{s:g}", s) for s in FOREST_STRATEGIES], value=1.0,
                                     description="sampling_strategy", continuous_update=True)
    fig, ax = new_figure(7, 4)
    labels = ["recall\nat 0.5", "precision\nat 0.5", "mean predicted\nprobability"]
    x = np.arange(len(labels))
    # zorder 2: the bars lie over the grid, in the background image as in a full redraw
    bars = ax.bar(x, [0, 0, 0], color=list(BAR_COLOURS), width=0.6, zorder=2)
    # the true-share line lies over the bars: dynamic too, so it stays on top (its label sits clear above)
    share = [ax.axhline(prevalence, xmin=0.7, xmax=0.97, color=PALETTE["neutral"], ls=":", lw=2.5, zorder=3)]
    ax.text(2, 0.9, f"dotted line: true\nshare {prevalence:.3f}", ha="center", va="center", fontsize=12,
            color=PALETTE["neutral"])
    values = [ax.text(i, 0, "", ha="center", va="bottom", fontsize=14) for i in x]
    ax.set_xticks(x, labels)
    ax.set(ylim=(0, 1.05), ylabel="out-of-fold value")

    def compute(sampling_strategy: float) -> dict:
        if sampling_strategy not in table.index:
            raise ValueError(f"sampling_strategy must be one of {FOREST_STRATEGIES}; got {sampling_strategy!r}.")
        row = table.loc[sampling_strategy]
        return {"sampling_strategy": float(sampling_strategy), "prevalence": prevalence,
                **{k: float(row[k]) for k in ("recall", "precision", "roc_auc", "mean_predicted", "brier",
                                              "exactly_zero")}}

    def draw(state: dict) -> None:
        for i, key in enumerate(("recall", "precision", "mean_predicted")):
            bars[i].set_height(state[key])
            values[i].set_position((i, state[key] + 0.01))
            values[i].set_text(f"{state[key]:.2f}")
        ax.set_title(f"sampling_strategy={state['sampling_strategy']:g}: mean probability "
                     f"{state['mean_predicted'] / prevalence:.1f}x the true share", fontsize=14)

    def describe(state: dict) -> str:
        return (f"With <b>sampling_strategy={state['sampling_strategy']:g}</b> the forest finds "
                f"<b>{state['recall']:.0%}</b> of the minority at threshold 0.5 with precision "
                f"<b>{state['precision']:.0%}</b>; its mean predicted minority probability is "
                f"<b>{state['mean_predicted']:.3f}</b> while {prevalence:.1%} of rows are minority "
                f"(Brier skill {1 - state['brier'] / (prevalence * (1 - prevalence)):.2f}). Out of fold, its ROC-AUC is "
                f"{state['roc_auc']:.3f}, with {state['exactly_zero']:.0%} of the rows at a probability of exactly 0.")

    return _BlittedDemo("Balancing each tree's sample pays for recall with precision and honest probabilities",
                        {"sampling_strategy": slider}, compute, draw, describe, fig,
                        note="Real 'yeast' data (41:1): a 10-tree BalancedRandomForest per setting, 5-fold "
                             "out-of-fold scores, computed once when the demo was built.",
                        dynamic=[*bars, *share, *values, ax.title], dpi=72)
