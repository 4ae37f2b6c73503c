"""helpers.exercises.lesson03: lesson 03's checkers. Right answers pass (in strict mode too), each recognised
mistake gets its own hint, placeholders never raise, and no message gives the expected value away.

Exercise 1 runs on a stratified sample of satimage (1,500 rows) so that every refit stays fast; the lesson
runs it on all of satimage, and nbval executes that worked solution in strict mode."""

import pandas as pd
import pytest
from imblearn.over_sampling import SMOTE, SMOTENC, RandomOverSampler
from imblearn.pipeline import make_pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import make_scorer, roc_auc_score
from sklearn.model_selection import RepeatedStratifiedKFold, cross_validate, train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline as make_sklearn_pipeline
from sklearn.preprocessing import RobustScaler, StandardScaler
from threadpoolctl import threadpool_limits

from helpers import datasets
from helpers.exercises import STRICT_ENV, lesson03

RANKING = ["roc_auc", "average_precision"]


def knn_plain():
    return make_pipeline(StandardScaler(), KNeighborsClassifier())


def knn_smote(sampler=None):
    return make_pipeline(StandardScaler(), sampler or SMOTE(random_state=42), KNeighborsClassifier())


def mean_change(plain, smote, key):
    return float(smote[f"test_{key}"].mean() - plain[f"test_{key}"].mean())


@pytest.fixture(scope="module")
def sat():
    X, y = datasets.load("satimage")
    X, _, y, _ = train_test_split(X, y, train_size=1500, stratify=y, random_state=0)
    return X.reset_index(drop=True), y.reset_index(drop=True)


@pytest.fixture(scope="module")
def cv():
    return RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=42)


@pytest.fixture(scope="module")
def ex1(sat, cv):
    return lesson03.knn_smote_change(*sat, cv)


@pytest.fixture(scope="module")
def right(sat, cv):
    """The right answer, computed here with cross_validate (not with the checker's own loop), and the
    numbers each wrong protocol gives."""
    X, y = sat
    scoring = {"roc_auc": "roc_auc", "average_precision": "average_precision",
               "roc_auc_labels": make_scorer(roc_auc_score)}

    def run(model, X=X, y=y, folds=cv):
        with threadpool_limits(limits=1):  # k-NN on small data: much faster with one thread on a busy machine
            return cross_validate(model, X, y, cv=folds, scoring=scoring)

    plain, smote = run(knn_plain()), run(knn_smote())
    answer = {"knn_plain": knn_plain(), "knn_smote": knn_smote(),
              **{f"{m}_change": mean_change(plain, smote, m) for m in RANKING}}
    plain5, smote5 = run(knn_plain(), folds=5), run(knn_smote(), folds=5)
    X_res, y_res = SMOTE(random_state=42).fit_resample(X, y)
    leaky = run(knn_plain(), X_res, y_res)
    wrong = {
        "one repeat": {m: float(smote[f"test_{m}"][:5].mean() - plain[f"test_{m}"][:5].mean()) for m in RANKING},
        "cv=5": {m: mean_change(plain5, smote5, m) for m in RANKING},
        "leaky": {m: mean_change(plain, leaky, m) for m in RANKING},
        "labels": {"roc_auc": mean_change(plain, smote, "roc_auc_labels"),
                   "average_precision": answer["average_precision_change"]},
        "scores": {m: float(smote[f"test_{m}"].mean()) for m in RANKING},
    }
    return answer, wrong


def with_numbers(answer, numbers):
    return {**answer, **{f"{m}_change": v for m, v in numbers.items()}}



def printed(capsys, exercise, answer):
    exercise.check(answer, strict=False)
    return capsys.readouterr().out.strip()


def forms(value):
    value = float(value)
    return {f"{value:.3f}", f"{value:+.3f}", f"{value:.4f}", repr(value), str(round(value, 3))}


# Exercise 1: k-NN with and without SMOTE


