"""helpers.guide: profile numbers on known data, the rules, bad input, compare-ready candidates."""

import numpy as np
import pandas as pd
import pytest
from imblearn.base import BaseSampler

from helpers import datasets, evaluation, guide


def _two_blobs(n_major=90, n_minor=10, gap=1.0, seed=0):
    rng = np.random.default_rng(seed)
    X = np.r_[np.zeros((n_major, 2)), np.full((n_minor, 2), gap)] + rng.normal(0, 0.1, (n_major + n_minor, 2))
    return X, np.r_[np.zeros(n_major, int), np.ones(n_minor, int)]


def test_profile_counts_on_known_data():
    X, y = datasets.load("thyroid")
    p = guide.profile(X, y)
    assert (p["rows"], p["features"], p["minority"]) == (3163, 25, 151)
    assert p["numeric_features"] + p["categorical_features"] == 25
    assert p["categorical_features"] > 0 and p["missing_cells"] > 0
    assert p["imbalance_ratio"] == pytest.approx(3012 / 151, abs=0.1)
    assert set(guide.PROFILE_FIELDS) == set(p.index)


def test_overlap_and_noise_proxies_move_the_right_way():
    separated = guide.profile(*_two_blobs(gap=1.0))
    mixed = guide.profile(*_two_blobs(gap=0.0))
    assert separated["overlap"] == 0 and separated["noise"] == 0
    assert mixed["overlap"] > 0.8
    X, y = _two_blobs(gap=1.0)
    y_noisy = y.copy()
    y_noisy[:5] = 1  # five majority rows labelled minority, deep in the majority blob
    assert guide.profile(X, y_noisy)["noise"] >= 0.04


def test_profile_accepts_numpy_and_pandas_alike():
    X, y = _two_blobs()
    a = guide.profile(X, y)
    b = guide.profile(pd.DataFrame(X), pd.Series(y))
    assert a.to_dict() == b.to_dict()


@pytest.mark.parametrize("X, y, error, match", [
    (None, [0, 1], TypeError, "X is None"),
    (np.zeros((4, 2)), [0, 1, 1], ValueError, "must match"),
    (np.zeros((4, 2)), ["a", "b", "a", "b"], TypeError, "text labels"),
    (np.zeros((12, 2)), [0] * 10 + [1] * 2, ValueError, "more than k"),
    (np.array([["a", "b"]] * 20), [0, 1] * 10, TypeError, "DataFrame"),
])
def test_profile_bad_input(X, y, error, match):
    with pytest.raises(error, match=match):
        guide.profile(X, y)


BASE = {"rows": 5000, "encoded_columns": 10, "minority": 500, "imbalance_ratio": 9.0, "overlap": 0.1,
        "noise": 0.01}


def _names(**changes):
    return [name for name, _ in guide.shortlist({**BASE, **changes})]


def test_rules_fire_on_constructed_profiles():
    assert _names() == ["balanced random forest", "SMOTE", "class weights", "tuned threshold"]
    assert "balanced random forest" not in _names(rows=500)
    assert "balanced random forest" not in _names(rows=200_000)
    assert "SMOTE" not in _names(imbalance_ratio=25.0)       # not moderate
    assert "SMOTE" not in _names(minority=40)                # too few minority rows
    assert "SMOTE" not in _names(encoded_columns=300)        # too many dimensions
    assert "random under-sampling" in _names(imbalance_ratio=150.0, minority=30)
    assert "random under-sampling" in _names(rows=500_000)
    assert _names(rows=500_000, imbalance_ratio=300.0)[0] == "EasyEnsemble"
    assert "SMOTE-Tomek" in _names(overlap=0.5)
    assert "SMOTE-ENN" in _names(overlap=0.5, noise=0.1)


def test_baselines_always_stay_and_max_candidates_is_respected():
    for m in (2, 3, 4, 5):
        names = _names() if m == 5 else [n for n, _ in guide.shortlist({**BASE, "overlap": 0.5}, max_candidates=m)]
        assert names[-2:] == ["class weights", "tuned threshold"] and 2 <= len(names) <= m
    for _name, reasons in guide.shortlist({**BASE, "overlap": 0.5, "noise": 0.2}):
        assert reasons and all(isinstance(r, str) and r for r in reasons)


@pytest.mark.parametrize("p, max_candidates, error, match", [
    ({**BASE, "noise": None}, 5, TypeError, "must be a number"),
    ({k: v for k, v in BASE.items() if k != "overlap"}, 5, ValueError, "no 'overlap'"),
    (BASE, 1, ValueError, "at least 2"),
])
def test_shortlist_bad_input(p, max_candidates, error, match):
    with pytest.raises(error, match=match):
        guide.shortlist(p, max_candidates=max_candidates)


def _smote_ks(estimator):
    found = []
    for _, step in getattr(estimator, "steps", []):
        if isinstance(step, BaseSampler):
            inner = getattr(step, "smote", None) or step
            if hasattr(inner, "k_neighbors"):
                found.append(inner.k_neighbors)
    return found


@pytest.mark.parametrize("name", ["page_blocks", "kddcup", "yeast", "thyroid"])
def test_recommend_returns_compare_ready_candidates(name):
    X, y = datasets.load(name)
    recs = guide.recommend(X, y)
    assert 2 <= len(recs) <= 5
    assert [r.name for r in recs][-2:] == ["class weights", "tuned threshold"]
    minority = int(y.sum())
    for r in recs:
        assert isinstance(r, guide.Candidate) and r.reasons
        assert all(k <= minority - 1 for k in _smote_ks(r.estimator))
        evaluation.check_neighbours(r.estimator, y)
    assert list(guide.candidates(recs)) == [r.name for r in recs]


def test_small_minority_lowers_k_neighbors():
    X, y = _two_blobs(n_major=360, n_minor=6, gap=0.0)  # overlapping classes: the rules pick SMOTE-Tomek
    recs = guide.recommend(X, y)
    ks = [k for r in recs for k in _smote_ks(r.estimator)]
    assert ks and max(ks) <= 6 - 1 - 1  # 6 minority rows, 5-fold training split keeps 4: k <= 3
    guide.evaluate(X, y, cv=3, progress=False, metrics=["roc_auc"])


def test_evaluate_runs_the_shortlist_through_compare():
    X, y = datasets.load("yeast")
    recs, res = guide.evaluate(X, y, cv=3, progress=False, metrics=["average_precision", "recall"])
    assert res["candidate"].astype(str).unique().tolist() == [r.name for r in recs]


def test_default_cv_gives_enough_paired_folds_for_a_verdict():
    from helpers import stats

    assert guide.default_cv().get_n_splits() >= stats.MIN_FOLDS_FOR_VERDICT


def test_the_within_interval_check_is_gone():
    """``best``/``agreement`` asked whether one mean lies in another's interval: not a test of a difference."""
    assert not hasattr(guide, "best") and not hasattr(guide, "agreement")


def test_candidates_bad_input():
    with pytest.raises(TypeError, match="recommend"):
        guide.candidates({"a": None})


def test_bootstrap_needs_enough_resamples_and_leaves_undefined_precision_out():
    y = np.array([0, 0, 0, 1] * 25)
    with pytest.raises(ValueError, match="at least 2000"):
        guide.bootstrap(y, y * 0.8, 0.5, n_boot=300)
    table = guide.bootstrap(y, np.zeros(100), 0.5)  # never flags anything: precision undefined throughout
    assert np.isnan(table.loc["precision", "estimate"]) and table.loc["recall", "ci_high"] == 0
