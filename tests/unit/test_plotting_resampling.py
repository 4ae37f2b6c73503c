"""Plots of what a sampler did, decision boundaries and Tomek links (lessons 03-05)."""

import pytest
from imblearn.over_sampling import SMOTE, RandomOverSampler
from imblearn.pipeline import make_pipeline
from imblearn.under_sampling import RandomUnderSampler, TomekLinks
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from helpers import datasets, plotting, resampling

X2, Y2 = datasets.make_synthetic_2d(300, 0.1, overlap=0.5, random_state=42)


def _points(ax):
    return sum(len(c.get_offsets()) for c in ax.collections)


def test_resampled_draws_every_point_once_per_panel():
    samplers = {"ROS": RandomOverSampler(random_state=42), "SMOTE": SMOTE(random_state=42),
                "RUS": RandomUnderSampler(random_state=42)}
    fig = plotting.resampled(X2, Y2, samplers, title="t")
    assert [ax.get_title().splitlines()[0] for ax in fig.axes[:3]] == ["ROS", "SMOTE", "RUS"]
    assert _points(fig.axes[1]) == 300 + 240  # originals + synthetic
    assert _points(fig.axes[2]) == 300  # kept + removed
    assert _points(fig.axes[0]) == 300 + 30  # originals + one ring per duplicated minority point
    assert "270:30 -> 270:270" in fig.axes[1].get_title()
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels[:2] == ["majority", "minority"] and "removed" in labels


def test_resampled_accepts_traces_and_projects_wide_data():
    X, y = datasets.load("yeast")
    Xs = (X - X.mean()) / X.std()
    traced = resampling.trace(SMOTE(random_state=42), Xs, y)
    fig = plotting.resampled(Xs, y, {"SMOTE": traced})
    assert fig.axes[0].get_xlabel() == "PC 1" and "PCA fitted on the original rows" in fig._supxlabel.get_text()
    fig = plotting.resampled(Xs, y, {"SMOTE": traced}, projection=("mcg", "gvh"))
    assert fig.axes[0].get_xlabel() == "mcg"


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(samplers={}), TypeError, "non-empty dict"),
    (dict(samplers={"x": "SMOTE"}), TypeError, "not a sampler"),
    (dict(samplers={"s": SMOTE()}, projection=("x1", "nope")), ValueError, "projection"),
])
def test_resampled_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        plotting.resampled(X2, Y2, **kwargs)


def test_decision_boundaries_draw_each_model():
    models = {"plain": LogisticRegression().fit(X2, Y2),
              "SMOTE": make_pipeline(SMOTE(random_state=42), LogisticRegression()).fit(X2, Y2)}
    fig = plotting.decision_boundaries(models, X2, Y2, title="t")
    assert [ax.get_title() for ax in fig.axes[:2]] == ["plain", "SMOTE"]
    assert fig.axes[-1].get_ylabel() == "predicted minority probability"  # the colour bar


@pytest.mark.parametrize("models, X, error, match", [
    ({"lr": LogisticRegression()}, X2, ValueError, "not fitted"),
    ({"svm": LinearSVC().fit(X2, Y2)}, X2, TypeError, "predict_proba"),
    ({"lr": LogisticRegression().fit(X2, Y2)}, X2.assign(x3=1.0), ValueError, "2-D"),
    ({}, X2, TypeError, "non-empty dict"),
])
def test_decision_boundaries_bad_input(models, X, error, match):
    with pytest.raises(error, match=match):
        plotting.decision_boundaries(models, X, Y2)


def test_tomek_links_cross_out_what_tomeklinks_removes():
    fig = plotting.tomek_links(X2, Y2)
    removed = len(X2) - len(TomekLinks().fit_resample(X2, Y2)[1])
    crosses = [c for c in fig.axes[0].collections if c.get_label() == "removed by TomekLinks"]
    assert removed > 0 and len(crosses[0].get_offsets()) == removed
    assert str(removed) in fig._suptitle.get_text()
    with pytest.raises(ValueError, match="2-D"):
        plotting.tomek_links(X2.assign(x3=0.0), Y2)
