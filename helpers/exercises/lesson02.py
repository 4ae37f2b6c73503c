"""Checks for lesson 02's exercises (02_metrics_that_matter.ipynb).

``exercises(y, proba)`` returns the three checkers, bound to the lesson's labels and out-of-fold scores:

1. ``f2_threshold``: the threshold on ``THRESHOLDS`` where F2 (``fbeta_score(..., beta=2)``) is highest;
2. ``yeast_ranking``: the plain model for yeast, built by the learner, with its out-of-fold ROC-AUC and
   average precision;
3. ``cheapest_threshold``: the threshold on ``THRESHOLDS`` with the lowest expected cost per case when a miss
   costs 50 false alarms, counted with ``confusion_matrix``.

Expected values are computed here from the data with ``sklearn.metrics`` (and, for yeast, from the learner's
own pipeline, scored out of fold by ``metrics.out_of_fold_scores``); no estimator is built here.

>>> import numpy as np
>>> y = np.array([0, 0, 0, 1, 1])
>>> proba = np.array([0.1, 0.2, 0.6, 0.4, 0.9])
>>> ex1, ex2, ex3 = exercises(y, proba)
>>> ex1.check(0.4)
Correct! Read the discussion below the worked solution: F2's threshold next to F1's and the cost rule's.
>>> ex1.check(0.05, strict=False)
Not yet: F2 is higher at another threshold in `thresholds`: score every threshold, then take the one where F2 is largest (ex1.hint(2) shows the code).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, confusion_matrix, fbeta_score, roc_auc_score

from .._checks import as_binary_target, check_scores
from . import Exercise, NotYet, class_names, expect_classifier_pipeline, expect_mapping, expect_number, is_classifier

#: The thresholds the lesson scans: 0.01, 0.02, ..., 0.99.
THRESHOLDS = np.round(np.arange(0.01, 1.0, 0.01), 2)
#: How far a reported metric may be from the recomputed one (it may be rounded to 3 decimals).
TOLERANCE = 6e-4
SCALERS = {"StandardScaler", "RobustScaler", "MinMaxScaler", "MaxAbsScaler", "ColumnTransformer"}


def _labels(proba: np.ndarray, t: float) -> np.ndarray:
    return (proba >= t).astype(int)


def _fbeta(y: np.ndarray, proba: np.ndarray, t: float, beta: float) -> float:
    return float(fbeta_score(y, _labels(proba, t), beta=beta, zero_division=0))


def _cost(y: np.ndarray, proba: np.ndarray, t: float, cost_miss: float, cost_false_alarm: float) -> float:
    tn, fp, fn, tp = confusion_matrix(y, _labels(proba, t), labels=[0, 1]).ravel()
    return float((cost_miss * fn + cost_false_alarm * fp) / len(y))


def _threshold(answer: Any) -> float:
    """The learner's threshold, or NotYet for a position, a list of scores or another non-threshold."""
    if isinstance(answer, (list, tuple, np.ndarray)) or hasattr(answer, "iloc"):
        if np.size(answer) == len(THRESHOLDS):
            raise NotYet("that looks like one score per threshold; answer the threshold itself, "
                         "thresholds[i] where i is the position of the best score.")
    value = expect_number(answer, "a threshold")
    if not 0 < value < 1:
        raise NotYet("a threshold lies between 0 and 1. If this is a position in `thresholds` "
                     "(from np.argmax or np.argmin), look the threshold up: thresholds[i].")
    return value


def _best(values: np.ndarray, value: float, higher_is_better: bool) -> bool:
    best = values.max() if higher_is_better else values.min()
    return value >= best - 1e-12 if higher_is_better else value <= best + 1e-12


