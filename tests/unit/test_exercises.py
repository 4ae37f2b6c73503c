"""helpers.exercises: the "Your turn" checkers. Right answers pass, wrong ones get a hint (and raise in strict
mode, which the test session turns on for every kernel), placeholders never raise, and no message gives
the expected value away."""

import ast
import os
from pathlib import Path

import numpy as np
import pytest
from imblearn.over_sampling import RandomOverSampler
from imblearn.pipeline import make_pipeline as make_imb_pipeline
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, confusion_matrix, fbeta_score, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, RobustScaler, StandardScaler
from sklearn.tree import DecisionTreeClassifier

from helpers import datasets, metrics
from helpers.exercises import STRICT_ENV, Exercise, NotYet, is_placeholder, lesson02, strict_mode

THRESHOLDS = np.round(np.arange(0.01, 1.0, 0.01), 2)


@pytest.fixture(scope="module")
def scores():
    """Synthetic labels (10% positive) and overlapping scores, so the best thresholds are not at the edges."""
    rng = np.random.default_rng(42)
    y = (rng.random(2000) < 0.1).astype(int)
    proba = np.clip(0.25 * y + 0.75 * rng.beta(2, 5, size=2000), 0, 1)
    return y, proba


@pytest.fixture(scope="module")
def expected(scores):
    """The right answers, computed here from scratch with scikit-learn (not with the checker's code)."""
    y, proba = scores
    f = {b: np.array([fbeta_score(y, (proba >= t).astype(int), beta=b, zero_division=0) for t in THRESHOLDS])
         for b in (0.5, 1, 2)}

    def costs(c_miss, c_fa):
        cells = [confusion_matrix(y, (proba >= t).astype(int)).ravel() for t in THRESHOLDS]
        return np.array([(c_miss * fn + c_fa * fp) / len(y) for tn, fp, fn, tp in cells])

    c50, c10, swapped = costs(50, 1), costs(10, 1), costs(1, 50)
    return {"f2": THRESHOLDS[np.argmax(f[2])], "f1": THRESHOLDS[np.argmax(f[1])],
            "f05": THRESHOLDS[np.argmax(f[0.5])], "f2_score": f[2].max(),
            "cost50": THRESHOLDS[np.argmin(c50)], "cost10": THRESHOLDS[np.argmin(c10)],
            "swapped": THRESHOLDS[np.argmin(swapped)], "c50": c50}


@pytest.fixture(scope="module")
def yeast_answer():
    X, y = datasets.load("yeast")
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    proba = metrics.out_of_fold_scores(model, X, y)
    return {"model": model, "roc_auc": roc_auc_score(y, proba),
            "average_precision": average_precision_score(y, proba)}




def printed(capsys, exercise, answer, strict=False):
    exercise.check(answer, strict=strict)
    return capsys.readouterr().out.strip()


def hint_text(capsys, exercise):
    exercise.hint()
    return capsys.readouterr().out.strip()


def forms(value):
    """Ways an expected number could show up in a message."""
    value = float(value)
    return {f"{value:.2f}", f"{value:.3f}", f"{value:.4f}", repr(value), str(round(value, 2))}


# The machinery


def test_the_test_session_runs_every_kernel_in_strict_mode():
    assert os.environ.get(STRICT_ENV) == "1" and strict_mode()


def test_check_prints_correct_not_yet_or_no_answer(capsys, lenient):
    ex = Exercise("Exercise 0", lambda a: None if a == 42 else "multiply six by seven", hint="a whole number",
                  on_correct="Well read.")
    assert printed(capsys, ex, 42) == "Correct! Well read."
    assert printed(capsys, ex, 41) == "Not yet: multiply six by seven"
    assert printed(capsys, ex, ...).startswith("No answer yet: replace the ...")
    assert hint_text(capsys, ex) == "Hint: a whole number"
    ex.check(41)  # strict mode is off (env var removed): prints, does not raise
    assert capsys.readouterr().out.startswith("Not yet")


def test_strict_mode_raises_on_a_wrong_answer_only(capsys, strict):
    def judge(answer):
        if answer != "yes":
            raise NotYet("read the question again")

    ex = Exercise("Exercise 0", judge, hint="yes or no?")
    with pytest.raises(AssertionError, match="Not yet: read the question again"):
        ex.check("no")
    for placeholder in (..., None, {"model": ..., "roc_auc": 0.9}, [1, ...]):
        ex.check(placeholder)
        assert capsys.readouterr().out.startswith("No answer yet")
    ex.check("yes")
    assert capsys.readouterr().out.startswith("Correct!")
    ex.check("no", strict=False)  # an explicit strict=False wins over the environment
    assert capsys.readouterr().out.startswith("Not yet")


def test_placeholders_are_recognised():
    assert is_placeholder(...) and is_placeholder(None) and is_placeholder({"a": ...}) and is_placeholder((1, ...))
    assert not any(is_placeholder(a) for a in (0, 0.0, "", [], {"a": 1}, np.zeros(3)))


def test_an_exercise_needs_a_judge_function():
    with pytest.raises(TypeError, match="judge must be a function"):
        Exercise("Exercise 0", "42", hint="")


