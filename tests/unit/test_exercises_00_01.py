"""helpers.exercises.lesson00 and lesson01: right answers pass (in strict mode too), each recognised mistake
gets its own hint, placeholders never raise, and no message gives the expected value away."""

import numpy as np
import pandas as pd
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, make_scorer, recall_score
from sklearn.model_selection import KFold, RepeatedStratifiedKFold, StratifiedKFold, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from helpers import datasets
from helpers.exercises import lesson00, lesson01

PLACEHOLDERS = (..., None, [..., ...], {"model": ..., "accuracy": 0.9, "recall": ...},
                {"most_accurate_always_no": ..., "fewest_minority_per_fold": "yeast"})




def printed(capsys, exercise, answer):
    exercise.check(answer, strict=False)
    return capsys.readouterr().out.strip()


def hints(capsys, exercise):
    exercise.hint()
    exercise.hint(2)
    return capsys.readouterr().out.strip().splitlines()


def assert_no_leak(messages, secrets):
    assert all(m.startswith(("Not yet: ", "Hint: ", "Hint 2: ")) for m in messages), messages
    leaked = [(m, s) for m in messages for s in secrets if s in m]
    assert not leaked, leaked


def forms(value):
    """Ways an expected number could show up in a message."""
    value = float(value)
    return {f"{value:.2f}", f"{value:.3f}", f"{value:.4f}", repr(value), str(round(value, 2)), f"{value:.1%}"}


# Lesson 00


@pytest.fixture(scope="module")
def labels():
    return {name: datasets.load(name)[1] for name in datasets.names()}


@pytest.fixture(scope="module")
def kdd_counts(labels):
    """Exercise 1's answer, counted from scratch with the splitter the lesson names."""
    y = labels["kddcup"]
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
    return [int(y.iloc[test].sum()) for _, test in folds.split(y, y)]


@pytest.fixture(scope="module")
def ex2_answer(labels):
    accuracy = {name: accuracy_score(y, np.zeros_like(y)) for name, y in labels.items()}
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
    fewest = {name: min(int(y.iloc[test].sum()) for _, test in folds.split(y, y)) for name, y in labels.items()}
    return {"most_accurate_always_no": max(accuracy, key=accuracy.get),
            "fewest_minority_per_fold": min(fewest, key=fewest.get)}


def test_lesson00_right_answers_pass(capsys, strict, labels, kdd_counts, ex2_answer):
    ex1, ex2 = lesson00.exercises(labels)
    for answer in (kdd_counts, list(reversed(kdd_counts)), np.array(kdd_counts), pd.Series(kdd_counts),
                   tuple(float(c) for c in kdd_counts)):
        ex1.check(answer)  # strict: raises if judged wrong
    ex2.check(ex2_answer)
    ex2.check({k: f" {v} " for k, v in ex2_answer.items()})  # stray spaces are forgiven
    assert capsys.readouterr().out.count("Correct!") == 7


def test_lesson00_the_two_datasets_differ_and_ex1_is_not_uniform(kdd_counts, ex2_answer):
    """The exercises are only interesting if the answers are not obvious: two different datasets, and
    test folds that do not all hold the same number of minority rows."""
    assert ex2_answer["most_accurate_always_no"] != ex2_answer["fewest_minority_per_fold"]
    assert len(set(kdd_counts)) == 2


def test_lesson00_ex1_hints(capsys, lenient, labels, kdd_counts):
    ex1 = lesson00.kddcup_folds(labels)
    y = labels["kddcup"]
    stratified = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
    splits = list(stratified.split(y, y))
    unstratified = [int(y.iloc[test].sum()) for _, test in KFold(5, shuffle=True, random_state=42).split(y)]
    assert sorted(unstratified) != sorted(kdd_counts)  # the data tell the two splitters apart
    cases = {
        "sizes of the test folds": [len(test) for _, test in splits],
        "training folds": [int(y.iloc[train].sum()) for train, _ in splits],
        "sizes of the training folds": [len(train) for train, _ in splits],
        "majority rows": [int((y.iloc[test] == 0).sum()) for _, test in splits],
        "StratifiedKFold": unstratified,
        "not one number": sum(kdd_counts) / 5,
        "labels of a test fold": y.iloc[splits[0][1]].tolist(),
        "5 counts; this has 4": kdd_counts[:4],
        "do not divide": [c + 0.5 for c in kdd_counts],
        "not a str": "4, 4, 4, 5, 5",
        "same count for every fold": [max(kdd_counts)] * 5,
        "exactly one test fold": [min(kdd_counts)] * 5,
    }
    for expect, answer in cases.items():
        assert expect in printed(capsys, ex1, answer), expect


