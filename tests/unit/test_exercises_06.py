"""helpers.exercises.lesson06: lesson 06's checkers. Right answers pass (in strict mode too), each recognised
mistake gets its own hint, placeholders never raise, and no message gives the expected value away.

Exercise 1 runs on made-up probabilities for yeast's labels (the checker only reads them); Exercise 2 on the real
half-way balanced forest, whose out-of-fold probabilities are computed here once with cross_val_predict."""

import numpy as np
import pytest
from imblearn.ensemble import BalancedRandomForestClassifier
from sklearn.metrics import brier_score_loss, precision_recall_curve, recall_score
from sklearn.model_selection import RepeatedStratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from helpers import datasets
from helpers.exercises import STRICT_ENV, lesson06

MODELS = list(lesson06.MODELS)


@pytest.fixture(scope="module")
def yeast():
    X, y = datasets.load("yeast")
    folds = list(RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=42).split(X, y))
    return X, y.to_numpy(), [folds[:5], folds[5:]]


@pytest.fixture(scope="module")
def proba(yeast):
    """Scores that rank the minority higher, with noise: one array per repeat, as the lesson's proba holds."""
    _, y, _ = yeast
    rng = np.random.default_rng(0)
    return {name: np.array([np.clip(0.05 + strength * y + rng.normal(0, 0.12, len(y)), 0, 1) for _ in range(2)])
            for name, strength in zip(MODELS, (0.5, 0.35, 0.2))}


def per_fold(y, repeats, proba, rule):
    return {m: float(np.mean([rule(y[test], proba[m][r][test]) for r, repeat in enumerate(repeats)
                              for _, test in repeat])) for m in MODELS}


def best_recall(y_true, p):
    precision, recall, _ = precision_recall_curve(y_true, p)
    return recall[precision >= 0.5].max()


@pytest.fixture(scope="module")
def ex1(yeast, proba):
    _, y, repeats = yeast
    return lesson06.recall_at_precision(y, proba, repeats)



def printed(capsys, exercise, answer):
    exercise.check(answer, strict=False)
    return capsys.readouterr().out.strip()


def forms(value):
    value = float(value)
    return {f"{value:.3f}", f"{value:.4f}", repr(value), str(round(value, 3))}


# Exercise 1: recall at a precision of at least 0.5


def test_ex1_right_answers_pass_in_strict_mode(capsys, monkeypatch, yeast, proba, ex1):
    monkeypatch.setenv(STRICT_ENV, "1")
    _, y, repeats = yeast
    right = per_fold(y, repeats, proba, best_recall)
    ex1.check(right)
    ex1.check({m: round(v, 3) for m, v in right.items()})
    assert capsys.readouterr().out.count("Correct!") == 2


def test_ex1_recognises_the_common_mistakes(capsys, lenient, yeast, proba, ex1):
    _, y, repeats = yeast
    right = per_fold(y, repeats, proba, best_recall)

    def at_recall(y_true, p):
        precision, recall, _ = precision_recall_curve(y_true, p)
        return precision[recall >= 0.5].max()

    cases = {
        "pooled": {m: float(np.mean([best_recall(y, proba[m][r]) for r in range(2)])) for m in MODELS},
        "recall at the threshold 0.5": per_fold(y, repeats, proba, lambda t, p: recall_score(t, p >= 0.5)),
        "the other way round": per_fold(y, repeats, proba, at_recall),
        "first repeat only": per_fold(y, repeats[:1], proba, best_recall),
        "does not match": {**right, "RandomForest": right["RandomForest"] + 0.1},
        "missing the key 'HistGradientBoosting'": {m: right[m] for m in MODELS[:2]},
        "one number": {**right, "RandomForest": [0.1, 0.2]},
    }
    for expect, answer in cases.items():
        assert any(abs(answer[m] - right[m]) > 2 * lesson06.TOLERANCE for m in answer
                   if isinstance(answer[m], float)) or expect.startswith(("missing", "one")), expect
        assert expect in printed(capsys, ex1, answer), expect


def test_ex1_placeholders_never_raise_and_wrong_answers_do_in_strict_mode(capsys, monkeypatch, yeast, proba, ex1):
    monkeypatch.setenv(STRICT_ENV, "1")
    _, y, repeats = yeast
    right = per_fold(y, repeats, proba, best_recall)
    with pytest.raises(AssertionError, match="Not yet: "):
        ex1.check({**right, "RandomForest": 0.0})
    for placeholder in (..., dict.fromkeys(MODELS, ...), {**right, "HistGradientBoosting": ...}):
        ex1.check(placeholder)
        assert capsys.readouterr().out.startswith("No answer yet")


def test_ex1_messages_never_give_the_answer(capsys, lenient, yeast, proba, ex1):
    _, y, repeats = yeast
    right = per_fold(y, repeats, proba, best_recall)
    messages = [printed(capsys, ex1, {**right, "RandomForest": 0.0}),
                printed(capsys, ex1, per_fold(y, repeats, proba, lambda t, p: recall_score(t, p >= 0.5)))]
    ex1.hint()
    ex1.hint(2)
    messages += capsys.readouterr().out.splitlines()
    secrets = set().union(*(forms(v) for v in right.values()))
    assert all(m.startswith(("Not yet: ", "Hint")) for m in messages), messages
    assert not [(m, s) for m in messages for s in secrets if s in m]


