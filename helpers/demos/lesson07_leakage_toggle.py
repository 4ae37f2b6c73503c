"""Lesson 07 · Pipelines and leakage: ``leakage_toggle``, resampling before or inside cross-validation."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from ._live import LiveDemo, _BlittedDemo, _text_legend, new_figure

#: The two protocols of lesson 07, and the metrics the demo draws (in this order).
PROTOCOLS = ("resample, then cross-validate", "resample inside the pipeline")
METRICS = ("roc_auc", "average_precision", "f1", "balanced_accuracy")


def _satimage_protocols() -> tuple[pd.DataFrame, dict]:
    """Lesson 07's two protocols on satimage, for a demo started without the lesson's numbers: the same
    split, folds, sampler and forest as the lesson's cells."""
    from imblearn.over_sampling import SMOTE
    from imblearn.pipeline import make_pipeline
    from sklearn.base import clone
    from sklearn.ensemble import ExtraTreesClassifier
    from sklearn.metrics import get_scorer
    from sklearn.model_selection import StratifiedKFold, cross_validate, train_test_split

    from ..datasets import load

    X, y = load("satimage")
    X_work, X_held, y_work, y_held = train_test_split(X, y, test_size=0.25, stratify=y, random_state=42)
    forest = ExtraTreesClassifier(n_estimators=30, random_state=42, n_jobs=2)
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
    X_res, y_res = SMOTE(random_state=42).fit_resample(X_work, y_work)
    pipe = make_pipeline(SMOTE(random_state=42), forest)
    runs = {PROTOCOLS[0]: (cross_validate(forest, X_res, y_res, cv=cv, scoring=list(METRICS)),
                           clone(forest).fit(X_res, y_res)),
            PROTOCOLS[1]: (cross_validate(pipe, X_work, y_work, cv=cv, scoring=list(METRICS)),
                           clone(pipe).fit(X_work, y_work))}
    rows = [{"protocol": name, "metric": m, "CV estimate": out[f"test_{m}"].mean(),
             "held-out": get_scorer(m)(model, X_held, y_held)} for name, (out, model) in runs.items() for m in METRICS]
    table = pd.DataFrame(rows)
    return table.assign(gap=table["CV estimate"] - table["held-out"]), {k: out for k, (out, _) in runs.items()}


def leakage_toggle(table: pd.DataFrame | None = None, cv_results: dict | None = None) -> LiveDemo:
    """Toggle between "resample, then cross-validate" and "resample inside the pipeline".

    ``table`` and ``cv_results`` are lesson 07's numbers: one row per protocol and metric with "CV estimate",
    "held-out" and "gap", and each protocol's ``cross_validate`` output (for the range of its 5 folds).
    Without them the demo computes the same numbers itself (real ``satimage`` data, SMOTE + a fast forest,
    5-fold CV on the training part, then one score on an untouched held-out quarter). The picture shows, per
    metric, the CV estimate (with the range of its folds) and the held-out score: far apart when SMOTE ran
    before the split into folds, together when it runs inside the pipeline.

    >>> demo = leakage_toggle()
    >>> state = demo.update(protocol="resample inside the pipeline")
    >>> abs(state["gaps"]["f1"]) < 0.1
    True
    """
    import numpy as np

    from ..plotting import CANDIDATE_COLORS, PALETTE

    if (table is None) != (cv_results is None):
        raise ValueError("Give both table and cv_results (lesson 07's leak_table and each protocol's "
                         "cross_validate output), or neither to let the demo compute them.")
    if table is None:
        table, cv_results = _satimage_protocols()
    needed = {"protocol", "metric", "CV estimate", "held-out", "gap"}
    if not needed <= set(table.columns) or set(cv_results) != set(PROTOCOLS):
        raise ValueError(f"table needs the columns {sorted(needed)} and cv_results one cross_validate output "
                         f"per protocol {list(PROTOCOLS)}.")
    held_colour = CANDIDATE_COLORS[1]
    names = {"roc_auc": "ROC-AUC", "average_precision": "average precision", "f1": "F1",
             "balanced_accuracy": "balanced accuracy"}
    toggle = widgets.ToggleButtons(options=list(PROTOCOLS), value=PROTOCOLS[0], description="protocol",
                                   style={"button_width": "250px"})  # the whole label, readable from the back
    fig, ax = new_figure(8, 4.6)
    y_pos = np.arange(len(METRICS))
    # clip_on=False: a CV estimate of 0.99 is drawn whole, not cut in half by the axes' edge at 1.0
    spans = [ax.plot([], [], color=PALETTE["majority"], lw=6, alpha=0.35, solid_capstyle="butt", clip_on=False)[0]
             for _ in METRICS]
    (cv_dots,) = ax.plot([], [], "o", color=PALETTE["majority"], markersize=13, clip_on=False)
    (held_dots,) = ax.plot([], [], "D", color=held_colour, markersize=12, clip_on=False)
    gap_text = [ax.text(1.025, y, "", va="center", fontsize=14) for y in y_pos]
    title = ax.text(1.0, 1.02, "", transform=ax.transAxes, ha="right", va="bottom", fontsize=15)
    ax.set_yticks(y_pos, [names[m] for m in METRICS])
    ax.set(xlim=(0.5, 1.0), ylim=(-0.6, len(METRICS) - 0.4), xlabel="score")
    ax.invert_yaxis()
    _text_legend(ax, [("\u25cf CV estimate (bar: range of 5 folds)", PALETTE["majority"]),
                      ("\u25c6 held-out score", held_colour)], x=0.02, y=0.8, fontsize=13)

    def compute(protocol: str) -> dict:
        if protocol not in PROTOCOLS:
            raise ValueError(f"protocol must be one of {PROTOCOLS}; got {protocol!r}.")
        part = table[table["protocol"] == protocol].set_index("metric").loc[list(METRICS)]
        folds = {m: np.asarray(cv_results[protocol][f"test_{m}"]) for m in METRICS}
        return {"protocol": protocol, "cv": part["CV estimate"].to_dict(), "held_out": part["held-out"].to_dict(),
                "gaps": part["gap"].to_dict(), "fold_min": {m: float(f.min()) for m, f in folds.items()},
                "fold_max": {m: float(f.max()) for m, f in folds.items()}}

    def draw(state: dict) -> None:
        cv_dots.set_data([state["cv"][m] for m in METRICS], y_pos)
        held_dots.set_data([state["held_out"][m] for m in METRICS], y_pos)
        for i, m in enumerate(METRICS):
            spans[i].set_data([state["fold_min"][m], state["fold_max"][m]], [i, i])
            gap_text[i].set_text(f"{state['gaps'][m]:+.2f}")
        title.set_text(f"{state['protocol']}: CV minus held-out \u2192")

    def describe(state: dict) -> str:
        f1 = "f1"
        return (f"<b>{state['protocol']}</b>: cross-validation promises F1 <b>{state['cv'][f1]:.2f}</b>; the "
                f"untouched held-out set gives <b>{state['held_out'][f1]:.2f}</b> (gap {state['gaps'][f1]:+.2f}). "
                f"Largest gap over the four metrics: {max(state['gaps'].values(), key=abs):+.2f}.")

    return _BlittedDemo("Resample before cross-validation and the CV estimate stops meaning anything",
                        {"protocol": toggle}, compute, draw, describe, fig,
                        note="Real 'satimage' data: SMOTE + 30 extremely randomised trees, 5-fold CV on 75% of "
                             "the rows and one score on the other 25%, all computed once when the demo was built.",
                        dynamic=[*spans, cv_dots, held_dots, *gap_text, title], dpi=72)