def f2_threshold(y: Any, proba: Any) -> Exercise:
    """Exercise 1: the threshold in ``THRESHOLDS`` where F2 is highest (any threshold as good as the best
    one on that grid is right)."""
    y, proba = as_binary_target(y, "y"), check_scores(proba, len(as_binary_target(y, "y")))

    curves: dict[float, np.ndarray] = {}  # F-beta on the grid, computed once per beta

    def f_curve(beta: float) -> np.ndarray:
        if beta not in curves:
            curves[beta] = np.array([_fbeta(y, proba, t, beta) for t in THRESHOLDS])
        return curves[beta]

    def judge(answer: Any) -> str | None:
        t = _threshold(answer)
        f2 = f_curve(2)
        if _best(f2, _fbeta(y, proba, t, 2), higher_is_better=True):
            return None
        if abs(t - f2.max()) < 1e-3:
            return ("that looks like the best F2 score itself; answer the threshold where it is reached "
                    "(thresholds[i], with i from np.argmax).")
        if _best(f_curve(1), _fbeta(y, proba, t, 1), higher_is_better=True):
            return ("that is where F1 (beta = 1) is highest. F2 weighs recall more: pass beta=2 to fbeta_score.")
        if _best(f_curve(0.5), _fbeta(y, proba, t, 0.5), higher_is_better=True):
            return ("that is where F0.5 is highest, which weighs precision more. A screening programme "
                    "wants recall weighed more: beta=2.")
        return ("F2 is higher at another threshold in `thresholds`: score every threshold, then take the "
                "one where F2 is largest (ex1.hint(2) shows the code).")

    hint = ("F2 is F-beta with beta=2: scikit-learn's fbeta_score computes it from true labels and 0/1 "
            "decisions. Turn the probabilities into decisions at one threshold, score them, and repeat for "
            "every threshold in `thresholds`.",
            "fbeta_score(y, (proba >= t).astype(int), beta=2) is F2 at one threshold t. Compute it for every "
            "t in `thresholds` (a list comprehension), then answer thresholds[np.argmax(f2)].")
    return Exercise("Exercise 1 (the F2-best threshold)", judge, hint,
                    on_correct="Read the discussion below the worked solution: F2's threshold next to F1's "
                               "and the cost rule's.")


@lru_cache(maxsize=1)
def _yeast() -> tuple[Any, np.ndarray]:
    from ..datasets import load

    X, y = load("yeast")
    return X, y.to_numpy()


def yeast_ranking() -> Exercise:
    """Exercise 2: ``{"model": ..., "roc_auc": ..., "average_precision": ...}`` for yeast. The model must be
    a pipeline that scales, then ends in LogisticRegression, without a sampler; the two numbers must be
    what ``roc_auc_score`` and ``average_precision_score`` give on that model's out-of-fold scores."""

    def judge(answer: Any) -> str | None:
        answer = expect_mapping(answer, ["model", "roc_auc", "average_precision"])
        if is_classifier(answer["model"]) and "LogisticRegression" in class_names(answer["model"]):
            return ("logistic regression still needs its features on comparable scales (it penalises every "
                    "coefficient alike): put a scaler in front of it with make_pipeline(...).")
        steps = expect_classifier_pipeline(answer["model"])
        if "LogisticRegression" not in class_names(steps[-1][1]):
            return (f"the pipeline ends in a {type(steps[-1][1]).__name__}; this exercise repeats the lesson "
                    "with its plain model, LogisticRegression(max_iter=1000).")
        if any(hasattr(step, "fit_resample") for _, step in steps):
            return "this lesson scores the plain model: leave resampling out of the pipeline."
        if getattr(steps[-1][1], "class_weight", None) is not None:
            return "this lesson scores the plain model: leave class_weight at its default (None)."
        if not any(class_names(step) & SCALERS for _, step in steps[:-1]):
            return ("LogisticRegression penalises all coefficients alike, so put the features on one scale "
                    "first: a scaling step in front of it in make_pipeline(...).")
        roc = expect_number(answer["roc_auc"], "a ROC-AUC", 0, 1)
        ap = expect_number(answer["average_precision"], "an average precision", 0, 1)
        from ..metrics import out_of_fold_scores  # clones and fits the learner's own pipeline

        X, y = _yeast()
        try:
            scores = out_of_fold_scores(answer["model"], X, y)
        except Exception as err:  # the learner's pipeline cannot be fitted on yeast: say why
            raise NotYet(f"the model could not be fitted on yeast ({type(err).__name__}: {err})") from err
        want_roc, want_ap = roc_auc_score(y, scores), average_precision_score(y, scores)
        if abs(roc - want_roc) <= TOLERANCE and abs(ap - want_ap) <= TOLERANCE:
            return None
        if abs(roc - want_ap) <= TOLERANCE and abs(ap - want_roc) <= TOLERANCE:
            return "the two numbers are swapped: 'roc_auc' holds the average precision and the other way round."
        labels = _labels(scores, 0.5)
        if (abs(roc - roc_auc_score(y, labels)) <= TOLERANCE
                or abs(ap - average_precision_score(y, labels)) <= TOLERANCE):
            return ("roc_auc_score and average_precision_score take scores (the probabilities from "
                    "out_of_fold_scores), not 0/1 labels from predict or a threshold.")
        return ("the numbers do not match this model's out-of-fold scores from the lesson's folds. Score "
                "every row with proba_y = metrics.out_of_fold_scores(model_y, X_y, y_y) (5 stratified folds, "
                "random_state=42: other folds, or the mean of per-fold scores, give slightly different "
                "numbers), then compute both metrics once on all rows (y_y, proba_y).")

    hint = ("Look at yeast's columns first (X_y.dtypes, X_y.isna().sum()): which of the steps of thyroid's "
            "ColumnTransformer does yeast need? Then score it out of fold, as the lesson did for thyroid.",
            "make_pipeline(<a scaler>, <the plain classifier>); proba_y = metrics.out_of_fold_scores(model_y, "
            "X_y, y_y); then roc_auc_score(y_y, proba_y) and average_precision_score(y_y, proba_y).")
    return Exercise("Exercise 2 (yeast's ROC-AUC and average precision)", judge, hint,
                    on_correct="Compare your numbers with thyroid's, and with your prediction.")


