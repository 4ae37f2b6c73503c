"""Lesson 08 (08_thresholds_and_calibration.ipynb): its measured claims, checked loosely (a direction and a margin) so a library
upgrade that breaks the lesson breaks the build, and its live demo driven without a browser."""

import grid_claims
import numpy as np
import pytest
from imblearn.pipeline import make_pipeline
from imblearn.under_sampling import RandomUnderSampler
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import TunedThresholdClassifierCV
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from helpers import calibration, datasets, demos, evaluation, evidence


@pytest.fixture(scope="module")
def sweep():
    return calibration.undersampling_sweep("satimage")  # shared (cached) with the notebook and its demo


def test_undersampling_shifts_the_intercept_by_about_ln_beta(sweep):
    assert (sweep["measured_shift"] - sweep["predicted_shift"]).abs().max() < 0.25
    balanced = sweep.iloc[-1]  # keeps ~1 / imbalance ratio of the majority rows
    X, y = datasets.load("satimage")
    assert abs(balanced["measured_shift"] + np.log(datasets.imbalance_ratio(y))) < 0.3
    assert balanced["mean_prob"] > 3 * y.mean()  # the minority probability is inflated


def test_undersampling_barely_changes_roc_auc(sweep):
    assert sweep["roc_auc"].max() - sweep["roc_auc"].min() < 0.03


def test_dal_pozzolo_correction_repairs_brier_and_intercept(sweep):
    hard = sweep[sweep["beta"] <= 0.5]
    assert (hard["brier_corrected"] < hard["brier"] - 0.005).all()
    assert (hard["intercept_corrected"].abs() < 0.2).all()
    assert (hard["intercept"] < -0.5).all()
    assert (sweep["brier_corrected"] - sweep["brier"].iloc[0]).abs().max() < 0.01  # back to the plain model


def test_a_tuned_threshold_reaches_the_recall_of_undersampling():
    X, y = datasets.load("satimage")
    plain = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))  # satimage: all numeric
    candidates = {"under-sampling": make_pipeline(StandardScaler(), RandomUnderSampler(random_state=42),
                                                  LogisticRegression(max_iter=1000)),
                  "tuned threshold": TunedThresholdClassifierCV(plain, scoring="balanced_accuracy", cv=3),
                  "plain": plain}
    with threadpool_limits(limits=1):
        res = evaluation.compare(candidates, X, y, cv=3, metrics=["recall", "roc_auc"], progress=False)
    mean = res.set_index(["candidate", "metric"])["mean"]
    assert mean["tuned threshold", "recall"] > mean["under-sampling", "recall"] - 0.05
    assert mean["plain", "recall"] < mean["under-sampling", "recall"] - 0.3  # 0.5 was the wrong threshold
    assert abs(mean["tuned threshold", "roc_auc"] - mean["under-sampling", "roc_auc"]) < 0.03


def test_calibration_intercept_matches_a_logistic_fit_with_an_offset():
    rng = np.random.default_rng(42)
    p = rng.uniform(0.05, 0.6, 2000)
    y = (rng.uniform(size=2000) < p / 2).astype(int)  # true risk is about half what p says
    a = calibration.calibration_intercept(y, p)
    assert a < -0.5
    offset = np.log(p / (1 - p))  # at the optimum the score equation holds: mean of sigmoid(a + offset) = mean y
    assert abs((1 / (1 + np.exp(-(a + offset)))).sum() - y.sum()) < 1e-6


@pytest.mark.parametrize("bad, error", [(0.0, ValueError), (1.5, ValueError), ("0.5", TypeError), (True, TypeError)])
def test_dal_pozzolo_refuses_a_bad_beta(bad, error):
    with pytest.raises(error, match="beta"):
        calibration.dal_pozzolo_correction([0.2, 0.4], bad)


def test_bad_probabilities_are_refused():
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        calibration.dal_pozzolo_correction([0.2, 1.4], 0.5)
    with pytest.raises(ValueError, match="one class"):
        calibration.calibration_intercept([0, 0], [0.2, 0.3])
    with pytest.raises(ValueError, match="include 1.0"):
        calibration.undersampling_scores("yeast", (0.5,))


