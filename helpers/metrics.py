"""What the metrics see: out-of-fold scores, counts at every threshold, expected costs, and the same
scores as the minority share shrinks (lessons 01 and 02).

>>> from helpers import metrics
>>> table = metrics.threshold_table([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9], thresholds=[0.5])
>>> table[["tp", "fp", "fn", "tn"]].iloc[0].tolist()
[1, 1, 1, 1]

scikit-learn computes every metric; these functions only arrange the computations the lessons repeat
(and that their claims tests check), so a notebook cell stays a few lines long.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from threadpoolctl import threadpool_limits

from ._checks import as_binary_target, check_scores, check_X_y

RANDOM_STATE = 42


def out_of_fold_scores(estimator: Any, X: Any, y: Any, *, n_splits: int = 5,
                       random_state: int = RANDOM_STATE, n_jobs: int | None = None) -> np.ndarray:
    """A positive-class score for every row, each from a model that never saw that row in training.

    This is ``cross_val_predict(estimator, X, y, cv=StratifiedKFold(n_splits, shuffle=True,
    random_state=42), method="predict_proba")[:, 1]``, run with one BLAS/OpenMP thread (on small data that
    is several times faster on a busy 2-core machine, and repeatable); ``n_jobs=2`` fits two folds at a time
    (the same scores).

    >>> from sklearn.linear_model import LogisticRegression
    >>> from helpers import datasets
    >>> X, y = datasets.load("yeast")
    >>> out_of_fold_scores(LogisticRegression(max_iter=1000), X, y).shape
    (1484,)
    """
    X, y_arr = check_X_y(X, y)
    if not hasattr(estimator, "predict_proba"):
        raise TypeError(f"{type(estimator).__name__} has no predict_proba; pass a classifier that gives "
                        "probabilities (e.g. LogisticRegression) or a pipeline ending in one.")
    if not isinstance(n_splits, (int, np.integer)) or n_splits < 2:
        raise ValueError(f"n_splits must be a whole number of at least 2; got {n_splits!r}.")
    n_minority = int(np.bincount(y_arr, minlength=2).min())
    if n_minority < n_splits:
        raise ValueError(f"{n_splits} folds but only {n_minority} minority rows: some folds would have none. "
                         f"Use n_splits={max(2, n_minority)} or fewer.")
    cv = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    with threadpool_limits(limits=1):
        proba = cross_val_predict(clone(estimator), X, y_arr, cv=cv, method="predict_proba", n_jobs=n_jobs)
    return proba[:, 1]


def _default_thresholds() -> np.ndarray:
    return np.round(np.arange(0.01, 1.0, 0.01), 2)


def threshold_table(y_true: Any, y_score: Any, thresholds: Iterable[float] | None = None) -> pd.DataFrame:
    """Confusion-matrix counts, precision, recall and F1 when "positive" means ``y_score >= threshold``.

    One row per threshold (default 0.01, 0.02, ..., 0.99). Precision is NaN (undefined) where nothing is
    predicted positive, as ``precision_score(..., zero_division=np.nan)``: 0 would say every "yes" was
    wrong when there was none.

    >>> threshold_table([0, 1, 1], [0.2, 0.3, 0.8], thresholds=[0.25, 0.5])["recall"].tolist()
    [1.0, 0.5]
    """
    y = as_binary_target(y_true, "y_true")
    s = check_scores(y_score, len(y))
    t = _default_thresholds() if thresholds is None else np.asarray(list(thresholds), dtype=float)
    if t.ndim != 1 or t.size == 0 or np.isnan(t).any():
        raise ValueError("thresholds must be a non-empty list of numbers, e.g. [0.1, 0.5, 0.9].")
    predicted = s[None, :] >= t[:, None]  # one row per threshold
    tp = (predicted & (y == 1)).sum(axis=1)
    fp = (predicted & (y == 0)).sum(axis=1)
    fn = int((y == 1).sum()) - tp
    tn = int((y == 0).sum()) - fp
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(tp + fp > 0, tp / (tp + fp), np.nan)
        recall = tp / (tp + fn)
        f1 = np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), 0.0)
    return pd.DataFrame({"threshold": t, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
                         "precision": precision, "recall": recall, "f1": f1})


def expected_cost(table: pd.DataFrame, cost_miss: float, cost_false_alarm: float) -> pd.Series:
    """Average cost per case at each threshold: (cost_miss x missed positives + cost_false_alarm x
    false alarms) / number of cases. Correct decisions cost nothing.

    >>> t = threshold_table([0, 1, 1], [0.2, 0.3, 0.8], thresholds=[0.25, 0.5])
    >>> expected_cost(t, cost_miss=10, cost_false_alarm=1).tolist()
    [0.0, 3.3333333333333335]
    """
    if not isinstance(table, pd.DataFrame) or not {"tp", "fp", "fn", "tn"} <= set(table.columns):
        raise TypeError("expected_cost expects the DataFrame returned by threshold_table().")
    for name, value in (("cost_miss", cost_miss), ("cost_false_alarm", cost_false_alarm)):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or value < 0:
            raise ValueError(f"{name} must be a number >= 0 (the cost of one such mistake); got {value!r}.")
    n = table[["tp", "fp", "fn", "tn"]].sum(axis=1)
    cost = (cost_miss * table["fn"] + cost_false_alarm * table["fp"]) / n
    return cost.rename("expected_cost")


def cheapest_threshold(table: pd.DataFrame, cost_miss: float, cost_false_alarm: float) -> float:
    """The threshold in ``table`` with the lowest expected cost (the lowest such threshold on ties).

    >>> t = threshold_table([0, 1, 1], [0.2, 0.3, 0.8], thresholds=[0.25, 0.5])
    >>> cheapest_threshold(t, cost_miss=10, cost_false_alarm=1)
    0.25
    """
    cost = expected_cost(table, cost_miss, cost_false_alarm).to_numpy()
    return float(table["threshold"].to_numpy()[int(np.argmin(cost))])


def keep_minority_share(y: Any, share: float, *, random_state: int = RANDOM_STATE) -> np.ndarray:
    """Row indices that keep every majority row and a random subset of minority rows, so that the
    minority makes up ``share`` of the kept rows (as near as whole rows allow). Sorted.

    Use it to ask how a metric behaves when positives are rarer, without touching the model.

    >>> idx = keep_minority_share([0] * 95 + [1] * 5, 0.02)
    >>> len(idx), int(sum(i >= 95 for i in idx))
    (97, 2)
    """
    y = as_binary_target(y)
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    own = len(pos) / len(y)
    if isinstance(share, bool) or not isinstance(share, (int, float, np.integer, np.floating)):
        raise TypeError(f"share is a fraction such as 0.01; got {type(share).__name__}.")
    if not 0 < share <= own + 1e-12:
        raise ValueError(f"share {share!r} is not in (0, {own:.4f}]: this only removes minority rows, so the "
                         f"share must be at most the data's own minority share ({own:.4f}).")
    k = min(len(pos), int(round(share * len(neg) / (1 - share))))
    if k < 2:
        raise ValueError(f"share {share!r} keeps {k} minority rows; ROC-AUC and average precision need at "
                         "least 2. Use a larger share.")
    rng = np.random.default_rng(random_state)
    return np.sort(np.r_[neg, rng.choice(pos, k, replace=False)])


def prevalence_sweep(y_true: Any, y_score: Any, shares: Iterable[float], *, n_seeds: int = 10,
                     random_state: int = RANDOM_STATE) -> pd.DataFrame:
    """ROC-AUC and average precision of the *same* scores as the minority gets rarer.

    For each share, keeps every majority row and a random subset of minority rows
    (``keep_minority_share`` with seeds ``random_state``, ``random_state + 1``, ... : ``n_seeds``
    subsets), so the model and its scores stay fixed and only the base rate changes. Returns one row
    per share: the share and number of minority rows kept, the mean and standard deviation across
    seeds of ROC-AUC and average precision, and the no-skill average precision (the prevalence).

    >>> import numpy as np
    >>> y = np.r_[np.zeros(950), np.ones(50)].astype(int)
    >>> score = y * 0.3 + np.linspace(0, 1, 1000)
    >>> prevalence_sweep(y, score, [0.05, 0.01], n_seeds=3)["minority_rows"].tolist()
    [50, 10]
    """
    y = as_binary_target(y_true, "y_true")
    s = check_scores(y_score, len(y))
    if isinstance(n_seeds, bool) or not isinstance(n_seeds, (int, np.integer)) or n_seeds < 2:
        raise ValueError(f"n_seeds must be a whole number of at least 2 (to show a spread); got {n_seeds!r}.")
    shares = list(shares)
    if not shares:
        raise ValueError("shares is empty; pass minority shares such as [0.05, 0.01, 0.005].")
    rows = []
    for share in shares:
        subsets = [keep_minority_share(y, share, random_state=random_state + seed) for seed in range(n_seeds)]
        aucs = [roc_auc_score(y[keep], s[keep]) for keep in subsets]
        aps = [average_precision_score(y[keep], s[keep]) for keep in subsets]
        n_min, n = int(y[subsets[0]].sum()), len(subsets[0])
        rows.append({"minority_share": n_min / n, "minority_rows": n_min,
                     "roc_auc": float(np.mean(aucs)), "roc_auc_sd": float(np.std(aucs, ddof=1)),
                     "average_precision": float(np.mean(aps)), "average_precision_sd": float(np.std(aps, ddof=1)),
                     "no_skill_ap": n_min / n})
    return pd.DataFrame(rows)
