"""helpers.resampling: every point gets the right role, counts add up, and bad input is refused clearly."""

import numpy as np
import pandas as pd
import pytest
from imblearn.combine import SMOTEENN, SMOTETomek
from imblearn.over_sampling import ADASYN, SMOTE, RandomOverSampler
from imblearn.pipeline import make_pipeline
from imblearn.under_sampling import ClusterCentroids, EditedNearestNeighbours, RandomUnderSampler, TomekLinks
from sklearn.linear_model import LogisticRegression

from helpers import datasets, evaluation, resampling

X2, Y2 = datasets.make_synthetic_2d(300, 0.1, overlap=0.5, random_state=42)


@pytest.mark.parametrize("sampler", [
    RandomOverSampler(random_state=42), SMOTE(random_state=42), ADASYN(random_state=42),
    RandomUnderSampler(random_state=42), TomekLinks(), EditedNearestNeighbours(),
    ClusterCentroids(random_state=42), SMOTEENN(random_state=42), SMOTETomek(random_state=42),
], ids=lambda s: type(s).__name__)
def test_trace_agrees_with_fit_resample(sampler):
    traced = resampling.trace(sampler, X2, Y2)
    X_res, y_res = sampler.fit_resample(X2, Y2)
    # originals come first, one row each, in order
    assert np.array_equal(traced[["x1", "x2"]].to_numpy()[:len(X2)], X2.to_numpy())
    after = traced[traced["role"].isin(["kept", "synthetic", "duplicate"])]
    assert len(after) == len(X_res)
    assert np.bincount(after["label"]).tolist() == np.bincount(y_res).tolist()
    # the points that remain are exactly the resampled rows (as a multiset)
    def rows(A):
        return sorted(map(tuple, np.asarray(A, dtype=float).round(9).tolist()))

    assert rows(after[["x1", "x2"]]) == rows(X_res)
    assert resampling.counts(traced)["after"].tolist() == np.bincount(y_res).tolist()


def test_roles_per_family():
    roles = {name: resampling.trace(s, X2, Y2)["role"].value_counts().to_dict() for name, s in {
        "ros": RandomOverSampler(random_state=42), "smote": SMOTE(random_state=42),
        "rus": RandomUnderSampler(random_state=42), "smoteenn": SMOTEENN(random_state=42)}.items()}
    assert roles["ros"] == {"kept": 300, "duplicate": 240}
    assert roles["smote"] == {"kept": 300, "synthetic": 240}
    assert roles["rus"] == {"removed": 240, "kept": 60}
    assert set(roles["smoteenn"]) == {"kept", "removed", "synthetic", "synthetic, then removed"}


def test_duplicates_sit_on_originals_and_synthetic_points_do_not():
    ros = resampling.trace(RandomOverSampler(random_state=42), X2, Y2)
    smote = resampling.trace(SMOTE(random_state=42), X2, Y2)
    originals = {tuple(r) for r in X2.to_numpy()}
    assert all(tuple(r) in originals for r in ros.loc[ros["role"] == "duplicate", ["x1", "x2"]].to_numpy())
    assert not any(tuple(r) in originals for r in smote.loc[smote["role"] == "synthetic", ["x1", "x2"]].to_numpy())


def test_counts_add_up():
    c = resampling.counts(resampling.trace(SMOTEENN(random_state=42), X2, Y2))
    assert (c["before"] + c["added"] - c["removed"] == c["after"]).all()
    assert c.index.tolist() == ["majority (0)", "minority (1)"]
    assert all(isinstance(v, (int, np.integer)) for v in c.to_numpy().ravel())


@pytest.mark.parametrize("call, error, match", [
    (lambda: resampling.trace("SMOTE", X2, Y2), TypeError, "not a sampler"),
    (lambda: resampling.trace(SMOTE(), datasets.load("thyroid")[0], datasets.load("thyroid")[1]), TypeError,
     "non-numeric columns"),
    (lambda: resampling.trace(SMOTE(), X2.assign(x1=np.where(np.arange(300) == 3, np.nan, X2["x1"])), Y2),
     ValueError, "missing values"),
    (lambda: resampling.trace(SMOTEENN(), X2, Y2), ValueError, "random_state"),
    (lambda: resampling.counts(pd.DataFrame({"a": [1]})), TypeError, "trace"),
    (lambda: resampling.add_noise_features(X2.to_numpy(), 3), TypeError, "DataFrame"),
    (lambda: resampling.add_noise_features(X2, 0), ValueError, "at least 1"),
    (lambda: resampling.effect(make_pipeline(SMOTE(), LogisticRegression()), LogisticRegression(), {}), TypeError,
     "non-empty dict"),
    (lambda: resampling.effect(make_pipeline(SMOTE(), LogisticRegression()), LogisticRegression(), {"a": X2}),
     TypeError, "pair"),
    (lambda: resampling.effect(SMOTE(), LogisticRegression(), {"a": (X2, Y2)}), TypeError, "with a sampler in it"),
    (lambda: resampling.seed_spread(pd.DataFrame(), ["a", "b"]), TypeError, "return_folds"),
])
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_noise_features_are_noise():
    X = resampling.add_noise_features(X2, 5)
    assert X.shape == (300, 7)
    assert X.iloc[:, 2:].corrwith(Y2.astype(float)).abs().max() < 0.2
    assert resampling.add_noise_features(X2, 5).equals(X)  # seeded


def test_scenarios_have_what_they_say():
    sc = resampling.smote_scenarios(400)
    assert list(sc) == ["clean", "20 noise features", "heavy overlap", "minority outliers"]
    assert sc["20 noise features"][0].shape[1] == 22
    assert all(int(y.sum()) == 20 for _, y in sc.values())


def test_effect_and_seed_spread_shapes():
    data = {"toy": (X2, Y2)}
    eff = resampling.effect(make_pipeline(SMOTE(random_state=42), LogisticRegression()), LogisticRegression(), data,
                            metrics=["recall", "precision"])
    assert eff["metric"].astype(str).tolist() == ["recall", "precision"]
    assert eff["summary"].str.contains("better|worse|no detectable").all()
    seeds = {f"s{s}": make_pipeline(RandomUnderSampler(random_state=s), LogisticRegression()) for s in (1, 2, 3)}
    _, folds = evaluation.compare(seeds, X2, Y2, cv=3, metrics=["recall"], progress=False, return_folds=True)
    spread = resampling.seed_spread(folds, seeds)
    assert spread.loc["recall", "largest range"] >= spread.loc["recall", "mean range"] >= 0
    with pytest.raises(ValueError, match="unknown"):
        resampling.seed_spread(folds, ["s1", "nope"])
