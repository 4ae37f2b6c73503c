"""helpers.evaluation: scores match scikit-learn, compare is cross_validate (leakage-free, explicit candidates),
undefined metrics are NaN, intervals are never degenerate, verdicts are paired and Holm-adjusted."""

import numpy as np
import pandas as pd
import pytest
from imblearn.base import BaseSampler
from imblearn.combine import SMOTEENN
from imblearn.over_sampling import ADASYN, SMOTE, RandomOverSampler
from imblearn.pipeline import make_pipeline as imb_make_pipeline
from imblearn.under_sampling import NearMiss
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, f1_score, recall_score, roc_auc_score
from sklearn.model_selection import RepeatedStratifiedKFold, StratifiedKFold, cross_validate
from sklearn.pipeline import make_pipeline as sk_make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from helpers import datasets, evaluation


@pytest.fixture(scope="module")
def yeast():
    return datasets.load("yeast")


def plain():
    return sk_make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))


def resampled(sampler):
    return imb_make_pipeline(StandardScaler(), sampler, LogisticRegression(max_iter=1000))


class TestScores:
    def test_matches_sklearn(self):
        rng = np.random.default_rng(0)
        y = rng.integers(0, 2, 300)
        s = np.clip(y * 0.3 + rng.random(300) * 0.7, 0, 1)
        pred = (s > 0.5).astype(int)
        row = evaluation.scores(y, pred, s)
        assert row["recall"] == pytest.approx(recall_score(y, pred))
        assert row["f1"] == pytest.approx(f1_score(y, pred))
        assert row["roc_auc"] == pytest.approx(roc_auc_score(y, s))
        assert row["average_precision"] == pytest.approx(average_precision_score(y, s))
        assert list(row.index) == list(evaluation.ALL_METRICS)

    def test_always_no_scores_zero_recall_and_undefined_precision_without_warnings(self):
        y = np.r_[np.zeros(95, int), np.ones(5, int)]
        row = evaluation.scores(y, np.zeros(100, int))
        assert row["accuracy"] == 0.95 and row["recall"] == 0 and np.isnan(row["precision"])
        assert row["balanced_accuracy"] == 0.5 and row["mcc"] == 0
        assert "roc_auc" not in row.index

    def test_brier_is_nan_for_decision_function_scores(self):
        row = evaluation.scores([0, 1, 0, 1], [0, 1, 0, 1], [-2.0, 3.0, -1.0, 0.5])
        assert np.isnan(row["brier"]) and row["roc_auc"] == 1.0

    def test_probability_quality_comes_with_its_no_skill_reference(self):
        y = np.r_[np.zeros(90, int), np.ones(10, int)]
        prevalence = np.full(100, 0.1)
        row = evaluation.scores(y, np.zeros(100, int), prevalence)
        assert row["brier"] == pytest.approx(0.09) and row["brier_no_skill"] == pytest.approx(0.09)
        assert row["brier_skill"] == pytest.approx(0.0, abs=1e-12)
        perfect = evaluation.scores(y, y, y * 0.98 + 0.01)
        assert perfect["brier_skill"] > 0.99 and perfect["log_loss"] < 0.02

    @pytest.mark.parametrize("y_pred, y_score, match", [
        ([0, 1, 2, 1], None, "0/1 labels"),
        ([0, 1, 1], None, "one predicted label per row"),
        ([0, 1, 0, 1], [[0.9, 0.1]] * 4, r"predict_proba\(X\)\[:, 1\]"),
        ([0, 1, 0, 1], [0.1, 0.2], "must match"),
        ([0, 1, 0, 1], [0.1, np.nan, 0.3, 0.4], "NaN"),
    ])
    def test_bad_predictions(self, y_pred, y_score, match):
        with pytest.raises(ValueError, match=match):
            evaluation.scores([0, 1, 0, 1], y_pred, y_score)

    def test_one_class_truth(self):
        with pytest.raises(ValueError, match="only one class"):
            evaluation.scores([0, 0, 0], [0, 1, 0])


class SpySampler(BaseSampler):
    """A sampler that records how many rows it is asked to resample (and changes nothing)."""

    _sampling_type = "bypass"
    _parameter_constraints: dict = {}
    seen: list = []

    def __init__(self):
        super().__init__()
        self.sampling_strategy = "auto"

    def _fit_resample(self, X, y):
        SpySampler.seen.append(len(y))
        return X, y


