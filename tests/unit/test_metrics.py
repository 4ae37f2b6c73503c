"""helpers.metrics: the arrangements lessons 01-02 rely on agree with scikit-learn, and refuse bad input."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, confusion_matrix, f1_score, precision_score, recall_score
from sklearn.svm import LinearSVC

from helpers import datasets, metrics

RNG = np.random.default_rng(42)
Y = np.r_[np.zeros(180, int), np.ones(20, int)]
SCORE = np.clip(Y * 0.35 + RNG.uniform(0, 0.65, len(Y)), 0, 1)


def test_threshold_table_matches_scikit_learn_at_every_threshold():
    table = metrics.threshold_table(Y, SCORE, thresholds=[0.05, 0.3, 0.5, 0.7, 0.99])
    for _, row in table.iterrows():
        pred = (SCORE >= row["threshold"]).astype(int)
        tn, fp, fn, tp = confusion_matrix(Y, pred, labels=[0, 1]).ravel()
        assert (row["tn"], row["fp"], row["fn"], row["tp"]) == (tn, fp, fn, tp)
        assert row["precision"] == pytest.approx(precision_score(Y, pred, zero_division=np.nan), nan_ok=True)
        assert row["recall"] == pytest.approx(recall_score(Y, pred))
        assert row["f1"] == pytest.approx(f1_score(Y, pred, zero_division=0))


def test_threshold_table_leaves_precision_undefined_where_nothing_is_flagged():
    table = metrics.threshold_table(Y, SCORE, thresholds=[0.5, 1.1])
    assert np.isnan(table["precision"].iloc[1]) and table["tp"].iloc[1] + table["fp"].iloc[1] == 0
    assert np.isfinite(table["precision"].iloc[0])


def test_expected_cost_and_cheapest_threshold():
    table = metrics.threshold_table(Y, SCORE)
    cost = metrics.expected_cost(table, cost_miss=5, cost_false_alarm=1)
    assert cost.tolist() == pytest.approx(((5 * table["fn"] + table["fp"]) / len(Y)).tolist())
    best = metrics.cheapest_threshold(table, 5, 1)
    assert cost[table["threshold"] == best].iloc[0] == pytest.approx(cost.min())


def test_keep_minority_share_keeps_every_majority_row():
    idx = metrics.keep_minority_share(Y, 0.05, random_state=3)
    assert set(np.flatnonzero(Y == 0)) <= set(idx.tolist())
    assert Y[idx].sum() == round(0.05 * 180 / 0.95)
    assert not np.array_equal(idx, metrics.keep_minority_share(Y, 0.05, random_state=4))


def test_prevalence_sweep_reports_the_prevalence_as_no_skill_and_the_full_data_exactly():
    sweep = metrics.prevalence_sweep(Y, SCORE, [0.1, 0.05], n_seeds=4)
    assert sweep["minority_rows"].tolist() == [20, 9]
    assert sweep["no_skill_ap"].tolist() == pytest.approx([0.1, 9 / 189])
    assert sweep.loc[0, "average_precision"] == pytest.approx(average_precision_score(Y, SCORE))
    assert sweep.loc[0, "average_precision_sd"] == 0  # every "subset" of the full data is the full data


def test_out_of_fold_scores_are_reproducible_probabilities():
    X, y = datasets.load("yeast")
    a = metrics.out_of_fold_scores(LogisticRegression(max_iter=1000), X, y)
    b = metrics.out_of_fold_scores(LogisticRegression(max_iter=1000), X, y)
    assert np.array_equal(a, b) and a.min() >= 0 and a.max() <= 1


@pytest.mark.parametrize("call, error, match", [
    (lambda: metrics.threshold_table(Y, SCORE[:-1]), ValueError, "must match"),
    (lambda: metrics.threshold_table(Y, np.c_[1 - SCORE, SCORE]), ValueError, r"predict_proba\(X\)\[:, 1\]"),
    (lambda: metrics.threshold_table(Y, SCORE, thresholds=[]), ValueError, "non-empty list"),
    (lambda: metrics.expected_cost(metrics.threshold_table(Y, SCORE), -1, 1), ValueError, "cost_miss must be"),
    (lambda: metrics.expected_cost(Y, 1, 1), TypeError, "threshold_table"),
    (lambda: metrics.keep_minority_share(Y, 0.5), ValueError, r"at most the data's own minority share \(0.1000\)"),
    (lambda: metrics.keep_minority_share(Y, 0.001), ValueError, "keeps 0 minority rows"),
    (lambda: metrics.keep_minority_share(Y, "0.05"), TypeError, "fraction"),
    (lambda: metrics.prevalence_sweep(Y, SCORE, [0.05], n_seeds=1), ValueError, "at least 2"),
    (lambda: metrics.prevalence_sweep(Y, SCORE, []), ValueError, "shares is empty"),
    (lambda: metrics.out_of_fold_scores(LinearSVC(), np.c_[SCORE], Y), TypeError, "no predict_proba"),
    (lambda: metrics.out_of_fold_scores(LogisticRegression(), np.c_[SCORE[:24]], Y[176:]), ValueError,
     r"5 folds but only 4 minority rows.*n_splits=4"),
    (lambda: metrics.out_of_fold_scores(LogisticRegression(), np.c_[SCORE], Y, n_splits=1), ValueError, "n_splits"),
])
def test_bad_input_is_refused_with_a_clear_message(call, error, match):
    with pytest.raises(error, match=match):
        call()
