"""Lesson 01 (01_accuracy_trap.ipynb): its measured claims, checked loosely (a direction and a margin) so a library
upgrade that breaks the lesson breaks the build, and its live demo driven without a browser."""

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.dummy import DummyClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from helpers import datasets, demos, evaluation, metrics

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


def test_as_the_minority_gets_rarer_accuracy_climbs_while_recall_collapses():
    sweep = metrics.minority_share_sweep()  # 50% -> 0.5%, synthetic data, overlap 0.5
    first, last = sweep.iloc[0], sweep.iloc[-1]
    assert last["accuracy"] > first["accuracy"] + 0.05
    assert first["recall"] > 0.8 and last["recall"] < 0.05
    assert (sweep["recall"].diff().dropna() <= 0.01).all()
    rare = sweep[sweep["share"] <= 0.02]
    assert ((rare["accuracy"] - rare["always_no_accuracy"]).abs() < 0.01).all()  # it learned to say "no"
    assert sweep["roc_auc"].max() - sweep["roc_auc"].min() < 0.02  # while its ranking did not change


def test_with_less_overlap_the_collapse_is_milder():
    assert metrics.minority_share_sweep([0.005], overlap=0.3)["recall"].iloc[0] > \
        metrics.minority_share_sweep([0.005], overlap=0.5)["recall"].iloc[0] + 0.1


def test_accuracy_trap_moves_the_right_way_across_every_step():
    demo = demos.accuracy_trap()
    states = [demo.update(share=s) for s in metrics.TRAP_SHARES]  # 50% -> 0.5%, as the instructor slides
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
    n_steps = metrics.TRAP_SHARES.index(0.1) + 1
    assert all(len(line.get_xdata()) == n_steps for line in ax_metrics.get_lines())
    assert "200 minority" in ax_data.get_title()
    boundary = [line for line in ax_data.get_lines() if line.get_linestyle() == "--"][0]
    step = metrics.trap_step(0.1)
    x, y = boundary.get_data()
    proba = step["model"].predict_proba(pd.DataFrame({"x1": x, "x2": y}))[:, 1]
    assert np.allclose(proba, 0.5)  # the dashed line is where the model's probability crosses 0.5
