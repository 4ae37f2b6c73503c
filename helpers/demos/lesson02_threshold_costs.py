"""Lesson 02 · Metrics that matter: ``threshold_costs``, a decision threshold and what its mistakes cost."""

from __future__ import annotations

from functools import lru_cache

import ipywidgets as widgets
import numpy as np

from ._live import LiveDemo, _BlittedDemo, new_figure


@lru_cache(maxsize=8)
def _plain_model_scores(name: str) -> tuple:
    from sklearn.linear_model import LogisticRegression

    from ..datasets import load
    from ..guide import with_preprocessing
    from ..metrics import out_of_fold_scores

    X, y = load(name)
    scores = out_of_fold_scores(with_preprocessing(X, LogisticRegression(max_iter=1000)), X, y)
    return y.to_numpy(), scores


def plain_model_scores(name: str) -> tuple:
    """``(y, scores)`` for a shipped dataset: out-of-fold probabilities of the kit's plain model
    (``guide.preprocessor`` + ``LogisticRegression(max_iter=1000)``), as ``metrics.out_of_fold_scores``
    computes them. Cached, so the demo and the tests share one computation.

    >>> y, scores = plain_model_scores("yeast")
    >>> len(y) == len(scores) == 1484
    True
    """
    y, scores = _plain_model_scores(name)
    return y.copy(), scores.copy()


def _precision(value: float) -> str:
    """Precision for the picture: undefined (not 0) where nothing is flagged."""
    return "undefined (nothing flagged)" if np.isnan(value) else f"{value:.2f}"