def test_lesson00_ex2_hints(capsys, lenient, labels, ex2_answer):
    ex2 = lesson00.share_or_count(labels)
    accurate, few = ex2_answer["most_accurate_always_no"], ex2_answer["fewest_minority_per_fold"]
    lowest_accuracy = min(labels, key=lambda n: float((labels[n] == 0).mean()))
    most_minority = max(labels, key=lambda n: int(labels[n].sum()))
    cases = {
        "swapped": {"most_accurate_always_no": few, "fewest_minority_per_fold": accurate},
        "compare shares, not counts": {"most_accurate_always_no": few, "fewest_minority_per_fold": few},
        "compare counts of minority rows, not shares": {"most_accurate_always_no": accurate,
                                                        "fewest_minority_per_fold": accurate},
        "1 minus the minority share": {"most_accurate_always_no": lowest_accuracy, "fewest_minority_per_fold": few},
        "another dataset has fewer minority rows": {"most_accurate_always_no": accurate,
                                                    "fewest_minority_per_fold": most_minority},
        "datasets.names()": {"most_accurate_always_no": "page blocks", "fewest_minority_per_fold": few},
        "not a int": {"most_accurate_always_no": accurate, "fewest_minority_per_fold": 4},
        "missing the key 'fewest_minority_per_fold'": {"most_accurate_always_no": accurate},
    }
    for expect, answer in cases.items():
        assert expect in printed(capsys, ex2, answer), expect


def test_lesson00_wrong_answers_raise_in_strict_mode(strict, labels, kdd_counts, ex2_answer):
    ex1, ex2 = lesson00.exercises(labels)
    swapped = {"most_accurate_always_no": ex2_answer["fewest_minority_per_fold"],
               "fewest_minority_per_fold": ex2_answer["most_accurate_always_no"]}
    for ex, answer in ((ex1, [c + 1 for c in kdd_counts]), (ex1, 4.4), (ex2, swapped)):
        with pytest.raises(AssertionError, match="Not yet: "):
            ex.check(answer)


def test_lesson00_placeholders_never_raise(capsys, strict, labels):
    for ex in lesson00.exercises(labels):
        for placeholder in PLACEHOLDERS:
            ex.check(placeholder)
            assert capsys.readouterr().out.startswith("No answer yet")


def test_lesson00_messages_never_give_the_answer(capsys, lenient, labels, kdd_counts, ex2_answer):
    ex1, ex2 = lesson00.exercises(labels)
    y = labels["kddcup"]
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
    wrong1 = [[445] * 5, [18, 18, 18, 17, 17], [6, 6, 2, 4, 4], 4.4, [4.4] * 5, [1, 2, 3], [5] * 5, [4] * 5,
              [int(y.iloc[train].sum()) for train, _ in folds.split(y, y)], "x", {"a": 1}]
    accurate, few = ex2_answer["most_accurate_always_no"], ex2_answer["fewest_minority_per_fold"]
    others = [n for n in labels if n not in (accurate, few)]
    wrong2 = [{"most_accurate_always_no": few, "fewest_minority_per_fold": accurate},
              {"most_accurate_always_no": few, "fewest_minority_per_fold": few},
              {"most_accurate_always_no": accurate, "fewest_minority_per_fold": accurate},
              {"most_accurate_always_no": others[0], "fewest_minority_per_fold": others[1]},
              {"most_accurate_always_no": "nope", "fewest_minority_per_fold": few}, [accurate, few]]
    secrets1 = {str(sorted(kdd_counts)), str(kdd_counts), ", ".join(map(str, sorted(kdd_counts))),
                f"{min(kdd_counts)} or {max(kdd_counts)}", f"{min(kdd_counts)} and {max(kdd_counts)}",
                f"{sum(kdd_counts) / 5:g}"}
    messages1 = [printed(capsys, ex1, a) for a in wrong1] + hints(capsys, ex1)
    messages2 = [m for a in wrong2 for m in [printed(capsys, ex2, a)] if "nope" not in m] + hints(capsys, ex2)
    assert_no_leak(messages1, secrets1)
    assert_no_leak(messages2, {accurate, few})


