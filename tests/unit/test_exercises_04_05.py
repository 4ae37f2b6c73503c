"""helpers.exercises.lesson04 and lesson05: right answers pass (in strict mode too), each recognised mistake
gets its own hint, placeholders never raise, and no message gives the expected value away."""

import numpy as np
import pytest
from imblearn.combine import SMOTEENN, SMOTETomek
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import make_pipeline
from imblearn.under_sampling import EditedNearestNeighbours, NearMiss, RandomUnderSampler
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import RobustScaler, StandardScaler
from sklearn.tree import DecisionTreeClassifier

from helpers import datasets
from helpers.exercises import lesson04, lesson05


def printed(capsys, exercise, answer):
    exercise.check(answer, strict=False)
    return capsys.readouterr().out.strip()


def forms(value):
    """Ways an expected number could show up in a message."""
    value = float(value)
    return {f"{value:.2f}", f"{value:.3f}", f"{value:.4f}", repr(value)} | (
        {str(int(value)), f"{int(value):,}"} if value == int(value) else set())


# Lesson 04, Exercise 3: what the model inside the pipeline sees


@pytest.fixture(scope="module")
def yeast():
    return datasets.load("yeast")


def rus_pipeline(sampler=None, scaler=None, classifier=None):
    return make_pipeline(scaler or StandardScaler(),
                         sampler or RandomUnderSampler(sampling_strategy=0.2, random_state=42),
                         classifier or LogisticRegression(max_iter=1000))


@pytest.fixture(scope="module")
def lesson04_answer(yeast):
    """The right answer, computed here from the fitted pipeline (not with the checker's code)."""
    X, y = yeast
    model = rus_pipeline().fit(X, y)
    kept = model.named_steps["randomundersampler"].sample_indices_
    proba = model.predict_proba(X)[:, 1]
    return {"model": model, "majority_seen": int((y.iloc[kept] == 0).sum()), "rows_scored": len(proba),
            "mean_proba": float(proba.mean())}


def test_lesson04_right_answers_pass(capsys, strict, yeast, lesson04_answer):
    X, y = yeast
    ex3 = lesson04.what_the_model_sees(X, y)
    assert (lesson04_answer["majority_seen"], lesson04_answer["rows_scored"]) == (175, 1484)  # 35 / 0.2; all rows
    ex3.check(lesson04_answer)
    ex3.check({**lesson04_answer, "mean_proba": round(lesson04_answer["mean_proba"], 3),
               "majority_seen": np.int64(175), "rows_scored": 1484.0})
    robust = rus_pipeline(scaler=RobustScaler()).fit(X, y)  # another scaler: its own probabilities
    ex3.check({**lesson04_answer, "model": robust, "mean_proba": robust.predict_proba(X)[:, 1].mean()})
    assert capsys.readouterr().out.count("Correct!") == 3


def test_lesson04_recognises_the_usual_mistakes(capsys, lenient, yeast, lesson04_answer):
    X, y = yeast
    ex3, good = lesson04.what_the_model_sees(X, y), lesson04_answer
    proba = good["model"].predict_proba(X)[:, 1]
    kept = good["model"].named_steps["randomundersampler"].sample_indices_
    cases = {
        "every majority row": {**good, "majority_seen": 1449},
        "1:1 balance": {**good, "majority_seen": 35},
        "does not keep 20%": {**good, "majority_seen": 290},
        "both classes": {**good, "majority_seen": 210},
        "ex3.hint(2)": {**good, "majority_seen": 100},
        "whole number": {**good, "majority_seen": 174.5},
        "trained on": {**good, "rows_scored": 210},
        "len of its output": {**good, "rows_scored": 1000},
        "share of positives": {**good, "mean_proba": y.mean()},
        "column 0": {**good, "mean_proba": 1 - proba.mean()},
        "0/1 decisions": {**good, "mean_proba": (proba >= 0.5).mean()},
        "rows the classifier was trained on": {**good, "mean_proba": proba[kept].mean()},
        "does not match": {**good, "mean_proba": 0.5},
        "between 0 and 1": {**good, "mean_proba": 9.0},
        "missing the key 'mean_proba'": {k: v for k, v in good.items() if k != "mean_proba"},
    }
    for expect, answer in cases.items():
        assert expect in printed(capsys, ex3, answer), expect


