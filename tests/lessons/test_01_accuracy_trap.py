"""Lesson 01 (01_accuracy_trap.ipynb): its measured claims, checked loosely (a direction and a margin) so a library
upgrade that breaks the lesson breaks the build, and its live demo driven without a browser."""

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.dummy import DummyClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, recall_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from helpers import datasets, demos, evaluation
from helpers.demos.lesson01_accuracy_trap import TRAP_SHARES, trap_step

# The lesson's plain model, written out as the lesson writes it: impute and scale the numeric columns,
# impute and one-hot encode the categorical ones, then a logistic regression.
PREPROCESS = ColumnTransformer([
    ("numeric", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()),
     make_column_selector(dtype_include="number")),
    ("categorical", make_pipeline(SimpleImputer(strategy="most_frequent"),
                                  OneHotEncoder(handle_unknown="ignore", sparse_output=False)),
     make_column_selector(dtype_exclude="number")),
])
CANDIDATES = {"always no": DummyClassifier(strategy="most_frequent"),
              "plain": make_pipeline(PREPROCESS, LogisticRegression(max_iter=1000))}


def summary(name, metric_names, candidates=CANDIDATES):
    X, y = datasets.load(name)
    res = evaluation.compare(candidates, X, y, metrics=metric_names, cv=5, progress=False)
    return res.set_index(["candidate", "metric"])["mean"], float(y.mean())


@pytest.mark.parametrize("name", ["lending_club", "thyroid", "page_blocks"])
def test_always_no_scores_the_majority_share_and_finds_nothing(name):
    means, share = summary(name, ["accuracy", "recall"], {"always no": CANDIDATES["always no"]})
    assert means["always no", "accuracy"] >= 0.9
    assert means["always no", "accuracy"] == pytest.approx(1 - share, abs=0.002)
    assert means["always no", "recall"] == 0


def test_precision_of_a_model_that_flags_nothing_is_undefined_not_zero():
    X, y = datasets.load("lending_club")
    res = evaluation.compare({"always no": CANDIDATES["always no"]}, X, y, metrics=["precision"], cv=5,
                             progress=False).iloc[0]
    assert np.isnan(res["mean"]) and res["n_undefined"] == 5 and res["n_folds"] == 0


def test_a_plain_model_on_the_loans_is_as_accurate_as_always_no_but_finds_almost_no_bad_loan():
    means, _ = summary("lending_club", ["accuracy", "recall", "roc_auc"])
    assert means["plain", "accuracy"] > 0.93
    assert abs(means["plain", "accuracy"] - means["always no", "accuracy"]) < 0.01
    assert means["plain", "recall"] < 0.05
    assert means["plain", "roc_auc"] > 0.65  # ... although its scores do rank the risk


def test_on_separable_kddcup_a_plain_model_finds_most_of_a_1_in_100_class():
    means, _ = summary("kddcup", ["recall", "precision"])
    assert means["plain", "recall"] > 0.7 and means["plain", "precision"] > 0.8


def lesson_sweep(overlap=0.5):
    """The lesson's sweep cell, written out as the lesson writes it (Exercise 3 reruns it with overlap=0.3)."""
    shares = [0.5, 0.3, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005]  # the slider's steps
    steps = []
    for share in shares:
        X_s, y_s = datasets.make_synthetic_2d(2000, share, overlap=overlap, random_state=42)
        X_new, y_new = datasets.make_synthetic_2d(20000, share, overlap=overlap, random_state=43)
        model = LogisticRegression().fit(X_s, y_s)
        y_pred = model.predict(X_new)
        steps.append({"share": share, "always_no_accuracy": accuracy_score(y_new, np.zeros_like(y_new)),
                      "accuracy": accuracy_score(y_new, y_pred), "recall": recall_score(y_new, y_pred),
                      "roc_auc": roc_auc_score(y_new, model.predict_proba(X_new)[:, 1])})
    return pd.DataFrame(steps)


@pytest.fixture(scope="module")
def sweep():
    return lesson_sweep()  # 50% -> 0.5%, synthetic data, overlap 0.5


def test_the_lessons_sweep_is_the_demos_precomputed_steps(sweep):
    """The table the lesson computes in the open and the steps the demo (and the exercise checker) look up
    are the same numbers."""
    assert sweep["share"].tolist() == list(TRAP_SHARES)
    keys = ["always_no_accuracy", "accuracy", "recall", "roc_auc"]
    demo_steps = pd.DataFrame([{k: trap_step(s)[k] for k in keys} for s in TRAP_SHARES])
    pd.testing.assert_frame_equal(sweep[keys], demo_steps, check_exact=False, rtol=0, atol=1e-12)


