"""Lesson 06's central claims, checked loosely (a direction and a margin) with few trees to stay fast."""

import pytest

from helpers import ensembles


@pytest.fixture(scope="module")
def page_blocks():
    return ensembles.compare_on("page_blocks", ["BalancedRandomForest", ensembles.PLAIN[0]], n_estimators=20,
                                metrics_=["roc_auc", "recall", "precision"])


def test_balanced_forest_buys_recall_with_precision_not_ranking(page_blocks):
    summary, folds = page_blocks
    mean = summary.set_index(["candidate", "metric"])["mean"]
    brf, rf = "BalancedRandomForest", ensembles.PLAIN[0]
    assert mean[brf, "recall"] > mean[rf, "recall"] + 0.1
    assert mean[brf, "precision"] < mean[rf, "precision"] - 0.3
    assert abs(mean[brf, "roc_auc"] - mean[rf, "roc_auc"]) < 0.03


def test_balanced_forest_inflates_the_minority_probability():
    table, _, _ = ensembles.probability_inflation("yeast", ["BalancedRandomForest", ensembles.PLAIN[0]],
                                                  n_estimators=20)
    assert table.loc["BalancedRandomForest", "inflation"] > 3
    assert table.loc[ensembles.PLAIN[0], "inflation"] < 1.5
    assert table.loc["BalancedRandomForest", "brier"] > table.loc[ensembles.PLAIN[0], "brier"]