def test_lesson04_checks_the_pipeline(capsys, lenient, yeast, lesson04_answer):
    X, y = yeast
    ex3, numbers = lesson04.what_the_model_sees(X, y), {k: v for k, v in lesson04_answer.items() if k != "model"}
    cases = {
        "make_pipeline": LogisticRegression(max_iter=1000).fit(X, y),
        "has no sampler": make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(X, y),
        "one RandomUnderSampler": rus_pipeline(NearMiss(version=1)).fit(X, y),
        "set sampling_strategy=0.2": rus_pipeline(RandomUnderSampler(random_state=42)).fit(X, y),
        "LogisticRegression(max_iter=1000)": rus_pipeline(classifier=DecisionTreeClassifier(random_state=42)).fit(X, y),
        "a scaling step first": make_pipeline(RandomUnderSampler(sampling_strategy=0.2, random_state=42),
                                              LogisticRegression(max_iter=1000)).fit(X, y),
        "not been fitted": rus_pipeline(),
        "fitted on other rows": rus_pipeline().fit(X.iloc[:1000], y.iloc[:1000]),
    }
    for expect, model in cases.items():
        assert expect in printed(capsys, ex3, {**numbers, "model": model}), expect


def test_lesson04_placeholders_and_strict_mode(capsys, strict, yeast, lesson04_answer):
    X, y = yeast
    ex3 = lesson04.what_the_model_sees(X, y)
    for placeholder in (..., {"model": ..., "majority_seen": ..., "rows_scored": ..., "mean_proba": ...},
                        {**lesson04_answer, "mean_proba": ...}):
        ex3.check(placeholder)
        assert capsys.readouterr().out.startswith("No answer yet")
    with pytest.raises(AssertionError, match="Not yet: "):
        ex3.check({**lesson04_answer, "majority_seen": 1449})


def test_lesson04_messages_never_give_the_answer(capsys, lenient, yeast, lesson04_answer):
    X, y = yeast
    ex3, good = lesson04.what_the_model_sees(X, y), lesson04_answer
    wrong = [{**good, "majority_seen": m} for m in (1449, 35, 290, 210, 100)]
    wrong += [{**good, "rows_scored": r} for r in (210, 35)]
    wrong += [{**good, "mean_proba": m} for m in (y.mean(), 0.5, 1 - good["mean_proba"])]
    messages = [printed(capsys, ex3, a) for a in wrong]
    for level in (1, 2):
        ex3.hint(level)
        messages.append(capsys.readouterr().out.strip())
    secrets = forms(175) | forms(1484) | forms(good["mean_proba"])
    leaked = [(m, s) for m in messages for s in secrets if s in m]
    assert not leaked, leaked


# Lesson 05, Exercise 1: SMOTE, then clean the majority only


@pytest.fixture(scope="module")
def two_d():
    return datasets.make_synthetic_2d(400, minority_share=0.1, overlap=0.5, random_state=42)


def majority_only(**enn):
    return SMOTEENN(enn=EditedNearestNeighbours(**{"sampling_strategy": [0], **enn}), random_state=42)


@pytest.fixture(scope="module")
def lesson05_answer(two_d):
    X, y = two_d
    sampler = majority_only()
    _, y_res = sampler.fit_resample(X, y)
    counts = y_res.value_counts()
    return {"sampler": sampler, "majority": counts[0], "minority": counts[1]}


def test_lesson05_right_answers_pass(capsys, strict, two_d, lesson05_answer):
    ex1 = lesson05.clean_majority_only(*two_d)
    assert (lesson05_answer["majority"], lesson05_answer["minority"]) == (316, 360)  # measured; minority untouched
    ex1.check(lesson05_answer)
    explicit = SMOTEENN(smote=SMOTE(random_state=42), enn=EditedNearestNeighbours(sampling_strategy=[0]))
    ex1.check({**lesson05_answer, "sampler": explicit, "majority": 316.0})
    # 'majority' gives the same counts (through the tie after SMOTE): accepted, and the message says why
    ex1.check({**lesson05_answer, "sampler": SMOTEENN(enn=EditedNearestNeighbours(sampling_strategy="majority"),
                                                      random_state=42)})
    assert capsys.readouterr().out.count("Correct!") == 3