class TestCompare:
    def test_tidy_output(self, yeast):
        X, y = yeast
        res = evaluation.compare({"none": plain(), "ROS": resampled(RandomOverSampler(random_state=42))}, X, y,
                                 progress=False)
        assert list(res.columns) == ["candidate", "metric", "mean", "std", "ci_low", "ci_high", "fit_time",
                                     "n_folds", "n_undefined"]
        assert res["candidate"].unique().tolist() == ["none", "ROS"]
        assert res["metric"].unique().tolist() == list(evaluation.DEFAULT_METRICS) + ["brier_no_skill"]
        assert (res["n_folds"] + res["n_undefined"] == 15).all()  # plain LR predicts no positive on 1 fold
        judged = res[res["metric"] != "brier_no_skill"]
        assert ((judged["ci_low"] <= judged["mean"]) & (judged["mean"] <= judged["ci_high"])).all()
        assert ((judged["ci_low"] >= 0) & (judged["ci_high"] <= 1)).all()
        assert (res["fit_time"] > 0).all()

    def test_it_is_cross_validate(self, yeast):
        """compare runs cross_validate on the candidate: the same folds give the same fold scores."""
        X, y = yeast
        cv = RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=42)
        _, folds = evaluation.compare({"lr": plain()}, X, y, cv=cv, metrics=["roc_auc", "average_precision"],
                                      progress=False, return_folds=True)
        direct = cross_validate(plain(), X, y, cv=cv, scoring=["roc_auc", "average_precision"])
        for metric in ["roc_auc", "average_precision"]:
            ours = folds[folds["metric"] == metric]["value"].to_numpy()
            np.testing.assert_allclose(ours, direct[f"test_{metric}"], rtol=1e-12)

    def test_samplers_only_see_training_folds(self, yeast):
        X, y = yeast
        SpySampler.seen.clear()
        cv = StratifiedKFold(5, shuffle=True, random_state=0)
        evaluation.compare({"spy": imb_make_pipeline(SpySampler(), LogisticRegression(max_iter=1000))}, X, y,
                           cv=cv, progress=False)
        train_sizes = sorted(len(tr) for tr, _ in cv.split(X, y))
        assert sorted(SpySampler.seen) == train_sizes
        assert max(SpySampler.seen) < len(y)

    def test_same_folds_for_every_candidate(self, yeast):
        X, y = yeast
        _, folds = evaluation.compare({"a": plain(), "b": plain()}, X, y, metrics=["roc_auc"], progress=False,
                                      return_folds=True)
        a = folds[folds["candidate"] == "a"]["value"].to_numpy()
        b = folds[folds["candidate"] == "b"]["value"].to_numpy()
        np.testing.assert_allclose(a, b)  # identical pipelines on identical folds

    def test_parallel_matches_sequential(self, yeast):
        X, y = yeast
        cands = {"none": plain(), "SMOTE": resampled(SMOTE(random_state=42))}
        seq = evaluation.compare(cands, X, y, cv=3, progress=False)
        par = evaluation.compare(cands, X, y, cv=3, progress=False, n_jobs=2)
        pd.testing.assert_series_equal(seq["mean"], par["mean"], atol=1e-9)

    def test_estimators_pipelines_and_decision_functions(self, yeast):
        X, y = yeast
        res = evaluation.compare({
            "hgb": HistGradientBoostingClassifier(max_iter=20, random_state=42),
            "pipe": imb_make_pipeline(SMOTE(random_state=42), LogisticRegression(max_iter=1000)),
            "svm": sk_make_pipeline(StandardScaler(), LinearSVC()),
        }, X, y, cv=3, metrics=["roc_auc", "brier", "recall"], progress=False)
        svm = res[res["candidate"] == "svm"].set_index("metric")["mean"]
        assert svm["roc_auc"] > 0.8 and np.isnan(svm["brier"])  # decision_function: no Brier score

    @pytest.mark.parametrize("candidate, match", [
        (None, r"is None. Write the model out, e\.g\. make_pipeline\(StandardScaler\(\), LogisticRegression"),
        (SMOTE(), r"(?s)bare SMOTE: a sampler changes the training rows but predicts nothing.*"
                  r"make_pipeline\(StandardScaler\(\), SMOTE\(random_state=42\), LogisticRegression"),
    ])
    def test_a_hidden_model_is_refused_with_the_code_to_write(self, yeast, candidate, match):
        X, y = yeast
        with pytest.raises(TypeError, match=match):
            evaluation.compare({"c": candidate}, X, y, progress=False)

    def test_sklearn_pipeline_with_a_sampler_is_refused(self, yeast):
        X, y = yeast
        bad = sk_make_pipeline(SMOTE(), LogisticRegression())
        with pytest.raises(TypeError, match="imblearn.pipeline.make_pipeline"):
            evaluation.compare({"bad": bad}, X, y, progress=False)

    @pytest.mark.parametrize("sampler, needed", [
        (SMOTE(k_neighbors=30), "k_neighbors \\+ 1 = 31"),
        (SMOTEENN(smote=SMOTE(k_neighbors=40)), "k_neighbors \\+ 1 = 41"),
        (ADASYN(n_neighbors=29), "n_neighbors \\+ 1 = 30"),
        (NearMiss(n_neighbors=40), "n_neighbors = 40"),
    ])
    def test_too_few_minority_rows_for_neighbours(self, yeast, sampler, needed):
        X, y = yeast  # 35 minority rows, so 28 in each 5-fold training split
        with pytest.raises(ValueError, match=f"needs at least {needed} minority samples; the smallest training "
                                             f"fold has 28. Lower"):
            evaluation.compare({"s": resampled(sampler)}, X, y, progress=False)

    def test_smoteenn_default_inner_smote_is_checked_too(self):
        X, y = datasets.load("page_blocks")  # 28 minority rows: 3-fold training splits hold 18 or 19
        tiny = (X.iloc[np.r_[0:200, np.flatnonzero(y)[:6]]], y.iloc[np.r_[0:200, np.flatnonzero(y)[:6]]])
        with pytest.raises(ValueError, match="SMOTE needs at least k_neighbors \\+ 1 = 6"):
            evaluation.compare({"s": resampled(SMOTEENN(random_state=42))}, *tiny, cv=3, progress=False)

    def test_missing_values_without_an_imputer(self):
        X, y = datasets.load("thyroid")
        X = X.select_dtypes("number")
        with pytest.raises(ValueError, match=r"cannot take missing values \(X has .* cells in \['TBG'"):
            evaluation.compare({"lr": LogisticRegression()}, X, y, progress=False)

    def test_categorical_columns_without_an_encoder(self):
        X, y = datasets.load("kddcup")
        with pytest.raises(ValueError, match=r"categorical columns \['protocol_type', 'service', 'flag'\]"):
            evaluation.compare({"lr": LogisticRegression()}, X, y, cv=3, progress=False)

    @pytest.mark.parametrize("candidates, error, match", [
        ({}, TypeError, "non-empty dict"),
        ([None], TypeError, "non-empty dict"),
        ({"x": "SMOTE"}, TypeError, "not an estimator"),
    ])
    def test_bad_candidates(self, yeast, candidates, error, match):
        X, y = yeast
        with pytest.raises(error, match=match):
            evaluation.compare(candidates, X, y, progress=False)

    def test_bad_metric_and_cv(self, yeast):
        X, y = yeast
        with pytest.raises(ValueError, match="choose from accuracy"):
            evaluation.compare({"a": plain()}, X, y, metrics=["auc"], progress=False)
        with pytest.raises(ValueError, match="at least 2 folds"):
            evaluation.compare({"a": plain()}, X, y, cv=1, progress=False)
        with pytest.raises(TypeError, match="splitter"):
            evaluation.compare({"a": plain()}, X, y, cv="five", progress=False)

    def test_too_many_folds_for_the_minority(self):
        X, y = datasets.load("page_blocks")  # 28 minority rows
        with pytest.raises(ValueError, match="no minority rows"):
            evaluation.compare({"a": plain()}, X, y, cv=40, progress=False)