def threshold_costs(dataset: str = "thyroid") -> LiveDemo:
    """Move the decision threshold of a fitted model and price its mistakes.

    A plain logistic regression scores every row of a shipped dataset out of fold, once, when the demo
    is built (``plain_model_scores``). The threshold slider turns those scores into decisions;
    two sliders set what a missed positive and a false alarm cost. The picture shows the confusion
    matrix, precision and recall, and the expected cost per case, with the cheapest threshold marked.

    >>> demo = threshold_costs()
    >>> state = demo.update(threshold=0.5, cost_miss=1, cost_false_alarm=1)
    >>> state["tp"] + state["fn"]
    151
    """
    from matplotlib.ticker import MaxNLocator

    from ..datasets import info
    from ..metrics import cheapest_threshold, expected_cost, threshold_table
    from ..plotting import PALETTE

    y, scores = plain_model_scores(dataset)
    table = threshold_table(y, scores)
    t = table["threshold"].to_numpy()
    counts = table[["tn", "fp", "fn", "tp"]].to_numpy()
    n_pos, n_neg = int(y.sum()), int(len(y) - y.sum())
    controls = {
        "threshold": widgets.FloatSlider(value=0.5, min=0.01, max=0.99, step=0.01, description="threshold",
                                         readout_format=".2f"),
        "cost_miss": widgets.IntSlider(value=10, min=1, max=50, description="cost of a missed positive"),
        "cost_false_alarm": widgets.IntSlider(value=1, min=1, max=10, description="cost of a false alarm"),
    }
    fig, (ax_cm, ax_pr, ax_cost) = new_figure(15, 4.8, ncols=3, width_ratios=[0.8, 1, 1])
    # confusion matrix: colour by row share (so the rare row is readable), text shows the counts
    image = ax_cm.imshow(np.zeros((2, 2)), cmap="Blues", vmin=0, vmax=1)
    cells = [[ax_cm.text(j, i, "", ha="center", va="center", fontsize=20, fontweight="bold") for j in range(2)]
             for i in range(2)]
    ax_cm.set_xticks([0, 1], ["no", "yes"])
    ax_cm.set_yticks([0, 1], ["no", "yes"])
    ax_cm.set(xlabel="predicted positive?", ylabel="actually positive?")
    ax_cm.grid(False)
    # precision and recall against the threshold
    end = {key: float(table[key].dropna().iat[-1]) for key in ("precision", "recall")}  # near the line's end
    for key, color in (("precision", PALETTE["majority"]), ("recall", PALETTE["minority"])):
        ax_pr.plot(t, table[key], color=color, lw=3)  # labelled at the line's end: cheaper than a legend
        above = end[key] >= max(end.values())
        ax_pr.text(0.97, end[key] + (0.04 if above else -0.06), key, color=color, fontsize=16,
                   fontweight="bold", ha="right", va="bottom" if above else "top")
    ax_pr.set(xlim=(0, 1), ylim=(0, 1.02), xlabel="threshold", yticks=[0, 0.5, 1], xticks=[0, 0.5, 1])
    # expected cost against the threshold
    (cost_line,) = ax_cost.plot(t, np.zeros_like(t), color=PALETTE["neutral"], lw=3)
    (best_marker,) = ax_cost.plot([], [], "*", color="#009E73", markersize=24)
    ax_cost.set(xlim=(0, 1), xlabel="threshold", ylabel="cost per case", xticks=[0, 0.5, 1])
    ax_cost.yaxis.set_major_locator(MaxNLocator(4))
    marks = [ax.axvline(0.5, color="black", lw=2, ls="--") for ax in (ax_pr, ax_cost)]

    curves: dict[tuple[int, int], tuple] = {}  # (cost_miss, cost_false_alarm) -> cost curve, cheapest threshold

    def compute(threshold: float, cost_miss: int, cost_false_alarm: int) -> dict:
        i = int(np.argmin(np.abs(t - threshold)))
        if (cost_miss, cost_false_alarm) not in curves:  # moving only the threshold reuses the curve
            curves[(cost_miss, cost_false_alarm)] = (expected_cost(table, cost_miss, cost_false_alarm).to_numpy(),
                                                     cheapest_threshold(table, cost_miss, cost_false_alarm))
        cost, best = curves[(cost_miss, cost_false_alarm)]
        tn, fp, fn, tp = (int(v) for v in counts[i])
        return {"threshold": float(t[i]), "tn": tn, "fp": fp, "fn": fn, "tp": tp,
                "precision": float(table["precision"].iat[i]), "recall": float(table["recall"].iat[i]),
                "cost": float(cost[i]), "cost_curve": cost, "best_threshold": best,
                "best_cost": float(cost.min()), "cost_miss": cost_miss, "cost_false_alarm": cost_false_alarm}

    def draw(state: dict) -> None:
        matrix = np.array([[state["tn"], state["fp"]], [state["fn"], state["tp"]]])
        image.set_data(matrix / np.array([[n_neg], [n_pos]]))
        for i in range(2):
            for j in range(2):
                share = matrix[i, j] / (n_neg, n_pos)[i]
                cells[i][j].set_text(f"{matrix[i, j]:,}")
                cells[i][j].set_color("white" if share > 0.5 else "black")
        ax_cm.set_title(f"threshold {state['threshold']:.2f}", fontsize=17)
        ax_pr.set_title(f"precision {_precision(state['precision'])}, recall {state['recall']:.2f}", fontsize=17)
        cost = state["cost_curve"]
        cost_line.set_ydata(cost)
        ax_cost.set_ylim(0, float(cost.max()) * 1.08)
        best_marker.set_data([state["best_threshold"]], [state["best_cost"]])
        ax_cost.set_title(f"cost {state['cost']:.3f}; \u2605 cheapest {state['best_cost']:.3f} at "
                          f"{state['best_threshold']:.2f}", fontsize=17)
        for line in marks:
            line.set_xdata([state["threshold"], state["threshold"]])

    def describe(state: dict) -> str:
        return (f"At threshold {state['threshold']:.2f} the model finds <b>{state['tp']}</b> of {n_pos} positives "
                f"(recall {state['recall']:.2f}) and raises <b>{state['fp']}</b> false alarms (precision "
                f"{_precision(state['precision'])}). With a miss costing {state['cost_miss']} and a false alarm "
                f"{state['cost_false_alarm']}, the expected cost is <b>{state['cost']:.3f}</b> per case; "
                f"the cheapest threshold is <b>{state['best_threshold']:.2f}</b> ({state['best_cost']:.3f}).")

    # only these are redrawn per update, bottom to top; the cost axis rescales with the costs, so its
    # y-axis (ticks, grid, label) is redrawn too
    left = [image, *cells[0], *cells[1], ax_cm.title, marks[0], ax_pr.title]  # follow the threshold only
    dynamic = [*left, ax_cost.yaxis, cost_line, best_marker, marks[1], ax_cost.title]
    return _BlittedDemo(f"{info(dataset).title}: where to draw the line depends on what the mistakes cost",
                        controls, compute, draw, describe, fig,
                        note=f"Out-of-fold scores of a plain logistic regression on the real '{dataset}' data "
                             f"({n_pos} positives, {n_neg:,} negatives), computed once when the demo was built.",
                        dynamic=dynamic, dpi=72, hold_left=(ax_pr, ["threshold"], left))
