"""Checks for lesson 09's exercises (09_decision_guide.ipynb).

``exercises()`` returns the two checkers:

1. ``balanced_safe_share()``: the share of ``thyroid``'s minority rows that are *safe* (4-5 minority rows among
   their 5 nearest neighbours, the row itself left out) in one balanced view: every minority row with as many
   majority rows drawn by ``np.random.default_rng(7).choice(majority, n_minority, replace=False)``. The expected
   value is computed here with numpy distances from the same draw; the recognised mistakes are the share on the
   data as they are, the row counted among its own neighbours, ``guide.profile``'s average of five views, and
   another draw.
2. ``knn_smote_model()``: the learner's own "k-NN + SMOTE + cost threshold" model for ``page_blocks`` at a 10:1
   cost: a ``TunedThresholdClassifierCV`` whose scorer charges a miss 10 false alarms (called on fixed decisions,
   as lesson 08's checker does), around an imbalanced-learn pipeline of preprocessing, ``SMOTE`` and
   ``KNeighborsClassifier``, in that order.

No scikit-learn or imbalanced-learn model is built here: the neighbour counts use plain numpy distances on the
preprocessed rows, and the model is judged by its parts and by calling its scorer.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import Exercise, expect_number

#: A reported share may differ from the expected draw's by less than one row of thyroid's 151 (ties in distance).
TOLERANCE = 0.004
#: Other balanced draws land within this of the expected one (30 draws on thyroid: 0.79-0.91).
SPREAD = 0.08


def _safe_share(Z: np.ndarray, y: np.ndarray, rows: np.ndarray, self_included: bool = False) -> float:
    """Share of minority rows among ``rows`` with at least 4 minority rows among their 5 nearest (self left out,
    unless ``self_included``: the mistake of searching the rows' own neighbours with the rows themselves)."""
    sub, labels = Z[rows], y[rows]
    sq = (sub ** 2).sum(axis=1)
    d = sq[:, None] + sq[None, :] - 2 * sub @ sub.T  # squared distances
    if not self_included:
        np.fill_diagonal(d, np.inf)
    nearest = np.argsort(d, axis=1, kind="stable")[:, :5]
    same = (labels[nearest] == 1).sum(axis=1)[labels == 1]
    return float(np.mean(same >= 4))


def balanced_safe_share() -> Exercise:
    from .. import datasets, guide

    X, y_series = datasets.load("thyroid")
    Z, y = np.asarray(guide.prepare().fit_transform(X), dtype=float), y_series.to_numpy()
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    view = np.r_[pos, np.random.default_rng(7).choice(neg, len(pos), replace=False)]
    expected = _safe_share(Z, y, view)
    with_self = _safe_share(Z, y, view, self_included=True)
    averaged = float(guide.profile(X, y_series)["safe"])
    as_is: list[float] = []  # the share on the data as they are, computed the first time a wrong answer needs it

    def judge(answer: Any) -> str | None:
        value = expect_number(answer, "the share of minority rows that are safe", 0, 1)
        if abs(value - expected) <= TOLERANCE:
            return None
        if abs(value - averaged) <= 0.0006:  # profile rounds to 3 decimals
            return ("that is guide.profile's value, the average of five views: compute one view yourself, with the "
                    "draw the exercise gives.")
        if abs(value - with_self) <= TOLERANCE:
            return ("each row is counted among its own neighbours (its nearest neighbour is itself, at distance 0). "
                    "Call kneighbors() without X on the fitted search, so a row's own self is left out.")
        if not as_is:
            as_is.append(_safe_share(Z, y, np.arange(len(y))))
        if abs(value - as_is[0]) <= 0.02:
            return ("that is the share on the data as they are, where most neighbours are majority rows just because "
                    "there are more of them. Draw as many majority rows as there are minority rows first, and search "
                    "the neighbours among those rows only.")
        if abs(value - expected) <= SPREAD:
            return ("a balanced view, but not the draw the exercise asks for: majority rows drawn with "
                    "np.random.default_rng(7).choice(majority_rows, n_minority, replace=False), minority rows first.")
        return ("not what one balanced view gives. Count, for each *minority* row of the view, how many of its 5 "
                "nearest neighbours (itself left out) are minority rows, and take the share of rows with 4 or 5.")

    hint = ("Preprocess with Z = guide.prepare().fit_transform(X), then keep every minority row and "
            "rng.choice(majority_rows, n_minority, replace=False) majority rows.",
            "NearestNeighbors(n_neighbors=5).fit(Z[view]).kneighbors() gives each row's 5 neighbours without itself; "
            "count the minority labels among them for the minority rows only.")
    return Exercise("Exercise 1 (the balanced view by hand)", judge, hint,
                    on_correct="One balanced view lands near guide.profile's average of five, and far from the "
                               "as-is share.")


def knn_smote_model(cost_miss: float = 10, cost_false_alarm: float = 1) -> Exercise:
    from sklearn.model_selection import TunedThresholdClassifierCV

    from . import class_names, expect_classifier_pipeline
    from .lesson08 import _CASES, _counts, _scores

    def judge(answer: Any) -> str | None:
        if not isinstance(answer, TunedThresholdClassifierCV):
            if "Pipeline" in class_names(answer):
                return ("a pipeline alone decides at 0.5. Wrap it in TunedThresholdClassifierCV(..., "
                        "scoring=cost_scorer, cv=...) so the threshold is chosen for the cost, as the candidates do.")
            return f"answer should be your model, a TunedThresholdClassifierCV, not a {type(answer).__name__}."
        steps = expect_classifier_pipeline(answer.estimator, "the model inside TunedThresholdClassifierCV")
        names = [class_names(step) for _, step in steps]
        if "KNeighborsClassifier" not in names[-1]:
            return "the pipeline should end in KNeighborsClassifier(): the learner your team must keep."
        smote = [i for i, n in enumerate(names) if "SMOTE" in n]
        if not smote:
            return "there is no SMOTE step: put SMOTE(random_state=42) between the preprocessing and the k-NN."
        if "Pipeline" in class_names(answer.estimator) and not any(
                "imblearn" in c.__module__ for c in type(answer.estimator).__mro__):
            return ("scikit-learn's Pipeline refuses a sampler (lesson 07): build it with imbalanced-learn's "
                    "make_pipeline (from imblearn.pipeline import make_pipeline).")
        if smote[0] == 0:
            return ("SMOTE comes first, before the preprocessing: it would interpolate unscaled columns (and fail on "
                    "text). Put prepare first, then SMOTE, then the k-NN.")
        if not callable(answer.scoring):
            return "scoring should be the cost scorer (make_scorer(cost_per_case, greater_is_better=False))."
        values = _scores(answer.scoring)
        counts = [_counts(*case) for case in _CASES]
        for target in (np.array([(cost_miss * m + cost_false_alarm * f) / n for m, f, n in counts]),
                       np.array([cost_miss * m + cost_false_alarm * f for m, f, _ in counts])):
            scale = -values[0] / target[0]
            if scale > 0 and np.allclose(-values, scale * target, rtol=1e-6):
                break
        else:
            return ("the scorer does not charge a miss 10 false alarms, negated so the tuner can maximise it: "
                    "COST_MISS, COST_FALSE_ALARM = 10, 1 and make_scorer(cost_per_case, greater_is_better=False).")
        return None

    hint = ("Print recs[0].code, copy it into the cell and change the model lines: a k-NN instead of the booster, "
            "with SMOTE before it.",
            "A sampler needs imbalanced-learn's pipeline: TunedThresholdClassifierCV(make_imb_pipeline(prepare, "
            "SMOTE(random_state=42), KNeighborsClassifier()), scoring=cost_scorer, cv=...).")
    return Exercise("Exercise 2 (a learner you must keep)", judge, hint,
                    on_correct="Now compare it with the plain k-NN on the same folds, as the next lines do.")


def exercises() -> tuple[Exercise, Exercise]:
    """The two checkers of lesson 09."""
    return balanced_safe_share(), knn_smote_model()
