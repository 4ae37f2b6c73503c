"""Lesson 10 (10_case_study.ipynb): its measured claims, checked loosely (a direction and a margin) so a library
upgrade that breaks the lesson breaks the build, and its live demo driven without a browser."""

from functools import partial

import numpy as np
import pytest
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import FixedThresholdClassifier, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from helpers import datasets, evaluation, guide, stats


def _plain_model():
    """The lesson's plain model: its ColumnTransformer written out, then a logistic regression."""
    preprocess = ColumnTransformer([
        ("numeric", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()),
         make_column_selector(dtype_include="number")),
        ("categorical", make_pipeline(SimpleImputer(strategy="most_frequent"),
                                      OneHotEncoder(handle_unknown="ignore", sparse_output=False)),
         make_column_selector(dtype_exclude="number")),
    ])
    return make_pipeline(preprocess, LogisticRegression(max_iter=1000))


def _cost_per_loan(y_true, flagged, cost_miss):
    return (cost_miss * np.sum((flagged == 0) & (y_true == 1)) + np.sum((flagged == 1) & (y_true == 0))) / len(y_true)


@pytest.fixture(scope="module")
def split():
    X, y = datasets.load("lending_club")
    return train_test_split(X, y, test_size=0.2, stratify=y, random_state=42)


@pytest.fixture(scope="module")
def test_scores(split):
    X_tr, X_te, y_tr, y_te = split
    model = FixedThresholdClassifier(_plain_model(), threshold=1 / 6).fit(X_tr, y_tr)
    return y_te.to_numpy(), model.predict_proba(X_te)[:, 1]


def _money(y, scores, ratio):
    """The lesson's paired bootstrap: the model at 1 / (1 + ratio) against approving everything."""
    flagged = (scores >= 1 / (1 + ratio)).astype(int)
    rules = {"model": flagged, "approve everything": np.zeros(len(y), dtype=int)}
    return stats.paired_bootstrap(y, rules, partial(_cost_per_loan, cost_miss=ratio),
                                  baseline="approve everything").loc["model"]


def test_rules_top_pick_is_not_shown_to_rank_better_and_its_probabilities_are_worse(split):
    """Measured on 10 paired folds (Holm over 6 rows): forest AP -0.032 [-0.063, -0.000], "no detectable
    difference" (p_holm 0.142); Brier: forest +0.106 [0.103, 0.109] and class weights +0.148, "worse"."""
    X_tr, _, y_tr, _ = split
    recs = guide.recommend(X_tr, y_tr, n_estimators=30)
    assert recs[0].name == "balanced random forest"
    cands = {"forest": recs[0].estimator, "class weights": recs[2].estimator, "plain": _plain_model()}
    assert recs[2].name == "class weights"
    metrics = ["average_precision", "roc_auc", "brier"]
    res, folds = evaluation.compare(cands, X_tr, y_tr, cv=guide.default_cv(), metrics=metrics, progress=False,
                                    return_folds=True)
    v = evaluation.difference(folds, "plain", metrics).set_index(["candidate", "metric"])
    assert (v["n_folds"] >= 10).all()
    for cand in ("forest", "class weights"):
        for metric in ("average_precision", "roc_auc"):
            assert v.loc[(cand, metric), "verdict"] == "no detectable difference", (cand, metric)
        assert v.loc[(cand, "brier"), "verdict"] == "worse" and v.loc[(cand, "brier"), "ci_low"] > 0.05, cand
    assert v.loc[("forest", "average_precision"), "ci_high"] < 0.005  # its interval excludes (almost) any gain
    m = res.set_index(["candidate", "metric"])["mean"]
    assert m["plain", "brier"] < m["forest", "brier"] / 2  # the rebalanced forest's probabilities are far worse
    assert m["plain", "brier"] < m["plain", "brier_no_skill"] < m["plain", "brier"] + 0.01  # weak, but some skill


def test_at_5_to_1_the_test_set_cannot_show_a_saving(test_scores):
    """Measured: cost 0.272 vs 0.261, paired difference +0.011 [-0.011, +0.031]; at 0.5 it flags 6 good loans
    and costs more (+0.003 [0.001, 0.006])."""
    y, scores = test_scores
    at5 = _money(y, scores, 5)
    assert at5["diff_low"] < 0 < at5["diff_high"] and at5["difference"] > 0
    at_half = stats.paired_bootstrap(y, {"model": (scores >= 0.5).astype(int), "approve everything": 0 * y},
                                     partial(_cost_per_loan, cost_miss=5), baseline="approve everything")
    assert at_half.loc["model", "diff_low"] > 0
    assert 0 < (scores >= 0.5).sum() <= 10 and ((scores >= 0.5) & (y == 1)).sum() == 0  # 6 flagged, none bad


def test_the_money_verdict_turns_between_8_and_12_to_1(test_scores):
    """Exercises 1 and 2. Measured paired differences: 8:1 -0.029 [-0.080, +0.017]; 10:1 -0.069 [-0.1415,
    -0.0005] (saves money, only just); 12:1 -0.148 [-0.243, -0.059]; 20:1 -0.416 [-0.594, -0.248]."""
    y, scores = test_scores
    assert _money(y, scores, 8)["diff_low"] < 0 < _money(y, scores, 8)["diff_high"]
    at10 = _money(y, scores, 10)
    assert -0.01 < at10["diff_high"] < 0  # the lesson says "only just"
    assert _money(y, scores, 12)["diff_high"] < -0.03 and _money(y, scores, 20)["diff_high"] < -0.15
    recall = {ratio: ((scores >= 1 / (1 + ratio)) & (y == 1)).sum() / y.sum() for ratio in (5, 12)}
    assert recall[12] > recall[5] + 0.15  # 0.553 against 0.146
