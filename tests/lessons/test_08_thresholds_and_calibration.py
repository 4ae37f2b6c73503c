"""Lesson 08 (08_thresholds_and_calibration.ipynb): its measured claims, checked loosely (a direction and a margin) so a library
upgrade that breaks the lesson breaks the build, and its live demo driven without a browser.

The models are rebuilt here as the lesson writes them (gradient boosting at its defaults, random under-sampling in an
imbalanced-learn pipeline, out-of-fold probabilities on 5 stratified folds, random_state=42)."""

import grid_claims
import numpy as np
import pandas as pd
import pytest
from imblearn.pipeline import make_pipeline
from imblearn.under_sampling import RandomUnderSampler
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.frozen import FrozenEstimator
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, make_scorer, roc_auc_score
from sklearn.model_selection import StratifiedKFold, TunedThresholdClassifierCV, train_test_split
from threadpoolctl import threadpool_limits

from helpers import calibration, datasets, demos, evidence, metrics, stats
from helpers.demos.lesson08_undersampling_calibration import BETAS

T_STAR = 1 / 11


def booster(**kwargs):
    return HistGradientBoostingClassifier(random_state=42, **kwargs)


def undersampled():
    return make_pipeline(RandomUnderSampler(random_state=42), booster())


def skill(y, s):
    p = np.mean(y)
    return 1 - brier_score_loss(y, s) / (p * (1 - p))


def cost_per_case(y_true, y_pred):
    return (10 * np.sum((y_true == 1) & (y_pred == 0)) + np.sum((y_true == 0) & (y_pred == 1))) / len(y_true)


@pytest.fixture(scope="module")
def satimage():
    """satimage and the out-of-fold probabilities of the lesson's three boosters."""
    X, y = datasets.load("satimage")
    with threadpool_limits(limits=1):
        proba = {"plain": metrics.out_of_fold_scores(booster(), X, y),
                 "class weights": metrics.out_of_fold_scores(booster(class_weight="balanced"), X, y),
                 "under-sampled": metrics.out_of_fold_scores(undersampled(), X, y)}
    return X, y.to_numpy(), proba


# ------------------------------------------------------------------ the recommended workflow
def test_class_weights_leave_the_boosters_ranking_and_raise_its_probabilities(satimage):
    _, y, proba = satimage
    plain, weighted = proba["plain"], proba["class weights"]
    assert abs(roc_auc_score(y, weighted) - roc_auc_score(y, plain)) < 0.01
    assert average_precision_score(y, weighted) < average_precision_score(y, plain) + 0.02  # no ranking gain
    assert weighted.mean() > plain.mean() + 0.015
    assert calibration.calibration_intercept(y, weighted) < calibration.calibration_intercept(y, plain) - 0.5
    assert skill(y, weighted) < skill(y, plain)


def test_the_boosters_probabilities_are_too_low_where_t_star_decides(satimage):
    """The calibration check: over-confident (slope below 1), and the pixels scored 2% to 9% are positive
    more often than 1 in 11, so flagging them pays although t* leaves them out."""
    _, y, proba = satimage
    plain = proba["plain"]
    assert calibration.calibration_slope(y, plain) < 0.9
    band = (plain > 0.02) & (plain <= 0.09)
    assert band.sum() > 200 and y[band].mean() > T_STAR and plain[band].mean() < 0.6 * y[band].mean()


def test_the_cost_tuned_threshold_lies_below_t_star_and_costs_less_there(satimage):
    X, y, _ = satimage
    scorer = make_scorer(cost_per_case, greater_is_better=False)
    with threadpool_limits(limits=1):
        tuned = TunedThresholdClassifierCV(booster(), scoring=scorer, store_cv_results=True,
                                           cv=StratifiedKFold(5, shuffle=True, random_state=42)).fit(X, y)
    inner = pd.Series(-tuned.cv_results_["scores"], index=tuned.cv_results_["thresholds"])
    assert tuned.best_threshold_ < 0.06
    assert inner.iloc[np.argmin(np.abs(inner.index - T_STAR))] > inner.min() + 0.005
    flat = inner[inner <= 1.05 * inner.min()]
    assert flat.index.max() - flat.index.min() >= 0.02  # a flat valley: several thresholds cost about the same