def test_keeping_fewer_majority_rows_inflates_the_mean_probability():
    demo = demos.undersampling_calibration()
    states = [demo.update(beta=b) for b in calibration.BETAS]  # from 1.0 down to 0.11
    mean = [s["mean_prob"] for s in states]
    shift = [s["measured_shift"] for s in states]
    assert mean == sorted(mean) and mean[-1] > 3 * mean[0]
    assert shift == sorted(shift, reverse=True) and shift[-1] < -1.8
    assert all(abs(s["mean_prob_corrected"] - s["prevalence"]) < 0.02 for s in states)
    assert all(s["brier_corrected"] <= s["brier"] + 1e-9 for s in states)
    assert demo.errors == []


def test_the_picture_and_readout_follow_the_slider():
    demo = demos.undersampling_calibration()
    before = demo.image.value
    demo.controls["beta"].value = 0.2
    assert demo.last_state["beta"] == 0.2 and demo.errors == []
    assert demo.image.value != before and "Keeping 20% of the majority rows" in demo.readout.value
    point = demo.figure.axes[1].lines[-1]
    assert point.get_ydata()[0] == demo.last_state["measured_shift"]


# ------------------------------------------------------------------ the evidence grid, learner by learner
def test_grid_class_weights_damage_logistic_regressions_probabilities_and_cost():
    assert grid_claims.counts("ranking", "logistic_regression", "class_weight")["better"] == 0
    assert grid_claims.counts("probability quality", "logistic_regression", "class_weight")["worse"] >= 13  # 17
    assert grid_claims.counts("cost at 10:1", "logistic_regression", "class_weight")["worse"] >= 9  # 13
    assert grid_claims.counts("probability quality", "decision_tree", "class_weight")["worse"] <= 2  # 0


def test_grid_a_cost_tuned_threshold_is_never_worse_than_t_star_on_the_plain_probabilities():
    for learner in evidence.CORE_LEARNERS:
        assert grid_claims.counts("ranking", learner, "tuned_threshold")["not judged"] == 20  # same scores
        cost = grid_claims.counts("cost at 10:1", learner, "tuned_threshold")
        assert cost["worse"] == 0 and cost["better"] <= 3, learner
    assert grid_claims.counts("cost at 10:1", "logistic_regression", "tuned_threshold")["no detectable change"] >= 16


def test_grid_calibration_after_smote_brings_the_cost_back():
    for learner in evidence.CORE_LEARNERS:
        assert grid_claims.counts("cost at 10:1", learner, "calibrated_smote")["worse"] == 0, learner
    assert grid_claims.counts("probability quality", "decision_tree", "calibrated_smote")["better"] >= 10  # 14


def test_grid_diagnostics_calibration_not_smote_and_the_prior_shift():
    for learner in evidence.CORE_LEARNERS:  # one calibrated model keeps the order: nothing to judge
        assert grid_claims.counts("ranking", learner, "calibrated_single")["not judged"] >= 15, learner
    for learner in ["decision_tree", "knn"]:  # calibration alone helps as much as SMOTE + calibration
        alone = grid_claims.counts("probability quality", learner, "calibrated")["better"]
        with_smote = grid_claims.counts("probability quality", learner, "calibrated_smote")["better"]
        assert alone >= with_smote - 1 and alone >= 7, learner  # tree 14 vs 14, k-NN 10 vs 9
    assert grid_claims.counts("ranking", "decision_tree", "calibrated")["better"] >= 3  # 5: averaging
    # the prior correction undoes logistic regression's damage at 1/11
    assert grid_claims.counts("cost at 10:1", "logistic_regression", "smote_prior_corrected")["worse"] <= 3  # 1
    assert grid_claims.counts("cost at 10:1", "logistic_regression", "random_undersampling")["worse"] >= 12  # 17
    for learner in ["logistic_regression", "random_forest", "hist_gradient_boosting"]:
        assert grid_claims.counts("cost at 10:1", learner, "rus_prior_corrected")["worse"] <= 2, learner  # 0, 0, 1
    # but not the forest's after SMOTE
    assert grid_claims.counts("cost at 10:1", "random_forest", "smote_prior_corrected")["worse"] >= 4  # 7