def test_ex1_right_answers_pass_in_strict_mode(capsys, monkeypatch, ex1, right):
    monkeypatch.setenv(STRICT_ENV, "1")
    answer, _ = right
    ex1.check(answer)
    ex1.check({**answer, **{f"{m}_change": round(answer[f"{m}_change"], 3) for m in RANKING}})
    assert capsys.readouterr().out.count("Correct!") == 2


def test_ex1_accepts_another_scaler_and_sampler(capsys, sat, cv, ex1):
    """The checker refits the learner's own pipelines: any scaler and any seeded sampler is judged on its
    own numbers."""
    X, y = sat
    plain = make_pipeline(RobustScaler(), KNeighborsClassifier(n_neighbors=7))
    other = make_pipeline(RobustScaler(), RandomOverSampler(random_state=0), KNeighborsClassifier(n_neighbors=7))
    with threadpool_limits(limits=1):
        p, s = (cross_validate(m, X, y, cv=cv, scoring=RANKING) for m in (plain, other))
    answer = {"knn_plain": plain, "knn_smote": other, **{f"{m}_change": mean_change(p, s, m) for m in RANKING}}
    assert printed(capsys, ex1, answer).startswith("Correct!")


def test_ex1_the_wrong_protocols_give_other_numbers(right):
    """The data tell every wrong protocol apart from the right one, beyond the checker's tolerance."""
    answer, wrong = right
    for name, numbers in wrong.items():
        gap = max(abs(numbers[m] - answer[f"{m}_change"]) for m in RANKING)
        assert gap > 2 * lesson03.TOLERANCE, name


def test_ex1_recognises_how_the_pipelines_were_built(capsys, lenient, ex1, right):
    answer, _ = right
    cases = {
        "pipeline built with make_pipeline": {**answer, "knn_plain": KNeighborsClassifier()},
        "k-nearest neighbours": {**answer, "knn_smote": knn_smote().set_params(
            kneighborsclassifier=LogisticRegression())},
        "leave the sampler out": {**answer, "knn_plain": knn_smote()},
        "no sampler step": {**answer, "knn_smote": knn_plain()},
        "scikit-learn Pipeline": {**answer, "knn_smote": make_sklearn_pipeline(
            StandardScaler(), SMOTE(random_state=42), KNeighborsClassifier())},
        "no scaling step": {**answer, "knn_smote": make_pipeline(SMOTE(random_state=42), KNeighborsClassifier())},
        "fixed random_state": {**answer, "knn_smote": knn_smote(SMOTE())},
        "differ by the sampler only": {**answer, "knn_smote": make_pipeline(
            StandardScaler(), SMOTE(random_state=42), KNeighborsClassifier(n_neighbors=15))},
        "more than one sampler": {**answer, "knn_smote": make_pipeline(
            StandardScaler(), SMOTE(random_state=42), RandomOverSampler(random_state=42), KNeighborsClassifier())},
        "missing the key 'average_precision_change'": {k: v for k, v in answer.items()
                                                       if k != "average_precision_change"},
        "one number": {**answer, "roc_auc_change": [0.1, 0.2]},
    }
    for expect, wrong in cases.items():
        assert expect in printed(capsys, ex1, wrong), expect


def test_ex1_recognises_wrong_numbers(capsys, lenient, ex1, right):
    answer, wrong = right
    swapped = {"roc_auc": answer["average_precision_change"], "average_precision": answer["roc_auc_change"]}
    cases = {
        "swapped": swapped,
        "signs are flipped": {m: -answer[f"{m}_change"] for m in RANKING},
        "not a score": wrong["scores"],
        "not 0/1 labels": wrong["labels"],
        "one repeat": wrong["one repeat"],
        "five unshuffled folds": wrong["cv=5"],
        "resampling all of X_sat before cross-validating": wrong["leaky"],
        "do not match these two pipelines": {"roc_auc": 0.3, "average_precision": -0.3},
    }
    for expect, numbers in cases.items():
        assert expect in printed(capsys, ex1, with_numbers(answer, numbers)), expect