# Exercise 2: a half-way balanced forest and its correction


def half():
    return make_pipeline(StandardScaler(), BalancedRandomForestClassifier(sampling_strategy=0.25, random_state=42))


@pytest.fixture(scope="module")
def right2(yeast):
    X, y, repeats = yeast
    with threadpool_limits(limits=1):
        p = cross_val_predict(half(), X, y, cv=repeats[0], method="predict_proba")[:, 1]
    fixed, full, betas = np.zeros_like(p), np.zeros_like(p), []
    for train, test in repeats[0]:
        minority = y[train].sum()
        betas.append(4 * minority / (len(train) - minority))
        fixed[test] = betas[-1] * p[test] / (betas[-1] * p[test] + (1 - p[test]))
        full[test] = betas[-1] / 4 * p[test] / (betas[-1] / 4 * p[test] + (1 - p[test]))
    share = y.mean()

    def skill(q):
        return 1 - brier_score_loss(y, q) / (share * (1 - share))

    answer = {"model": half(), "beta": betas[0], "proba": p, "brier_skill": skill(p), "brier_skill_corrected": skill(fixed)}
    return answer, {"full": skill(full), "brier": brier_score_loss(y, p), "full_beta": betas[0] / 4}


@pytest.fixture(scope="module")
def ex2(yeast):
    X, y, repeats = yeast
    return lesson06.half_balanced_forest(X, y, repeats[0])


def test_ex2_right_answers_pass_in_strict_mode(capsys, monkeypatch, ex2, right2):
    monkeypatch.setenv(STRICT_ENV, "1")
    answer, _ = right2
    ex2.check(answer)
    ex2.check({**answer, "beta": round(answer["beta"], 4), "brier_skill": round(answer["brier_skill"], 3)})
    assert capsys.readouterr().out.count("Correct!") == 2
    assert 0.09 < answer["beta"] < 0.1 and answer["brier_skill_corrected"] > answer["brier_skill"]


def test_ex2_recognises_the_common_mistakes(capsys, lenient, yeast, ex2, right2):
    answer, wrong = right2
    other = answer["proba"].copy()
    other[yeast[2][0][0][1]] *= 0.9  # not this model's probabilities on the first fold
    cases = {
        "minority/majority ratio inside": {**answer, "beta": 0.25},
        "fully balanced forest's (as many": {**answer, "beta": wrong["full_beta"]},
        "1 / beta": {**answer, "beta": 1 / answer["beta"]},
        "how many majority rows does one tree draw": {**answer, "beta": 0.05},
        "is not this model's out-of-fold probabilities": {**answer, "proba": other},
        "one per protein": {**answer, "proba": answer["proba"][:100]},
        "swapped": {**answer, "brier_skill": answer["brier_skill_corrected"],
                    "brier_skill_corrected": answer["brier_skill"]},
        "looks like a Brier score": {**answer, "brier_skill": wrong["brier"]},
        "used the fully balanced forest's beta": {**answer, "brier_skill_corrected": wrong["full"]},
        "the corrected score does not match": {**answer, "brier_skill_corrected": 0.9},
        "sampling_strategy=0.25 (one minority": {**answer, "model": make_pipeline(
            StandardScaler(), BalancedRandomForestClassifier(random_state=42))},
        "same StandardScaler": {**answer, "model": make_pipeline(
            BalancedRandomForestClassifier(sampling_strategy=0.25, random_state=42))},
        "leave n_estimators at its default": {**answer, "model": make_pipeline(
            StandardScaler(), BalancedRandomForestClassifier(sampling_strategy=0.25, n_estimators=10, random_state=42))},
        "random_state=42": {**answer, "model": make_pipeline(
            StandardScaler(), BalancedRandomForestClassifier(sampling_strategy=0.25))},
        "missing the key 'proba'": {k: v for k, v in answer.items() if k != "proba"},
    }
    for expect, wrong_answer in cases.items():
        assert expect in printed(capsys, ex2, wrong_answer), expect


def test_ex2_placeholders_never_raise_and_messages_never_give_the_answer(capsys, monkeypatch, ex2, right2):
    answer, _ = right2
    monkeypatch.setenv(STRICT_ENV, "1")
    for placeholder in (..., {**answer, "beta": ...}, {"model": ..., "beta": ..., "proba": ..., "brier_skill": ...,
                                                       "brier_skill_corrected": ...}):
        ex2.check(placeholder)
        assert capsys.readouterr().out.startswith("No answer yet")
    with pytest.raises(AssertionError, match="Not yet: "):
        ex2.check({**answer, "beta": 0.25})
    monkeypatch.delenv(STRICT_ENV)
    messages = [printed(capsys, ex2, {**answer, "beta": 0.05}),
                printed(capsys, ex2, {**answer, "brier_skill_corrected": 0.9})]
    ex2.hint()
    ex2.hint(2)
    messages += capsys.readouterr().out.splitlines()
    secrets = forms(answer["beta"]) | forms(answer["brier_skill"]) | forms(answer["brier_skill_corrected"])
    assert not [(m, s) for m in messages for s in secrets if s in m]
