"""Claims of lesson 09: where the guide's top pick agrees with measurement, and where it does not."""

import pytest
from sklearn.model_selection import RepeatedStratifiedKFold

from helpers import datasets, guide

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
