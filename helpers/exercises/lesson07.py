"""Checks for lesson 07's exercises (07_pipelines_and_leakage.ipynb).

1. ``bug_hunt(X, y, folds)``: the leaky snippet rewritten as one imbalanced-learn pipeline (scaler, SMOTE,
   SelectKBest, LogisticRegression, in that order) and its mean cross-validated average precision on
   ``folds``. The expected number comes from cross-validating a clone of the learner's own pipeline; the
   leaky number (to recognise it) from clones of the learner's own steps, run the leaky way.
2. ``first_rung(y)``: the smallest first rung of a successive-halving search that leaves each training
   fold, on average, 3 x (k_neighbors + 1) minority rows (k_neighbors 5, 5 folds), and the number of rungs
   (factor 3) that fit into the data. Plain arithmetic.

>>> import numpy as np
>>> ex = first_rung(np.r_[np.zeros(1449, int), np.ones(35, int)])
>>> ex.check({"first_rung": 954, "n_rungs": 1})
Correct! The first rung alone takes most of the rows: halving has nothing to save here.
>>> ex.check({"first_rung": 764, "n_rungs": 1}, strict=False)
Not yet: a training fold holds only (n_splits - 1) / n_splits of the rung's rows: the rung must be larger than that.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import cross_validate

from .._checks import as_binary_target
from . import Exercise, NotYet, class_names, expect_classifier_pipeline, expect_mapping, expect_number

TOLERANCE = 6e-4
SCALERS = {"StandardScaler", "RobustScaler", "MinMaxScaler", "MaxAbsScaler"}


def _step_kinds(steps: list[tuple[str, Any]]) -> list[str]:
    kinds = []
    for _, step in steps:
        names = class_names(step)
        kinds.append("scaler" if names & SCALERS else "sampler" if hasattr(step, "fit_resample")
                     else "selector" if "SelectKBest" in names else "classifier" if "LogisticRegression" in names
                     else type(step).__name__)
    return kinds


def bug_hunt(X: Any, y: Any, folds: Any) -> Exercise:
    """Exercise 1: ``{"model": the fixed pipeline, "average_precision": its mean CV score on folds,
    "n_leaky_steps": 3}`` (the scaler, SMOTE and SelectKBest each learnt from rows they later scored)."""
    y = as_binary_target(y, "y")
    cache: dict[str, float] = {}

    def honest(model: Any) -> float:
        try:
            return float(cross_validate(clone(model), X, y, cv=folds, scoring="average_precision")["test_score"].mean())
        except Exception as err:  # the learner's pipeline cannot be cross-validated: say why
            raise NotYet(f"the pipeline could not be cross-validated on yeast ({type(err).__name__}: {err})") from err

    def leaky(steps: list[tuple[str, Any]]) -> float:
        if "leaky" not in cache:  # the colleague's recipe, with clones of the learner's own steps
            scaler, sampler, selector, model = (clone(step) for _, step in steps)
            X_bal, y_bal = sampler.fit_resample(scaler.fit_transform(X), y)
            X_top = selector.fit_transform(X_bal, y_bal)
            cache["leaky"] = float(cross_validate(model, X_top, y_bal, cv=folds,
                                                  scoring="average_precision")["test_score"].mean())
        return cache["leaky"]

    def judge(answer: Any) -> str | None:
        answer = expect_mapping(answer, ["model", "average_precision", "n_leaky_steps"])
        steps = expect_classifier_pipeline(answer["model"], "answer['model']")
        if not any(hasattr(step, "fit_resample") for _, step in steps):
            return ("the pipeline has no sampler: SMOTE belongs inside it (imbalanced-learn's make_pipeline), "
                    "so that it resamples each training fold only.")
        kinds = _step_kinds(steps)
        if "selector" not in kinds:
            return ("SelectKBest is missing: it learns which columns to keep from the labels, so it must be a "
                    "step of the pipeline too, refitted on each training fold.")
        if kinds != ["scaler", "sampler", "selector", "classifier"]:
            return ("keep the colleague's four steps in their order: a scaler, SMOTE(random_state=42), "
                    f"SelectKBest(f_classif, k=5), LogisticRegression(max_iter=1000); this pipeline has {kinds}.")
        if "SMOTE" not in class_names(steps[1][1]) or getattr(steps[1][1], "random_state", None) != 42:
            return "the sampler should be the colleague's SMOTE(random_state=42)."
        if getattr(steps[2][1], "k", None) != 5 or getattr(getattr(steps[2][1], "score_func", None),
                                                                 "__name__", "") != "f_classif":
            return "the selector should be the colleague's SelectKBest(f_classif, k=5)."
        value = expect_number(answer["average_precision"], "a mean average precision", 0, 1)
        want = honest(answer["model"])
        if abs(value - want) <= TOLERANCE:
            count = expect_number(answer["n_leaky_steps"], "a number of steps", 0, 4)
            if count == 3:
                return None
            if count < 3:
                return ("the pipeline and its number are right; now count again: every step that learns something "
                        "from the rows it is fitted on (means, synthetic neighbours, chosen columns) leaked, if "
                        "it was fitted before the split.")
            return "the classifier itself was fitted inside cross-validation: it saw only training folds."
        if abs(value - want) < 0.01:
            return "close: give the mean with at least 3 decimals, as cross_validate returns it (no rounding)."
        if abs(value - leaky(steps)) <= TOLERANCE:
            return ("that is the colleague's leaky number. Cross-validate your pipeline itself on X_y, y_y "
                    "(the original rows) with folds5, and average its test scores.")
        return ("the number does not match this pipeline cross-validated on X_y, y_y with folds5 "
                "(scoring='average_precision'): take the mean of cross_validate(...)['test_score'].")

    hint = ("Three of the four steps learn something from the rows they see. In cross-validation, which rows "
            "should each of them see? Put every one of them where it only ever sees a training fold.",
            "fixed = make_pipeline(<the scaler>, <the sampler>, <the selector>, <the classifier>) with "
            "imbalanced-learn's make_pipeline; then cross_validate(fixed, X_y, y_y, cv=folds5, "
            "scoring='average_precision')['test_score'].mean().")
    return Exercise("Exercise 1 (find the leaks)", judge, hint,
                    on_correct="Compare it with the colleague's number: how much did the leaks add?")


def first_rung(y: Any, k_neighbors: int = 5, n_splits: int = 5, margin: int = 3, factor: int = 3) -> Exercise:
    """Exercise 2: ``{"first_rung": rows, "n_rungs": count}`` for a successive-halving search over SMOTE."""
    y = as_binary_target(y, "y")
    n, share = len(y), float(np.mean(y))

    def rung(need: float, per_row: float) -> int:
        return math.ceil(need / per_row)

    first = rung(margin * (k_neighbors + 1), share * (n_splits - 1) / n_splits)
    rungs = 1 + math.floor(math.log(n / first, factor)) if first <= n else 0

    def judge(answer: Any) -> str | None:
        answer = expect_mapping(answer, ["first_rung", "n_rungs"])
        got = expect_number(answer["first_rung"], "a number of rows", 1, None)
        count = expect_number(answer["n_rungs"], "a number of rungs", 0, None)
        if abs(got - first) > 1:  # one row either way: rounding up or to the nearest
            if abs(got - rung(margin * (k_neighbors + 1), share)) <= 1:
                return ("a training fold holds only (n_splits - 1) / n_splits of the rung's rows: the rung must "
                        "be larger than that.")
            if abs(got - rung(margin * k_neighbors, share * (n_splits - 1) / n_splits)) <= 1:
                return "SMOTE needs k_neighbors + 1 minority rows (the row itself and its k neighbours), not k."
            if abs(got - rung(k_neighbors + 1, share * (n_splits - 1) / n_splits)) <= 1:
                return "the rule asks for three times what SMOTE needs, as a margin: multiply by 3."
            return ("work it out in two steps: the minority rows each training fold should hold, then how many "
                    "rung rows give that many, given the share of positives and the part of the rung a training "
                    "fold gets.")
        if count != rungs:
            return (f"count the rungs: the first, then 3 times it, 9 times it, ... for as long as a rung fits "
                    f"into all {n} rows (the first rung counts).")
        return None

    hint = ("How many minority rows should each training fold hold? A training fold of 5-fold CV is 4/5 of "
            "the rung, and a share y_y.mean() of those rows are positives.",
            "first_rung = ceil(3 * (k + 1) / (y_y.mean() * 4 / 5)); then rungs grow x3 from there while they "
            "fit into len(y_y) rows.")
    closing = ("The first rung alone takes most of the rows: halving has nothing to save here."
               if rungs <= 1 else "Halving has room for several rungs here.")
    return Exercise("Exercise 2 (the first rung)", judge, hint, on_correct=closing)