def test_ex1_wrong_answers_raise_in_strict_mode_and_placeholders_never(capsys, monkeypatch, ex1, right):
    monkeypatch.setenv(STRICT_ENV, "1")
    answer, _ = right
    with pytest.raises(AssertionError, match="Not yet: "):
        ex1.check({**answer, "knn_smote": knn_plain()})
    for placeholder in (..., {"knn_plain": ..., "knn_smote": ..., "roc_auc_change": ...,
                              "average_precision_change": ...}, {**answer, "roc_auc_change": ...}):
        ex1.check(placeholder)
        assert capsys.readouterr().out.startswith("No answer yet")


def test_ex1_messages_never_give_the_answer(capsys, lenient, ex1, right):
    answer, wrong = right
    answers = [with_numbers(answer, numbers) for numbers in wrong.values()]
    answers += [with_numbers(answer, {"roc_auc": 0.3, "average_precision": -0.3}),
                {**answer, "knn_smote": knn_plain()}]
    messages = [printed(capsys, ex1, a) for a in answers]
    ex1.hint()
    ex1.hint(2)
    messages += capsys.readouterr().out.splitlines()
    secrets = set().union(*(forms(answer[f"{m}_change"]) for m in RANKING))
    assert all(m.startswith(("Not yet: ", "Hint")) for m in messages), messages
    assert not [(m, s) for m in messages for s in secrets if s in m]


# Exercise 2: SMOTENC's synthetic patients


@pytest.fixture(scope="module")
def thyroid():
    """SMOTENC on thyroid, as the lesson runs it."""
    X, y = datasets.load("thyroid")
    filled = X.fillna(X.median(numeric_only=True))
    X_res, _ = SMOTENC(categorical_features="auto", random_state=42).fit_resample(filled, y)
    return X, y, X_res, X_res.iloc[len(X):]


def test_ex2_right_answers_pass(capsys, monkeypatch, thyroid):
    monkeypatch.setenv(STRICT_ENV, "1")
    X, y, _, synthetic = thyroid
    ex2 = lesson03.smotenc_crosstab(synthetic, X, y)
    table = pd.crosstab(synthetic["sex"], synthetic["pregnant"])
    for answer in (table, table.T, pd.crosstab(synthetic["sex"], synthetic["pregnant"], margins=True),
                   pd.crosstab(synthetic["sex"].to_numpy(), synthetic["pregnant"].to_numpy())):
        ex2.check(answer)
    assert capsys.readouterr().out.count("Correct!") == 4


def test_ex2_recognises_the_wrong_rows(capsys, lenient, thyroid):
    X, y, X_res, synthetic = thyroid
    ex2 = lesson03.smotenc_crosstab(synthetic, X, y)
    sick = y.to_numpy() == 1
    cases = {
        "real patients (X_thy)": pd.crosstab(X["sex"], X["pregnant"]),
        "real hypothyroid patients": pd.crosstab(X["sex"][sick], X["pregnant"][sick]),
        "every row of X_res": pd.crosstab(X_res["sex"], X_res["pregnant"]),
        "against 'sick'": pd.crosstab(synthetic["sex"], synthetic["sick"]),
        "do not match": pd.crosstab(synthetic["sex"][:100], synthetic["pregnant"][:100]),
        "one table": pd.concat({"real": pd.crosstab(X["sex"], X["pregnant"]),
                                "synthetic": pd.crosstab(synthetic["sex"], synthetic["pregnant"])}),
        "a DataFrame": synthetic["sex"].value_counts(),
    }
    for expect, answer in cases.items():
        assert expect in printed(capsys, ex2, answer), expect
    assert printed(capsys, ex2, ...).startswith("No answer yet")
    ex2.hint()
    messages = list(printed(capsys, ex2, a) for a in cases.values()) + [capsys.readouterr().out]
    counts = {str(n) for n in pd.crosstab(synthetic["sex"], synthetic["pregnant"]).to_numpy().ravel() if n}
    assert not [(m, c) for m in messages for c in counts if c in m]
