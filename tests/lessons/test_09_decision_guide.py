"""Lesson 09 (09_decision_guide.ipynb): its measured claims, checked loosely (a direction and a margin) so a library
upgrade that breaks the lesson breaks the build, and its live demo driven without a browser."""

import pytest
from sklearn.model_selection import RepeatedStratifiedKFold

from helpers import datasets, guide
from helpers import demos


CV3 = RepeatedStratifiedKFold(n_splits=3, n_repeats=1, random_state=42)
METRICS = ["average_precision", "recall", "precision"]


@pytest.fixture(scope="module")
def runs():
    return {name: guide.evaluate(*datasets.load(name), cv=CV3, metrics=METRICS, n_estimators=30, progress=False)
            for name in ("yeast", "kddcup", "page_blocks")}


def test_top_pick_is_the_balanced_forest_and_wins_average_precision(runs):
    for name, (recs, res) in runs.items():
        assert recs[0].name == "balanced random forest", name
        verdict = guide.agreement(recs, res).set_index("metric")
        assert verdict.loc["average_precision", "top_pick_is_best"], name


def test_on_yeast_the_top_pick_is_not_the_best_on_recall_but_within_its_interval(runs):
    verdict = guide.agreement(*runs["yeast"]).set_index("metric")
    assert not verdict.loc["recall", "top_pick_is_best"] and verdict.loc["recall", "within_ci"]


def test_the_forest_at_threshold_half_is_not_the_most_precise_on_kddcup(runs):
    verdict = guide.agreement(*runs["kddcup"], metrics=["precision"]).iloc[0]
    assert verdict["measured_best"] == "random under-sampling" and not verdict["within_ci"]
    assert verdict["best_mean"] > verdict["top_pick_mean"] + 0.1


def test_tuning_the_forest_threshold_raises_precision_and_f1_on_thyroid():
    from sklearn.model_selection import TunedThresholdClassifierCV, train_test_split

    from helpers import evaluation

    X, y = datasets.load("thyroid")
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.25, stratify=y, random_state=42)
    forest = guide.recommend(X_tr, y_tr, n_estimators=30)[0].estimator.fit(X_tr, y_tr)
    tuned = TunedThresholdClassifierCV(forest, scoring="f1", cv=3, random_state=42).fit(X_tr, y_tr)
    plain, best = evaluation.scores(y_te, forest.predict(X_te)), evaluation.scores(y_te, tuned.predict(X_te))
    assert tuned.best_threshold_ > 0.55
    assert best["precision"] > plain["precision"] + 0.15 and best["f1"] > plain["f1"] + 0.05


def test_characteristics_move_the_shortlist_the_way_the_rules_say():
    demo = demos.guide_rules()
    moderate = demo.update(minority=500, ratio=9, columns=20, overlap=0.1, noise=0.0)
    assert moderate["names"] == ["balanced random forest", "SMOTE", "class weights", "tuned threshold"]
    assert moderate["rows"] == 5000
    assert "SMOTE" not in demo.update(minority=500, ratio=40)["names"]          # beyond ~20:1
    assert "SMOTE" not in demo.update(minority=30, ratio=9)["names"]            # under 50 minority rows
    assert "SMOTE" not in demo.update(minority=500, ratio=9, columns=300)["names"]  # too many columns
    extreme = demo.update(minority=2_000, ratio=500, columns=20)
    assert extreme["names"][:2] == ["EasyEnsemble", "random under-sampling"]
    assert "SMOTE-Tomek" in demo.update(minority=500, ratio=9, overlap=0.5)["names"]
    assert "SMOTE-ENN" in demo.update(noise=0.1)["names"]
    assert demo.errors == []


def test_baselines_always_listed_and_readout_gives_reasons():
    demo = demos.guide_rules()
    for minority in (10, 150, 10_000):
        for ratio in (2, 19, 150):
            state = demo.update(minority=minority, ratio=ratio)
            assert state["names"][-2:] == ["class weights", "tuned threshold"] and 2 <= len(state["names"]) <= 5
            assert all(state["reasons"])
    assert "Top pick" in demo.readout.value and "baseline without resampling" in demo.readout.value


def test_moving_a_slider_in_the_browser_updates_picture_and_readout():
    demo = demos.guide_rules()
    before = demo.image.value
    demo.controls["ratio"].value = 500
    assert demo.last_state["ratio"] == 500 and demo.errors == []
    assert demo.image.value != before and "(500:1)" in demo.readout.value


def test_every_control_changes_the_readout():
    """Each control is echoed in the readout, so moving any of them visibly answers (the browser test needs it)."""
    demo = demos.guide_rules()
    for name, control in demo.controls.items():
        values = [value for _, value in control.options]
        demo.update(**{name: values[0]})
        before = demo.readout.value
        demo.update(**{name: values[-1]})
        assert demo.readout.value != before, name
