"""helpers.evaluation: scores match scikit-learn, compare is leakage-free and its intervals are sane."""

import numpy as np
import pandas as pd
import pytest
from imblearn.base import BaseSampler
from imblearn.over_sampling import ADASYN, SMOTE, RandomOverSampler
from imblearn.combine import SMOTEENN
from imblearn.pipeline import make_pipeline as imb_make_pipeline
from imblearn.under_sampling import NearMiss
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, f1_score, recall_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline as sk_make_pipeline
from sklearn.svm import LinearSVC

from helpers import datasets, evaluation


@pytest.fixture(scope="module")
def yeast():
    return datasets.load("yeast")


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

    def test_always_no_scores_zero_recall_without_warnings(self):
        y = np.r_[np.zeros(95, int), np.ones(5, int)]
        row = evaluation.scores(y, np.zeros(100, int))
        assert row["accuracy"] == 0.95 and row["recall"] == 0 and row["precision"] == 0
        assert row["balanced_accuracy"] == 0.5 and row["mcc"] == 0
        assert "roc_auc" not in row.index

    def test_brier_is_nan_for_decision_function_scores(self):
        row = evaluation.scores([0, 1, 0, 1], [0, 1, 0, 1], [-2.0, 3.0, -1.0, 0.5])
        assert np.isnan(row["brier"]) and row["roc_auc"] == 1.0

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
        res = evaluation.compare({"none": None, "ROS": RandomOverSampler(random_state=42)}, X, y, progress=False)
        assert list(res.columns) == ["candidate", "metric", "mean", "std", "ci_low", "ci_high", "fit_time", "n_folds"]
        assert res["candidate"].unique().tolist() == ["none", "ROS"]
        assert res["metric"].unique().tolist() == list(evaluation.DEFAULT_METRICS)
        assert (res["n_folds"] == 15).all()
        assert ((res["ci_low"] <= res["mean"]) & (res["mean"] <= res["ci_high"])).all()
        assert ((res["ci_low"] >= 0) & (res["ci_high"] <= 1)).all()
        assert (res["fit_time"] > 0).all()

    def test_samplers_only_see_training_folds(self, yeast):
        X, y = yeast
        SpySampler.seen.clear()
        cv = StratifiedKFold(5, shuffle=True, random_state=0)
        evaluation.compare({"spy": SpySampler()}, X, y, cv=cv, progress=False)
        train_sizes = sorted(len(tr) for tr, _ in cv.split(X, y))
        assert sorted(SpySampler.seen) == train_sizes
        assert max(SpySampler.seen) < len(y)

    def test_same_folds_for_every_candidate(self, yeast):
        X, y = yeast
        _, folds = evaluation.compare({"a": None, "b": None}, X, y, metrics=["roc_auc"], progress=False,
                                      return_folds=True)
        a = folds[folds["candidate"] == "a"]["value"].to_numpy()
        b = folds[folds["candidate"] == "b"]["value"].to_numpy()
        np.testing.assert_allclose(a, b)  # identical pipelines on identical folds

    def test_parallel_matches_sequential(self, yeast):
        X, y = yeast
        cands = {"none": None, "SMOTE": SMOTE(random_state=42)}
        seq = evaluation.compare(cands, X, y, cv=3, progress=False)
        par = evaluation.compare(cands, X, y, cv=3, progress=False, n_jobs=2)
        pd.testing.assert_series_equal(seq["mean"], par["mean"], atol=1e-9)

    def test_estimators_pipelines_and_decision_functions(self, yeast):
        X, y = yeast
        res = evaluation.compare({
            "hgb": HistGradientBoostingClassifier(max_iter=20, random_state=42),
            "pipe": imb_make_pipeline(SMOTE(random_state=42), LogisticRegression(max_iter=1000)),
            "svm": sk_make_pipeline(evaluation.preprocessor(X), LinearSVC()),
        }, X, y, cv=3, metrics=["roc_auc", "brier", "recall"], progress=False)
        svm = res[res["candidate"] == "svm"].set_index("metric")["mean"]
        assert svm["roc_auc"] > 0.8 and np.isnan(svm["brier"])  # decision_function: no Brier score

    def test_mixed_types_and_missing_values_work_with_a_bare_sampler(self):
        X, y = datasets.load("thyroid")
        res = evaluation.compare({"SMOTE": SMOTE(random_state=42)}, X, y, cv=3, metrics=["roc_auc"], progress=False)
        assert res["mean"].iloc[0] > 0.9

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
            evaluation.compare({"s": sampler}, X, y, progress=False)

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
            evaluation.compare({"a": None}, X, y, metrics=["auc"], progress=False)
        with pytest.raises(ValueError, match="at least 2 folds"):
            evaluation.compare({"a": None}, X, y, cv=1, progress=False)
        with pytest.raises(TypeError, match="splitter"):
            evaluation.compare({"a": None}, X, y, cv="five", progress=False)

    def test_too_many_folds_for_the_minority(self):
        X, y = datasets.load("page_blocks")  # 28 minority rows
        with pytest.raises(ValueError, match="no minority rows"):
            evaluation.compare({"a": None}, X, y, cv=40, progress=False)


class TestTablesAndDifferences:
    def test_summary_table_and_difference(self, yeast):
        X, y = yeast
        res, folds = evaluation.compare(
            {"none": None, "dummy": DummyClassifier(strategy="prior")}, X, y, progress=False, return_folds=True)
        table = evaluation.summary_table(res, metrics=["roc_auc", "recall"])
        assert table.index.tolist() == ["none", "dummy"] and table.columns.tolist() == ["roc_auc", "recall"]
        assert table.loc["dummy", "roc_auc"] == "0.500 [0.500, 0.500]"
        diff = evaluation.difference(folds, baseline="dummy", metric="roc_auc")
        assert diff.loc[0, "verdict"] == "better" and diff.loc[0, "difference"] > 0.3
        worse = evaluation.difference(folds, baseline="none", metric="roc_auc")
        assert worse.loc[0, "verdict"] == "worse"

    def test_difference_for_brier_treats_lower_as_better(self, yeast):
        X, y = yeast
        _, folds = evaluation.compare({"none": None, "ROS": RandomOverSampler(random_state=42)}, X, y,
                                      progress=False, return_folds=True)
        diff = evaluation.difference(folds, "none", "brier")
        assert diff.loc[0, "difference"] > 0 and diff.loc[0, "verdict"] == "worse"  # resampling hurts calibration

    def test_bad_inputs(self, yeast):
        with pytest.raises(TypeError, match="DataFrame returned by compare"):
            evaluation.summary_table(pd.DataFrame({"a": [1]}))
        X, y = yeast
        _, folds = evaluation.compare({"none": None}, X, y, cv=3, metrics=["roc_auc"], progress=False,
                                      return_folds=True)
        with pytest.raises(ValueError, match="Unknown baseline"):
            evaluation.difference(folds, "SMOTE", "roc_auc")
        with pytest.raises(ValueError, match="No scores for metric"):
            evaluation.difference(folds, "none", "recall")


def test_with_preprocessing_names_steps_uniquely():
    X = pd.DataFrame({"a": [0.0, 1.0], "c": pd.Categorical(["x", "y"])})
    pipe = evaluation.with_preprocessing(X, RandomOverSampler(), RandomOverSampler(), LogisticRegression())
    assert [n for n, _ in pipe.steps] == ["preprocess", "randomoversampler", "randomoversampler-2",
                                          "logisticregression"]
    with pytest.raises(ValueError, match="final estimator"):
        evaluation.with_preprocessing(X)