def test_lesson05_recognises_wrong_samplers(capsys, lenient, two_d, lesson05_answer):
    ex1, numbers = lesson05.clean_majority_only(*two_d), {k: v for k, v in lesson05_answer.items() if k != "sampler"}
    cases = {
        "sampler itself": make_pipeline(StandardScaler(), majority_only()),
        "the class itself": SMOTEENN,
        "not a str": "SMOTEENN",
        "Tomek links": SMOTETomek(random_state=42),
        "no SMOTE first": EditedNearestNeighbours(sampling_strategy=[0]),
        "SMOTE alone": SMOTE(random_state=42),
        "random_state=42": SMOTEENN(enn=EditedNearestNeighbours(sampling_strategy=[0])),
        "as the default SMOTEENN above": SMOTEENN(enn=EditedNearestNeighbours(sampling_strategy=[0]), random_state=0),
        "goes to its SMOTE step": SMOTEENN(sampling_strategy="minority", random_state=42),
        "enn=None": SMOTEENN(random_state=42),
        "SMOTE step at its defaults": SMOTEENN(smote=SMOTE(k_neighbors=3, random_state=42),
                                               enn=EditedNearestNeighbours(sampling_strategy=[0])),
        "other settings at their defaults": majority_only(n_neighbors=7),
        "cleans both classes": majority_only(sampling_strategy="all"),
        "Exercise 2": majority_only(sampling_strategy="auto"),
        "the majority is class 0": majority_only(sampling_strategy=[1]),
    }
    for expect, sampler in cases.items():
        assert expect in printed(capsys, ex1, {**numbers, "sampler": sampler}), expect
    assert "Exercise 2" in printed(capsys, ex1, {**numbers, "sampler": majority_only(sampling_strategy="not minority")})


def test_lesson05_recognises_wrong_counts(capsys, lenient, two_d, lesson05_answer):
    ex1, good = lesson05.clean_majority_only(*two_d), lesson05_answer
    cases = {
        "swapped": {**good, "majority": good["minority"], "minority": good["majority"]},
        "before resampling": {**good, "majority": 360, "minority": 40},
        "after the SMOTE step": {**good, "majority": 360, "minority": 360},
        "how many majority rows were removed": {**good, "majority": 44},
        "class by class": {**good, "minority": 323},
        "whole number": {**good, "majority": 315.5},
        "missing the key 'minority'": {"sampler": good["sampler"], "majority": 316},
    }
    for expect, answer in cases.items():
        assert expect in printed(capsys, ex1, answer), expect


def test_lesson05_placeholders_and_strict_mode(capsys, strict, two_d, lesson05_answer):
    ex1 = lesson05.clean_majority_only(*two_d)
    for placeholder in (..., {"sampler": ..., "majority": ..., "minority": ...}, {**lesson05_answer, "minority": ...}):
        ex1.check(placeholder)
        assert capsys.readouterr().out.startswith("No answer yet")
    with pytest.raises(AssertionError, match="Not yet: "):
        ex1.check({**lesson05_answer, "sampler": SMOTEENN(random_state=42)})
    with pytest.raises(AssertionError, match="Not yet: "):
        ex1.check({**lesson05_answer, "minority": 323})


def test_lesson05_messages_never_give_the_answer(capsys, lenient, two_d, lesson05_answer):
    ex1, good = lesson05.clean_majority_only(*two_d), lesson05_answer
    wrong = [{**good, "sampler": s} for s in (SMOTEENN(random_state=42), majority_only(sampling_strategy="auto"),
                                               majority_only(sampling_strategy=[1]))]
    wrong += [{**good, "majority": m, "minority": n} for m, n in ((360, 360), (360, 40), (44, 360), (300, 300))]
    messages = [printed(capsys, ex1, a) for a in wrong]
    for level in (1, 2):
        ex1.hint(level)
        messages.append(capsys.readouterr().out.strip())
    assert all(m.startswith(("Not yet: ", "Hint")) for m in messages), messages
    leaked = [(m, s) for m in messages for s in forms(316) if s in m]  # the count the learner must find
    assert not leaked, leaked
