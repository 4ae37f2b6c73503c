"""Lesson 08 · Thresholds and calibration: ``undersampling_calibration``, how under-sampling inflates
probabilities and how the Dal Pozzolo correction puts them back."""

from __future__ import annotations

import ipywidgets as widgets

from ._live import LiveDemo, _BlittedDemo, _text_legend, new_figure


def undersampling_calibration(dataset: str = "satimage") -> LiveDemo:
    """Slide the fraction of majority rows kept by random under-sampling: the predicted probabilities
    drift upwards (the calibration intercept falls by about ln(beta)) and the Dal Pozzolo correction
    puts them back.

    A logistic regression is fitted with each fraction in ``calibration.BETAS`` and scores every row out
    of fold, once, when the demo is built (``calibration.undersampling_sweep``); the slider only looks
    the results up.

    >>> demo = undersampling_calibration()
    >>> state = demo.update(beta=0.2)
    >>> state["mean_prob"] > 2 * state["prevalence"]
    True
    """
    import numpy as np
    from sklearn.calibration import calibration_curve

    from ..calibration import BETAS, dal_pozzolo_correction, undersampling_scores, undersampling_sweep
    from ..datasets import info
    from ..plotting import PALETTE

    y, scores = undersampling_scores(dataset, BETAS)
    sweep = undersampling_sweep(dataset, BETAS).set_index("beta")
    curves = {}
    for b, p in scores.items():
        raw = calibration_curve(y, p, n_bins=10, strategy="quantile")
        fixed = calibration_curve(y, dal_pozzolo_correction(p, b), n_bins=10, strategy="quantile")
        curves[b] = (raw, fixed)
    prevalence = float(y.mean())
    labels = [f"{b:.0%}" for b in BETAS]
    slider = widgets.SelectionSlider(options=list(zip(labels, BETAS)), value=1.0,
                                     description="majority rows kept", continuous_update=True)
    fig, (ax_cal, ax_shift) = new_figure(9.5, 4.2, ncols=2)
    ax_cal.plot([0, 1], [0, 1], color=PALETTE["neutral"], ls=":", lw=2)
    (raw_line,) = ax_cal.plot([], [], "o-", color=PALETTE["minority"], lw=3)
    (fixed_line,) = ax_cal.plot([], [], "s--", color="#009E73", lw=3)
    ax_cal.set(xlim=(0, 1), ylim=(0, 1), xlabel="mean predicted probability", ylabel="observed share",
               xticks=[0, 0.5, 1], yticks=[0, 0.5, 1])
    cal_legend = _text_legend(ax_cal, [("under-sampled", PALETTE["minority"]), ("corrected", "#009E73")],
                              x=0.03, y=0.78)
    ln_beta = np.log(np.array(BETAS))
    ax_shift.plot(ln_beta, ln_beta, color=PALETTE["neutral"], ls=":", lw=2)
    ax_shift.plot(ln_beta, sweep["measured_shift"], "o", color=PALETTE["minority"], markersize=8, alpha=0.4)
    (current,) = ax_shift.plot([], [], "o", color=PALETTE["minority"], markersize=16)
    ax_shift.set(xlabel="ln(fraction kept)  [dotted: theory]", ylabel="intercept shift")
    ax_shift.set(xlim=ax_shift.get_xlim(), ylim=ax_shift.get_ylim())  # fixed: set by the data shown above

    def compute(beta: float) -> dict:
        row = sweep.loc[beta]
        return {"beta": float(beta), "prevalence": prevalence,
                **{k: float(row[k]) for k in ("predicted_shift", "measured_shift", "mean_prob",
                                              "mean_prob_corrected", "brier", "brier_corrected", "roc_auc")}}

    def draw(state: dict) -> None:
        (raw_true, raw_pred), (fix_true, fix_pred) = curves[state["beta"]]
        raw_line.set_data(raw_pred, raw_true)
        fixed_line.set_data(fix_pred, fix_true)
        ax_cal.set_title(f"mean prob {state['mean_prob']:.3f} vs {prevalence:.3f} real", fontsize=16)
        current.set_data([state["predicted_shift"]], [state["measured_shift"]])
        ax_shift.set_title(f"shift {state['measured_shift']:+.2f}, theory {state['predicted_shift']:+.2f}",
                           fontsize=16)

    def describe(state: dict) -> str:
        return (f"Keeping {state['beta']:.0%} of the majority rows: the mean predicted probability is "
                f"<b>{state['mean_prob']:.3f}</b> while {prevalence:.1%} of rows are positive; the calibration "
                f"intercept moved by <b>{state['measured_shift']:+.2f}</b> (theory ln(beta) = "
                f"{state['predicted_shift']:+.2f}). Brier score {state['brier']:.3f}, after the Dal Pozzolo "
                f"correction <b>{state['brier_corrected']:.3f}</b> (mean probability "
                f"{state['mean_prob_corrected']:.3f}). ROC-AUC {state['roc_auc']:.3f}.")

    return _BlittedDemo(f"{info(dataset).title}: under-sampling inflates probabilities; the correction puts "
                        "them back", {"beta": slider}, compute, draw, describe, fig,
                        note=f"Out-of-fold probabilities of a logistic regression on the real '{dataset}' data, "
                             "one fit per setting, computed when the demo was built.",
                        dynamic=[raw_line, fixed_line, *cal_legend, ax_cal.title, current, ax_shift.title],
                        dpi=72)
