"""What scikit-learn lacks for judging and repairing probabilities (lesson 08): the calibration intercept
and slope, and the Dal Pozzolo correction for random under-sampling.

>>> from helpers import calibration
>>> round(calibration.dal_pozzolo_correction(0.5, beta=0.1), 4)
0.0909

scikit-learn draws reliability diagrams (``CalibrationDisplay``), computes the Brier score and log loss
(``brier_score_loss``, ``log_loss``) and recalibrates (``CalibratedClassifierCV``); lesson 08 builds every
model it judges in its own cells. These three functions only compute numbers from labels and probabilities.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._checks import as_binary_target, check_scores

_EPS = 1e-12


def _check_probabilities(p: Any, name: str = "y_prob") -> np.ndarray:
    arr = np.asarray(p, dtype=float)
    if arr.ndim > 1 or np.isnan(arr).any() or (arr < 0).any() or (arr > 1).any():
        raise ValueError(f"{name} must be probabilities in [0, 1] (one per row, no NaN), e.g. "
                         "model.predict_proba(X)[:, 1].")
    return arr


def calibration_intercept(y_true: Any, y_prob: Any) -> float:
    """The calibration intercept ("calibration-in-the-large") of predicted probabilities.

    Logistic recalibration with the model's log-odds as a fixed offset: fit
    ``logit(P(y = 1)) = a + logit(p)`` by maximum likelihood, intercept ``a`` only (the slope is
    fixed at 1). ``a = 0``: on average the predictions are right; ``a < 0``: they are too high
    (over-estimate the risk); ``a > 0``: too low. Solved with Newton's method on the one-parameter
    log-likelihood. Probabilities of exactly 0 or 1 have infinite log-odds; they are moved
    ``1e-12`` inside [0, 1] for this computation only.

    >>> abs(calibration_intercept([0, 0, 0, 1], [0.25, 0.25, 0.25, 0.25])) < 1e-9  # right on average
    True
    >>> calibration_intercept([0, 0, 0, 1], [0.5, 0.5, 0.5, 0.5]) < 0  # predictions too high
    True
    """
    y = as_binary_target(y_true, "y_true")
    p = _check_probabilities(check_scores(y_prob, len(y)))
    if y.min() == y.max():
        raise ValueError("y_true holds one class only; the intercept needs both (use a larger sample).")
    p = np.clip(p, _EPS, 1 - _EPS)
    offset = np.log(p) - np.log1p(-p)
    a = 0.0
    for _ in range(100):
        mu = 1 / (1 + np.exp(-(a + offset)))
        step = (y - mu).sum() / max(float((mu * (1 - mu)).sum()), 1e-300)
        a += step
        if abs(step) < 1e-10:
            break
    return float(a)


def calibration_slope(y_true: Any, y_prob: Any) -> float:
    """The calibration slope of predicted probabilities (van Calster et al. 2019).

    Logistic recalibration ``logit(P(y = 1)) = a + b * logit(p)``, fitted by maximum likelihood (Newton's
    method on two parameters, with step halving so the likelihood never decreases); returns ``b``. ``b = 1``: the spread of the predictions is right;
    ``b < 1``: too extreme (too close to 0 and 1, typical of overfitting); ``b > 1``: too timid.
    Probabilities of exactly 0 or 1 are moved ``1e-12`` inside [0, 1] for this computation only. NaN when
    the slope is not identified: one forecast for every row, or forecasts that separate the classes (a
    tree's few distinct probabilities, one of them with no positive), where the likelihood keeps rising
    towards an infinite coefficient.

    >>> rng = np.random.default_rng(0)
    >>> p = rng.uniform(0.01, 0.99, 20000)
    >>> y = (rng.uniform(size=p.size) < p).astype(int)
    >>> round(calibration_slope(y, p), 1)
    1.0
    """
    y = as_binary_target(y_true, "y_true")
    p = _check_probabilities(check_scores(y_prob, len(y)))
    if y.min() == y.max():
        raise ValueError("y_true holds one class only; the slope needs both (use a larger sample).")
    p = np.clip(p, _EPS, 1 - _EPS)
    x = np.log(p) - np.log1p(-p)
    if np.ptp(x) == 0:
        return np.nan  # one forecast for every row: no spread to calibrate
    design = np.column_stack([np.ones_like(x), x])

    def loglik(b: np.ndarray) -> float:
        eta = design @ b
        return float(np.sum(y * eta - np.logaddexp(0, eta)))

    rate = float(np.mean(y))
    beta = np.array([np.log(rate) - np.log1p(-rate), 0.0])  # start from the constant forecast: well-conditioned
    current = loglik(beta)
    for _ in range(200):  # Newton's method with step halving: the likelihood never decreases
        mu = 1 / (1 + np.exp(-np.clip(design @ beta, -500, 500)))
        w = np.maximum(mu * (1 - mu), 1e-12)
        step = np.linalg.lstsq(design.T @ (design * w[:, None]), design.T @ (y - mu), rcond=None)[0]
        scale = 1.0
        while scale > 1e-10 and loglik(beta + scale * step) < current:
            scale /= 2
        if scale <= 1e-10:  # no step improves the likelihood: this is the maximum
            break
        beta = beta + scale * step
        new = loglik(beta)
        if new - current < 1e-12 * (1 + abs(current)):
            break
        current = new
    mu = 1 / (1 + np.exp(-np.clip(design @ beta, -500, 500)))
    info = design.T @ (design * np.maximum(mu * (1 - mu), 1e-300)[:, None])
    if np.linalg.cond(info) > 1e12:  # a flat likelihood along some direction: the slope is not identified
        return np.nan
    return float(beta[1])


def dal_pozzolo_correction(p_s: Any, beta: float) -> Any:
    """Undo random under-sampling in predicted probabilities (Dal Pozzolo et al., IEEE SSCI 2015).

    A model trained on data where each majority row was kept with probability ``beta`` predicts
    ``p_s``; the probability on the real class balance is ``beta * p_s / (beta * p_s - p_s + 1)``.
    The map is monotone, so rankings (ROC-AUC, average precision) do not change. Returns a float for a
    number, an array for an array. It multiplies the odds ``p / (1 - p)`` by ``beta``; the same odds
    correction moves probabilities learnt where a share ``pi`` of rows is positive to a population where a
    share ``pi2`` is, with ``beta = (pi2 / (1 - pi2)) / (pi / (1 - pi))`` (a prior shift: ``beta`` above 1
    when positives are more common there; ``1 / beta`` undoes a correction).

    >>> dal_pozzolo_correction([0.0, 0.5, 1.0], beta=0.25).tolist()
    [0.0, 0.2, 1.0]
    """
    if isinstance(beta, bool) or not isinstance(beta, (int, float, np.integer, np.floating)):
        raise TypeError(f"beta is a positive number (the fraction of majority rows kept, or a ratio of prior "
                        f"odds); got {type(beta).__name__}.")
    if not (0 < beta < np.inf):
        raise ValueError(f"beta must be a positive, finite number (the fraction of majority rows the under-sampler "
                         f"kept, in (0, 1], or a ratio of prior odds); got {beta!r}.")
    scalar = np.ndim(p_s) == 0
    p = _check_probabilities(np.atleast_1d(np.asarray(p_s, dtype=float)), "p_s")
    corrected = beta * p / (beta * p - p + 1)
    return float(corrected[0]) if scalar else corrected
