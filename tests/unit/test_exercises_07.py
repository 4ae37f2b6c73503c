"""helpers.exercises.lesson07: the bug hunt and the first rung. Right answers pass, each recognised mistake gets its hint,
placeholders never raise, and no message gives the expected value away."""

import math

import pytest
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import make_pipeline
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_validate
from sklearn.preprocessing import StandardScaler

from helpers import datasets
from helpers.exercises import lesson07

FOLDS = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)


@pytest.fixture(scope="module")
def yeast():
    return datasets.load("yeast")


@pytest.fixture(scope="module")
def fixed(yeast):
    X, y = yeast
    model = make_pipeline(StandardScaler(), SMOTE(random_state=42), SelectKBest(f_classif, k=5),
                          LogisticRegression(max_iter=1000))
    return model, cross_validate(model, X, y, cv=FOLDS, scoring="average_precision")["test_score"].mean()


def verdict(ex, answer):
    return ex.verdict(answer)


def test_bug_hunt_accepts_the_fixed_pipeline_and_its_honest_number(yeast, fixed):
    ex = lesson07.bug_hunt(*yeast, FOLDS)
    model, value = fixed
    assert verdict(ex, {"model": model, "average_precision": value, "n_leaky_steps": 3}).status == "correct"
    assert verdict(ex, {"model": model, "average_precision": round(value, 3), "n_leaky_steps": 3}).status == "correct"
    assert verdict(ex, {"model": model, "average_precision": ..., "n_leaky_steps": 3}).status == "empty"


def test_bug_hunt_recognises_each_leak(yeast, fixed):
    X, y = yeast
    ex = lesson07.bug_hunt(X, y, FOLDS)
    model, value = fixed
    no_sampler = make_pipeline(StandardScaler(), SelectKBest(f_classif, k=5), LogisticRegression(max_iter=1000))
    assert "no sampler" in verdict(ex, {"model": no_sampler, "average_precision": value, "n_leaky_steps": 3}).message
    no_selector = make_pipeline(StandardScaler(), SMOTE(random_state=42), LogisticRegression(max_iter=1000))
    assert "SelectKBest is missing" in verdict(ex, {"model": no_selector, "average_precision": value, "n_leaky_steps": 3}).message
    reordered = make_pipeline(SMOTE(random_state=42), StandardScaler(), SelectKBest(f_classif, k=5),
                              LogisticRegression(max_iter=1000))
    assert "order" in verdict(ex, {"model": reordered, "average_precision": value, "n_leaky_steps": 3}).message
    X_bal, y_bal = SMOTE(random_state=42).fit_resample(StandardScaler().fit_transform(X), y)
    X_top = SelectKBest(f_classif, k=5).fit_transform(X_bal, y_bal)
    leaky = cross_validate(LogisticRegression(max_iter=1000), X_top, y_bal, cv=FOLDS,
                           scoring="average_precision")["test_score"].mean()
    message = verdict(ex, {"model": model, "average_precision": leaky, "n_leaky_steps": 3}).message
    assert "leaky number" in message
    other = verdict(ex, {"model": model, "average_precision": value + 0.05, "n_leaky_steps": 3}).message
    assert other.startswith("Not yet") and f"{value:.3f}" not in other and f"{leaky:.3f}" not in message


def test_first_rung_right_answers_and_mistakes(yeast):
    _, y = yeast
    ex = lesson07.first_rung(y)
    share = y.mean()
    first = math.ceil(18 / (share * 4 / 5))
    assert verdict(ex, {"first_rung": first, "n_rungs": 1}).status == "correct"
    assert verdict(ex, {"first_rung": first - 1, "n_rungs": 1}).status == "correct"  # rounding to nearest
    assert "(n_splits - 1) / n_splits" in verdict(ex, {"first_rung": math.ceil(18 / share), "n_rungs": 1}).message
    assert "k_neighbors + 1" in verdict(ex, {"first_rung": math.ceil(15 / (share * 0.8)), "n_rungs": 1}).message
    assert "three times" in verdict(ex, {"first_rung": math.ceil(6 / (share * 0.8)), "n_rungs": 1}).message
    assert "count the rungs" in verdict(ex, {"first_rung": first, "n_rungs": 2}).message
    for answer in ({"first_rung": 10, "n_rungs": 1}, {"first_rung": first, "n_rungs": 3}):
        assert str(first) not in verdict(ex, answer).message
    assert verdict(ex, {"first_rung": ..., "n_rungs": 1}).status == "empty"


def test_first_rung_with_room_for_several_rungs():
    y = [0] * 9000 + [1] * 1000
    ex = lesson07.first_rung(y)
    first = math.ceil(18 / (0.1 * 0.8))
    rungs = 1 + math.floor(math.log(10000 / first, 3))
    assert rungs > 1 and verdict(ex, {"first_rung": first, "n_rungs": rungs}).status == "correct"


def test_bug_hunt_asks_for_the_count_and_says_when_a_number_is_only_rounded(yeast, fixed):
    ex = lesson07.bug_hunt(*yeast, FOLDS)
    model, value = fixed
    assert "count again" in verdict(ex, {"model": model, "average_precision": value, "n_leaky_steps": 1}).message
    assert "only training folds" in verdict(ex, {"model": model, "average_precision": value, "n_leaky_steps": 4}).message
    assert "close" in verdict(ex, {"model": model, "average_precision": round(value, 2), "n_leaky_steps": 3}).message
