"""Bad input to the public helpers gets a ValueError/TypeError that names the problem and the fix."""

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

from helpers import datasets, evaluation

X_OK = np.arange(20.0).reshape(10, 2)
Y_OK = np.array([0] * 8 + [1] * 2)


@pytest.mark.parametrize("y, error, match", [
    ([0] * 10, ValueError, "only one class"),
    (np.linspace(0, 1, 10), ValueError, r"looks continuous .* \(y > cutoff\)"),
    ([0, 1, 2] * 3 + [0], ValueError, r"3 classes .* Pick the class of interest"),
    (["no"] * 8 + ["yes"] * 2, TypeError, r"text labels \['no', 'yes'\].*y = \(y == 'no'\)\.astype\(int\)"),
    ([1] * 8 + [2] * 2, ValueError, r"coded 1/2"),
    ([-1] * 8 + [1] * 2, ValueError, r"coded -1/1"),
    ([0.0] * 8 + [1.0, np.nan], ValueError, "missing labels"),
    (pd.DataFrame({"a": Y_OK, "b": Y_OK}), ValueError, "2 columns"),
    (None, TypeError, "labels"),
])
def test_bad_targets(y, error, match):
    with pytest.raises(error, match=match):
        evaluation.compare({"lr": LogisticRegression()}, X_OK, y, progress=False)


def test_boolean_and_float_targets_are_accepted():
    from helpers._checks import as_binary_target

    assert as_binary_target(np.array([True, False])).tolist() == [1, 0]
    assert as_binary_target([0.0, 1.0]).tolist() == [0, 1]
    assert as_binary_target(pd.DataFrame({"t": [0, 1]})).tolist() == [0, 1]


@pytest.mark.parametrize("X, y, error, match", [
    (X_OK[:5], Y_OK, ValueError, "X has 5 rows but y has 10 labels"),
    (np.empty((0, 2)), [], ValueError, "X is empty"),
    (np.arange(10.0), Y_OK, ValueError, r"must be 2-D .* X.reshape\(-1, 1\)"),
    (np.empty((10, 0)), Y_OK, ValueError, "no feature columns"),
    (None, Y_OK, TypeError, "X is None"),
    (5, Y_OK, TypeError, "DataFrame or a 2-D array"),
])
def test_bad_X(X, y, error, match):
    with pytest.raises(error, match=match):
        evaluation.compare({"lr": LogisticRegression()}, X, y, progress=False)


def test_empty_target():
    with pytest.raises(ValueError, match="empty"):
        evaluation.scores([], [])


def test_smote_on_a_fold_with_too_few_minority_rows():
    from imblearn.over_sampling import SMOTE
    from imblearn.pipeline import make_pipeline

    X, y = datasets.load("kddcup")  # 22 minority rows: 14 or 15 per training fold with cv=3
    with pytest.raises(ValueError, match=r"SMOTE needs at least k_neighbors \+ 1 = 21 minority samples; the "
                                         r"smallest training fold has 14\. Lower k_neighbors \(e\.g\. "
                                         r"SMOTE\(k_neighbors=13\)\) or use RandomOverSampler"):
        evaluation.compare({"s": make_pipeline(SMOTE(k_neighbors=20), LogisticRegression())}, X, y, cv=3,
                           progress=False)
    with pytest.raises(ValueError, match="the data has 4"):
        evaluation.check_neighbours(SMOTE(), [0] * 30 + [1] * 4)