class TestStatisticsThatCarryAVerdict:
    def test_undefined_precision_is_nan_and_counted(self, yeast):
        """A fold where nothing is predicted positive has no precision: NaN, never 0, and counted."""
        X, y = yeast
        res, folds = evaluation.compare({"never": DummyClassifier(strategy="most_frequent")}, X, y,
                                        metrics=["precision", "recall"], progress=False, return_folds=True)
        row = res.set_index("metric").loc["precision"]
        assert np.isnan(row["mean"]) and row["n_undefined"] == 15 and row["n_folds"] == 0
        assert "undefined" in evaluation.summary_table(res).loc["never", "precision"]

    def test_no_degenerate_interval_for_a_rate_found_every_time(self):
        """28 of 28 positives found reads 1.000 [0.879, 1.000] (Wilson), never [1.000, 1.000]."""
        X, y = datasets.load("page_blocks")
        res = evaluation.compare({"always yes": DummyClassifier(strategy="constant", constant=1)}, X, y,
                                 metrics=["recall"], progress=False)
        row = res.iloc[0]
        assert row["mean"] == 1.0 and row["ci_high"] == 1.0
        assert row["ci_low"] == pytest.approx(0.879, abs=0.002)

    def test_no_interval_from_fewer_than_five_folds(self, yeast):
        X, y = yeast
        res = evaluation.compare({"lr": plain()}, X, y, cv=3, metrics=["roc_auc"], progress=False)
        assert np.isnan(res["ci_low"].iloc[0]) and res["n_folds"].iloc[0] == 3
        assert evaluation.summary_table(res).iloc[0, 0].endswith("(3 folds: no interval)")

    def test_no_verdict_from_fewer_than_ten_paired_folds(self, yeast):
        X, y = yeast
        _, folds = evaluation.compare({"lr": plain(), "dummy": DummyClassifier()}, X, y, cv=5,
                                      metrics=["roc_auc"], progress=False, return_folds=True)
        diff = evaluation.difference(folds, "dummy", "roc_auc").iloc[0]
        assert diff["verdict"] == "not judged" and "5 paired folds" in diff["reading"]

    def test_holm_adjusts_over_the_whole_table(self, yeast):
        X, y = yeast
        _, folds = evaluation.compare({"none": plain(), "ROS": resampled(RandomOverSampler(random_state=42)),
                                       "SMOTE": resampled(SMOTE(random_state=42))}, X, y, progress=False,
                                      return_folds=True, metrics=["roc_auc", "recall", "brier"])
        table = evaluation.difference(folds, "none", ["roc_auc", "recall", "brier"])
        assert len(table) == 6 and (table["p_holm"] >= table["p_value"]).all()
        assert table["p_holm"].max() <= 1
        # a verdict is only drawn when the adjusted p-value is below 0.05 too
        judged = table[table["verdict"].isin(["better", "worse"])]
        assert (judged["p_holm"] < 0.05).all()
        flat = table[table["verdict"] == "no detectable difference"]
        assert flat["reading"].str.startswith("rules out a gain larger than").all() or flat.empty


