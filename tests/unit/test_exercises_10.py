"""helpers.exercises.lesson10: lesson 10's checkers. Right answers pass (in strict mode too), each recognised
mistake gets its own hint, placeholders never raise, and no message gives the expected value away."""

import numpy as np
import pytest
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import make_scorer
from sklearn.model_selection import (
    FixedThresholdClassifier,
    StratifiedKFold,
    TunedThresholdClassifierCV,
    train_test_split,
)
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from helpers import calibration, datasets, stats
from helpers.exercises import lesson10

INNER = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)


def cost(c_miss, c_fa=1, per_loan=True):
    def f(y_true, y_pred):
        total = c_miss * np.sum((y_true == 1) & (y_pred == 0)) + c_fa * np.sum((y_true == 0) & (y_pred == 1))
        return total / len(y_true) if per_loan else total
    return f


def logistic():
    preprocess = ColumnTransformer([
        ("numeric", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()),
         make_column_selector(dtype_include="number")),
        ("categorical", make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")),
         make_column_selector(dtype_exclude="number")),
    ])
    return make_pipeline(preprocess, LogisticRegression(max_iter=1000))


def tuner(c_miss=10, **kwargs):
    scoring = kwargs.pop("scoring", make_scorer(cost(c_miss), greater_is_better=False))
    return TunedThresholdClassifierCV(logistic(), scoring=scoring, cv=INNER, **kwargs)


def printed(capsys, exercise, answer):
    exercise.check(answer, strict=False)
    return capsys.readouterr().out.strip()


@pytest.fixture(scope="module")
def loans():
    """The lesson's split, the right tuner (10:1, fitted on the training part) and its verdict, computed here."""
    X, y = datasets.load("lending_club")
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, stratify=y, random_state=42)
    right = tuner().fit(X_tr, y_tr)
    y_t = y_te.to_numpy()
    row = stats.paired_bootstrap(y_t, {"model": right.predict(X_te), "all": np.zeros(len(y_t), dtype=int)}, cost(10),
                                 baseline="all", lower_is_better=True).loc["model"]
    verdict = ("saves money" if row["diff_high"] < 0 else "costs more" if row["diff_low"] > 0
               else "no detectable difference")
    return {"X": X, "y": y, "X_train": X_tr, "y_train": y_tr, "X_test": X_te, "y_test": y_te, "right": right,
            "verdict": verdict, "helper_verdict": row["verdict"]}


@pytest.fixture(scope="module")
def ex1(loans):
    return lesson10.tuned_at_ratio(loans["X_test"], loans["y_test"], n_train=len(loans["y_train"]), cost_miss=10)


# Exercise 1: a threshold tuned at 10:1 and the money verdict


def test_ex1_right_answers_pass_in_strict_mode(capsys, strict, loans, ex1):
    assert loans["verdict"] == "saves money"  # what the lesson's discussion says
    assert lesson10.HELPER_WORDS[loans["helper_verdict"]] == loans["verdict"]  # the helper agrees, lower_is_better
    ex1.check({"tuner": loans["right"], "verdict": loans["verdict"]})
    ex1.check({"tuner": loans["right"], "verdict": " Saves Money"})  # case and spaces do not matter
    assert capsys.readouterr().out.count("Correct!") == 2


def test_ex1_accepts_a_total_cost_scorer(capsys, strict, loans, ex1):
    total = tuner(scoring=make_scorer(cost(10, per_loan=False), greater_is_better=False))
    total.fit(loans["X_train"], loans["y_train"])
    ex1.check({"tuner": total, "verdict": loans["verdict"]})
    assert capsys.readouterr().out.startswith("Correct!")


