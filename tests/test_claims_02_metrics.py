"""Lesson 02's central claims, checked loosely (a direction and a margin)."""

import numpy as np
import pytest
from sklearn.metrics import balanced_accuracy_score, confusion_matrix, matthews_corrcoef

from helpers import metrics


@pytest.fixture(scope="module")
def thyroid():
    return metrics.plain_model_scores("thyroid")  # out-of-fold probabilities of the plain model


def test_accuracy_barely_separates_always_no_from_the_model_but_balanced_metrics_do(thyroid):
    y, proba = thyroid
    pred, none = (proba >= 0.5).astype(int), np.zeros_like(y)
    assert (pred == y).mean() - (none == y).mean() < 0.05
    assert balanced_accuracy_score(y, pred) - balanced_accuracy_score(y, none) > 0.25
    assert matthews_corrcoef(y, none) == 0 and matthews_corrcoef(y, pred) > 0.6


def test_thinning_positives_leaves_roc_auc_but_cuts_average_precision(thyroid):
    y, proba = thyroid
    sweep = metrics.prevalence_sweep(y, proba, [float(y.mean()), 0.02, 0.01, 0.005], n_seeds=10)
    assert sweep["roc_auc"].max() - sweep["roc_auc"].min() < 0.03
    assert sweep["average_precision"].iloc[0] - sweep["average_precision"].iloc[-1] > 0.2
    assert sweep["average_precision"].is_monotonic_decreasing
    assert (sweep["average_precision"] > 10 * sweep["no_skill_ap"]).all()  # still far above no skill


def test_the_marked_threshold_really_minimises_the_expected_cost(thyroid):
    y, proba = thyroid
    table = metrics.threshold_table(y, proba)
    best = metrics.cheapest_threshold(table, cost_miss=10, cost_false_alarm=1)

    def cost(t):  # recomputed from scratch with scikit-learn, not with the helper
        tn, fp, fn, tp = confusion_matrix(y, (proba >= t).astype(int)).ravel()
        return (10 * fn + fp) / len(y)

    assert all(cost(best) <= cost(t) + 1e-12 for t in np.round(np.arange(0.01, 1.0, 0.01), 2))
    assert cost(best) < 0.6 * cost(0.5)
    assert abs(best - 1 / 11) <= 0.05  # near the rule c_fa / (c_fa + c_miss) for calibrated probabilities


def test_the_f1_best_threshold_costs_more_than_the_cheapest(thyroid):
    y, proba = thyroid
    table = metrics.threshold_table(y, proba)
    cost = metrics.expected_cost(table, cost_miss=10, cost_false_alarm=1)
    assert cost[table["f1"].idxmax()] > 1.2 * cost.min()
