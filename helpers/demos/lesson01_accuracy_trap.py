"""Lesson 01 · The accuracy trap: ``accuracy_trap``, the minority share slides from 50% to 0.5%.

The demo's fits are precomputed by ``trap_step`` (one plain logistic regression per share, the same
computation lesson 01 writes out in its sweep cell), so the slider only looks them up.
"""

from __future__ import annotations

from functools import lru_cache

import ipywidgets as widgets

from ._live import LiveDemo, _BlittedDemo, _text_legend, new_figure

RANDOM_STATE = 42
#: The minority shares the accuracy-trap demo steps through, from balanced to 1 in 200.
TRAP_SHARES = (0.5, 0.3, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005)


def trap_step(share: float, overlap: float = 0.5, n_train: int = 2000, n_test: int = 20000,
              random_state: int = RANDOM_STATE) -> dict:
    """One step of the accuracy trap: a plain logistic regression on SYNTHETIC 2-D data with this
    minority share, scored on a large fresh sample with the same share.

    This is lesson 01's sweep cell for one share: ``datasets.make_synthetic_2d(n_train, share,
    overlap=overlap, random_state=42)`` to train ``LogisticRegression()``, ``make_synthetic_2d(n_test,
    ..., random_state=43)`` to score it. Returns the training data, the fitted model and its test scores
    (cached: the demo, the exercise checker and the tests share one computation per setting).

    >>> step = trap_step(0.1)
    >>> round(step["always_no_accuracy"], 3)
    0.9
    """
    return dict(_trap_step(share, overlap, n_train, n_test, random_state))  # a copy: the cache stays intact


@lru_cache(maxsize=64)
def _trap_step(share: float, overlap: float, n_train: int, n_test: int, random_state: int) -> dict:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, recall_score, roc_auc_score
    from threadpoolctl import threadpool_limits

    from ..datasets import make_synthetic_2d

    X, y = make_synthetic_2d(n_train, share, overlap=overlap, random_state=random_state)
    X_test, y_test = make_synthetic_2d(n_test, share, overlap=overlap, random_state=random_state + 1)
    with threadpool_limits(limits=1):  # tiny fits: one thread is faster and repeatable
        model = LogisticRegression().fit(X, y)
        y_pred = model.predict(X_test)
        y_score = model.predict_proba(X_test)[:, 1]
    return {"share": share, "X": X, "y": y, "model": model,
            "always_no_accuracy": float(accuracy_score(y_test, np.zeros_like(y_test))),
            "accuracy": float(accuracy_score(y_test, y_pred)),
            "recall": float(recall_score(y_test, y_pred, zero_division=0)),
            "found": int(((y_pred == 1) & (y_test == 1)).sum()), "test_minority": int(y_test.sum()),
            "roc_auc": float(roc_auc_score(y_test, y_score))}