def test_ex1_recognises_each_mistake_in_the_tuner(capsys, lenient, loans, ex1):
    v = loans["verdict"]
    cases = {
        "FixedThresholdClassifier": FixedThresholdClassifier(logistic(), threshold=1 / 11),
        "should be a TunedThresholdClassifierCV": LogisticRegression(),
        "has not been fitted": tuner(),
        "balanced accuracy": TunedThresholdClassifierCV(logistic(), cv=INNER),
        "optimises 'f1'": tuner(scoring="f1"),
        "lower is better": tuner(scoring=make_scorer(cost(10))),
        "swapped": tuner(scoring=make_scorer(cost(1, 10), greater_is_better=False)),
        "lesson's 5:1": tuner(scoring=make_scorer(cost(5), greater_is_better=False)),
        "another ratio": tuner(scoring=make_scorer(cost(3), greater_is_better=False)),
        "must be wrapped": tuner(scoring=cost(10)),
        "does not return the cost": tuner(scoring=make_scorer(lambda t, p: float(np.mean(t == p)))),
    }
    for expect, model in cases.items():
        assert expect in printed(capsys, ex1, {"tuner": model, "verdict": v}), expect


def test_ex1_recognises_a_tuner_fitted_on_the_wrong_rows(capsys, lenient, loans, ex1):
    on_test = tuner().fit(loans["X_test"], loans["y_test"])
    assert "fitted on the test loans" in printed(capsys, ex1, {"tuner": on_test, "verdict": loans["verdict"]})
    on_all = tuner().fit(loans["X"], loans["y"])
    assert "all the loans" in printed(capsys, ex1, {"tuner": on_all, "verdict": loans["verdict"]})


def test_ex1_recognises_each_misreading_of_the_rule(capsys, lenient, loans, ex1):
    right = loans["right"]
    assert "three readings" in printed(capsys, ex1, {"tuner": right, "verdict": "cheaper"})
    assert "three readings" in printed(capsys, ex1, {"tuner": right, "verdict": 1})
    flipped = printed(capsys, ex1, {"tuner": right, "verdict": "costs more"})
    assert "wrong way round" in flipped
    undecided = printed(capsys, ex1, {"tuner": right, "verdict": "no detectable difference"})
    assert "own intervals" in undecided and "5:1" in undecided  # both misreadings give this answer here
    for helper_word in ("better", "worse", " Better"):  # paired_bootstrap's own verdict column, not the rule's words
        message = printed(capsys, ex1, {"tuner": right, "verdict": helper_word})
        assert "own verdict column" in message and "lower_is_better=True" in message
        assert "three readings" not in message
    assert "should be a dict" in printed(capsys, ex1, ["tuner", "verdict"])
    assert "missing the key 'verdict'" in printed(capsys, ex1, {"tuner": right})
    for message in (flipped, undecided):
        assert loans["verdict"] not in message.lower()


def test_ex1_wrong_answers_raise_in_strict_mode_and_placeholders_never(capsys, strict, loans, ex1):
    with pytest.raises(AssertionError, match="Not yet: "):
        ex1.check({"tuner": loans["right"], "verdict": "costs more"})
    ex1.check({"tuner": ..., "verdict": ...})
    ex1.check({"tuner": loans["right"], "verdict": ...})
    assert capsys.readouterr().out.count("No answer yet") == 2


def test_ex1_hints_never_give_the_verdict_or_the_weight(capsys, lenient, loans, ex1):
    ex1.hint()
    ex1.hint(2)
    messages = capsys.readouterr().out.lower()
    assert loans["verdict"] not in messages and "10 *" not in messages and "greater_is_better=false" in messages
    assert "lower_is_better=true" in messages


def test_ex1_refuses_a_test_set_that_does_not_match(loans):
    with pytest.raises(ValueError, match="X_test has"):
        lesson10.tuned_at_ratio(loans["X_test"].iloc[:10], loans["y_test"], n_train=100)
    with pytest.raises(ValueError, match="n_train"):
        lesson10.tuned_at_ratio(loans["X_test"], loans["y_test"], n_train=0.5)


# Exercise 2: the booster's calibration intercept and slope