def test_grid_the_tuned_threshold_spreads_more_where_positives_are_few():
    folds = evidence.load_folds()
    tuned = folds[folds["method"] == "tuned_threshold"]
    ranges = tuned.groupby(["learner", "dataset"])["threshold"].agg(lambda t: t.max() - t.min()).unstack("learner")
    one_run = folds[(folds["learner"] == "logistic_regression") & (folds["method"] == "none") & (folds["repeat"] == 0)]
    positives = one_run.groupby("dataset")["positives_test"].sum()
    booster_ranges = ranges["hist_gradient_boosting"]
    assert booster_ranges[positives < 100].median() > 3 * booster_ranges[positives >= 300].median()
    narrower = (ranges["logistic_regression"] < booster_ranges).sum()
    assert narrower >= 10  # 13 of 20
    assert ranges["logistic_regression"].median() < booster_ranges.median()


# ------------------------------------------------------------------ what resampling does to it
def test_at_the_recall_of_undersampling_the_plain_booster_is_more_precise(satimage):
    X, y, proba = satimage
    gains = []
    for _, test in StratifiedKFold(5, shuffle=True, random_state=42).split(X, y):
        yt, plain, rus = y[test], proba["plain"][test], proba["under-sampled"][test]
        found = int(np.sum((rus >= 0.5) & (yt == 1)))  # what under-sampling finds at 0.5
        # both models read at the score of their found-th positive (no negatives between it and 0.5 counted)
        theirs = rus >= np.sort(rus[yt == 1])[::-1][found - 1]
        mine = plain >= np.sort(plain[yt == 1])[::-1][found - 1]
        assert np.sum(mine & (yt == 1)) == np.sum(theirs & (yt == 1)) == found  # the same recall
        gains.append(found / mine.sum() - found / theirs.sum())
    result = stats.corrected_difference(gains, 1 / 4)
    assert min(gains) > 0 and result["ci_low"] > 0 and result["difference"] > 0.03  # 0.072 [0.025, 0.119]


def test_undersampling_costs_the_booster_ranking_and_its_probabilities(satimage):
    _, y, proba = satimage
    rus, plain = proba["under-sampled"], proba["plain"]
    assert average_precision_score(y, rus) < average_precision_score(y, plain) - 0.03
    assert skill(y, rus) < 0 < skill(y, plain)  # worse than the no-skill forecast
    assert rus.mean() > 2 * y.mean()


def test_grid_undersampling_plus_correction_never_beats_the_tuned_threshold_of_a_strong_learner():
    folds = evidence.load_folds()
    cost = folds.pivot_table(index=["learner", "dataset", "fold"], columns="method", values="cost_per_case")
    for learner in ["logistic_regression", "random_forest", "hist_gradient_boosting"]:
        rows = [stats.corrected_difference((c["rus_prior_corrected"] - c["tuned_threshold"]).to_numpy(), 1 / 4)
                for _, c in cost.loc[learner].groupby(level="dataset")]
        table = pd.DataFrame(rows)
        p_holm = stats.holm(table["p_value"].to_numpy())
        better = sum(stats.verdict(lo, hi, lower_is_better=True, p_adjusted=p) == "better"
                     for lo, hi, p in zip(table["ci_low"], table["ci_high"], p_holm))
        assert better == 0, learner
        assert (table["difference"] > 0).sum() >= 12 and table["difference"].median() > 0, learner  # 13-19 of 20


# ------------------------------------------------------------------ the repairs
def test_dal_pozzolo_repairs_the_prior_but_not_the_slope_of_the_undersampled_booster(satimage):
    _, y, proba = satimage
    rus = proba["under-sampled"]
    fixed = calibration.dal_pozzolo_correction(rus, float(y.sum() / (y == 0).sum()))
    before, after = calibration.calibration_intercept(y, rus), calibration.calibration_intercept(y, fixed)
    assert after > before + 1.5 and skill(y, fixed) > 0.1 > skill(y, rus)
    assert abs(calibration.calibration_slope(y, fixed) - calibration.calibration_slope(y, rus)) < 1e-6
    assert skill(y, fixed) < skill(y, proba["plain"]) - 0.1
    assert roc_auc_score(y, fixed) == pytest.approx(roc_auc_score(y, rus))


