"""Lesson 02 (02_metrics_that_matter.ipynb): its measured claims, checked loosely (a direction and a margin) so a library
upgrade that breaks the lesson breaks the build, and its live demo driven without a browser."""

import numpy as np
import pytest
from sklearn.metrics import balanced_accuracy_score, confusion_matrix, matthews_corrcoef

from helpers import demos, metrics
from helpers.demos.lesson02_threshold_costs import plain_model_scores


@pytest.fixture(scope="module")
def thyroid():
    return plain_model_scores("thyroid")  # out-of-fold probabilities of the plain model (the demo's)


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


def test_raising_the_threshold_trades_recall_for_fewer_false_alarms():
    demo = demos.threshold_costs()
    states = [demo.update(threshold=t) for t in (0.05, 0.2, 0.5, 0.8)]
    recall = [s["recall"] for s in states]
    false_alarms = [s["fp"] for s in states]
    assert recall == sorted(recall, reverse=True) and recall[0] > recall[-1] + 0.3
    assert false_alarms == sorted(false_alarms, reverse=True) and false_alarms[0] > 5 * false_alarms[-1]
    assert all(s["tp"] + s["fp"] + s["fn"] + s["tn"] == 3163 for s in states)
    assert demo.errors == []


def test_the_counts_are_the_confusion_matrix_of_the_scores():
    demo = demos.threshold_costs()
    y, scores = plain_model_scores("thyroid")
    state = demo.update(threshold=0.3)
    tn, fp, fn, tp = confusion_matrix(y, (scores >= 0.3).astype(int)).ravel()
    assert (state["tn"], state["fp"], state["fn"], state["tp"]) == (tn, fp, fn, tp)


def test_costlier_misses_move_the_cheapest_threshold_down():
    demo = demos.threshold_costs()
    best = [demo.update(cost_miss=c, cost_false_alarm=1)["best_threshold"] for c in (1, 5, 20, 50)]
    assert best == sorted(best, reverse=True) and best[0] > best[-1] + 0.2
    assert demo.update(cost_miss=1, cost_false_alarm=10)["best_threshold"] > best[0]


def test_the_marked_threshold_is_the_cheapest_and_the_star_sits_on_it():
    demo = demos.threshold_costs()
    state = demo.update(threshold=0.5, cost_miss=12, cost_false_alarm=2)
    assert state["best_cost"] == min(state["cost_curve"]) <= state["cost"]
    star = [line for line in demo.figure.axes[2].get_lines() if line.get_marker() == "*"][0]
    assert star.get_xdata()[0] == state["best_threshold"]
    assert "cheapest threshold is <b>" + f"{state['best_threshold']:.2f}" in demo.readout.value


def test_moving_a_slider_in_the_browser_updates_picture_and_readout():
    demo = demos.threshold_costs()
    before = demo.image.value
    demo.controls["threshold"].value = 0.2
    assert demo.last_state["threshold"] == 0.2 and demo.errors == []
    assert demo.image.value != before and "At threshold 0.20" in demo.readout.value
    assert np.isclose(demo.figure.axes[1].lines[-1].get_xdata()[0], 0.2)


def test_the_plain_models_probabilities_beat_the_no_skill_forecast_and_are_calibrated_where_most_patients_are(
        thyroid):
    from sklearn.calibration import calibration_curve
    from sklearn.metrics import brier_score_loss, log_loss

    y, proba = thyroid
    p = y.mean()
    assert 1 - brier_score_loss(y, proba) / (p * (1 - p)) > 0.5  # Brier skill score, measured 0.69
    assert log_loss(y, proba) < 0.5 * log_loss(y, np.full(len(y), p))  # measured 0.058 against 0.192
    observed, predicted = calibration_curve(y, proba, n_bins=5, strategy="uniform")
    assert abs(observed[0] - predicted[0]) < 0.01  # the bin that holds 2,995 of the 3,163 patients


def test_the_bar_gradient_boosting_without_rebalancing_ranks_better_and_costs_less(thyroid):
    from sklearn.compose import ColumnTransformer, make_column_selector
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.metrics import average_precision_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    from helpers import datasets

    y, proba = thyroid
    X, _ = datasets.load("thyroid")
    preprocess = ColumnTransformer([
        ("numeric", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()),
         make_column_selector(dtype_include="number")),
        ("categorical", make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")),
         make_column_selector(dtype_exclude="number"))])
    boosted = metrics.out_of_fold_scores(make_pipeline(preprocess, HistGradientBoostingClassifier(random_state=42)),
                                         X, y)
    assert average_precision_score(y, boosted) > average_precision_score(y, proba) + 0.03  # 0.916 vs 0.851

    def cheapest_cost(scores):
        return float(metrics.expected_cost(metrics.threshold_table(y, scores), 10, 1).min())

    assert cheapest_cost(boosted) < cheapest_cost(proba) - 0.01  # 0.044 vs 0.061


def test_the_demos_plain_model_scores_are_copies_of_a_cached_computation():
    y, scores = plain_model_scores("yeast")
    scores[:] = -1
    assert plain_model_scores("yeast")[1].min() >= 0 and len(y) == 1484
