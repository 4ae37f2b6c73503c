"""The decision guide: measure a dataset, shortlist techniques with reasons, compare them.

The rules start from the seed article's "when to use what" and are written down in ``shortlist``, a
pure function of a profile, so they can be read, tested and shown in a demo without fitting anything.
``recommend`` turns the shortlist into estimators ready for ``evaluation.compare``; ``evaluate`` runs
both. The rules are a starting point, not a verdict: lesson 09 measures where they are right.

>>> from helpers import datasets, guide
>>> X, y = datasets.load("yeast")
>>> [c.name for c in guide.recommend(X, y)]
['balanced random forest', 'SMOTE-Tomek', 'class weights', 'tuned threshold']
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from imblearn.pipeline import Pipeline as ImbPipeline
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import RepeatedStratifiedKFold, StratifiedKFold, train_test_split
from sklearn.neighbors import NearestNeighbors
from sklearn.pipeline import Pipeline as SkPipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from . import evaluation, stats
from ._checks import check_X_y

RANDOM_STATE = 42

#: Thresholds the rules use; named so the notebook and the tests can quote them.
RULES = {
    "forest_rows": (1_000, 100_000),  # BalancedRandomForest for 1k-100k rows
    "smote_max_ratio": 20.0,          # SMOTE for moderate imbalance, below ~20:1 ...
    "smote_min_minority": 50,         # ... with at least 50 minority rows ...
    "smote_max_columns": 100,         # ... and low/medium dimension (columns after one-hot encoding)
    "extreme_ratio": 100.0,           # under-sampling for extreme imbalance, above 100:1 ...
    "massive_rows": 100_000,          # ... or massive data; EasyEnsemble for extreme imbalance on huge data
    "overlap": 0.3,                   # SMOTE-Tomek when at least 30% of minority rows sit among the majority
    "noise": 0.05,                    # SMOTE-ENN (which cleans) when at least 5% of rows look mislabelled
}

PROFILE_FIELDS = ("rows", "features", "numeric_features", "categorical_features", "encoded_columns",
                  "minority", "majority", "imbalance_ratio", "missing_cells", "missing_share",
                  "overlap", "noise")


def preprocessor(X: Any) -> ColumnTransformer | SkPipeline:
    """Scale numeric columns, one-hot encode categorical ones, impute where X has gaps.

    Numeric: standard scaling (distance-based samplers such as SMOTE need comparable scales), after
    median imputation if X has missing numeric values. Categorical (``category`` or text dtype):
    most-frequent imputation, then one-hot encoding. Built for the X you pass: a model that will
    meet missing values later should be built from data that has them.

    >>> from helpers import datasets
    >>> X, y = datasets.load("thyroid")
    >>> preprocessor(X).fit_transform(X).shape[0]
    3163
    """
    if not isinstance(X, pd.DataFrame):  # a plain array: every column is numeric
        return _numeric_steps(bool(np.isnan(np.asarray(X, dtype=float)).any()))
    categorical = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]
    numeric = [c for c in X.columns if c not in categorical]
    numeric_steps = _numeric_steps(bool(X[numeric].isna().any().any()))
    if not categorical:
        return numeric_steps
    return ColumnTransformer([
        ("numeric", numeric_steps, numeric),
        ("categorical", SkPipeline([
            ("impute", SimpleImputer(strategy="most_frequent")),
            ("onehot", OneHotEncoder(handle_unknown="ignore", sparse_output=False)),
        ]), categorical),
    ])


def _numeric_steps(impute: bool) -> SkPipeline:
    steps = [("impute", SimpleImputer(strategy="median"))] if impute else []
    return SkPipeline(steps + [("scale", StandardScaler())])


def with_preprocessing(X: Any, *steps: Any) -> ImbPipeline:
    """An imbalanced-learn Pipeline: ``preprocessor(X)``, then your steps (samplers, then a model).

    >>> from imblearn.over_sampling import SMOTE
    >>> from sklearn.linear_model import LogisticRegression
    >>> import pandas as pd
    >>> X = pd.DataFrame({"size": [1.0, 2.0], "colour": pd.Categorical(["red", "blue"])})
    >>> [name for name, _ in with_preprocessing(X, SMOTE(), LogisticRegression()).steps]
    ['preprocess', 'smote', 'logisticregression']
    """
    if not steps:
        raise ValueError("with_preprocessing needs at least a final estimator, e.g. LogisticRegression().")
    prep = preprocessor(X)
    # imblearn's Pipeline refuses a nested Pipeline as a step, so an array's steps are spliced in
    named = list(prep.steps) if isinstance(prep, SkPipeline) else [("preprocess", prep)]
    for step in steps:
        base = type(step).__name__.lower()
        name, k = base, 2
        while name in dict(named):
            name, k = f"{base}-{k}", k + 1
        named.append((name, step))
    return ImbPipeline(named)


@dataclass
class Candidate:
    """One shortlisted technique: a name, an estimator ready for ``evaluation.compare``, and why."""

    name: str
    estimator: Any
    reasons: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"Candidate({self.name!r}: {'; '.join(self.reasons)})"


def profile(X: Any, y: Any, *, k: int = 5, max_rows: int = 5_000) -> pd.Series:
    """Measure what the decision rules need to know about a dataset.

    - rows, features: the shape of X; numeric_features / categorical_features split the columns by
      dtype (text, category and object columns are categorical; a numpy array is all numeric);
      encoded_columns is the width after ``preprocessor`` (scaling, one-hot encoding).
    - minority, majority: rows of class 1 and class 0; imbalance_ratio = majority / minority.
    - missing_cells: missing values in X; missing_share = missing_cells / (rows x features).
    - overlap: the share of minority rows whose ``k`` nearest neighbours are mostly (more than half)
      majority rows. Neighbours are found on the preprocessed features (scaled numeric, one-hot
      categorical, median/most-frequent imputed), Euclidean distance, the row itself excluded.
    - noise: the share of all rows whose label disagrees with all ``k`` of their nearest neighbours
      (a row surrounded only by the other class is a likely label error or an outlier).
    Overlap and noise are computed on at most ``max_rows`` rows: a stratified random sample
    (random_state=42) when X is larger, so they stay fast; they are proxies, not exact measures.

    >>> import numpy as np
    >>> X = np.r_[np.zeros((90, 2)), np.ones((10, 2))] + np.random.default_rng(0).normal(0, 0.1, (100, 2))
    >>> p = profile(X, [0] * 90 + [1] * 10)
    >>> p["minority"], p["imbalance_ratio"], p["overlap"]
    (10, 9.0, 0.0)
    """
    X, y_arr = check_X_y(X, y)
    if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or k < 1:
        raise ValueError(f"k must be a whole number of neighbours, at least 1; got {k!r}.")
    if not isinstance(max_rows, (int, np.integer)) or max_rows < 100:
        raise ValueError(f"max_rows must be a whole number of at least 100; got {max_rows!r}.")
    frame = X if isinstance(X, pd.DataFrame) else None
    if frame is None:
        arr = np.asarray(X)
        if arr.dtype.kind not in "biuf":
            raise TypeError(f"X is an array of {arr.dtype}; pass a DataFrame so text columns can be "
                            "one-hot encoded, or a numeric array.")
        X = arr.astype(float)
    n_rows, n_features = X.shape
    if frame is not None:
        categorical = sum(not pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns)
        missing = int(frame.isna().sum().sum())
    else:
        categorical = 0
        missing = int(np.isnan(X).sum())
    counts = np.bincount(y_arr, minlength=2)
    minority, majority = int(counts[1]), int(counts[0])
    if min(counts) <= k:
        raise ValueError(f"Class sizes {majority} (0) and {minority} (1): each class needs more than k={k} rows "
                         "to measure overlap. Lower k or gather more rows.")
    idx = np.arange(n_rows)
    if n_rows > max_rows:
        idx, _ = train_test_split(idx, train_size=max_rows, stratify=y_arr, random_state=RANDOM_STATE)
        idx = np.sort(idx)
    sample = X.iloc[idx] if frame is not None else X[idx]
    ys = y_arr[idx]
    Z = preprocessor(X).fit(X).transform(sample)
    _, neighbours = NearestNeighbors(n_neighbors=k + 1).fit(Z).kneighbors(Z)
    other = ys[neighbours[:, 1:]] != ys[:, None]  # True where a neighbour has the other label
    overlap = float(np.mean(other[ys == 1].mean(axis=1) > 0.5))
    noise = float(np.mean(other.all(axis=1)))
    values = [n_rows, n_features, n_features - categorical, categorical,
              int(Z.shape[1]),
              minority, majority, round(majority / minority, 1), missing,
              round(missing / (n_rows * n_features), 4), round(overlap, 3), round(noise, 3)]
    return pd.Series(values, index=list(PROFILE_FIELDS), dtype=object, name="profile")


def _get(p: Mapping[str, Any], key: str) -> float:
    if key not in p:
        raise ValueError(f"The profile has no {key!r}; build it with guide.profile(X, y) "
                         f"(fields: {', '.join(PROFILE_FIELDS)}).")
    value = p[key]
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TypeError(f"profile[{key!r}] must be a number; got {value!r}.") from None


def shortlist(p: Mapping[str, Any], *, max_candidates: int = 5) -> list[tuple[str, list[str]]]:
    """The rules alone: ``(name, reasons)`` pairs in order of preference, from a profile.

    ``p`` is ``profile(X, y)`` or any mapping with the fields rows, encoded_columns, minority,
    imbalance_ratio, overlap and noise (the live demo passes hand-set values). The resampling picks
    come first (the first one is the rules' top pick); the two no-resampling baselines, class
    weights and a tuned threshold, are always in the list, last.

    >>> [name for name, _ in shortlist({"rows": 5000, "encoded_columns": 10, "minority": 500,
    ...     "imbalance_ratio": 9.0, "overlap": 0.1, "noise": 0.01})]
    ['balanced random forest', 'SMOTE', 'class weights', 'tuned threshold']
    """
    if not isinstance(max_candidates, (int, np.integer)) or isinstance(max_candidates, bool) or max_candidates < 2:
        raise ValueError(f"max_candidates must be a whole number of at least 2 (the two baselines always "
                         f"stay); got {max_candidates!r}.")
    rows, cols, minority = _get(p, "rows"), _get(p, "encoded_columns"), _get(p, "minority")
    ratio, overlap, noise = _get(p, "imbalance_ratio"), _get(p, "overlap"), _get(p, "noise")
    R = RULES
    picks: list[tuple[str, list[str]]] = []
    lo, hi = R["forest_rows"]
    if lo <= rows <= hi:
        picks.append(("balanced random forest", [
            f"{rows:,.0f} rows: in the 1k-100k range where a balanced random forest is a strong default",
            "each tree sees a balanced bootstrap sample, so no rows are invented"]))
    if ratio > R["extreme_ratio"] and rows > R["massive_rows"]:
        picks.append(("EasyEnsemble", [
            f"extreme imbalance ({ratio:,.0f}:1) on huge data ({rows:,.0f} rows)",
            "an ensemble of under-sampled learners uses all majority rows without one slow big fit"]))
    if ratio > R["extreme_ratio"] or rows > R["massive_rows"]:
        why = (f"extreme imbalance ({ratio:,.0f}:1, above {R['extreme_ratio']:.0f}:1)"
               if ratio > R["extreme_ratio"] else f"massive data ({rows:,.0f} rows)")
        picks.append(("random under-sampling", [why, "dropping majority rows makes every fit fast"]))
    if noise >= R["noise"]:
        picks.append(("SMOTE-ENN", [
            f"{noise:.0%} of rows disagree with all their neighbours (label noise or outliers; rule: "
            f">= {R['noise']:.0%})", "ENN removes rows whose neighbours mostly carry the other label"]))
    elif overlap >= R["overlap"]:
        picks.append(("SMOTE-Tomek", [
            f"{overlap:.0%} of minority rows sit mostly among majority rows (class overlap; rule: "
            f">= {R['overlap']:.0%})", "Tomek links clean the boundary after SMOTE"]))
    if (ratio < R["smote_max_ratio"] and minority >= R["smote_min_minority"]
            and cols <= R["smote_max_columns"]):
        picks.append(("SMOTE", [
            f"moderate imbalance ({ratio:.1f}:1, below {R['smote_max_ratio']:.0f}:1)",
            f"{minority:,.0f} minority rows (at least {R['smote_min_minority']}) and {cols:.0f} columns "
            f"(at most {R['smote_max_columns']}) give SMOTE real neighbours to interpolate"]))
    picks = picks[: max_candidates - 2]
    picks.append(("class weights", ["baseline without resampling: the loss weighs each class equally",
                                    "keeps every real row and nothing is invented"]))
    picks.append(("tuned threshold", ["baseline without resampling: a plain model, with the decision threshold "
                                      "tuned by cross-validation", "keeps the probabilities of the plain model"]))
    return picks


def _smote_k(minority: int, n_splits: int = 5) -> int:
    """k_neighbors that fits the minority rows of the smallest training fold (5-fold CV)."""
    train_minority = minority - math.ceil(minority / n_splits)
    return max(1, min(5, train_minority - 1))


def _build(name: str, X: Any, minority: int, n_estimators: int) -> Any:
    from imblearn.combine import SMOTEENN, SMOTETomek
    from imblearn.ensemble import BalancedRandomForestClassifier, EasyEnsembleClassifier
    from imblearn.over_sampling import SMOTE
    from imblearn.under_sampling import RandomUnderSampler
    from sklearn.model_selection import TunedThresholdClassifierCV

    def lr() -> LogisticRegression:
        return LogisticRegression(max_iter=1000)

    k = _smote_k(minority)
    rs = RANDOM_STATE
    if name == "balanced random forest":
        return with_preprocessing(X, BalancedRandomForestClassifier(
            n_estimators=n_estimators, sampling_strategy="all", replacement=True, bootstrap=False,
            random_state=rs))
    if name == "EasyEnsemble":
        return with_preprocessing(X, EasyEnsembleClassifier(n_estimators=10, random_state=rs))
    if name == "random under-sampling":
        return with_preprocessing(X, RandomUnderSampler(random_state=rs), lr())
    if name == "SMOTE-ENN":
        return with_preprocessing(X, SMOTEENN(smote=SMOTE(k_neighbors=k, random_state=rs),
                                                         random_state=rs), lr())
    if name == "SMOTE-Tomek":
        return with_preprocessing(X, SMOTETomek(smote=SMOTE(k_neighbors=k, random_state=rs),
                                                           random_state=rs), lr())
    if name == "SMOTE":
        return with_preprocessing(X, SMOTE(k_neighbors=k, random_state=rs), lr())
    if name == "class weights":
        return with_preprocessing(X, lr().set_params(class_weight="balanced"))
    if name == "tuned threshold":
        return with_preprocessing(X, TunedThresholdClassifierCV(
            lr(), scoring="balanced_accuracy", thresholds=40,
            cv=StratifiedKFold(3, shuffle=True, random_state=rs)))
    raise ValueError(f"No estimator for {name!r}.")  # pragma: no cover - names come from shortlist


def recommend(X: Any, y: Any, *, max_candidates: int = 5, n_estimators: int = 100) -> list[Candidate]:
    """Profile the data, apply the rules, and return 2-5 ordered candidates ready for ``compare``.

    Every estimator includes ``preprocessor(X)`` (imputation, scaling, one-hot encoding);
    resampling candidates pair the sampler with a logistic regression, so the comparison is about the
    resampling. SMOTE's ``k_neighbors`` is lowered when the minority class of a 5-fold training split
    is too small for 5 neighbours. ``n_estimators`` sets the balanced random forest's size.

    >>> from helpers import datasets
    >>> X, y = datasets.load("page_blocks")
    >>> recs = recommend(X, y)
    >>> recs[0].name, recs[0].reasons[0]
    ('balanced random forest', '5,472 rows: in the 1k-100k range where a balanced random forest is a strong default')
    """
    if not isinstance(n_estimators, (int, np.integer)) or n_estimators < 1:
        raise ValueError(f"n_estimators must be a whole number of at least 1; got {n_estimators!r}.")
    p = profile(X, y)
    y_arr = check_X_y(X, y)[1]
    recs = []
    for name, reasons in shortlist(p, max_candidates=max_candidates):
        est = _build(name, X, int(p["minority"]), n_estimators)
        evaluation.check_neighbours(est, y_arr, name=f"Candidate {name!r}")
        recs.append(Candidate(name, est, reasons))
    return recs


def candidates(recs: Any) -> dict[str, Any]:
    """``{name: estimator}`` from ``recommend``'s list, for ``evaluation.compare``.

    >>> candidates([Candidate("class weights", None, [])])
    {'class weights': None}
    """
    if isinstance(recs, Candidate):
        recs = [recs]
    if not isinstance(recs, (list, tuple)) or not recs or not all(isinstance(r, Candidate) for r in recs):
        raise TypeError("candidates needs the list that guide.recommend(X, y) returns.")
    return {r.name: r.estimator for r in recs}


def default_cv() -> RepeatedStratifiedKFold:
    """5-fold stratified CV repeated twice (random_state=42): 10 paired folds, the fewest a verdict is drawn
    from (``stats.MIN_FOLDS_FOR_VERDICT``)."""
    return RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=RANDOM_STATE)


def evaluate(X: Any, y: Any, *, cv: Any = None, progress: bool = True, max_candidates: int = 5,
             metrics: Any = None, n_estimators: int = 100) -> tuple[list[Candidate], pd.DataFrame]:
    """``recommend`` then ``evaluation.compare`` on the same data, in one call.

    cv: None = ``default_cv()`` (5 stratified folds x 2 repeats); anything ``compare`` accepts.
    metrics: as in ``compare``; n_estimators: the balanced random forest's size (fewer = faster).
    Returns the candidates and compare's table (mean, std, 95% CI per candidate and metric).

    >>> from helpers import datasets
    >>> X, y = datasets.load("yeast")
    >>> recs, res = evaluate(X, y, cv=3, progress=False, max_candidates=2, metrics=["roc_auc"])
    >>> res["candidate"].tolist()
    ['class weights', 'tuned threshold']
    """
    recs = recommend(X, y, max_candidates=max_candidates, n_estimators=n_estimators)
    res = evaluation.compare(candidates(recs), X, y, cv=default_cv() if cv is None else cv,
                             metrics=metrics, progress=progress)
    return recs, res


def _percentiles(draws: np.ndarray, q: float) -> np.ndarray:
    """Column-wise percentile leaving NaN draws out (NaN for a column that is undefined throughout)."""
    return np.array([np.percentile(c[~np.isnan(c)], q) if (~np.isnan(c)).any() else np.nan for c in draws.T])


def bootstrap(y_true: Any, y_score: Any, threshold: float, *, cost_miss: float = 1.0, cost_false_alarm: float = 1.0,
              n_boot: int = stats.MIN_BOOTSTRAP, random_state: int = RANDOM_STATE) -> pd.DataFrame:
    """Scores on a test set with bootstrap 95% intervals (percentiles of ``n_boot`` resamples of its rows).

    Metrics: average precision and ROC-AUC (from the scores), recall and precision of the decisions
    ``y_score >= threshold``, and the cost per case ``(cost_miss x misses + cost_false_alarm x false
    alarms) / rows``. Resamples without both classes are redrawn; precision is NaN on a resample with no
    positive decision and left out of its interval. These intervals describe one model: to compare two
    (a model against approving everything, say), score both on the same resamples with
    ``stats.paired_bootstrap`` and read the interval of the difference. Both describe the test set's
    sampling noise for the model as fitted, not the variation from refitting it.

    >>> bootstrap([0, 0, 1, 1] * 10, [0.1, 0.6, 0.4, 0.9] * 10, 0.5)["estimate"].tolist()
    [0.833, 0.75, 0.5, 0.5, 0.5]
    """
    from sklearn.metrics import average_precision_score, roc_auc_score

    from ._checks import as_binary_target, check_scores

    y = as_binary_target(y_true, "y_true")
    s = check_scores(y_score, len(y))
    if not 0 <= float(threshold) <= 1:
        raise ValueError(f"threshold must be between 0 and 1; got {threshold!r}.")
    if not isinstance(n_boot, (int, np.integer)) or n_boot < stats.MIN_BOOTSTRAP:
        raise ValueError(f"n_boot must be a whole number of at least {stats.MIN_BOOTSTRAP}; got {n_boot!r}.")

    def measure(yy: np.ndarray, ss: np.ndarray) -> list[float]:
        pred = ss >= threshold
        tp, fp = int(np.sum(pred & (yy == 1))), int(np.sum(pred & (yy == 0)))
        fn = int(np.sum(~pred & (yy == 1)))
        return [average_precision_score(yy, ss), roc_auc_score(yy, ss), tp / (tp + fn),
                tp / (tp + fp) if tp + fp else np.nan, (cost_miss * fn + cost_false_alarm * fp) / len(yy)]

    rng = np.random.default_rng(random_state)
    draws = []
    while len(draws) < n_boot:  # a resample with one class only is redrawn, as stats.paired_bootstrap does
        idx = rng.integers(0, len(y), len(y))
        if 0 < y[idx].sum() < len(idx):
            draws.append(measure(y[idx], s[idx]))
    draws_arr = np.array(draws)
    return pd.DataFrame({"estimate": np.round(measure(y, s), 3),
                         "ci_low": np.round(_percentiles(draws_arr, 2.5), 3),
                         "ci_high": np.round(_percentiles(draws_arr, 97.5), 3)},
                        index=["average_precision", "roc_auc", "recall", "precision", "cost_per_case"])