def test_sigmoid_needs_fewer_positives_than_isotonic_and_neither_restores_the_plain_booster():
    X, y = datasets.load("satimage")
    X_fit, X_rest, y_fit, y_rest = train_test_split(X, y, train_size=0.4, stratify=y, random_state=42)
    X_cal, X_test, y_cal, y_test = train_test_split(X_rest, y_rest, test_size=0.5, stratify=y_rest, random_state=42)
    rng = np.random.default_rng(42)
    positive, negative = np.flatnonzero(y_cal == 1), np.flatnonzero(y_cal == 0)
    with threadpool_limits(limits=1):
        rus, plain = undersampled().fit(X_fit, y_fit), booster().fit(X_fit, y_fit)
        scores = {"sigmoid": [], "isotonic": []}
        losses = {"sigmoid": [], "isotonic": []}
        for _ in range(5):
            rows = np.r_[rng.choice(positive, 10, replace=False),
                         rng.choice(negative, round(10 * len(negative) / len(positive)), replace=False)]
            for method in scores:
                cal = CalibratedClassifierCV(FrozenEstimator(rus), method=method).fit(X_cal.iloc[rows], y_cal.iloc[rows])
                s = cal.predict_proba(X_test)[:, 1]
                scores[method].append(skill(y_test, s))
                losses[method].append(log_loss(y_test, s))
        plain_skill = skill(y_test, plain.predict_proba(X_test)[:, 1])
    assert np.mean(scores["sigmoid"]) > np.mean(scores["isotonic"]) + 0.03  # 0.339 vs 0.258
    assert np.mean(losses["isotonic"]) > np.mean(losses["sigmoid"]) + 0.1  # isotonic's zeros
    assert skill(y_test, rus.predict_proba(X_test)[:, 1]) < 0 < min(scores["sigmoid"])  # the sigmoid repairs ...
    assert max(scores["sigmoid"]) < plain_skill - 0.05  # ... but gives back no data


def test_the_prior_odds_correction_fits_a_population_where_positives_are_rarer(satimage):
    _, y, proba = satimage
    keep = metrics.keep_minority_share(y, 0.02, random_state=42)
    y_new, p_new = y[keep], proba["plain"][keep]
    factor = (y_new.mean() / (1 - y_new.mean())) / (y.mean() / (1 - y.mean()))
    fixed = calibration.dal_pozzolo_correction(p_new, factor)
    assert abs(fixed.mean() - y_new.mean()) < abs(p_new.mean() - y_new.mean()) / 3
    assert skill(y_new, fixed) > skill(y_new, p_new) + 0.1
    raw_cost, fixed_cost = (cost_per_case(y_new, (s >= T_STAR).astype(int)) for s in (p_new, fixed))
    assert fixed_cost < raw_cost - 0.005 and (fixed >= T_STAR).sum() < (p_new >= T_STAR).sum()


def test_decision_curve_the_undersampled_booster_loses_net_benefit_as_the_threshold_rises():
    X, y = datasets.load("thyroid")
    with threadpool_limits(limits=1):
        plain, rus = (metrics.out_of_fold_scores(m, X, y) for m in (booster(), undersampled()))
    y = y.to_numpy()

    def net_benefit(score, t):
        flagged = score >= t
        return (np.sum(flagged & (y == 1)) - np.sum(flagged & (y == 0)) * t / (1 - t)) / len(y)

    for t in (0.2, 0.3, 0.5):
        assert net_benefit(plain, t) > net_benefit(rus, t) + 0.005, t
    for t in (0.05, 0.1, 0.2, 0.5):  # the plain booster beats flagging everybody and flagging nobody
        assert net_benefit(plain, t) > max(0.0, y.mean() - (1 - y.mean()) * t / (1 - t)) + 0.02, t
    # net benefit is the cost read the other way up: prevalence - cost per case / c_miss at c_fa / c_miss = t / (1 - t)
    assert net_benefit(plain, 1 / 11) == pytest.approx(y.mean() - cost_per_case(y, (plain >= 1 / 11).astype(int)) / 10)


# ------------------------------------------------------------------ the sweep of logistic regressions and its demo
@pytest.fixture(scope="module")
def states():
    demo = demos.undersampling_calibration()  # fits the lesson's sweep itself (same code as the lesson's cell)
    return [demo.update(beta=b) for b in BETAS], demo  # from 1.0 down to 0.11


def test_undersampling_shifts_a_logistic_regressions_intercept_by_about_ln_beta(states):
    states, demo = states
    assert max(abs(s["measured_shift"] - s["predicted_shift"]) for s in states) < 0.25
    y = datasets.load("satimage")[1]
    assert abs(states[-1]["measured_shift"] + np.log(datasets.imbalance_ratio(y))) < 0.3  # balanced: -ln(ratio)
    assert max(s["roc_auc"] for s in states) - min(s["roc_auc"] for s in states) < 0.03
    assert demo.errors == []


