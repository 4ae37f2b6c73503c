"""Lesson 10 (10_case_study.ipynb): its measured claims, checked loosely (a direction and a margin) so a library
upgrade that breaks the lesson breaks the build, and its live demo driven without a browser."""

import pytest
from sklearn.model_selection import FixedThresholdClassifier, RepeatedStratifiedKFold, train_test_split

from helpers import datasets, evaluation, guide


@pytest.fixture(scope="module")
def split():
    X, y = datasets.load("lending_club")
    return train_test_split(X, y, test_size=0.2, stratify=y, random_state=42)


def test_rules_top_pick_does_not_beat_the_plain_model(split):
    X_tr, _, y_tr, _ = split
    recs = guide.recommend(X_tr, y_tr, n_estimators=30)
    assert recs[0].name == "balanced random forest"
    cands = {"forest": recs[0].estimator, "plain": None}
    res = evaluation.compare(cands, X_tr, y_tr, cv=RepeatedStratifiedKFold(n_splits=3, n_repeats=1, random_state=42),
                             metrics=["average_precision", "brier"], progress=False)
    m = res.set_index(["candidate", "metric"])["mean"]
    assert m["plain", "average_precision"] >= m["forest", "average_precision"] - 0.005
    assert m["plain", "brier"] < m["forest", "brier"] / 2  # the rebalanced forest's probabilities are far worse


def test_cost_threshold_verdicts_on_the_test_set(split):
    X_tr, X_te, y_tr, y_te = split
    model = FixedThresholdClassifier(evaluation.as_candidate(None, X_tr), threshold=1 / 6).fit(X_tr, y_tr)
    scores = model.predict_proba(X_te)[:, 1]
    at5 = guide.bootstrap(y_te, scores, 1 / 6, cost_miss=5, n_boot=200)
    assert at5.loc["cost_per_case", "ci_low"] < 5 * y_te.mean() < at5.loc["cost_per_case", "ci_high"]
    at12 = guide.bootstrap(y_te, scores, 1 / 13, cost_miss=12, n_boot=200)
    assert at12.loc["cost_per_case", "ci_high"] < 12 * y_te.mean()
    assert at12.loc["recall", "estimate"] > at5.loc["recall", "estimate"] + 0.15
