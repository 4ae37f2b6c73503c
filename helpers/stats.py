"""The statistics of a comparison: intervals, paired differences, verdicts that say what they rule out.

Everything here works on numbers the libraries already computed (fold scores from
``sklearn.model_selection.cross_validate``, test-set scores from ``sklearn.metrics``); it fits nothing.

- ``corrected_interval``: mean and 95% interval of cross-validated scores, with the Nadeau & Bengio
  (2003) correction: fold scores share training rows, so the naive interval is too narrow.
- ``corrected_difference``: the same for a paired difference (candidate minus baseline on the same
  folds), with its p-value (the corrected resampled t-test).
- ``holm``: Holm's step-down adjustment, for a table of many verdicts.
- ``wilson``: the Wilson interval of a rate counted once (k successes in n), e.g. recall on one test set.
- ``paired_bootstrap``: two models (or a model and a fixed rule) scored on the same bootstrap resamples
  of one test set; the interval of their difference is the verdict.
- ``reading``: the plain-words reading of an interval ("rules out a gain larger than 0.03").

>>> from helpers import stats
>>> low, high = stats.wilson(28, 28)
>>> round(low, 3), high
(0.879, 1.0)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as _st

#: Fewest fold scores a verdict is drawn from: 5-fold CV repeated twice (fewer only with a printed reason).
MIN_FOLDS_FOR_VERDICT = 10
#: Fewest bootstrap resamples behind a test-set verdict.
MIN_BOOTSTRAP = 2000
ALPHA = 0.05


def _finite(values: Any) -> np.ndarray:
    arr = np.asarray(values, dtype=float).ravel()
    return arr[~np.isnan(arr)]


def corrected_interval(values: Any, test_train_ratio: float, bounds: tuple[float, float] = (-np.inf, np.inf),
                       min_folds: int = 5) -> tuple[float, float, float]:
    """Mean and 95% interval of cross-validated scores, Nadeau-Bengio corrected; NaN scores are left out.

    ``test_train_ratio`` is n_test / n_train of one fold (0.25 for 5-fold CV). With fewer than
    ``min_folds`` defined scores the interval is NaN: a t-interval from 2-4 bounded scores is either
    absurdly wide or, when they happen to agree, absurdly narrow. The interval is clipped to ``bounds``.

    >>> mean, low, high = corrected_interval([0.80, 0.82, 0.78, 0.81, 0.79], 0.25)
    >>> round(mean, 3), round(low, 3), round(high, 3)
    (0.8, 0.771, 0.829)
    """
    v = _finite(values)
    if not len(v):
        return np.nan, np.nan, np.nan
    mean = float(v.mean())
    if len(v) < max(2, min_folds):
        return mean, np.nan, np.nan
    se = np.sqrt((1 / len(v) + test_train_ratio) * v.var(ddof=1))
    half = float(_st.t.ppf(0.975, len(v) - 1) * se)
    return mean, max(mean - half, bounds[0]), min(mean + half, bounds[1])


#: A spread of paired differences this small is floating-point round-off, not variation: scores that
#: are identical on every fold can differ by 1e-17 after summing (seen in the evidence grid: ROC-AUC of
#: logistic regression with and without class weights on kddcup). Such a difference gets no p-value.
NO_SPREAD = 1e-12


def corrected_difference(diff: Any, test_train_ratio: float) -> dict[str, float]:
    """Mean paired difference, its corrected 95% interval and p-value (Nadeau & Bengio's corrected t-test).

    ``diff`` holds candidate minus baseline, fold by fold, on the same folds. Folds where either score
    was undefined (NaN) are left out; ``n_folds`` counts the rest.

    >>> r = corrected_difference([0.02, 0.03, 0.01, 0.02, 0.04, 0.02, 0.03, 0.01, 0.02, 0.03], 0.25)
    >>> r["ci_low"] > 0, r["p_value"] < 0.05, r["n_folds"]
    (True, True, 10)
    """
    d = _finite(diff)
    n = len(d)
    out = {"difference": float(d.mean()) if n else np.nan, "ci_low": np.nan, "ci_high": np.nan,
           "p_value": np.nan, "n_folds": n}
    if n < 2:
        return out
    var = d.var(ddof=1)
    se = float(np.sqrt((1 / n + test_train_ratio) * var))
    tcrit = float(_st.t.ppf(0.975, n - 1))
    out["ci_low"], out["ci_high"] = out["difference"] - tcrit * se, out["difference"] + tcrit * se
    if se <= NO_SPREAD:  # the same difference on every fold: no spread to judge it by, so no p-value
        if abs(out["difference"]) <= NO_SPREAD:  # identical scores, up to floating-point round-off
            out["difference"] = 0.0
        out["ci_low"] = out["ci_high"] = out["difference"]
        return out
    out["p_value"] = float(2 * _st.t.sf(abs(out["difference"]) / se, n - 1))
    return out


def holm(p_values: Sequence[float]) -> np.ndarray:
    """Holm's step-down adjusted p-values (NaN stays NaN): compare each to 0.05 for a family-wise verdict.

    >>> holm([0.01, 0.04, 0.03]).round(2).tolist()
    [0.03, 0.06, 0.06]
    """
    p = np.asarray(p_values, dtype=float)
    out = np.full_like(p, np.nan)
    ok = np.flatnonzero(~np.isnan(p))
    if not len(ok):
        return out
    order = ok[np.argsort(p[ok], kind="stable")]
    m = len(order)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        out[i] = running
    return out


def wilson(k: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of a rate k/n counted once (never [1, 1] from 28 out of 28).

    >>> [round(b, 3) for b in wilson(0, 20)]
    [0.0, 0.161]
    """
    if n <= 0:
        return np.nan, np.nan
    if not 0 <= k <= n:
        raise ValueError(f"wilson needs 0 <= k <= n; got k={k}, n={n}.")
    z = float(_st.norm.ppf(0.5 + confidence / 2))
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    low = 0.0 if k == 0 else float(max(0.0, centre - half))
    high = 1.0 if k == n else float(min(1.0, centre + half))
    return low, high


def verdict(low: float, high: float, *, lower_is_better: bool = False, p_adjusted: float | None = None) -> str:
    """"better", "worse" or "no detectable difference" for a difference's 95% interval (candidate - baseline).

    With ``p_adjusted`` (Holm), the verdict is Holm's: better or worse only when the adjusted p-value is
    below 0.05 (which implies the unadjusted interval excludes 0; the interval gives the direction).

    >>> verdict(0.01, 0.05), verdict(-0.02, 0.03), verdict(0.01, 0.05, lower_is_better=True)
    ('better', 'no detectable difference', 'worse')
    """
    if np.isnan(low) or np.isnan(high):
        return "not judged"
    if p_adjusted is not None and not (p_adjusted < ALPHA):
        return "no detectable difference"
    if low > 0:
        return "worse" if lower_is_better else "better"
    if high < 0:
        return "better" if lower_is_better else "worse"
    return "no detectable difference"


def reading(low: float, high: float, *, lower_is_better: bool = False, digits: int = 3) -> str:
    """What an interval of a difference rules out, in words a reader can check against the numbers.

    >>> reading(-0.021, 0.034)
    'rules out a gain larger than 0.034 and a loss larger than 0.021'
    >>> reading(0.01, 0.05)
    'a gain of 0.010 to 0.050'
    >>> reading(0.0, 0.0)
    'rules out a gain larger than 0.000 and a loss larger than 0.000'
    """
    if np.isnan(low) or np.isnan(high):
        return "too few folds for an interval"
    gain_low, gain_high = (-high, -low) if lower_is_better else (low, high)

    def f_(x: float) -> str:  # round first, so -0.0 and -1e-17 read 0.000, never -0.000
        return f"{round(x, digits) + 0.0:.{digits}f}"

    if gain_low > 0:
        return f"a gain of {f_(gain_low)} to {f_(gain_high)}"
    if gain_high < 0:
        return f"a loss of {f_(-gain_high)} to {f_(-gain_low)}"
    return f"rules out a gain larger than {f_(gain_high)} and a loss larger than {f_(-gain_low)}"


def paired_bootstrap(y_true: Any, predictions: dict[str, Any], statistic: Callable[[np.ndarray, np.ndarray], float],
                     *, baseline: str, n_boot: int = MIN_BOOTSTRAP, random_state: int = 42,
                     lower_is_better: bool = False) -> pd.DataFrame:
    """Score several predictions on the same bootstrap resamples of one test set; pair each with a baseline.

    predictions: name -> per-row scores or decisions (a constant rule, such as "approve everything", is an
        array of zeros). statistic: ``f(y, pred) -> float`` (e.g. ``average_precision_score`` or a cost per
        case). Every resample draws the same rows for every prediction, so the difference is paired.
    Returns one row per prediction: its estimate and 95% percentile interval, and (for all but the
    baseline) its difference from the baseline with the interval of that difference and a verdict
    (higher statistic = better, unless ``lower_is_better``, as for a cost per case). Resamples that lose
    one class entirely are redrawn.

    >>> y = np.array([0, 0, 0, 1] * 25)
    >>> good, none = y * 0.8 + 0.1, np.zeros(100)
    >>> acc = lambda t, p: float(np.mean((p >= 0.5) == t))
    >>> paired_bootstrap(y, {"model": good, "no": none}, acc, baseline="no", n_boot=2000).loc["model", "verdict"]
    'better'
    """
    y = np.asarray(y_true)
    if baseline not in predictions:
        raise ValueError(f"baseline {baseline!r} is not one of the predictions {list(predictions)}.")
    if not isinstance(n_boot, (int, np.integer)) or n_boot < MIN_BOOTSTRAP:
        raise ValueError(f"n_boot must be a whole number of at least {MIN_BOOTSTRAP} for a verdict; got {n_boot!r}.")
    preds = {name: np.asarray(p) for name, p in predictions.items()}
    for name, p in preds.items():
        if p.shape[0] != len(y):
            raise ValueError(f"prediction {name!r} has {p.shape[0]} rows but y_true has {len(y)}.")
    rng = np.random.default_rng(random_state)
    draws = {name: np.empty(n_boot) for name in preds}
    done = 0
    while done < n_boot:
        idx = rng.integers(0, len(y), len(y))
        if y[idx].min() == y[idx].max():
            continue
        for name, p in preds.items():
            draws[name][done] = statistic(y[idx], p[idx])
        done += 1
    rows = []
    for name, p in preds.items():
        row = {"estimate": statistic(y, p), "ci_low": np.percentile(draws[name], 2.5),
               "ci_high": np.percentile(draws[name], 97.5)}
        if name != baseline:
            diff = draws[name] - draws[baseline]
            low, high = np.percentile(diff, [2.5, 97.5])
            row.update({"difference": row["estimate"] - statistic(y, preds[baseline]), "diff_low": low,
                        "diff_high": high, "verdict": verdict(low, high, lower_is_better=lower_is_better)})
        rows.append(pd.Series(row, name=name))
    return pd.DataFrame(rows)