def test_keeping_fewer_majority_rows_inflates_the_mean_probability_and_the_correction_puts_it_back(states):
    states, _ = states
    mean = [s["mean_prob"] for s in states]
    shift = [s["measured_shift"] for s in states]
    assert mean == sorted(mean) and mean[-1] > 3 * mean[0]
    assert shift == sorted(shift, reverse=True) and shift[-1] < -1.8
    assert all(abs(s["mean_prob_corrected"] - s["prevalence"]) < 0.02 for s in states)
    hard = [s for s in states if s["beta"] <= 0.5]
    assert all(s["brier_corrected"] < s["brier"] - 0.005 for s in hard)
    assert all(abs(s["brier_corrected"] - states[0]["brier"]) < 0.01 for s in states)  # back to the plain model


def test_the_demo_takes_the_lessons_sweep_and_refuses_a_wrong_one(states):
    states, _ = states
    y, computed = demos.lesson08_undersampling_calibration._sweep_scores("satimage")
    demo = demos.undersampling_calibration(scores=dict(zip(BETAS, computed)))
    assert demo.update(beta=0.2)["mean_prob"] == pytest.approx(states[BETAS.index(0.2)]["mean_prob"])
    with pytest.raises(ValueError, match="each beta"):
        demos.undersampling_calibration(scores={1.0: computed[0]})


def test_the_picture_and_readout_follow_the_slider():
    demo = demos.undersampling_calibration()
    before = demo.image.value
    demo.controls["beta"].value = 0.2
    assert demo.last_state["beta"] == 0.2 and demo.errors == []
    assert demo.image.value != before and "Keeping 20% of the majority rows" in demo.readout.value
    point = demo.figure.axes[1].lines[-1]
    assert point.get_ydata()[0] == demo.last_state["measured_shift"]


# ------------------------------------------------------------------ helpers.calibration
def test_calibration_intercept_matches_a_logistic_fit_with_an_offset():
    rng = np.random.default_rng(42)
    p = rng.uniform(0.05, 0.6, 2000)
    y = (rng.uniform(size=2000) < p / 2).astype(int)  # true risk is about half what p says
    a = calibration.calibration_intercept(y, p)
    assert a < -0.5
    offset = np.log(p / (1 - p))  # at the optimum the score equation holds: mean of sigmoid(a + offset) = mean y
    assert abs((1 / (1 + np.exp(-(a + offset)))).sum() - y.sum()) < 1e-6


def test_calibration_slope_sees_over_confidence():
    rng = np.random.default_rng(42)
    true = rng.uniform(0.05, 0.95, 5000)
    y = (rng.uniform(size=true.size) < true).astype(int)
    logit = np.log(true / (1 - true))
    extreme = 1 / (1 + np.exp(-2 * logit))  # twice the log-odds: too close to 0 and 1
    assert calibration.calibration_slope(y, extreme) == pytest.approx(0.5, abs=0.08)


@pytest.mark.parametrize("bad, error", [(0.0, ValueError), (-1.0, ValueError), (float("inf"), ValueError),
                                        ("0.5", TypeError), (True, TypeError)])
def test_dal_pozzolo_refuses_a_bad_beta(bad, error):
    with pytest.raises(error, match="beta"):
        calibration.dal_pozzolo_correction([0.2, 0.4], bad)


def test_the_odds_correction_undoes_itself_with_one_over_beta():
    p = np.array([0.01, 0.2, 0.5, 0.9])
    there = calibration.dal_pozzolo_correction(p, 0.25)
    assert calibration.dal_pozzolo_correction(there, 4.0) == pytest.approx(p)


def test_bad_probabilities_are_refused():
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        calibration.dal_pozzolo_correction([0.2, 1.4], 0.5)
    with pytest.raises(ValueError, match="one class"):
        calibration.calibration_intercept([0, 0], [0.2, 0.3])


# ------------------------------------------------------------------ the evidence grid, learner by learner
def test_grid_class_weights_damage_logistic_regressions_probabilities_and_cost():
    assert grid_claims.counts("ranking", "logistic_regression", "class_weight")["better"] == 0
    assert grid_claims.counts("probability quality", "logistic_regression", "class_weight")["worse"] >= 13  # 17
    assert grid_claims.counts("cost at 10:1", "logistic_regression", "class_weight")["worse"] >= 9  # 13
    assert grid_claims.counts("probability quality", "decision_tree", "class_weight")["worse"] <= 2  # 0


def test_grid_class_weights_on_satimages_booster_change_no_ranking():
    cell = evidence.cell(grid_claims.grid(), "satimage", "hist_gradient_boosting", "class_weight").set_index("metric")
    assert (cell.loc[["roc_auc", "average_precision"], "verdict"] == "no detectable difference").all()
    assert cell.loc["average_precision", "ci_high"] < 0.03 and cell.loc["brier_skill", "difference"] < 0


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
