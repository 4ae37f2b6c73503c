"""helpers.ensembles: imbalanced-learn 0.14's defaults as the lesson explains them, and clear errors."""

import pandas as pd
import pytest
from imblearn.ensemble import BalancedRandomForestClassifier, RUSBoostClassifier

from helpers import ensembles


def test_balanced_random_forest_defaults_are_the_ones_lesson_06_explains():
    params = BalancedRandomForestClassifier().get_params()
    assert params["sampling_strategy"] == "all" and params["replacement"] is True and params["bootstrap"] is False


def test_rusboost_is_built_without_its_deprecated_algorithm_parameter():
    X = pd.DataFrame({"a": [0.0, 1.0]})
    rus = ensembles.candidates(X, n_estimators=3)["RUSBoost"][-1]
    assert isinstance(rus, RUSBoostClassifier) and rus.get_params()["algorithm"] == "deprecated"


def test_every_candidate_is_named_and_seeded():
    X = pd.DataFrame({"a": [0.0, 1.0]})
    pool = ensembles.candidates(X, n_estimators=3)
    assert len(pool) == 7 and set(ensembles.PLAIN) <= set(pool)
    assert all(pipe[-1].get_params()["random_state"] == 42 for pipe in pool.values())


@pytest.mark.parametrize("bad", [0, -3, 2.5, "50", True])
def test_bad_n_estimators_is_refused_with_advice(bad):
    with pytest.raises(ValueError, match="n_estimators must be a whole number"):
        ensembles.candidates(pd.DataFrame({"a": [0.0]}), n_estimators=bad)


def test_unknown_candidate_and_bad_strategy_are_refused():
    with pytest.raises(ValueError, match="choose from"):
        ensembles.compare_on("yeast", ["XGBoost"])
    with pytest.raises(ValueError, match="between the data's own minority/majority ratio"):
        ensembles.strategy_sweep("yeast", [0.001])
    with pytest.raises(ValueError, match="n_repeats"):
        ensembles.lesson_cv(0)


def test_parallel_comparison_gives_the_same_scores():
    """compare_on's two worker processes change only the wall-clock time, never a score."""
    names = ["BalancedRandomForest", "RUSBoost"]
    one = ensembles.compare_on("yeast", names, n_estimators=5, metrics_=["roc_auc", "recall"], n_jobs=1)[1]
    two = ensembles.compare_on("yeast", names, n_estimators=5, metrics_=["roc_auc", "recall"], n_jobs=2)[1]
    pd.testing.assert_frame_equal(one.drop(columns="fit_time"), two.drop(columns="fit_time"))
