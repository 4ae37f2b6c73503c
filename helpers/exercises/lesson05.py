"""Checks for lesson 05's exercises (05_combined_sampling.ipynb).

``clean_majority_only(X, y)`` returns the checker of Exercise 1, bound to the lesson's 2-D data: the learner
builds a SMOTEENN whose cleaning step removes majority rows (class 0) only, and reports
``{"sampler": ..., "majority": ..., "minority": ...}``, the rows of each class its ``fit_resample`` returns.

The checker inspects the learner's sampler (its type and parameters), runs ``fit_resample`` on a copy of
that same object (``sklearn.base.clone``), and counts the labels with numpy; it builds no sampler itself.

>>> import numpy as np
>>> ex1 = clean_majority_only(np.zeros((6, 2)), np.array([0, 0, 0, 0, 1, 1]))
>>> ex1.check({"sampler": "SMOTEENN", "majority": 3, "minority": 4}, strict=False)
Not yet: answer['sampler'] should be an imbalanced-learn sampler (an object with fit_resample), not a str.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._checks import as_binary_target
from . import Exercise, NotYet, class_names, expect_mapping, expect_number

KEYS = ["sampler", "majority", "minority"]
RANDOM_STATE = 42
SMOTE_DEFAULTS = {"sampling_strategy": "auto", "k_neighbors": 5}


def _count(answer: Any, what: str) -> int:
    value = expect_number(answer, what, 0)
    if value != round(value):
        raise NotYet(f"{what} is a number of rows, a whole number; this one is {value:g}.")
    return int(round(value))


def _check_construction(sampler: Any) -> Any:
    """The sampler's cleaning step (an EditedNearestNeighbours), or NotYet saying what to change."""
    names = class_names(sampler)
    if "Pipeline" in names:
        raise NotYet("answer['sampler'] is a pipeline; answer the sampler itself, the SMOTEENN(...) object.")
    if not hasattr(sampler, "fit_resample") or isinstance(sampler, type):
        what = "the class itself; create an object with SMOTEENN(...)" if isinstance(sampler, type) else \
            f"not a {type(sampler).__name__}"
        raise NotYet(f"answer['sampler'] should be an imbalanced-learn sampler (an object with fit_resample), {what}.")
    if "SMOTEENN" not in names:
        if "SMOTETomek" in names:
            raise NotYet("SMOTETomek cleans with Tomek links; this exercise changes the cleaning step of SMOTEENN.")
        if "EditedNearestNeighbours" in names:
            raise NotYet("an EditedNearestNeighbours on its own cleans the original data, with no SMOTE first. "
                         "Give it to SMOTEENN as its cleaning step.")
        if "SMOTE" in names:
            raise NotYet("SMOTE alone cleans nothing; the exercise is SMOTE, then a cleaning step: SMOTEENN.")
        raise NotYet(f"answer['sampler'] is a {type(sampler).__name__}; build a SMOTEENN.")
    smote, enn = getattr(sampler, "smote", None), getattr(sampler, "enn", None)
    seed = smote.random_state if smote is not None else sampler.random_state
    if seed != RANDOM_STATE:
        raise NotYet(f"give the SMOTE step random_state={RANDOM_STATE} (SMOTEENN(..., random_state={RANDOM_STATE})), "
                     "as the default SMOTEENN above, so that both run the same SMOTE step and every run makes "
                     "the same points.")
    if sampler.sampling_strategy != "auto":
        raise NotYet("SMOTEENN's own sampling_strategy goes to its SMOTE step (how many minority rows to make), "
                     "not to the cleaning: leave it at 'auto'. Which classes the cleaning step may clean is set on "
                     "the EditedNearestNeighbours you give SMOTEENN as enn=.")
    if smote is not None:
        params = smote.get_params() if hasattr(smote, "get_params") else {}
        if type(smote).__name__ != "SMOTE" or any(params.get(k) != v for k, v in SMOTE_DEFAULTS.items()):
            raise NotYet("keep the SMOTE step at its defaults (no smote= argument is needed); only the cleaning "
                         "step changes.")
    if enn is None:
        raise NotYet("with enn=None, SMOTEENN builds its own cleaning step, which cleans every class. Give it an "
                     "EditedNearestNeighbours of your own with enn=..., and tell that one which classes to clean.")
    if "EditedNearestNeighbours" not in class_names(enn):
        raise NotYet(f"enn= is a {type(enn).__name__}; SMOTEENN's cleaning step is an EditedNearestNeighbours.")
    if enn.n_neighbors != 3 or enn.kind_sel != "all":
        raise NotYet("keep the cleaning step's other settings at their defaults (n_neighbors=3, kind_sel='all'), "
                     "so that the counts compare with the default SMOTEENN's; change only sampling_strategy.")
    return enn