def test_the_checkers_build_no_estimator():
    """Checkers look at what the learner built; they never construct a scikit-learn / imbalanced-learn
    estimator themselves (no call of a class imported from sklearn or imblearn)."""
    for path in Path(lesson02.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        imported = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                    and (node.module or "").split(".")[0] in {"sklearn", "imblearn"} for alias in node.names}
        called = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call)
                  and isinstance(node.func, ast.Name)}
        assert not {name for name in imported & called if name[:1].isupper()}, path.name


# Lesson 02: right answers pass, in strict mode too


def test_lesson02_right_answers_pass(capsys, strict, scores, expected, yeast_answer):
    ex1, ex2, ex3 = lesson02.exercises(*scores)
    for ex, answer in ((ex1, expected["f2"]), (ex2, yeast_answer), (ex3, expected["cost50"])):
        ex.check(answer)  # strict: would raise if judged wrong
        assert capsys.readouterr().out.startswith("Correct!")


def test_lesson02_accepts_equivalent_answers(capsys, strict, scores, expected, yeast_answer):
    ex1, ex2, ex3 = lesson02.exercises(*scores)
    y, proba = scores
    ex1.check(proba[proba >= expected["f2"]].min())  # off the grid, same labels as its best threshold: same F2
    ex3.check(np.array([expected["cost50"]]))
    rounded = {**yeast_answer, "roc_auc": round(yeast_answer["roc_auc"], 3),
               "average_precision": round(yeast_answer["average_precision"], 3)}
    ex2.check(rounded)
    X, y = datasets.load("yeast")
    robust = make_imb_pipeline(RobustScaler(), LogisticRegression(max_iter=1000))  # another scaler, imblearn
    proba = metrics.out_of_fold_scores(robust, X, y)
    ex2.check({"model": robust, "roc_auc": roc_auc_score(y, proba),
               "average_precision": average_precision_score(y, proba)})
    assert capsys.readouterr().out.count("Correct!") == 4


# Lesson 02: wrong answers get a hint that leads somewhere, and raise in strict mode


def test_lesson02_ex1_hints(capsys, lenient, scores, expected):
    ex1 = lesson02.f2_threshold(*scores)
    assert len({expected["f2"], expected["f1"], expected["f05"]}) == 3  # the data tell the three apart
    assert "beta=2" in printed(capsys, ex1, expected["f1"])
    assert "F0.5" in printed(capsys, ex1, expected["f05"])
    assert "best F2 score itself" in printed(capsys, ex1, round(expected["f2_score"], 3))
    assert "thresholds[i]" in printed(capsys, ex1, int(np.argmax(THRESHOLDS == expected["f2"])))
    assert "one score per threshold" in printed(capsys, ex1, list(THRESHOLDS))
    assert "one number" in printed(capsys, ex1, "0.2")
    assert "ex1.hint(2)" in printed(capsys, ex1, 0.99)


def test_lesson02_ex3_hints(capsys, lenient, scores, expected):
    ex3 = lesson02.cheapest_threshold(*scores)
    assert len({expected["cost50"], expected["cost10"], expected["swapped"]}) == 3
    assert "a miss costs 10" in printed(capsys, ex3, expected["cost10"])
    assert "false negative" in printed(capsys, ex3, expected["swapped"])
    worst = THRESHOLDS[np.argmax(expected["c50"])]
    assert "ex3.hint(2)" in printed(capsys, ex3, worst)


def test_lesson02_ex3_names_the_rule(capsys, lenient):
    y = np.r_[np.zeros(90), np.ones(10)].astype(int)
    proba = np.r_[np.linspace(0, 0.6, 90), np.linspace(0.3, 0.9, 10)]  # cheapest well above 1/51
    assert "c_fa / (c_fa + c_miss)" in printed(capsys, lesson02.cheapest_threshold(y, proba), 0.02)


def test_lesson02_ex2_hints(capsys, lenient, yeast_answer):
    ex2 = lesson02.yeast_ranking()
    good, numbers = yeast_answer, {k: v for k, v in yeast_answer.items() if k != "model"}
    cases = {
        "dict like": [good["model"], good["roc_auc"]],
        "missing the key 'average_precision'": {"model": good["model"], "roc_auc": 0.9},
        "make_pipeline": {**numbers, "model": LogisticRegression(max_iter=1000)},
        "not a classifier": {**numbers, "model": make_pipeline(LogisticRegression(), StandardScaler())},
        "plain model": {**numbers, "model": make_pipeline(StandardScaler(), DecisionTreeClassifier())},
        "leave resampling out": {**numbers, "model": make_imb_pipeline(StandardScaler(), RandomOverSampler(),
                                                                       LogisticRegression())},
        "one scale": {**numbers, "model": make_pipeline(LogisticRegression(max_iter=1000))},
        "swapped": {**good, "roc_auc": good["average_precision"], "average_precision": good["roc_auc"]},
        "between 0 and 1": {**good, "roc_auc": 94.2},
    }
    for expect, answer in cases.items():
        assert expect in printed(capsys, ex2, answer), expect