def test_as_the_minority_gets_rarer_accuracy_climbs_while_recall_collapses(sweep):
    first, last = sweep.iloc[0], sweep.iloc[-1]
    assert last["accuracy"] > first["accuracy"] + 0.05
    assert first["recall"] > 0.8 and last["recall"] < 0.05
    assert (sweep["recall"].diff().dropna() <= 0.01).all()
    rare = sweep[sweep["share"] <= 0.02]
    assert ((rare["accuracy"] - rare["always_no_accuracy"]).abs() < 0.01).all()  # it learned to say "no"
    assert sweep["roc_auc"].max() - sweep["roc_auc"].min() < 0.02  # while its ranking did not change


def test_with_less_overlap_the_collapse_comes_later_and_is_milder(sweep):
    """Exercise 3: with overlap=0.3, recall first falls below 0.5 at a smaller share than with 0.5, and at
    0.5% it is clearly above 0.5's; it still falls below 0.5 within the shares the sweep visits."""
    apart = lesson_sweep(overlap=0.3)

    def first_below_half(table):
        return table.loc[table["recall"] < 0.5, "share"].iloc[0]

    assert first_below_half(apart) < first_below_half(sweep)
    assert apart["recall"].iloc[-1] > sweep["recall"].iloc[-1] + 0.1
    assert apart["recall"].iloc[-1] == pytest.approx(trap_step(0.005, overlap=0.3)["recall"], abs=1e-12)


def test_trap_step_returns_copies_and_refuses_a_share_above_a_half():
    step = trap_step(0.1)
    step["accuracy"] = -1
    assert trap_step(0.1)["accuracy"] > 0
    with pytest.raises(ValueError, match="minority_share"):
        trap_step(0.7)


def test_the_lessons_interval_by_hand_is_evaluation_compares():
    """The lesson recomputes compare's ROC-AUC interval from cross_validate's split scores (mean +- t x the
    Nadeau-Bengio standard error); here on 5 folds rather than the lesson's 15 splits, to keep the test fast."""
    from scipy.stats import t as student_t

    X, y = datasets.load("lending_club")
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)  # what compare(cv=5) uses
    auc = cross_validate(CANDIDATES["plain"], X, y, cv=folds, scoring="roc_auc")["test_score"]
    k = len(auc)
    ratio = np.mean([len(test) / len(train) for train, test in folds.split(X, y)])
    half = student_t.ppf(0.975, df=k - 1) * np.sqrt((1 / k + ratio) * auc.var(ddof=1))
    row = evaluation.compare({"plain": CANDIDATES["plain"]}, X, y, metrics=["roc_auc"], cv=5,
                             progress=False).iloc[0]
    assert row["mean"] == pytest.approx(auc.mean(), abs=1e-12)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((auc.mean() - half, auc.mean() + half), abs=1e-12)


def test_accuracy_trap_moves_the_right_way_across_every_step():
    demo = demos.accuracy_trap()
    states = [demo.update(share=s) for s in TRAP_SHARES]  # 50% -> 0.5%, as the instructor slides
    recall = np.array([s["recall"] for s in states])
    always_no = np.array([s["always_no_accuracy"] for s in states])
    accuracy = np.array([s["accuracy"] for s in states])
    assert np.all(np.diff(always_no) > 0)
    assert np.all(np.diff(recall) <= 0.01)  # falls at every step (a hair of noise allowed)
    assert recall[0] > 0.8 and recall[-1] < 0.05
    assert accuracy[-1] > accuracy[0] + 0.05
    assert demo.errors == []


def test_picture_and_readout_follow_the_slider():
    demo = demos.accuracy_trap()
    png_balanced, text_balanced = demo.image.value, demo.readout.value
    demo.controls["share"].value = 0.01  # as if moved in the browser
    assert demo.last_state["share"] == 0.01 and demo.errors == []
    assert demo.image.value != png_balanced and bytes(demo.image.value).startswith(b"\x89PNG")
    assert "1.0%" in demo.readout.value and demo.readout.value != text_balanced
    assert f"{demo.last_state['found']}</b> of 200" in demo.readout.value


def test_the_picture_shows_the_model_boundary_and_only_the_steps_so_far():
    demo = demos.accuracy_trap()
    demo.update(share=0.1)
    ax_data, ax_metrics = demo.figure.axes
    n_steps = TRAP_SHARES.index(0.1) + 1
    assert all(len(line.get_xdata()) == n_steps for line in ax_metrics.get_lines())
    assert "200 minority" in ax_data.get_title()
    boundary = [line for line in ax_data.get_lines() if line.get_linestyle() == "--"][0]
    step = trap_step(0.1)
    x, y = boundary.get_data()
    proba = step["model"].predict_proba(pd.DataFrame({"x1": x, "x2": y}))[:, 1]
    assert np.allclose(proba, 0.5)  # the dashed line is where the model's probability crosses 0.5