def clean_majority_only(X: Any, y: Any) -> Exercise:
    """Exercise 1: a SMOTEENN whose ENN cleans class 0 only, and the class counts its ``fit_resample``
    returns on the lesson's ``X, y``."""
    y = as_binary_target(y, "y")
    n_majority, n_minority = int((y == 0).sum()), int(y.sum())

    def judge(answer: Any) -> str | None:
        answer = expect_mapping(answer, KEYS)
        enn = _check_construction(answer["sampler"])
        majority = _count(answer["majority"], "answer['majority']")
        minority = _count(answer["minority"], "answer['minority']")
        from sklearn.base import clone  # a fresh copy of the learner's own sampler, not a new one

        try:
            _, y_res = clone(answer["sampler"]).fit_resample(X, y)
        except Exception as err:  # the learner's sampler cannot resample this data: say why
            raise NotYet(f"the sampler could not resample X2, y2 ({type(err).__name__}: {err})") from err
        got_majority, got_minority = np.bincount(np.asarray(y_res).astype(int), minlength=2)[:2]
        # SMOTE ("auto") brings the minority up to the majority's count; the cleaning step then removes rows
        cleaned_minority, cleaned_majority = got_minority < n_majority, got_majority < n_majority
        if cleaned_minority:
            strategy = enn.sampling_strategy
            if cleaned_majority:
                return (f"this cleaning step (sampling_strategy={strategy!r}) cleans both classes, as the default "
                        "SMOTEENN does; it should clean the majority, class 0, only.")
            if isinstance(strategy, str):
                return (f"after SMOTE the classes are tied, and then sampling_strategy={strategy!r} makes this "
                        "cleaning step clean the minority, not the majority (Exercise 2 shows why). Name the class "
                        "to clean explicitly.")
            return f"sampling_strategy={strategy!r} cleans the minority, class 1; the majority is class 0."
        if not cleaned_majority:
            return "this cleaning step removes nothing; it should clean the majority, class 0."
        if (majority, minority) == (got_majority, got_minority):
            return None
        if (majority, minority) == (got_minority, got_majority):
            return "the two counts are swapped: 'majority' is class 0, 'minority' class 1."
        if (majority, minority) == (n_majority, n_minority):
            return "those are the counts before resampling; count the labels that fit_resample(X2, y2) returns."
        if majority == minority == n_majority:
            return ("those are the counts after the SMOTE step, before the cleaning step; count the labels that "
                    "the whole SMOTEENN's fit_resample(X2, y2) returns.")
        if majority == n_majority - got_majority:
            return "answer['majority'] is how many majority rows were removed; answer how many remain."
        return ("count the labels that your sampler's fit_resample(X2, y2) returns, class by class "
                "(y_res.value_counts(), or np.bincount(y_res)).")

    hint = ("SMOTEENN takes its cleaning step as a parameter, enn=: an EditedNearestNeighbours you build "
            "yourself. A cleaning method's sampling_strategy says which classes it may clean (read "
            "EditedNearestNeighbours? for the values it accepts).",
            "SMOTEENN(enn=EditedNearestNeighbours(sampling_strategy=<a list of the classes to clean>), "
            "random_state=42); then X_res, y_res = sampler.fit_resample(X2, y2) and count y_res class by class "
            "(y_res.value_counts()).")
    return Exercise("Exercise 1 (SMOTE, then clean the majority only)", judge, hint,
                    on_correct="Compare the counts with the default SMOTEENN's and with your prediction. (If you "
                               "wrote sampling_strategy='majority': after SMOTE the classes are tied, and it cleaned "
                               "class 0 only because of how that tie is broken; a list such as [0] names the class "
                               "and does not depend on it.)")