def test_lesson02_ex2_catches_labels_and_in_sample_scores(capsys, lenient, yeast_answer):
    ex2 = lesson02.yeast_ranking()
    X, y = datasets.load("yeast")
    model = yeast_answer["model"]
    labels = (metrics.out_of_fold_scores(model, X, y) >= 0.5).astype(int)
    from_labels = {**yeast_answer, "average_precision": average_precision_score(y, labels)}
    assert "not 0/1 labels" in printed(capsys, ex2, from_labels)
    in_sample = model.fit(X, y).predict_proba(X)[:, 1]
    answer = {"model": model, "roc_auc": roc_auc_score(y, in_sample),
              "average_precision": average_precision_score(y, in_sample)}
    assert "out_of_fold_scores" in printed(capsys, ex2, answer)


def test_lesson02_wrong_answers_raise_in_strict_mode(strict, scores, expected, yeast_answer):
    ex1, ex2, ex3 = lesson02.exercises(*scores)
    for ex, answer in ((ex1, expected["f1"]), (ex3, expected["cost10"]), (ex1, "0.2"),
                       (ex2, {**yeast_answer, "roc_auc": 0.5})):
        with pytest.raises(AssertionError, match="Not yet: "):
            ex.check(answer)


def test_lesson02_messages_never_give_the_answer(capsys, lenient, scores, expected, yeast_answer):
    ex1, ex2, ex3 = lesson02.exercises(*scores)
    wrong = {
        ex1: [expected["f1"], expected["f05"], 0.99, 0.01, 42, "x", list(THRESHOLDS), expected["f2_score"]],
        ex3: [expected["cost10"], expected["swapped"], 0.99, 0.02, 17, [0.1, 0.2]],
        ex2: [{**yeast_answer, "roc_auc": 0.5}, {**yeast_answer, "model": LogisticRegression()},
              {**yeast_answer, "roc_auc": yeast_answer["average_precision"],
               "average_precision": yeast_answer["roc_auc"]}],
    }
    secrets = {ex1: forms(expected["f2"]), ex3: forms(expected["cost50"]),
               ex2: forms(yeast_answer["roc_auc"]) | forms(yeast_answer["average_precision"])}
    for ex, answers in wrong.items():
        messages = [printed(capsys, ex, a) for a in answers] + [hint_text(capsys, ex)]
        assert all(m.startswith(("Not yet: ", "Hint: ")) for m in messages), messages
        leaked = [(m, s) for m in messages for s in secrets[ex] if s in m]
        assert not leaked, leaked


def test_lesson02_checks_thyroid_the_way_the_lesson_does(capsys, strict):
    """On the lesson's own data: the worked solutions' answers pass, and the lesson's other thresholds
    (the F1-best one, the cheapest when a miss costs 10) get a hint, not a pass."""
    X, y = datasets.load("thyroid")
    numeric = make_pipeline(SimpleImputer(strategy="median"), StandardScaler())
    categorical = make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore"))
    preprocess = ColumnTransformer([("numeric", numeric, make_column_selector(dtype_include="number")),
                                    ("categorical", categorical, make_column_selector(dtype_exclude="number"))])
    proba = metrics.out_of_fold_scores(make_pipeline(preprocess, LogisticRegression(max_iter=1000)), X, y)
    ex1, _, ex3 = lesson02.exercises(y, proba)
    f2 = [fbeta_score(y, (proba >= t).astype(int), beta=2) for t in THRESHOLDS]
    ex1.check(THRESHOLDS[np.argmax(f2)])
    cells = [confusion_matrix(y, (proba >= t).astype(int)).ravel() for t in THRESHOLDS]
    ex3.check(THRESHOLDS[np.argmin([(50 * fn + fp) / len(y) for tn, fp, fn, tp in cells])])
    assert capsys.readouterr().out.count("Correct!") == 2
    for ex, lesson_threshold in ((ex1, 0.26), (ex3, 0.09)):
        assert ex.verdict(lesson_threshold).status == "wrong"


def test_hints_go_from_a_nudge_to_the_recipe(capsys, scores):
    """hint() nudges (no code to copy); hint(2) gives the recipe; neither gives the value."""
    for ex in lesson02.exercises(*scores):
        ex.hint()
        nudge = capsys.readouterr().out
        ex.hint(2)
        recipe = capsys.readouterr().out
        assert nudge.startswith("Hint: ") and "hint(2)" in nudge and recipe.startswith("Hint 2: ")
        assert not any(code in nudge for code in ("np.argmax", "np.argmin", "out_of_fold_scores(", ".ravel()"))
    with pytest.raises(ValueError, match="level is 1, 2"):
        lesson02.exercises(*scores)[0].hint(0)


def test_lesson02_ex2_refuses_class_weights_as_the_plain_model(capsys, lenient, scores, yeast_answer):
    _, ex2, _ = lesson02.exercises(*scores)
    weighted = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, class_weight="balanced"))
    assert "class_weight" in printed(capsys, ex2, {**yeast_answer, "model": weighted})
