"""Lesson 08 · Thresholds and calibration: ``undersampling_calibration``, how under-sampling inflates
probabilities and how the Dal Pozzolo correction puts them back."""

from __future__ import annotations

from functools import lru_cache

import ipywidgets as widgets
import numpy as np

from ._live import LiveDemo, _BlittedDemo, _text_legend, new_figure

#: Fractions of majority rows kept by the demo's random under-sampling (1.0 = none). The smallest, 0.11, is
#: about 1 / imbalance ratio on satimage (9.3:1): the classes are then about balanced.
BETAS = (1.0, 0.7, 0.5, 0.3, 0.2, 0.15, 0.11)


@lru_cache(maxsize=2)
def _sweep_scores(dataset: str) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """Lesson 08's sweep, for a demo started without the lesson's numbers: scaling, random under-sampling
    that keeps a fraction beta of the majority rows, logistic regression; out-of-fold probabilities
    (5-fold, random_state=42) for each beta in ``BETAS``. The dataset must be all numeric (satimage is)."""
    from imblearn.pipeline import make_pipeline
    from imblearn.under_sampling import RandomUnderSampler
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    from ..datasets import load
    from ..metrics import out_of_fold_scores

    X, y = load(dataset)
    n_pos, n_neg = int(y.sum()), int((y == 0).sum())
    scores = []
    for beta in BETAS:
        sampler = [RandomUnderSampler(sampling_strategy=n_pos / (beta * n_neg), random_state=42)] if beta < 1 else []
        model = make_pipeline(StandardScaler(), *sampler, LogisticRegression(max_iter=1000))
        scores.append(out_of_fold_scores(model, X, y))
    return y.to_numpy(), tuple(scores)


def undersampling_calibration(dataset: str = "satimage", scores: dict | None = None) -> LiveDemo:
    """Slide the fraction of majority rows kept by random under-sampling: the predicted probabilities
    drift upwards (the calibration intercept falls by about ln(beta)) and the Dal Pozzolo correction
    puts them back.

    ``scores`` is lesson 08's sweep on ``dataset``: ``{beta: out-of-fold probabilities}`` of a logistic
    regression trained with a fraction beta of the majority rows, for each beta in ``BETAS`` (1.0 included,
    the model without under-sampling). Without it the demo fits the same models itself, once, when it is
    built; the slider only looks the results up.

    >>> demo = undersampling_calibration()
    >>> state = demo.update(beta=0.2)
    >>> state["mean_prob"] > 2 * state["prevalence"]
    True
    """
    from sklearn.calibration import calibration_curve
    from sklearn.metrics import brier_score_loss, roc_auc_score

    from ..calibration import calibration_intercept, dal_pozzolo_correction
    from ..datasets import info, load
    from ..plotting import CANDIDATE_COLORS, PALETTE

    if scores is None:
        y, computed = _sweep_scores(dataset)
        scores = dict(zip(BETAS, computed))
    else:
        y = load(dataset)[1].to_numpy()
        if set(scores) != set(BETAS) or any(len(s) != len(y) for s in scores.values()):
            raise ValueError(f"scores must map each beta in {BETAS} to one probability per row of {dataset!r} "
                             "(lesson 08's sweep_scores).")
    base = calibration_intercept(y, scores[1.0])
    sweep, curves = {}, {}
    for b in BETAS:
        p = scores[b]
        q = dal_pozzolo_correction(p, b)
        sweep[b] = {"predicted_shift": float(np.log(b)), "measured_shift": calibration_intercept(y, p) - base,
                    "mean_prob": float(p.mean()), "mean_prob_corrected": float(q.mean()),
                    "brier": float(brier_score_loss(y, p)), "brier_corrected": float(brier_score_loss(y, q)),
                    "roc_auc": float(roc_auc_score(y, p))}
        curves[b] = (calibration_curve(y, p, n_bins=10, strategy="quantile"),
                     calibration_curve(y, q, n_bins=10, strategy="quantile"))
    prevalence = float(y.mean())
    raw_colour, fixed_colour = CANDIDATE_COLORS[5], CANDIDATE_COLORS[1]  # no class meaning: black and green
    slider = widgets.SelectionSlider(options=[(f"{b:.0%}", b) for b in BETAS], value=1.0,
                                     description="majority rows kept", continuous_update=True)
    fig, (ax_cal, ax_shift) = new_figure(9.5, 4.2, ncols=2)
    ax_cal.plot([0, 1], [0, 1], color=PALETTE["neutral"], ls=":", lw=2)
    (raw_line,) = ax_cal.plot([], [], "o-", color=raw_colour, lw=3)
    (fixed_line,) = ax_cal.plot([], [], "s--", color=fixed_colour, lw=3)
    ax_cal.set(xlim=(0, 1), ylim=(0, 1), xlabel="mean predicted probability", ylabel="observed share",
               xticks=[0, 0.5, 1], yticks=[0, 0.5, 1])
    cal_legend = _text_legend(ax_cal, [("under-sampled", raw_colour), ("corrected", fixed_colour)], x=0.03, y=0.78)
    ln_beta = np.log(np.array(BETAS))
    ax_shift.plot(ln_beta, ln_beta, color=PALETTE["neutral"], ls=":", lw=2)
    ax_shift.plot(ln_beta, [sweep[b]["measured_shift"] for b in BETAS], "o", color=raw_colour, markersize=8,
                  alpha=0.4)
    (current,) = ax_shift.plot([], [], "o", color=raw_colour, markersize=16)
    ax_shift.set(xlabel="ln(fraction kept)  [dotted: theory]", ylabel="intercept shift")
    ax_shift.set(xlim=ax_shift.get_xlim(), ylim=ax_shift.get_ylim())  # fixed: set by the data shown above

    def compute(beta: float) -> dict:
        return {"beta": float(beta), "prevalence": prevalence, **sweep[beta]}

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
                f"{state['predicted_shift']:+.2f}). Brier skill score "
                f"{1 - state['brier'] / (prevalence * (1 - prevalence)):.3f}, after the Dal Pozzolo correction "
                f"<b>{1 - state['brier_corrected'] / (prevalence * (1 - prevalence)):.3f}</b> (mean probability "
                f"{state['mean_prob_corrected']:.3f}). ROC-AUC {state['roc_auc']:.3f}.")

    return _BlittedDemo(f"{info(dataset).title}: under-sampling inflates probabilities; the correction puts "
                        "them back", {"beta": slider}, compute, draw, describe, fig,
                        note=f"Out-of-fold probabilities of a logistic regression on the real '{dataset}' data, "
                             "one fit per setting, computed when the demo was built.",
                        dynamic=[raw_line, fixed_line, *cal_legend, ax_cal.title, current, ax_shift.title],
                        dpi=72)
