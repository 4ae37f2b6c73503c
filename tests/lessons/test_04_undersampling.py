"""Lesson 04 (04_undersampling.ipynb): its measured claims, checked loosely (a direction and a margin) so a library
upgrade that breaks the lesson breaks the build, and its live demo driven without a browser."""

import grid_claims
import numpy as np
import pandas as pd
import pytest
from imblearn.pipeline import make_pipeline
from imblearn.under_sampling import (
    CondensedNearestNeighbour,
    EditedNearestNeighbours,
    InstanceHardnessThreshold,
    NearMiss,
    OneSidedSelection,
    RandomUnderSampler,
    TomekLinks,
)
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.preprocessing import StandardScaler

from helpers import datasets, demos, evaluation, evidence, resampling

CV = RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=42)


def plain():
    """The lesson's baseline: scaling, then logistic regression (yeast is numeric)."""
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))


def with_sampler(sampler):
    return make_pipeline(StandardScaler(), sampler, LogisticRegression(max_iter=1000))


def test_random_undersampling_results_depend_on_the_seed():
    X, y = datasets.load("yeast")
    seeds = {f"seed {s}": with_sampler(RandomUnderSampler(random_state=s)) for s in range(42, 50)}
    results, folds = evaluation.compare({"no resampling": plain(), **seeds}, X, y, cv=5, progress=False,
                                        return_folds=True, metrics=["roc_auc", "average_precision", "brier"])
    spread = resampling.seed_spread(folds, seeds)
    assert spread.loc["average_precision", "mean range"] > 0.1  # measured: 0.218
    means = results.pivot(index="candidate", columns="metric", values="mean")
    assert (means.loc[list(seeds), "average_precision"] < means.loc["no resampling", "average_precision"]).all()
    assert (means.loc[list(seeds), "brier"] > 2 * means.loc["no resampling", "brier"]).all()


CLEANERS = {"TomekLinks": TomekLinks(), "ENN": EditedNearestNeighbours(),
            "CNN": CondensedNearestNeighbour(random_state=42), "OSS": OneSidedSelection(random_state=42),
            "IHT": InstanceHardnessThreshold(random_state=42)}


@pytest.mark.parametrize("name", CLEANERS)
def test_cleaning_methods_keep_the_minority_and_do_not_balance(name):
    X, y = datasets.make_synthetic_2d(400, minority_share=0.1, overlap=0.3, random_state=42)
    c = resampling.counts(resampling.trace(CLEANERS[name], X, y))
    assert c.loc["minority (1)", "after"] == c.loc["minority (1)", "before"] == 40
    majority = int(c.loc["majority (0)", "after"])
    assert majority < 360 and abs(majority - 40) > 8, f"{name} kept {majority} majority rows"


def test_on_yeast_undersampling_buys_recall_not_ranking():
    X, y = datasets.load("yeast")
    samplers = {"RUS": RandomUnderSampler(random_state=42), "NearMiss-1": NearMiss(version=1),
                "TomekLinks": TomekLinks(), "ENN": EditedNearestNeighbours(),
                "OSS": OneSidedSelection(random_state=42)}
    judged = ["roc_auc", "average_precision", "recall", "brier"]
    _, folds = evaluation.compare({"no resampling": plain(), **{n: with_sampler(s) for n, s in samplers.items()}},
                                  X, y, cv=CV, progress=False, return_folds=True, metrics=judged)
    table = evaluation.difference(folds, "no resampling", judged)  # one call: Holm over the lesson's 20 rows

    def d(metric):
        return table[table["metric"] == metric].set_index("candidate")

    assert d("recall").loc["RUS", "verdict"] == "better"
    assert d("average_precision").loc["RUS", "difference"] < 0
    assert d("brier").loc["RUS", "verdict"] == "worse"
    assert (d("roc_auc")["difference"] < 0.005).all()  # no under-sampler improved the ranking
    assert d("average_precision").loc["NearMiss-1", "difference"] < d("average_precision").loc["RUS", "difference"]
    assert abs(d("average_precision").loc["TomekLinks", "difference"]) < 0.02  # cleaning: little change
    assert np.isfinite(d("roc_auc")["difference"]).all()