def accuracy_trap() -> LiveDemo:
    """Slide the minority share from 50% to 0.5%: accuracy climbs while minority recall collapses.

    SYNTHETIC 2-D data (``datasets.make_synthetic_2d``, overlap 0.5); at each share a plain logistic
    regression is fitted on 2,000 rows and scored on 20,000 fresh rows with the same share. All eight
    fits happen when the demo is built (``trap_step``); moving the slider only looks them up.

    >>> demo = accuracy_trap()
    >>> demo.update(share=0.01)["always_no_accuracy"]
    0.99
    """
    import numpy as np

    from ..plotting import PALETTE

    steps = [trap_step(s) for s in TRAP_SHARES]
    labels = [f"{s:.1%}".replace(".0%", "%") for s in TRAP_SHARES]
    slider = widgets.SelectionSlider(options=list(zip(labels, TRAP_SHARES)), value=TRAP_SHARES[0],
                                     description="minority share", continuous_update=True)
    fig, (ax_data, ax_metrics) = new_figure(13, 5.2, ncols=2, width_ratios=[1, 1.35])
    # left: the training data and the model's decision boundary (where P(minority) = 0.5)
    majority = ax_data.scatter([], [], s=8, color=PALETTE["majority"], alpha=0.35)
    minority = ax_data.scatter([], [], s=28, color=PALETTE["minority"], edgecolor="white", linewidth=0.4)
    (boundary,) = ax_data.plot([], [], color="black", lw=2.5, ls="--")
    ax_data.set(xlim=(-3.5, 4.5), ylim=(-3.5, 3.5), xlabel="x1", ylabel="x2", xticks=[], yticks=[])
    ax_data.grid(False)  # few artists and no legend boxes: each picture renders faster
    data_legend = _text_legend(ax_data, [("majority", PALETTE["majority"]), ("minority", PALETTE["minority"]),
                                         ("- - model's boundary", "black")], x=0.02, y=0.76)
    # right: the three numbers at every share seen so far
    x = np.arange(len(steps))
    series = {"always_no_accuracy": ("'always no' accuracy", PALETTE["neutral"], "--", "s"),
              "accuracy": ("model accuracy", PALETTE["majority"], "-", "o"),
              "recall": ("model recall (minority)", PALETTE["minority"], "-", "o")}
    lines = {}
    for key, (_label, color, ls, marker) in series.items():
        (lines[key],) = ax_metrics.plot([], [], ls=ls, marker=marker, color=color, lw=3, markersize=9)
    ax_metrics.set(xlim=(-0.3, len(steps) - 0.7), ylim=(-0.03, 1.05), xlabel="minority share (rarer to the right)")
    ax_metrics.set_xticks(x, labels)
    ax_metrics.set_yticks([0, 0.25, 0.5, 0.75, 1])
    ax_metrics.grid(axis="x", visible=False)
    _text_legend(ax_metrics, [(label, color) for label, color, _, _ in series.values()], x=0.03, y=0.04)
    grid = np.linspace(-3.5, 4.5, 2)

    def compute(share: float) -> dict:
        i = TRAP_SHARES.index(share)
        return {"index": i, **{k: v for k, v in steps[i].items() if k not in ("X", "y", "model")}}

    def draw(state: dict) -> None:
        step = steps[state["index"]]
        X, y = step["X"].to_numpy(), step["y"].to_numpy()
        majority.set_offsets(X[y == 0])
        minority.set_offsets(X[y == 1])
        (w1, w2), b = step["model"].coef_[0], step["model"].intercept_[0]
        boundary.set_data(grid, -(b + w1 * grid) / w2)
        ax_data.set_title(f"training data: {int(y.sum()):,} minority in {len(y):,}", fontsize=17)
        upto = state["index"] + 1
        for key in series:
            lines[key].set_data(x[:upto], [s[key] for s in steps[:upto]])
        ax_metrics.set_title(f"accuracy {state['accuracy']:.1%}, recall {state['recall']:.2f}", fontsize=18,
                             fontweight="bold")

    def describe(state: dict) -> str:
        return (f"Minority share {state['share']:.1%}: always saying 'no' is right "
                f"<b>{state['always_no_accuracy']:.1%}</b> of the time; the model is right "
                f"<b>{state['accuracy']:.1%}</b> of the time and finds <b>{state['found']:,}</b> of "
                f"{state['test_minority']:,} minority cases (recall <b>{state['recall']:.2f}</b>).")

    # only these are redrawn per update, in this order; the left legend too, as the boundary can pass under it
    # (the right one stays in the background: no line reaches it, tests/unit/test_demos.py checks the pixels)
    dynamic = [majority, minority, boundary, *data_legend, ax_data.title, *lines.values(), ax_metrics.title]
    return _BlittedDemo("The accuracy trap: as the minority gets rarer, accuracy climbs while recall collapses",
                        {"share": slider}, compute, draw, describe,
                        fig, note="SYNTHETIC 2-D data. One logistic regression per share, fitted when the demo "
                                  "was built; scores on 20,000 fresh rows with the same share.",
                        dynamic=dynamic, dpi=72)