def test_lesson00_checks_any_dataset_the_same_way(capsys, strict):
    """The checker knows what a stratified split gives without splitting: counts from a real split of
    synthetic labels pass, for several minority sizes."""
    for n_min in (5, 11, 23, 50):
        y = pd.Series([0] * 300 + [1] * n_min)
        folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
        counts = [int(y.iloc[test].sum()) for _, test in folds.split(y, y)]
        lesson00.kddcup_folds({"toy": y}, dataset="toy").check(counts)
    assert capsys.readouterr().out.count("Correct!") == 4
    with pytest.raises(KeyError, match="labels has no 'kddcup'"):
        lesson00.kddcup_folds({"toy": y})


# Lesson 01


@pytest.fixture(scope="module")
def loans():
    X, y = datasets.load("lending_club")
    return X, y, RepeatedStratifiedKFold(n_splits=5, n_repeats=3, random_state=42)


@pytest.fixture(scope="module")
def guesser_answer(loans):
    """Exercise 1's answer, computed from scratch as the worked solution does."""
    X, y, folds = loans
    model = DummyClassifier(strategy="stratified", random_state=42)
    cv = cross_validate(model, X, y, cv=folds, scoring=["accuracy", "recall"])
    return {"model": model, "accuracy": cv["test_accuracy"].mean(), "recall": cv["test_recall"].mean(),
            "per_split": cv}


def sweep_recalls(overlap):
    """Exercise 3's sweep, written out as the lesson writes it: recall on fresh data at each share."""
    shares = [0.5, 0.3, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005]
    recalls = []
    for share in shares:
        X_s, y_s = datasets.make_synthetic_2d(2000, share, overlap=overlap, random_state=42)
        X_new, y_new = datasets.make_synthetic_2d(20000, share, overlap=overlap, random_state=43)
        recalls.append(recall_score(y_new, LogisticRegression().fit(X_s, y_s).predict(X_new)))
    return shares, recalls


@pytest.fixture(scope="module")
def sweeps():
    out = {}
    for overlap in (0.3, 0.5):
        shares, recalls = sweep_recalls(overlap)
        first = next(s for s, r in zip(shares, recalls) if r < 0.5)
        out[overlap] = {"shares": shares, "recalls": recalls, "first": first}
    return out


def answer_of(guesser_answer, **changes):
    return {**{k: guesser_answer[k] for k in ("model", "accuracy", "recall")}, **changes}


def test_lesson01_right_answers_pass(capsys, strict, loans, guesser_answer, sweeps):
    ex1, ex3 = lesson01.exercises(*loans)
    ex1.check(answer_of(guesser_answer))
    ex1.check(answer_of(guesser_answer, accuracy=round(guesser_answer["accuracy"], 3),
                        recall=round(guesser_answer["recall"], 3)))
    ex3.check(sweeps[0.3]["first"])
    ex3.check(np.float64(sweeps[0.3]["first"]))
    assert capsys.readouterr().out.count("Correct!") == 4


def test_lesson01_exercise3_has_a_different_answer_from_the_lessons_table(sweeps):
    assert sweeps[0.3]["first"] < sweeps[0.5]["first"]


def test_lesson01_ex1_hints_about_the_model(capsys, lenient, guesser_answer):
    ex1 = lesson01.random_guesser(*datasets.load("lending_club"), folds=5)
    cases = {
        "'always no' again": DummyClassifier(strategy="most_frequent"),
        "strategy='prior'": DummyClassifier(strategy="prior"),
        "half of the time": DummyClassifier(strategy="uniform", random_state=42),
        "strategy='constant'": DummyClassifier(strategy="constant", constant=1),
        "learns from the features": make_pipeline(StandardScaler(), LogisticRegression()),
        "not a str": "DummyClassifier(strategy='stratified')",
        "random_state": DummyClassifier(strategy="stratified"),
    }
    for expect, model in cases.items():
        assert expect in printed(capsys, ex1, answer_of(guesser_answer, model=model)), expect