def test_nearmiss_versions():
    demo = demos.nearmiss_versions()
    for k in demo.controls["n_neighbors"].options:
        one, two, three = (demo.update(version=v, n_neighbors=k) for v in (1, 2, 3))
        assert one["kept"] == two["kept"] == one["n_minority"], "versions 1 and 2 balance exactly"
        assert one["warning"] == two["warning"] == ""
        assert three["kept"] <= three["n_minority"]
        if three["kept"] < three["n_minority"]:
            assert three["warning"] and "not balanced" in demo.readout.value
        assert len(three["kept_xy"]) + len(three["removed_xy"]) == len(one["kept_xy"]) + len(one["removed_xy"])
    assert demo.update(version=1, n_neighbors=3)["kept_xy"].tolist() != demo.update(version=3)["kept_xy"].tolist()
    assert demo.errors == []


# ------------------------------------------------------------------ the evidence grid, learner by learner
def test_grid_random_undersampling_damages_every_learners_probabilities_and_boostings_ranking():
    for learner in evidence.CORE_LEARNERS:
        assert grid_claims.counts("probability quality", learner, "random_undersampling")["worse"] >= 10  # 13-18
    for learner in ["logistic_regression", "random_forest", "hist_gradient_boosting"]:
        assert grid_claims.counts("ranking", learner, "random_undersampling")["better"] == 0, learner
    assert grid_claims.counts("ranking", "hist_gradient_boosting", "random_undersampling")["worse"] >= 3  # 5
    knn = grid_claims.counts("ranking", "knn", "random_undersampling")
    assert knn["better"] >= 1 and knn["worse"] >= 1  # 3 and 4
    for learner in ["logistic_regression", "knn", "random_forest"]:
        assert grid_claims.counts("cost at 10:1", learner, "random_undersampling")["worse"] >= 10  # 15-16


def test_grid_enn_changes_little():
    for learner in evidence.CORE_LEARNERS:
        ranking = grid_claims.counts("ranking", learner, "enn")
        assert ranking["better"] <= 2 and ranking["worse"] <= 3, learner


def test_undersampled_kddcup_leaves_the_booster_too_few_rows_to_split():
    X, y = datasets.load("kddcup")
    train = np.flatnonzero(y)[:17].tolist() + np.flatnonzero(y == 0)[:17].tolist()  # a balanced 17 + 17
    booster = HistGradientBoostingClassifier(random_state=42).fit(pd.get_dummies(X).iloc[train], y[train])
    scores = booster.predict_proba(pd.get_dummies(X).iloc[train])[:, 1]
    assert np.ptp(scores) == 0  # min_samples_leaf=20 > 34 / 2: no split, one score for every row
    committed = evidence.cell(grid_claims.grid(), "kddcup", "hist_gradient_boosting", "random_undersampling")
    assert committed.set_index("metric").loc["average_precision", "mean"] < 0.05


def test_grid_random_undersampling_lowers_average_precision_across_datasets_for_every_learner():
    grid = grid_claims.grid()
    for learner in evidence.CORE_LEARNERS:
        d = grid.loc[(grid["learner"] == learner) & (grid["method"] == "random_undersampling")
                     & (grid["metric"] == "average_precision"), "difference"].dropna()
        d = d[d.abs() > 1e-12]
        assert (d < 0).mean() > 0.6, learner  # measured 13 of 19 (k-NN) to 19 of 20 (gradient boosting)


CORE = ["logistic_regression", "knn", "decision_tree", "random_forest", "hist_gradient_boosting"]


@pytest.mark.parametrize("metric", ["average_precision", "cost_per_case"])
def test_grid_no_undersampler_beat_lesson_02s_bar_and_rus_moved_every_learner_away(metric):
    for learner in CORE:
        for method in ["random_undersampling", "enn"]:
            assert grid_claims.bar_counts(metric, learner, method)["better"] == 0, (learner, method)
        rus = grid_claims.bar_counts(metric, learner, "random_undersampling")
        is_bar = metric == "average_precision" and learner == "hist_gradient_boosting"
        plain = 0.0 if is_bar else grid_claims.bar_counts(metric, learner, "none")["median"]
        assert (rus["median"] > plain) if metric == "cost_per_case" else (rus["median"] < plain), learner
    if metric == "cost_per_case":  # worse on 9-16 datasets for every learner but the tree
        assert all(grid_claims.bar_counts(metric, lr, "random_undersampling")["worse"] >= 8
                   for lr in CORE if lr != "decision_tree")
