"""helpers.guide: the profile's numbers, the rules against the grid, each candidate's code, evaluate and choose."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator

from helpers import datasets, evaluation, evidence, guide

COSTS = {"cost_miss": 10, "cost_false_alarm": 1}


def _two_blobs(n_major=90, n_minor=10, gap=1.0, seed=0):
    rng = np.random.default_rng(seed)
    X = np.r_[np.zeros((n_major, 2)), np.full((n_minor, 2), gap)] + rng.normal(0, 0.1, (n_major + n_minor, 2))
    return X, np.r_[np.zeros(n_major, int), np.ones(n_minor, int)]


# ------------------------------------------------------------------------------------------------ profile
def test_profile_counts_on_known_data():
    X, y = datasets.load("thyroid")
    p = guide.profile(X, y)
    assert (p["rows"], p["features"], p["minority"]) == (3163, 25, 151)
    assert p["numeric_features"] + p["categorical_features"] == 25
    assert p["categorical_features"] > 0 and p["missing_cells"] > 0
    assert p["imbalance_ratio"] == pytest.approx(3012 / 151, abs=0.1)
    assert list(p.index) == list(guide.PROFILE_FIELDS)
    assert p["safe"] + p["borderline"] + p["rare"] + p["outlier"] == pytest.approx(1, abs=0.002)
    assert p["overlap"] == pytest.approx(1 - p["safe"], abs=0.001)


def test_high_cardinality_columns_are_counted_and_pooled():
    X, y = datasets.load("lending_club")  # sub_grade (35 levels) and addr_state (50) have more than 20
    p = guide.profile(X, y)
    assert p["high_cardinality_features"] == 2
    assert p["encoded_columns"] < 17 + 2 + 35 + 50 + 3 + 12  # what one-hot encoding every level would give


def test_minority_types_follow_the_geometry():
    separated = guide.profile(*_two_blobs(gap=1.0))
    mixed = guide.profile(*_two_blobs(n_major=300, n_minor=100, gap=0.0))
    assert separated["safe"] == 1 and separated["overlap"] == 0
    assert mixed["overlap"] > 0.6  # the same distribution: few rows have 4-5 minority neighbours of 5


def test_overlap_does_not_rise_with_the_imbalance_ratio_alone():
    """Thinning the minority (same distributions) makes every row look less safe on the data as they are,
    not in the balanced view the profile uses."""
    rng = np.random.default_rng(1)
    X = np.r_[rng.normal(0, 1, (3000, 2)), rng.normal(2.5, 1, (400, 2))]
    y = np.r_[np.zeros(3000, int), np.ones(400, int)]
    thin = np.r_[np.arange(3000), 3000 + rng.choice(400, 40, replace=False)]
    full, thinned = guide.profile(X, y), guide.profile(X[thin], y[thin])
    assert thinned["imbalance_ratio"] == 75.0 and full["imbalance_ratio"] == 7.5
    assert abs(thinned["overlap"] - full["overlap"]) < 0.1
    as_is = [1 - guide._minority_types(X[i], y[i], repeats=1, max_minority=2_000, balanced=False)[0]
             for i in (np.arange(3400), thin)]
    assert as_is[1] - as_is[0] > 0.2  # the measure on the data as they are rises with the ratio


def test_profile_accepts_numpy_and_pandas_alike():
    X, y = _two_blobs()
    a = guide.profile(X, y)
    b = guide.profile(pd.DataFrame(X), pd.Series(y))
    assert a.drop(["overlap", "safe", "borderline", "rare", "outlier"]).to_dict() == \
        b.drop(["overlap", "safe", "borderline", "rare", "outlier"]).to_dict()
    assert a["overlap"] == b["overlap"]


@pytest.mark.parametrize("X, y, error, match", [
    (None, [0, 1], TypeError, "X is None"),
    (np.zeros((4, 2)), [0, 1, 1], ValueError, "must match"),
    (np.zeros((4, 2)), ["a", "b", "a", "b"], TypeError, "text labels"),
    (np.zeros((12, 2)), [0] * 10 + [1] * 2, ValueError, "more than 5 rows"),
    (np.array([["a", "b"]] * 20), [0, 1] * 10, TypeError, "DataFrame"),
])
def test_profile_bad_input(X, y, error, match):
    with pytest.raises(error, match=match):
        guide.profile(X, y)


def test_shipped_profiles_match_the_pictures():
    """Lesson 09's PCA pictures: lending_club's bad loans sit among the good ones, the others' minorities
    mostly apart from their majorities."""
    overlap = {name: guide.profile(*datasets.load(name))["overlap"] for name in datasets.names()}
    assert overlap["lending_club"] > 0.5
    assert all(overlap[name] < 0.35 for name in datasets.names() if name != "lending_club"), overlap


def test_committed_grid_profiles_hold_the_shipped_rows_and_track_difficulty_not_ratio():
    from scipy.stats import spearmanr

    table = guide.grid_profiles()
    assert len(table) == evidence.load()["dataset"].nunique()
    for name in datasets.names():
        live = guide.profile(*datasets.load(name))
        for field in guide.PROFILE_FIELDS:
            assert float(table.loc[name, field]) == pytest.approx(float(live[field]), abs=1e-3), (name, field)
    assert spearmanr(table["overlap"], table["booster_roc_auc"])[0] < -0.5
    assert abs(spearmanr(table["overlap"], table["imbalance_ratio"])[0]) < 0.4


# ------------------------------------------------------------------------------------------ the rules
def _names(keep=None, **profile):
    return [name for name, *_ in guide.shortlist({"rows": 5_000, "minority": 500, **profile}, keep=keep)]


def test_the_shortlist_starts_with_the_bar_and_adds_experiments_by_rule():
    assert _names() == ["gradient boosting + cost threshold", "logistic regression + cost threshold",
                        "random forest + cost threshold"]
    assert "random forest + cost threshold" not in _names(rows=guide.RULES["forest_max_rows"] + 1)
    assert _names(minority=guide.RULES["min_minority"] - 1)[:2] == ["logistic regression + cost threshold",
                                                                    "gradient boosting + cost threshold"]
    assert "random forest + cost threshold" in _names(rows=50_000, keep="random forest")
    assert _names(rows=guide.RULES["large_rows"] + 1)[-1] == "under-sampled gradient boosting + cost threshold"
    assert _names(keep="k-NN")[-3:] == ["k-NN + cost threshold", "k-NN + calibration + cost threshold",
                                        "k-NN + SMOTE + cost threshold"]
    assert _names(keep="decision tree")[-1] == "decision tree + calibration + cost threshold"
    roles = [role for _, role, *_ in guide.shortlist({"rows": 300_000, "minority": 900})]
    assert roles == ["start here", "peer", "experiment"]
    for _, _, reasons, grid_rows in guide.shortlist({"rows": 300_000, "minority": 900}, keep="k-NN"):
        assert reasons and grid_rows and all(isinstance(r, str) and r for r in reasons + grid_rows)


def test_each_rule_still_stands_on_the_grid():
    """The reasons quote the grid; these are the findings each rule rests on. A re-run of the grid that
    changes one fails here, and the rule must be rethought, not just its wording."""
    corrections = list(guide.RESAMPLERS) + ["class_weight"]
    start = guide.grid_counts("hist_gradient_boosting", corrections, "ranking")
    assert start["better"] == 0 and start["pairs"] >= 100
    assert guide.grid_counts("hist_gradient_boosting", ["tuned_threshold"], "cost at 10:1")["worse"] == 0
    for learner in ("logistic_regression", "random_forest"):  # peers: the booster is rarely beaten, not always best
        ap = guide.bar_counts(learner, "none", "average_precision")
        assert ap["better"] <= 1 and ap["no detectable difference"] >= 15 and ap["ahead"] >= 5, (learner, ap)
    rus = guide.grid_counts("hist_gradient_boosting", ["random_undersampling"], "ranking")
    assert rus["worse"] >= 1 and rus["better"] == 0  # the experiment costs ranking: said in its reason
    smote_knn = guide.grid_counts("knn", ["smote"], "ranking")
    assert smote_knn["better"] >= 1 and smote_knn["worse"] >= 1  # "both ways"
    for learner in ("knn", "decision_tree"):
        cal = guide.grid_counts(learner, ["calibrated"], "probability quality")
        assert cal["better"] > cal["worse"], (learner, cal)
    # what the article recommends and the guide leaves out: no ranking gain for the strong learners
    table = guide.not_shortlisted()
    assert list(table.index) == list(guide.ARTICLE_TECHNIQUES)
    brf = table.loc["BalancedRandomForest"]
    assert brf["ranking"].startswith("0 /") and int(brf["probabilities"].split()[2]) >= 10


def test_reasons_quote_the_grid_counts():
    _, _, reasons, _ = guide.shortlist({"rows": 5_000, "minority": 500})[0]
    start = guide.grid_counts("hist_gradient_boosting", list(guide.RESAMPLERS) + ["class_weight"], "ranking")
    assert f"{start['better']} better, {start['worse']} worse of {start['pairs']}" in reasons[0]


@pytest.mark.parametrize("p, keep, error, match", [
    ({"rows": None, "minority": 5}, None, TypeError, "must be a number"),
    ({"rows": 5}, None, ValueError, "no 'minority'"),
    ({"rows": 5_000, "minority": 50}, "svm", ValueError, "keep must be"),
])
def test_shortlist_bad_input(p, keep, error, match):
    with pytest.raises(error, match=match):
        guide.shortlist(p, keep=keep)


def test_cautions():
    assert guide.cautions({"minority": 500, "overlap": 0.1, "rows": 5_000}) == []
    few = guide.cautions({"minority": 20, "overlap": 0.6, "rows": 300_000})
    assert len(few) == 4 and "20 minority rows" in few[0] and "60%" in few[1] and "forest is left out" in few[2]


# ------------------------------------------------------------------------------------------- the code
def _same_params(a, b, path="model"):
    """Parameters equal, estimators compared recursively, functions by name and source position."""
    assert type(a) is type(b), path
    pa, pb = a.get_params(deep=False), b.get_params(deep=False)
    assert pa.keys() == pb.keys(), path
    for key in pa:
        va, vb = pa[key], pb[key]
        where = f"{path}.{key}"
        if isinstance(va, BaseEstimator):
            _same_params(va, vb, where)
        elif isinstance(va, (list, tuple)) and va and isinstance(va[0], tuple):  # steps / transformers
            assert len(va) == len(vb), where
            for x, z in zip(va, vb):
                assert x[0] == z[0], where
                if isinstance(x[1], BaseEstimator):
                    _same_params(x[1], z[1], f"{where}[{x[0]}]")
                assert [repr(e) for e in x[2:]] == [repr(e) for e in z[2:]] or \
                    [type(e) for e in x[2:]] == [type(e) for e in z[2:]], where
        elif callable(va) and not isinstance(va, type):  # the scorer or a column selector
            assert type(va) is type(vb), where
            fa, fb = getattr(va, "_score_func", None), getattr(vb, "_score_func", None)
            if fa is not None:
                assert fa.__name__ == fb.__name__ and va._sign == vb._sign, where
        else:
            assert repr(va) == repr(vb), where


@pytest.mark.parametrize("keep", [None, "k-NN", "decision tree"])
def test_each_candidates_code_builds_the_same_estimator(keep):
    X, y = datasets.load("yeast")
    recs = guide.recommend(X, y, cost_miss=5, cost_false_alarm=2, keep=keep)
    for rec in recs:
        assert "helpers" not in rec.code  # copyable: scikit-learn and imbalanced-learn only
        assert rec.code.rstrip().endswith(rec.model_code.rstrip())
        assert "COST_MISS, COST_FALSE_ALARM = 5, 2" in rec.code
        namespace = {}
        exec(compile(rec.code, rec.name, "exec"), namespace)  # what a learner does with the copied code
        _same_params(namespace["model"], rec.estimator, rec.name)
        evaluation.check_candidate(namespace["model"], rec.name)


def test_the_code_scores_cost_as_written():
    recs = guide.recommend(*datasets.load("yeast"), cost_miss=5, cost_false_alarm=2)
    namespace = {}
    exec(compile(recs[0].code, "code", "exec"), namespace)
    y, pred = np.array([1, 1, 0, 0, 0]), np.array([0, 1, 1, 0, 0])
    assert namespace["cost_per_case"](y, pred) == pytest.approx((5 * 1 + 2 * 1) / 5)


def test_every_known_candidate_has_code_that_runs():
    for name in guide.CANDIDATES:
        code, model_code = guide.candidate_code(name, cost_miss=3, cost_false_alarm=1, minority=40)
        namespace = {}
        exec(compile(code, name, "exec"), namespace)
        assert hasattr(namespace["model"], "fit") and model_code in code


@pytest.mark.parametrize("costs, match", [
    ({"cost_miss": 0, "cost_false_alarm": 1}, "cost_miss must be a positive number"),
    ({"cost_miss": 5, "cost_false_alarm": -1}, "cost_false_alarm must be a positive"),
    ({"cost_miss": "10", "cost_false_alarm": 1}, "lesson 11"),
    ({"cost_miss": float("nan"), "cost_false_alarm": 1}, "positive number"),
])
def test_recommend_refuses_costs_it_cannot_use(costs, match):
    with pytest.raises(ValueError, match=match):
        guide.recommend(*datasets.load("yeast"), **costs)


def test_recommend_needs_the_costs():
    with pytest.raises(TypeError):
        guide.recommend(*datasets.load("yeast"))  # no invented cost ratio


def test_smote_k_fits_a_small_minority():
    X, y = _two_blobs(n_major=360, n_minor=12, gap=0.3)
    rec = [r for r in guide.recommend(X, y, keep="k-NN", **COSTS) if "SMOTE" in r.name][0]
    smote = rec.estimator.estimator.steps[1][1]
    assert smote.k_neighbors <= int(12 * 0.64) - 1


# ------------------------------------------------------------------------------------ evaluate, choose
def test_evaluate_pairs_every_candidate_with_the_first_and_counts_cost():
    X, y = datasets.load("yeast")
    recs = guide.recommend(X, y, **COSTS)[:2]
    ev = guide.evaluate(X, y, recs, progress=False, n_jobs=2)
    assert ev.baseline == recs[0].name
    assert set(ev.differences["metric"]) == set(guide.JUDGED)
    assert (ev.differences["candidate"] == recs[1].name).all()
    cost = ev.folds[ev.folds["metric"] == "cost_per_case"]
    assert len(cost) == 2 * guide.default_cv().get_n_splits()
    row = cost.iloc[0]
    assert row["value"] == pytest.approx((10 * row["fn"] + row["fp"]) / row["n_test"])
    assert "cost_per_case" in set(ev.summary["metric"])
    name, why = guide.choose(ev)
    assert name in [r.name for r in recs] and why


def test_evaluate_refuses_mixed_costs_and_duplicate_names():
    X, y = datasets.load("yeast")
    a = guide.recommend(X, y, cost_miss=10, cost_false_alarm=1)[1]
    b = guide.recommend(X, y, cost_miss=5, cost_false_alarm=1)[0]
    with pytest.raises(ValueError, match="different costs"):
        guide.evaluate(X, y, [a, b], progress=False)
    with pytest.raises(ValueError, match="must differ"):
        guide.evaluate(X, y, [a, a], progress=False)
    with pytest.raises(ValueError, match="give the costs too"):
        guide.evaluate(X, y, {"a": a.estimator}, progress=False)
    with pytest.raises(ValueError, match="not \\(5, 1\\)"):
        guide.evaluate(X, y, [a], cost_miss=5, cost_false_alarm=1, progress=False)
    with pytest.raises(TypeError, match="recommend"):
        guide.evaluate(X, y, [None], progress=False)


def test_evaluate_takes_your_own_estimators_with_the_costs():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = datasets.load("yeast")
    models = {"mine": make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
              "weighted": make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, class_weight="balanced"))}
    ev = guide.evaluate(X, y, models, cost_miss=10, cost_false_alarm=1, progress=False)
    assert ev.baseline == "mine" and (ev.differences["candidate"] == "weighted").all()
    cost = ev.folds[ev.folds["metric"] == "cost_per_case"].iloc[0]
    assert cost["value"] == pytest.approx((10 * cost["fn"] + cost["fp"]) / cost["n_test"])


def _fake(verdicts):
    d = pd.DataFrame([{"candidate": c, "metric": "cost_per_case", "difference": diff, "ci_low": diff - 0.01,
                       "ci_high": diff + 0.01, "p_holm": 0.01, "verdict": v} for c, diff, v in verdicts])
    return guide.Evaluation(pd.DataFrame(), pd.DataFrame(), d, "start")


def test_choose_keeps_the_start_unless_another_is_detectably_cheaper():
    assert guide.choose(_fake([("a", -0.05, "no detectable difference")]))[0] == "start"
    assert guide.choose(_fake([("a", 0.05, "worse")]))[0] == "start"
    assert guide.choose(_fake([("a", -0.02, "better"), ("b", -0.04, "better")]))[0] == "b"
    with pytest.raises(TypeError, match="evaluate"):
        guide.choose({})


def test_default_cv_gives_enough_paired_folds_for_a_verdict():
    from helpers import stats

    assert guide.default_cv().get_n_splits() >= stats.MIN_FOLDS_FOR_VERDICT


def test_candidates_bad_input():
    with pytest.raises(TypeError, match="recommend"):
        guide.candidates({"a": None})


def test_bootstrap_needs_enough_resamples_and_leaves_undefined_precision_out():
    y = np.array([0, 0, 0, 1] * 25)
    with pytest.raises(ValueError, match="at least 2000"):
        guide.bootstrap(y, y * 0.8, 0.5, n_boot=300)
    table = guide.bootstrap(y, np.zeros(100), 0.5)  # never flags anything: precision undefined throughout
    assert np.isnan(table.loc["precision", "estimate"]) and table.loc["recall", "ci_high"] == 0


def test_the_article_rules_are_measured_on_the_datasets_that_meet_them():
    table = guide.article_rules()
    assert list(table.index) == list(guide.ARTICLE_RULES)
    profiles = guide.grid_profiles()
    for rule, (_, condition) in guide.ARTICLE_RULES.items():
        assert table.loc[rule, "datasets"] == sum(condition(p, 0.5) for _, p in profiles.iterrows())
    smote = table.loc[[r for r in table.index if r.startswith("SMOTE:")][0]]
    assert smote["ranking"].startswith("0 /")  # SMOTE improved no learner's ranking where its rule applies


def test_prepare_keeps_a_column_that_is_empty_in_the_training_rows_without_warning():
    import warnings

    X = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "rare": [np.nan, np.nan, np.nan, 5.0], "t": ["x", "y", "x", None]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # sklearn warns when an imputer drops an all-missing column
        fitted = guide.prepare().fit(X.iloc[:3])
        out = fitted.transform(X)
    assert out.shape[1] == fitted.transform(X.iloc[:3]).shape[1] and not np.isnan(out).any()