def test_lesson01_ex1_hints_about_the_numbers(capsys, lenient, loans, guesser_answer):
    ex1, _ = lesson01.exercises(*loans)
    X, y, _ = loans
    p = float(y.mean())
    model = guesser_answer["model"]
    on_five = cross_validate(model, X, y, cv=5, scoring=["accuracy", "recall"])
    split = guesser_answer["per_split"]
    i = int(np.argmax(np.abs(split["test_recall"] - guesser_answer["recall"])))  # a split far from the mean
    majority = cross_validate(model, X, y, cv=loans[2], scoring={"r0": make_scorer(recall_score, pos_label=0)})
    cases = {
        "swapped": answer_of(guesser_answer, accuracy=guesser_answer["recall"], recall=guesser_answer["accuracy"]),
        "prediction from the class shares": answer_of(guesser_answer, accuracy=p * p + (1 - p) ** 2, recall=p),
        "cv=5": answer_of(guesser_answer, accuracy=on_five["test_accuracy"].mean(),
                          recall=on_five["test_recall"].mean()),
        "one split": answer_of(guesser_answer, recall=split["test_recall"][i]),
        "pos_label=0": answer_of(guesser_answer, recall=majority["test_r0"].mean()),
        "ex1.hint(2)": answer_of(guesser_answer, accuracy=0.5, recall=0.5),
        "one number": answer_of(guesser_answer, accuracy=split["test_accuracy"]),
        "between 0 and 1": answer_of(guesser_answer, accuracy=89.8),
    }
    for expect, answer in cases.items():
        assert expect in printed(capsys, ex1, answer), expect


def test_lesson01_ex3_hints(capsys, lenient, sweeps):
    ex3 = lesson01.overlap_sweep(overlap=0.3)
    shares, recalls, first = sweeps[0.3]["shares"], sweeps[0.3]["recalls"], sweeps[0.3]["first"]
    i = shares.index(first)
    cases = {
        "in the lesson's table, with overlap=0.5": sweeps[0.5]["first"],
        "still finds at least half": shares[i - 1],
        "already was at a larger share": shares[i + 1],
        "5% is 0.05": 5,
        "looks like a recall": round(recalls[i], 3),
        "one of the values in `shares`": 0.42,
        "not a list": shares,
        "one number": "0.01",
    }
    for expect, answer in cases.items():
        assert expect in printed(capsys, ex3, answer), expect


def test_lesson01_wrong_answers_raise_in_strict_mode(strict, loans, guesser_answer, sweeps):
    ex1, ex3 = lesson01.exercises(*loans)
    for ex, answer in ((ex1, answer_of(guesser_answer, model=DummyClassifier())),
                       (ex1, answer_of(guesser_answer, recall=0.5)), (ex3, sweeps[0.5]["first"]), (ex3, 0.5)):
        with pytest.raises(AssertionError, match="Not yet: "):
            ex.check(answer)


def test_lesson01_placeholders_never_raise(capsys, strict, loans):
    for ex in lesson01.exercises(*loans):
        for placeholder in PLACEHOLDERS:
            ex.check(placeholder)
            assert capsys.readouterr().out.startswith("No answer yet")


def test_lesson01_messages_never_give_the_answer(capsys, lenient, loans, guesser_answer, sweeps):
    ex1, ex3 = lesson01.exercises(*loans)
    wrong1 = [answer_of(guesser_answer, model=DummyClassifier()), answer_of(guesser_answer, recall=0.5),
              answer_of(guesser_answer, accuracy=guesser_answer["recall"], recall=guesser_answer["accuracy"]),
              answer_of(guesser_answer, model=DummyClassifier(strategy="stratified")),
              answer_of(guesser_answer, accuracy=0.9, recall=0.05)]
    shares, first = sweeps[0.3]["shares"], sweeps[0.3]["first"]
    wrong3 = [s for s in shares if s != first] + [0.42, 5, 0.39, "x", shares]
    secrets1 = forms(guesser_answer["accuracy"]) | forms(guesser_answer["recall"])
    secrets3 = {f"{first:g}", f"{first:.2f}", f"{first:.1%}", f"{first:.0%}", f"{first * 100:g}%"}
    assert_no_leak([printed(capsys, ex1, a) for a in wrong1] + hints(capsys, ex1), secrets1)
    assert_no_leak([printed(capsys, ex3, a) for a in wrong3] + hints(capsys, ex3), secrets3)


def test_lesson01_hints_go_from_a_nudge_to_the_recipe(capsys, loans):
    for ex in lesson01.exercises(*loans):
        nudge, recipe = hints(capsys, ex)
        assert nudge.startswith("Hint: ") and "hint(2)" in nudge and recipe.startswith("Hint 2: ")
        assert not any(code in nudge for code in ("cross_validate(", "strategy='stratified'", ".iloc[0]"))
