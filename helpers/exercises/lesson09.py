"""Checks for lesson 09's exercises (09_decision_guide.ipynb).

``exercises()`` returns the two checkers:

1. ``balanced_safe_share()``: the share of ``thyroid``'s minority rows that are *safe* (4-5 minority rows among
   their 5 nearest neighbours, the row itself left out) in one balanced view: every minority row with as many
   majority rows drawn at random. The expected value is computed here with numpy from the same draw
   (``np.random.default_rng(7).choice(majority, n_minority, replace=False)``); another draw of the same kind is
   accepted too (single views spread by about +-0.05), the share counted on the data as they are is not.
2. ``knn_pair()``: what ``guide.evaluate`` returned for "k-NN + cost threshold" (first) and "k-NN + SMOTE + cost
   threshold" on ``page_blocks`` at a 10:1 cost: judged by its baseline, its candidates, its folds and the cost
   its folds were scored at.

No scikit-learn or imbalanced-learn model is built here: the neighbour counts use plain numpy distances on the
preprocessed rows.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import Exercise, expect_number

#: How far a single balanced view may land from the expected draw's share (30 draws on thyroid: 0.79-0.91).
SPREAD = 0.06
BASELINE, OTHER = "k-NN + cost threshold", "k-NN + SMOTE + cost threshold"


def _safe_share(Z: np.ndarray, y: np.ndarray, rows: np.ndarray) -> float:
    """Share of minority rows among ``rows`` with at least 4 minority rows among their 5 nearest (self left out)."""
    sub, labels = Z[rows], y[rows]
    sq = (sub ** 2).sum(axis=1)
    d = sq[:, None] + sq[None, :] - 2 * sub @ sub.T  # squared distances
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
    as_is: list[float] = []  # the share on the data as they are, computed the first time a wrong answer needs it

    def judge(answer: Any) -> str | None:
        value = expect_number(answer, "the share of minority rows that are safe", 0, 1)
        if abs(value - expected) <= SPREAD:
            return None
        if not as_is:
            as_is.append(_safe_share(Z, y, np.arange(len(y))))
        if abs(value - as_is[0]) <= 0.05:
            return ("that is about the share on the data as they are, where most neighbours are majority rows just "
                    "because there are more of them. Draw as many majority rows as there are minority rows first, "
                    "and search the neighbours among those rows only.")
        if value > 1 - 1e-9:
            return ("every minority row safe: is each row counted among its own neighbours? Call kneighbors() "
                    "without X on the fitted search, so a row's own self is left out.")
        return ("not what one balanced view gives. Count, for each *minority* row of the view, how many of its 5 "
                "nearest neighbours (itself left out) are minority rows, and take the share of rows with 4 or 5.")

    hint = ("Preprocess with Z = guide.prepare().fit_transform(X), then keep every minority row and "
            "rng.choice(majority_rows, n_minority, replace=False) majority rows.",
            "NearestNeighbors(n_neighbors=5).fit(Z[view]).kneighbors() gives each row's 5 neighbours without itself; "
            "count the minority labels among them for the minority rows only.")
    return Exercise("Exercise 1 (the balanced view by hand)", judge, hint,
                    on_correct="A single balanced view is close to guide.profile's average of five, and far from the "
                               "as-is share.")


def knn_pair(n_rows: int = 5472, cost_miss: float = 10, cost_false_alarm: float = 1) -> Exercise:
    from .. import guide

    def judge(answer: Any) -> str | None:
        if not isinstance(answer, guide.Evaluation):
            return (f"answer should be what guide.evaluate(...) returns (an Evaluation), not a "
                    f"{type(answer).__name__}.")
        names = list(dict.fromkeys(answer.folds["candidate"].astype(str)))
        if set(names) != {BASELINE, OTHER}:
            return (f"the comparison holds {names}; pass exactly the two k-NN candidates of "
                    "guide.recommend(..., keep='k-NN') to evaluate.")
        if answer.baseline != BASELINE:
            return ("the SMOTE candidate came first, so the plain k-NN was judged against it. Put "
                    f"'{BASELINE}' first in the list: evaluate pairs every candidate with the first.")
        cost = answer.folds[answer.folds["metric"] == "cost_per_case"]
        per_fold = cost.groupby("candidate", observed=True)["n_test"].count()
        if per_fold.min() < 10:
            return "fewer than 10 folds: leave cv out, so evaluate uses its 10 paired folds."
        total = int(cost[cost["candidate"] == BASELINE]["n_test"].sum())
        if total % n_rows:
            return "these folds do not cover page_blocks' rows: load the data with datasets.load('page_blocks')."
        expected = (cost_miss * cost["fn"] + cost_false_alarm * cost["fp"]) / cost["n_test"]
        if not np.allclose(cost["value"], expected, rtol=1e-9):
            return "the candidates were built for another cost: a miss costs 10 false alarms here (cost_miss=10)."
        return None

    hint = ("knn_recs = guide.recommend(X, y, cost_miss=10, cost_false_alarm=1, keep='k-NN') lists the k-NN "
            "candidates; keep the two whose names you need, plain one first.",
            "guide.evaluate(X, y, [plain, smote], progress=False, n_jobs=2) returns what the check wants.")
    return Exercise("Exercise 2 (a learner you must keep)", judge, hint,
                    on_correct="Now read answer.differences: the cost row says whether SMOTE made k-NN detectably "
                               "cheaper, the others what it did to ranking and probabilities.")


def exercises() -> tuple[Exercise, Exercise]:
    """The two checkers of lesson 09."""
    return balanced_safe_share(), knn_pair()