@pytest.fixture(scope="module")
def booster_like():
    """Real training labels; made-up out-of-fold probabilities (a booster's and the lesson's), ranking better than
    chance but far from perfectly."""
    y = datasets.load("lending_club")[1].to_numpy()[:3000]
    rng = np.random.default_rng(42)
    booster = 1 / (1 + np.exp(-(-3.5 + 1.2 * y + rng.normal(0, 1.8, len(y)))))
    lesson = 1 / (1 + np.exp(-(-3.0 + 0.9 * y + rng.normal(0, 0.8, len(y)))))
    a, b = calibration.calibration_intercept(y, booster), calibration.calibration_slope(y, booster)
    return y, booster, lesson, a, b


def test_ex2_right_answers_pass_in_strict_mode(capsys, strict, booster_like):
    y, booster, lesson, a, b = booster_like
    ex2 = lesson10.booster_calibration(y, lesson)
    for answer in ({"proba": booster, "intercept": a, "slope": b},
                   {"proba": list(booster), "intercept": round(a, 3), "slope": np.float64(round(b, 3))}):
        ex2.check(answer)
    assert capsys.readouterr().out.count("Correct!") == 2


def test_ex2_recognises_each_mistake(capsys, lenient, booster_like):
    y, booster, lesson, a, b = booster_like
    ex2 = lesson10.booster_calibration(y, lesson)
    lesson_a = calibration.calibration_intercept(y, lesson)
    in_sample = 1 / (1 + np.exp(-(-4 + 8 * y + np.random.default_rng(0).normal(0, 1, len(y)))))
    cases = {
        "whole output": {"proba": np.column_stack([1 - booster, booster]), "intercept": a, "slope": b},
        "one probability per training loan": {"proba": booster[:-5], "intercept": a, "slope": b},
        "decisions (0 or 1)": {"proba": (booster >= 1 / 6).astype(int), "intercept": a, "slope": b},
        "between 0 and 1": {"proba": booster * 3 - 1, "intercept": a, "slope": b},
        "column 0": {"proba": 1 - booster, "intercept": a, "slope": b},
        "never saw it": {"proba": in_sample, "intercept": a, "slope": b},
        "the logistic regression's out-of-fold": {"proba": lesson, "intercept": a, "slope": b},
        "swapped": {"proba": booster, "intercept": b, "slope": a},
        "logistic regression's number": {"proba": booster, "intercept": lesson_a, "slope": b},
        "your intercept": {"proba": booster, "intercept": a + 0.2, "slope": b},
        "your slope": {"proba": booster, "intercept": a, "slope": b + 0.2},
        "one number": {"proba": booster, "intercept": [a], "slope": b},
        "array of probabilities": {"proba": "booster", "intercept": a, "slope": b},
    }
    messages = []
    for expect, answer in cases.items():
        message = printed(capsys, ex2, answer)
        assert expect in message, (expect, message)
        messages.append(message)
    assert printed(capsys, ex2, {"proba": booster, "intercept": ..., "slope": ...}).startswith("No answer yet")
    ex2.hint()
    ex2.hint(2)
    messages += capsys.readouterr().out.splitlines()
    secrets = {f"{x:.{d}f}" for x in (a, b) for d in (2, 3)}
    assert not [(m, s) for m in messages for s in secrets if s in m]


def test_ex2_refuses_lesson_probabilities_that_do_not_match(booster_like):
    y, _, lesson, _, _ = booster_like
    with pytest.raises(ValueError, match="lesson_proba"):
        lesson10.booster_calibration(y, lesson[:-1])


def test_exercises_returns_both_checkers(loans):
    y_tr = loans["y_train"]
    ex1, ex2 = lesson10.exercises(y_tr, np.full(len(y_tr), y_tr.mean()), loans["X_test"], loans["y_test"])
    assert "Exercise 1" in ex1.title and "Exercise 2" in ex2.title