def cheapest_threshold(y: Any, proba: Any, cost_miss: float = 50, cost_false_alarm: float = 1) -> Exercise:
    """Exercise 3: the threshold in ``THRESHOLDS`` with the lowest expected cost per case,
    (cost_miss * FN + cost_false_alarm * FP) / n (any threshold as cheap as the cheapest on the grid is right)."""
    y, proba = as_binary_target(y, "y"), check_scores(proba, len(as_binary_target(y, "y")))

    curves: dict[tuple[float, float], np.ndarray] = {}  # cost on the grid, computed once per pair of prices

    def costs(c_miss: float, c_fa: float) -> np.ndarray:
        if (c_miss, c_fa) not in curves:
            curves[c_miss, c_fa] = np.array([_cost(y, proba, t, c_miss, c_fa) for t in THRESHOLDS])
        return curves[c_miss, c_fa]

    def judge(answer: Any) -> str | None:
        t = _threshold(answer)
        if _best(costs(cost_miss, cost_false_alarm), _cost(y, proba, t, cost_miss, cost_false_alarm), False):
            return None
        if _best(costs(cost_false_alarm, cost_miss), _cost(y, proba, t, cost_false_alarm, cost_miss), False):
            return (f"that is cheapest when a false alarm costs {cost_miss:g} and a miss {cost_false_alarm:g}. "
                    "A miss is a false negative (fn), a false alarm a false positive (fp).")
        if _best(costs(10, 1), _cost(y, proba, t, 10, 1), False):
            return (f"that is the cheapest threshold when a miss costs 10, as in the lesson; here a miss costs "
                    f"{cost_miss:g}. Recompute the cost at every threshold with the new price.")
        if abs(t - cost_false_alarm / (cost_false_alarm + cost_miss)) < 0.006:
            return ("that is what the rule c_fa / (c_fa + c_miss) predicts for perfectly calibrated "
                    "probabilities. The question is which threshold is cheapest on these scores: count the "
                    "mistakes at every threshold.")
        return ("another threshold in `thresholds` is cheaper: price the mistakes at every threshold and take "
                "the cheapest (ex3.hint(2) shows the code).")

    hint = ("At one threshold, count the misses and the false alarms (confusion_matrix), price them, and "
            "divide by the number of patients; do that at every threshold in `thresholds`.",
            f"tn, fp, fn, tp = confusion_matrix(y, (proba >= t).astype(int)).ravel() counts the outcomes at "
            f"one threshold t; the cost per patient is ({cost_miss:g} * fn + {cost_false_alarm:g} * fp) / len(y). "
            "Compute it for every t in `thresholds`, then answer thresholds[np.argmin(costs)].")
    return Exercise(f"Exercise 3 (the cheapest threshold when a miss costs {cost_miss:g})", judge, hint,
                    on_correct="Compare it with the rule c_fa / (c_fa + c_miss) and with your prediction.")


def exercises(y: Any, proba: Any) -> tuple[Exercise, Exercise, Exercise]:
    """The three checkers of lesson 02, bound to the lesson's labels ``y`` and out-of-fold scores ``proba``."""
    return f2_threshold(y, proba), yeast_ranking(), cheapest_threshold(y, proba)
