"""Lesson 07 · Pipelines and leakage: ``leakage_toggle``, resampling before or inside cross-validation."""

from __future__ import annotations

import ipywidgets as widgets

from ._live import LiveDemo, _BlittedDemo, _text_legend, new_figure


def leakage_toggle() -> LiveDemo:
    """Toggle between "resample, then cross-validate" and "resample inside the pipeline".

    Real ``satimage`` data, SMOTE + a fast forest (``leakage.protocols``: 5-fold CV on the training
    part, then one score on an untouched held-out quarter), all fitted when the demo is built. The
    picture shows, per metric, the CV estimate (with the range of its 5 folds) and the held-out score:
    far apart when SMOTE ran before the split into folds, together when it runs inside the pipeline.

    >>> demo = leakage_toggle()
    >>> state = demo.update(protocol="resample inside the pipeline")
    >>> abs(state["gaps"]["f1"]) < 0.1
    True
    """
    import numpy as np

    from ..leakage import METRICS, PROTOCOLS, protocols
    from ..plotting import PALETTE

    table = protocols("satimage")
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
    (held_dots,) = ax.plot([], [], "D", color=PALETTE["minority"], markersize=12, clip_on=False)
    gap_text = [ax.text(1.025, y, "", va="center", fontsize=14) for y in y_pos]
    title = ax.text(1.0, 1.02, "", transform=ax.transAxes, ha="right", va="bottom", fontsize=15)
    ax.set_yticks(y_pos, [names[m] for m in METRICS])
    ax.set(xlim=(0.5, 1.0), ylim=(-0.6, len(METRICS) - 0.4), xlabel="score")
    ax.invert_yaxis()
    _text_legend(ax, [("\u25cf CV estimate (bar: range of 5 folds)", PALETTE["majority"]),
                      ("\u25c6 held-out score", PALETTE["minority"])], x=0.02, y=0.8, fontsize=13)

    def compute(protocol: str) -> dict:
        if protocol not in PROTOCOLS:
            raise ValueError(f"protocol must be one of {PROTOCOLS}; got {protocol!r}.")
        part = table[table["protocol"] == protocol].set_index("metric").loc[list(METRICS)]
        return {"protocol": protocol, "cv": part["cv_mean"].to_dict(), "held_out": part["held_out"].to_dict(),
                "gaps": part["gap"].to_dict(), "fold_min": part["folds"].map(min).to_dict(),
                "fold_max": part["folds"].map(max).to_dict()}

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