class TestTablesAndDifferences:
    def test_summary_table_and_difference(self, yeast):
        X, y = yeast
        res, folds = evaluation.compare(
            {"none": plain(), "dummy": DummyClassifier(strategy="prior")}, X, y, progress=False, return_folds=True)
        table = evaluation.summary_table(res, metrics=["roc_auc", "recall"])
        assert table.index.tolist() == ["none", "dummy"] and table.columns.tolist() == ["roc_auc", "recall"]
        assert table.loc["dummy", "roc_auc"] == "0.500 [0.500, 0.500]"  # a constant forecast ranks nothing
        diff = evaluation.difference(folds, baseline="dummy", metric="roc_auc")
        assert diff.loc[0, "verdict"] == "better" and diff.loc[0, "difference"] > 0.3
        worse = evaluation.difference(folds, baseline="none", metric="roc_auc")
        assert worse.loc[0, "verdict"] == "worse"

    def test_difference_for_brier_treats_lower_as_better(self, yeast):
        X, y = yeast
        _, folds = evaluation.compare({"none": plain(), "ROS": resampled(RandomOverSampler(random_state=42))}, X, y,
                                      progress=False, return_folds=True)
        diff = evaluation.difference(folds, "none", "brier")
        assert diff.loc[0, "difference"] > 0 and diff.loc[0, "verdict"] == "worse"  # resampling hurts calibration

    def test_bad_inputs(self, yeast):
        with pytest.raises(TypeError, match="DataFrame returned by compare"):
            evaluation.summary_table(pd.DataFrame({"a": [1]}))
        X, y = yeast
        _, folds = evaluation.compare({"none": plain()}, X, y, cv=3, metrics=["roc_auc"], progress=False,
                                      return_folds=True)
        with pytest.raises(ValueError, match="Unknown baseline"):
            evaluation.difference(folds, "SMOTE", "roc_auc")
        with pytest.raises(ValueError, match="No scores for metric"):
            evaluation.difference(folds, "none", "recall")


class TestVerdictEdgeCases:
    def _folds(self, base, cand, metric="recall"):
        n = len(base)
        rows = [{"candidate": name, "fold": i, "metric": metric, "value": v, "n_train": 80, "n_test": 20,
                 "fit_time": 0.0} for name, vals in (("base", base), ("cand", cand)) for i, v in enumerate(vals)]
        assert n == len(cand)
        return pd.DataFrame(rows)

    def test_the_same_difference_on_every_fold_is_not_a_verdict(self):
        same = evaluation.difference(self._folds([0.5] * 10, [0.5] * 10), "base", "recall").iloc[0]
        assert same["verdict"] == "not judged" and same["reading"] == "identical on every fold"
        shifted = evaluation.difference(self._folds([0.5] * 10, [0.7] * 10), "base", "recall").iloc[0]
        assert shifted["verdict"] == "not judged" and "no spread" in shifted["reading"]

    def test_an_undefined_fold_is_left_out_not_a_reason_to_withhold_the_verdict(self):
        rng = np.random.default_rng(0)
        base = list(rng.uniform(0.2, 0.3, 10))
        base[3] = np.nan
        cand = [b + 0.3 + rng.normal(0, 0.01) if not np.isnan(b) else 0.6 for b in base]
        row = evaluation.difference(self._folds(base, cand, "precision"), "base", "precision").iloc[0]
        assert row["verdict"] == "better" and row["n_folds"] == 9
        assert row["reading"].endswith("(1 of 10 folds undefined, left out)")
