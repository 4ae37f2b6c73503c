"""The decision guide: measure a dataset, shortlist what the course's evidence supports, compare it fairly.

The rules follow the evidence grid (``benchmarks/evidence/``: 20 datasets, 5 learners, every correction for
imbalance against the same learner uncorrected, and against gradient boosting with a cost-tuned threshold,
"the bar"). They are written down in ``shortlist``, a pure function of a profile, so they can be read,
tested and shown in a demo without fitting anything; every reason that rests on the grid quotes the grid's
counts, computed from the committed results when the rule runs, so a re-run of the grid that changes them
changes the reasons (and the tests of the rules).

- ``profile(X, y)``: size, columns, imbalance, missing values, and how the minority sits among the majority
  (Napierala & Stefanowski's safe / borderline / rare / outlier types, in our adaptation on balanced subsamples
  so that the imbalance ratio moves them much less, and their overlap on the data as they are).
- ``shortlist(p)``: the rules alone, ``recommend(X, y, cost_miss=..., cost_false_alarm=...)``: candidates
  with their reasons, the grid rows behind them, and ``code``: the scikit-learn / imbalanced-learn source
  that builds each one (the estimator *is* built from that code).
- ``not_shortlisted()``: the practitioner article's picks the guide leaves out, with the grid's counts.
- ``evaluate(X, y, candidates)``: every candidate on the same 10 folds, each paired with the first (the
  start-here candidate): cost per case (which decides, its own Holm family), average precision and Brier skill
  score; ``choose(result)``: the one selection rule.
- ``article_rules(profiles)``: the practitioner article's "when to use what", rule by rule, measured on the
  grid's datasets that meet each rule's condition.

>>> from helpers import datasets, guide
>>> X, y = datasets.load("yeast")
>>> [c.name for c in guide.recommend(X, y, cost_miss=10, cost_false_alarm=1)]  # 35 minority rows: fewer than 50
['logistic regression + cost threshold', 'gradient boosting + cost threshold', 'random forest + cost threshold']
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
from imblearn.pipeline import Pipeline as ImbPipeline
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.neighbors import NearestNeighbors
from sklearn.pipeline import Pipeline as SkPipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from . import evaluation, stats
from ._checks import check_X_y

RANDOM_STATE = 42

#: The thresholds the rules use, named so the notebook and the tests can quote them. The first two are compute
#: rules and judgement calls, not findings (the grid's largest dataset has 9,857 rows, so it says nothing about
#: size): one 100-tree forest took about 9 s on 24,000 rows on 2 cores when the guide was written, a tuned
#: threshold fits 6 of them per candidate, 60 in a 10-fold comparison, and lesson 11 on 26,000 rows took 103 s
#: with the forest (the comparison runs on three quarters of the rows). The rest describe the profile.
RULES = {
    "forest_max_rows": 10_000,    # beyond this the forest is left out for time (keep="random forest" adds it)
    "large_rows": 200_000,        # beyond this, an under-sampled booster is offered as a way to fit faster
    "min_minority": 50,           # fewer minority rows: wide intervals; logistic regression starts (see shortlist)
    "high_overlap": 0.5,          # at least half the minority rows not "safe": expect modest scores
    "high_cardinality": 20,       # a text column with more levels is one-hot encoded as its 19 most frequent + "other"
}

#: What ``profile`` returns, in order.
PROFILE_FIELDS = ("rows", "features", "numeric_features", "categorical_features", "high_cardinality_features",
                  "encoded_columns", "minority", "majority", "imbalance_ratio", "missing_cells", "missing_share",
                  "safe", "borderline", "rare", "outlier", "overlap", "overlap_as_is")

#: The learners a candidate can be built on: the grid's name and the scikit-learn code (import, estimator).
LEARNERS = {
    "gradient boosting": ("hist_gradient_boosting", "from sklearn.ensemble import HistGradientBoostingClassifier",
                          "HistGradientBoostingClassifier(random_state=42)"),
    "logistic regression": ("logistic_regression", "from sklearn.linear_model import LogisticRegression",
                            "LogisticRegression(max_iter=1000)"),
    "random forest": ("random_forest", "from sklearn.ensemble import RandomForestClassifier",
                      "RandomForestClassifier(random_state=42)"),
    "k-NN": ("knn", "from sklearn.neighbors import KNeighborsClassifier", "KNeighborsClassifier()"),
    "decision tree": ("decision_tree", "from sklearn.tree import DecisionTreeClassifier",
                      "DecisionTreeClassifier(random_state=42)"),
}
#: The corrections the grid measured and the practitioner article recommends, by the grid's method names.
RESAMPLERS = ("random_oversampling", "smote", "borderline_smote", "random_undersampling", "enn", "smote_tomek")

# The code every candidate starts with: the imports, a cost per case and its scorer, the preprocessing.
_BASE_IMPORTS = ("from sklearn.compose import make_column_selector, make_column_transformer",
                 "from sklearn.impute import SimpleImputer", "from sklearn.metrics import make_scorer",
                 "from sklearn.model_selection import StratifiedKFold, TunedThresholdClassifierCV",
                 "from sklearn.pipeline import make_pipeline",
                 "from sklearn.preprocessing import OneHotEncoder, StandardScaler")
_PREAMBLE = '''\
import numpy as np
{imports}

COST_MISS, COST_FALSE_ALARM = {cost_miss!r}, {cost_false_alarm!r}  # your costs of the two mistakes


def cost_per_case(y_true, y_pred):
    """The average cost of the decisions: each missed positive costs COST_MISS, each false alarm COST_FALSE_ALARM."""
    misses = np.sum((np.asarray(y_true) == 1) & (np.asarray(y_pred) == 0))
    false_alarms = np.sum((np.asarray(y_true) == 0) & (np.asarray(y_pred) == 1))
    return (COST_MISS * misses + COST_FALSE_ALARM * false_alarms) / len(y_true)


cost_scorer = make_scorer(cost_per_case, greater_is_better=False)  # lower cost = better
# the thresholds the tuner tries: fine steps below 0.1, where a rare class's thresholds sit, then coarser ones
thresholds = np.r_[np.geomspace(1e-4, 0.1, 60, endpoint=False), np.linspace(0.1, 0.99, 40)]
# numbers: fill gaps with the median (0 for a column empty in the training rows), scale; text: fill gaps
# with the most frequent value, one-hot encode the 19 most frequent levels (rarer and unseen levels share
# one "infrequent" column)
prepare = make_column_transformer(
    (make_pipeline(SimpleImputer(strategy="median", keep_empty_features=True), StandardScaler()),
     make_column_selector(dtype_include="number")),
    (make_pipeline(SimpleImputer(strategy="most_frequent", keep_empty_features=True),
                   OneHotEncoder(handle_unknown="infrequent_if_exist", max_categories=20, sparse_output=False)),
     make_column_selector(dtype_exclude="number")),
)
'''
# The threshold tuner around every candidate: 5 stratified folds of the training data choose the cut-off
# with the lowest cost (the grid's tuned_threshold cell, the bar's threshold; the grid's tuner tried scikit-learn's
# default of 100 evenly spaced thresholds, too coarse below 0.01 where a rare class's costly misses put the
# cheapest threshold, so the candidates try a finer grid there).
_TUNED = '''\
model = TunedThresholdClassifierCV(
    {inner},
    scoring=cost_scorer, cv=StratifiedKFold(5, shuffle=True, random_state=42), thresholds=thresholds,
)
'''


def _preamble_imports(extra: Sequence[str]) -> str:
    return "\n".join(sorted(set(extra) | set(_BASE_IMPORTS)))


def _exec(code: str) -> Any:
    """Run a candidate's code in a fresh namespace and return its ``model``."""
    namespace: dict[str, Any] = {"__name__": "balancing_act_candidate"}
    exec(compile(code, "<candidate code>", "exec"), namespace)  # noqa: S102 - the guide's own templates
    return namespace["model"]


@dataclass
class Candidate:
    """One shortlisted model: a name, its role, the reasons, the grid rows behind them, and its code.

    ``code`` is complete scikit-learn / imbalanced-learn source ending in ``model = ...``; ``estimator``
    is what running it gives (``recommend`` builds it that way), unfitted. ``model_code`` is the part that
    differs between candidates (the lines after the shared preamble).
    """

    name: str
    role: str
    reasons: list[str]
    evidence: list[str]
    code: str
    model_code: str
    estimator: Any = field(repr=False)

    def __repr__(self) -> str:
        return f"Candidate({self.name!r}, {self.role}: {'; '.join(self.reasons)})"


def _check_costs(cost_miss: Any, cost_false_alarm: Any) -> tuple[float, float]:
    out = []
    for name, value in (("cost_miss", cost_miss), ("cost_false_alarm", cost_false_alarm)):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
                or not math.isfinite(float(value)) or float(value) <= 0:
            raise ValueError(f"{name} must be a positive number (the cost of one such mistake, in any unit); got "
                             f"{value!r}. If nobody can name the costs, do not invent them: lesson 11 (COST_MISS = None) "
                             "shows the decision at several cost ratios instead.")
        out.append(int(value) if float(value).is_integer() else float(value))
    return out[0], out[1]


def candidate_code(name: str, *, cost_miss: float, cost_false_alarm: float, minority: int | None = None) -> tuple[str, str]:
    """``(code, model_code)`` of a candidate the guide knows, by name (see ``CANDIDATES``).

    >>> code, model_code = candidate_code("logistic regression + cost threshold", cost_miss=5, cost_false_alarm=1)
    >>> model_code.splitlines()[1].strip()
    'make_pipeline(prepare, LogisticRegression(max_iter=1000)),'
    """
    cost_miss, cost_false_alarm = _check_costs(cost_miss, cost_false_alarm)
    if name not in CANDIDATES:
        raise ValueError(f"Unknown candidate {name!r}; the guide knows {list(CANDIDATES)}.")
    learner, extra = CANDIDATES[name]
    _, learner_import, learner_code = LEARNERS[learner]
    imports = [learner_import]
    if extra == "calibrated":
        imports.append("from sklearn.calibration import CalibratedClassifierCV")
        inner = (f"CalibratedClassifierCV(make_pipeline(prepare, {learner_code}), method=\"sigmoid\",\n"
                 "                           cv=StratifiedKFold(5, shuffle=True, random_state=42))")
    elif extra in ("smote", "random_undersampling"):
        sampler = {"smote": ("from imblearn.over_sampling import SMOTE", f"SMOTE(k_neighbors={_smote_k(minority)}, random_state=42)"),
                   "random_undersampling": ("from imblearn.under_sampling import RandomUnderSampler",
                                            "RandomUnderSampler(random_state=42)")}[extra]
        imports += [sampler[0], "from imblearn.pipeline import make_pipeline as make_imb_pipeline"]
        inner = f"make_imb_pipeline(prepare, {sampler[1]}, {learner_code})"
    else:
        inner = f"make_pipeline(prepare, {learner_code})"
    model_code = _TUNED.format(inner=inner)
    code = _PREAMBLE.format(imports=_preamble_imports(imports), cost_miss=cost_miss,
                            cost_false_alarm=cost_false_alarm) + "\n" + model_code
    return code, model_code


def _smote_k(minority: int | None) -> int:
    """SMOTE's k_neighbors for the minority rows of the smallest inner training fold (5-fold outer x 5-fold inner
    CV keeps about 64% of them); 5, the default, when there are enough."""
    if minority is None:
        return 5
    return max(1, min(5, int(minority * 0.8 * 0.8) - 2))


#: Every candidate the guide can shortlist: name -> (learner, extra step). All end in a cost-tuned threshold.
CANDIDATES = {
    "gradient boosting + cost threshold": ("gradient boosting", None),
    "logistic regression + cost threshold": ("logistic regression", None),
    "random forest + cost threshold": ("random forest", None),
    "under-sampled gradient boosting + cost threshold": ("gradient boosting", "random_undersampling"),
    "k-NN + cost threshold": ("k-NN", None),
    "k-NN + calibration + cost threshold": ("k-NN", "calibrated"),
    "k-NN + SMOTE + cost threshold": ("k-NN", "smote"),
    "decision tree + cost threshold": ("decision tree", None),
    "decision tree + calibration + cost threshold": ("decision tree", "calibrated"),
}


def prepare(X: Any = None) -> ColumnTransformer:
    """The candidates' preprocessing, built from the same code they show (unfitted).

    >>> [name for name, _, _ in prepare().transformers]
    ['pipeline-1', 'pipeline-2']
    """
    namespace: dict[str, Any] = {}
    body = _PREAMBLE.format(imports=_preamble_imports([]), cost_miss=1, cost_false_alarm=1)
    exec(compile(body, "<guide preamble>", "exec"), namespace)  # noqa: S102 - the guide's own template
    return namespace["prepare"]
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




# ----------------------------------------------------------------------------------------------- profile
def profile(X: Any, y: Any, *, repeats: int = 5, max_minority: int = 2_000) -> pd.Series:
    """Measure what the rules (and a reader) need to know about a dataset.

    - rows, features; numeric_features / categorical_features split the columns by dtype (text, category,
      boolean and object columns are categorical; a numpy array is all numeric); high_cardinality_features
      counts categorical columns with more than 20 levels (the candidates one-hot encode their 19 most
      frequent levels and pool the rest); encoded_columns is the width after that preprocessing.
    - minority (rows of class 1), majority (class 0), imbalance_ratio = majority / minority.
    - missing_cells: missing values in X; missing_share = missing_cells / (rows x features).
    - safe, borderline, rare, outlier: the types of minority rows of Napierala & Stefanowski (2016), from how
      many of a row's 5 nearest neighbours are minority rows too: 4-5 safe, 2-3 borderline, 1 rare, 0
      outlier. They count on the data as they are (with the HVDM distance); here, **our adaptation**, they
      are counted on balanced subsamples (every minority row, up to ``max_minority``, with as many majority
      rows drawn at random; ``repeats`` draws, shares averaged), so that the imbalance ratio moves them much
      less: on the data as they are, thinning the minority makes every minority row look less safe, because
      its neighbours become majority rows even where the classes do not overlap. Neighbours are found on the
      candidates' preprocessing (scaled numbers, one-hot text), Euclidean distance, the row itself excluded.
    - overlap = 1 - safe: the share of minority rows not safe in that balanced view: how the classes mix
      where they meet, what ranking (ROC-AUC) depends on.
    - overlap_as_is: the same share counted on the data as they are (on a stratified sample of at most 5,000
      rows): it also counts how rare the minority is, what precision at the real prevalence depends on.

    >>> X = np.r_[np.zeros((90, 2)), np.ones((10, 2))] + np.random.default_rng(0).normal(0, 0.1, (100, 2))
    >>> p = profile(X, [0] * 90 + [1] * 10)
    >>> p["minority"], p["imbalance_ratio"], p["overlap"]
    (10, 9.0, 0.0)
    """
    X, y_arr = check_X_y(X, y)
    for name, value, least in (("repeats", repeats, 1), ("max_minority", max_minority, 10)):
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < least:
            raise ValueError(f"{name} must be a whole number of at least {least}; got {value!r}.")
    if isinstance(X, pd.DataFrame):
        frame = X
    else:
        arr = np.asarray(X)
        if arr.dtype.kind not in "biuf":
            raise TypeError(f"X is an array of {arr.dtype}; pass a DataFrame so text columns can be "
                            "one-hot encoded, or a numeric array.")
        frame = pd.DataFrame(arr.astype(float), columns=[f"x{i}" for i in range(arr.shape[1])])
    n_rows, n_features = frame.shape
    categorical = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])
                   or pd.api.types.is_bool_dtype(frame[c])]
    high = sum(frame[c].nunique(dropna=True) > RULES["high_cardinality"] for c in categorical)
    missing = int(frame.isna().sum().sum())
    counts = np.bincount(y_arr, minlength=2)
    minority, majority = int(counts[1]), int(counts[0])
    if min(counts) <= 5:
        raise ValueError(f"Class sizes {majority} (0) and {minority} (1): each class needs more than 5 rows to "
                         "place its rows among 5 neighbours. Gather more rows of the rarer class.")
    Z = np.asarray(prepare().fit_transform(frame), dtype=float)
    types = _minority_types(Z, y_arr, repeats=repeats, max_minority=max_minority)
    sample = np.arange(n_rows)
    if n_rows > 5_000:  # a stratified sample keeps the ratio, so the as-is shares stay what they are
        from sklearn.model_selection import train_test_split
        sample, _ = train_test_split(sample, train_size=5_000, stratify=y_arr, random_state=RANDOM_STATE)
    as_is = _minority_types(Z[sample], y_arr[sample], repeats=1, max_minority=n_rows, balanced=False)
    values = [n_rows, n_features, n_features - len(categorical), len(categorical), int(high), int(Z.shape[1]),
              minority, majority, round(majority / minority, 1), missing, round(missing / (n_rows * n_features), 4),
              *[round(float(t), 3) for t in types], round(float(1 - types[0]), 3), round(float(1 - as_is[0]), 3)]
    return pd.Series(values, index=list(PROFILE_FIELDS), dtype=object, name="profile")


def _minority_types(Z: np.ndarray, y: np.ndarray, *, repeats: int, max_minority: int,
                    balanced: bool = True) -> np.ndarray:
    """Shares of minority rows that are safe, borderline, rare, outlier (5 neighbours), averaged over draws."""
    rng = np.random.default_rng(RANDOM_STATE)
    minority, majority = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    if len(minority) > max_minority:
        minority = np.sort(rng.choice(minority, max_minority, replace=False))
    shares = []
    for _ in range(repeats if balanced else 1):
        others = (np.sort(rng.choice(majority, min(len(minority), len(majority)), replace=False)) if balanced
                  else majority)
        idx = np.r_[minority, others]
        _, nb = NearestNeighbors(n_neighbors=5).fit(Z[idx]).kneighbors()  # X=None: each row's own excluded
        same = (y[idx][nb[: len(minority)]] == 1).sum(axis=1)
        kind = np.select([same >= 4, same >= 2, same == 1], [0, 1, 2], 3)
        shares.append(np.bincount(kind, minlength=4) / len(minority))
    return np.mean(shares, axis=0)


# ----------------------------------------------------------------------------------------- the grid's word
@cache
def _results() -> pd.DataFrame:
    from . import evidence
    return evidence.load()


@cache
def _outcomes(panel: str) -> pd.Series:
    from . import evidence
    return evidence.outcomes(_results(), panel)


@cache
def _bar(metric: str) -> pd.DataFrame:
    from . import evidence
    return evidence.bar_verdicts(_folds(), metric)


@cache
def _folds() -> pd.DataFrame:
    from . import evidence
    return evidence.load_folds()


def grid_counts(learner: str, methods: Sequence[str], panel: str) -> dict[str, int]:
    """How the grid judged ``learner`` with each of ``methods`` against the same learner uncorrected, pooled
    over methods and datasets: ``{"better": .., "no detectable change": .., "worse": .., "other": .., "pairs": ..}``
    ("other": mixed or not judged).

    >>> grid_counts("hist_gradient_boosting", ["class_weight"], "ranking")["pairs"]
    20
    """
    out = _outcomes(panel)
    sub = out[(out.index.get_level_values("learner") == learner)
              & out.index.get_level_values("method").isin(list(methods))]
    if sub.empty:
        raise ValueError(f"The grid has no {learner!r} x {list(methods)} cells.")
    c = sub.value_counts()
    main = {k: int(c.get(k, 0)) for k in ("better", "no detectable change", "worse")}
    return {**main, "other": int(len(sub) - sum(main.values())), "pairs": int(len(sub))}


def bar_counts(learner: str, method: str, metric: str) -> dict[str, Any]:
    """The cell (learner, method) against the bar on ``metric``, dataset by dataset (``evidence.bar_verdicts``):
    ``{"better": .., "no detectable difference": .., "worse": .., "datasets": .., "ahead": ..}`` ("ahead": datasets
    where its mean was better than the bar's, whatever the verdict)."""
    from . import evidence
    per = _bar(metric)
    mine = per[(per["learner"] == learner) & (per["method"] == method)]
    if mine.empty:
        raise ValueError(f"The grid has no ({learner!r}, {method!r}) cell against the bar on {metric!r}.")
    c = mine["verdict"].value_counts()
    d = mine["difference"].dropna()
    d = d[d.abs() > 1e-12]
    ahead = int((d < 0).sum() if metric in evidence.LOWER_IS_BETTER else (d > 0).sum())
    return {**{k: int(c.get(k, 0)) for k in ("better", "no detectable difference", "worse")},
            "datasets": int(len(mine)), "ahead": ahead, "moved": int(len(d))}


def _n_datasets() -> int:
    return int(_results()["dataset"].nunique())


def _why_start_here() -> tuple[list[str], list[str]]:
    rank = grid_counts("hist_gradient_boosting", RESAMPLERS + ("class_weight",), "ranking")
    probs = grid_counts("hist_gradient_boosting", RESAMPLERS + ("class_weight",), "probability quality")
    tuned = grid_counts("hist_gradient_boosting", ["tuned_threshold"], "cost at 10:1")
    n = _n_datasets()
    reasons = [
        "a strong learner without any rebalancing: in the evidence grid no correction for imbalance (class "
        f"weights or any of 6 samplers) improved gradient boosting's ranking on any of {n} datasets "
        f"({rank['better']} better, {rank['worse']} worse of {rank['pairs']} dataset x correction pairs), and "
        f"its probabilities got worse in {probs['worse']} pairs, better in {probs['better']}",
        "the decision threshold is chosen for your two costs on the training data (TunedThresholdClassifierCV "
        f"with a cost scorer): in the grid its cost was not detectably different from the fixed cost threshold's on "
        f"{tuned['no detectable change']} of {tuned['pairs']} datasets (worse on {tuned['worse']}, better on "
        f"{tuned['better']}), and it does not lean on calibrated probabilities",
        "a convention, not a finding: it is lesson 02's bar, and every other candidate is compared with it; in the "
        "grid logistic regression and the forest were level with it on average",
    ]
    evidence = [f"grid: hist_gradient_boosting x {{class_weight, {', '.join(RESAMPLERS)}}}, ranking and "
                "probability panels", "grid: hist_gradient_boosting x tuned_threshold, cost at 10:1"]
    return reasons, evidence


def _why_few_positives(minority: float) -> tuple[list[str], list[str]]:
    """Why logistic regression starts when the minority is small: the grid's datasets with under 50 positives."""
    small = grid_profiles().query(f"minority < {RULES['min_minority']}").index
    per = _bar("cost_per_case")
    mine = per[(per["learner"] == "logistic_regression") & (per["method"] == "tuned_threshold")
               & per["dataset"].isin(small)]
    d = mine["difference"].dropna()
    ahead = int((d < 0).sum())
    reasons = [
        f"only {minority:,.0f} minority rows (fewer than {RULES['min_minority']}): gradient boosting's leaves hold at "
        "least 20 rows (min_samples_leaf=20), so a training fold with few positives leaves it few splits",
        f"on the grid's {len(mine)} datasets with fewer than {RULES['min_minority']} minority rows, logistic "
        f"regression with a cost-tuned threshold was cheaper than the booster's on {ahead} (median "
        f"{d.median():+.3f} per case), detectably on {int((mine['verdict'] == 'better').sum())}: a direction, not a "
        "finding; every other candidate is compared with it",
    ]
    return reasons, ["grid: logistic_regression x tuned_threshold against the bar (cost at 10:1), datasets with "
                     f"fewer than {RULES['min_minority']} minority rows"]


def _why_peer(learner: str) -> tuple[list[str], list[str]]:
    grid_name = LEARNERS[learner][0]
    ap = bar_counts(grid_name, "none", "average_precision")
    cost = bar_counts(grid_name, "tuned_threshold", "cost_per_case")
    simple = "a simpler learner whose coefficients can be read" if learner == "logistic regression" else \
        "a second strong learner at its defaults"
    reasons = [
        f"{simple}: in the grid its average precision was not detectably different from gradient boosting's on "
        f"{ap['no detectable difference']} of {ap['datasets']} datasets (worse on {ap['worse']}, better on "
        f"{ap['better']}) and higher on {ap['ahead']}: level with the booster more often than not",
        f"with its threshold tuned for the cost, its cost was not detectably different from the bar's on "
        f"{cost['no detectable difference']} of {cost['datasets']} datasets (worse on {cost['worse']})",
    ]
    evidence = [f"grid: {grid_name} x none against the bar (average precision)",
                f"grid: {grid_name} x tuned_threshold against the bar (cost at 10:1)"]
    return reasons, evidence


# ------------------------------------------------------------------------------------------------ the rules
def _get(p: Mapping[str, Any], key: str) -> float:
    if key not in p:
        raise ValueError(f"The profile has no {key!r}; build it with guide.profile(X, y) "
                         f"(fields: {', '.join(PROFILE_FIELDS)}).")
    value = p[key]
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TypeError(f"profile[{key!r}] must be a number; got {value!r}.") from None


def _check_keep(keep: Any) -> str | None:
    if keep is not None and keep not in LEARNERS:
        raise ValueError(f"keep must be None or the learner you have to keep, one of {list(LEARNERS)}; got {keep!r}.")
    return keep


def shortlist(p: Mapping[str, Any], *, keep: str | None = None) -> list[tuple[str, str, list[str], list[str]]]:
    """The rules alone: ``(name, role, reasons, evidence)`` in order, from a profile; nothing is fitted.

    ``p`` is ``profile(X, y)`` or any mapping with the fields rows and minority (the live demo passes
    hand-set values). ``keep``: a learner you must keep (one of ``LEARNERS``), e.g. "k-NN" because it is
    what runs in production; its candidates, and the experiments the grid supports for it, join the list.

    1. start here: gradient boosting, no rebalancing, threshold tuned for the costs (the bar of lesson 02);
       with fewer than ``RULES["min_minority"]`` minority rows, logistic regression starts instead;
    2. a peer: logistic regression (or the booster, with few minority rows), same threshold tuning;
    3. a peer: the random forest, while the data have at most ``RULES["forest_max_rows"]`` rows;
    4. an experiment: an under-sampled booster, beyond ``RULES["large_rows"]`` rows (to fit faster);
    5. your learner (``keep``), and for k-NN or a decision tree the corrections that paid for it in the grid.

    >>> [name for name, *_ in shortlist({"rows": 300_000, "minority": 3_000})]
    ['gradient boosting + cost threshold', 'logistic regression + cost threshold', \
'under-sampled gradient boosting + cost threshold']
    """
    keep = _check_keep(keep)
    rows, minority = _get(p, "rows"), _get(p, "minority")
    picks: list[tuple[str, str, list[str], list[str]]] = []
    if minority < RULES["min_minority"]:
        reasons, grid_rows = _why_few_positives(minority)
        picks.append(("logistic regression + cost threshold", "start here", reasons, grid_rows))
        booster_reasons, booster_rows = _why_start_here()
        picks.append(("gradient boosting + cost threshold", "peer", booster_reasons[:2], booster_rows))
    else:
        picks.append(("gradient boosting + cost threshold", "start here", *_why_start_here()))
        picks.append(("logistic regression + cost threshold", "peer", *_why_peer("logistic regression")))
    if rows <= RULES["forest_max_rows"] or keep == "random forest":
        picks.append(("random forest + cost threshold", "peer", *_why_peer("random forest")))
    if rows > RULES["large_rows"]:
        rank = grid_counts("hist_gradient_boosting", ["random_undersampling"], "ranking")
        probs = grid_counts("hist_gradient_boosting", ["random_undersampling"], "probability quality")
        picks.append(("under-sampled gradient boosting + cost threshold", "experiment", [
            f"{rows:,.0f} rows (more than {RULES['large_rows']:,}): keeping only as many majority rows as there "
            f"are minority rows ({minority:,.0f} each) makes every fit much faster; a compute rule, not a "
            "finding: the grid's datasets all have fewer than 10,000 rows",
            f"what it costs, measured in the grid: gradient boosting's ranking was worse on {rank['worse']} of "
            f"{rank['pairs']} datasets (better on {rank['better']}) and its probabilities worse on "
            f"{probs['worse']}; the tuned threshold repairs the decisions, not the probabilities (read them as "
            "risks only after lesson 08's correction)",
            "keep it only if the full booster is too slow for you and it is not detectably worse"],
            ["grid: hist_gradient_boosting x random_undersampling, ranking and probability panels"]))
    if keep in ("k-NN", "decision tree"):
        grid_name = LEARNERS[keep][0]
        ap = bar_counts(grid_name, "none", "average_precision")
        picks.append((f"{keep} + cost threshold", "your learner", [
            f"the learner you keep, with its threshold tuned for the costs; in the grid its average precision "
            f"was below gradient boosting's on {ap['moved'] - ap['ahead']} of {ap['moved']} datasets (worse by "
            f"the verdict on {ap['worse']})"], [f"grid: {grid_name} x none against the bar (average precision)"]))
        cal = grid_counts(grid_name, ["calibrated"], "probability quality")
        cal_cost = grid_counts(grid_name, ["calibrated"], "cost at 10:1")
        picks.append((f"{keep} + calibration + cost threshold", "experiment", [
            f"calibration (CalibratedClassifierCV, sigmoid) improved {keep}'s probabilities on {cal['better']} of "
            f"{cal['pairs']} datasets in the grid (worse on {cal['worse']}) and its cost at the fixed threshold "
            f"on {cal_cost['better']} (worse on {cal_cost['worse']}): it can pay for a learner whose "
            "probabilities are coarse"],
            [f"grid: {grid_name} x calibrated, probability and cost panels"]))
        if keep == "k-NN":
            rank = grid_counts("knn", ["smote"], "ranking")
            ap = _results()[(_results()["learner"] == "knn") & (_results()["method"] == "smote")
                            & (_results()["metric"] == "average_precision")]["difference"].dropna()
            ap = ap[ap.abs() > 1e-12]
            picks.append(("k-NN + SMOTE + cost threshold", "experiment", [
                f"k-NN is the one learner whose ranking SMOTE changed in the grid, both ways: better on "
                f"{rank['better']}, worse on {rank['worse']} of {rank['pairs']} datasets, and its average precision "
                f"fell on {int((ap < 0).sum())} of {len(ap)}; whether it pays on yours is a measurement, not a rule"],
                ["grid: knn x smote, ranking panel"]))
    return picks


def cautions(p: Mapping[str, Any]) -> list[str]:
    """What the profile says about how far any comparison on these data can go (no candidate changes it).

    >>> cautions({"minority": 30, "overlap": 0.1, "rows": 3000})[0][:30]
    'Only 30 minority rows: every i'
    """
    minority, overlap, rows = _get(p, "minority"), _get(p, "overlap"), _get(p, "rows")
    out = []
    if minority < RULES["min_minority"]:
        out.append(f"Only {minority:,.0f} minority rows: every interval will be wide, and a verdict needs a large "
                   "effect; the guide starts from logistic regression, because gradient boosting's leaves of at "
                   "least 20 rows leave it few splits on a training fold with few positives.")
    if overlap >= RULES["high_overlap"]:
        out.append(f"{overlap:.0%} of the minority rows are not 'safe' even in a balanced view (fewer than 4 of their "
                   "5 nearest neighbours are minority rows): expect modest scores whatever the technique (on the "
                   "grid's 20 datasets, the higher this share, the lower the booster's ROC-AUC).")
    if rows > RULES["forest_max_rows"]:
        out.append(f"{rows:,.0f} rows: the random forest is left out for time (a judgement call, not a finding: "
                   "shortlist(p, keep='random forest') adds it).")
    if rows > RULES["large_rows"]:
        out.append(f"{rows:,.0f} rows: fit the candidates on a stratified sample first to see how long one fit takes.")
    return out


#: The practitioner article's picks, with the grid's method and learner that measure each (or None).
ARTICLE_TECHNIQUES = {
    "BalancedRandomForest": ("random_forest", "balanced_random_forest"),
    "SMOTE": (None, "smote"),
    "random under-sampling": (None, "random_undersampling"),
    "SMOTETomek": (None, "smote_tomek"),
    "SMOTEENN": (None, "enn"),
    "EasyEnsemble": ("bagged_adaboost", "easy_ensemble"),
    "class weights": (None, "class_weight"),
}


def not_shortlisted() -> pd.DataFrame:
    """The practitioner article's techniques the guide does not shortlist, each with what the grid measured.

    Counts are (learner, dataset) pairs against the same learner uncorrected (for a balanced ensemble, its
    plain twin of the same size), pooled over the grid's five learners where the technique applies to each.
    """
    rows = []
    for technique, (learner, method) in ARTICLE_TECHNIQUES.items():
        learners = [learner] if learner else [g for g, *_ in LEARNERS.values()]
        cells = {panel: [grid_counts(lr, [method], panel) for lr in learners
                         if ((_results()["learner"] == lr) & (_results()["method"] == method)).any()]
                 for panel in ("ranking", "probability quality", "cost at 10:1")}
        text = {}
        for panel, found in cells.items():
            better, worse = sum(c["better"] for c in found), sum(c["worse"] for c in found)
            text[_SHORT[panel]] = f"{better} / {worse} of {sum(c['pairs'] for c in found)}"
        against = {"BalancedRandomForest": "the same forest, unbalanced",
                   "EasyEnsemble": "10 bagged AdaBoost, unbalanced"}.get(
            technique, f"each of the {len(cells['ranking'])} learners without it")
        note = "ENN alone (SMOTEENN was not run)" if technique == "SMOTEENN" else ""
        rows.append({"technique": technique, "against": against + (f"; {note}" if note else ""), **text})
    out = pd.DataFrame(rows).set_index("technique")
    out.columns.name = "pairs better / worse"
    return out


# ------------------------------------------------------------------------------------------- candidates
def recommend(X: Any, y: Any, *, cost_miss: float, cost_false_alarm: float, keep: str | None = None,
              p: Mapping[str, Any] | None = None) -> list[Candidate]:
    """Profile the data (or use ``p``), apply the rules, and return the candidates, each built from its code.

    ``cost_miss``, ``cost_false_alarm``: what one missed positive and one false alarm cost you (any unit:
    only their ratio matters). They go into every candidate's cost scorer. If nobody can name them, do not
    invent them: lesson 11 shows the decision at several ratios instead. ``keep``: a learner you must keep.

    >>> from helpers import datasets
    >>> recs = recommend(*datasets.load("thyroid"), cost_miss=10, cost_false_alarm=1)
    >>> recs[0].name, recs[0].role
    ('gradient boosting + cost threshold', 'start here')
    """
    cost_miss, cost_false_alarm = _check_costs(cost_miss, cost_false_alarm)
    X, y_arr = check_X_y(X, y)
    p = profile(X, y_arr) if p is None else p
    recs = []
    for name, role, reasons, evidence in shortlist(p, keep=keep):
        code, model_code = candidate_code(name, cost_miss=cost_miss, cost_false_alarm=cost_false_alarm,
                                          minority=int(_get(p, "minority")))
        est = _exec(code)
        evaluation.check_neighbours(est, y_arr, name=f"Candidate {name!r}")
        recs.append(Candidate(name, role, reasons, evidence, code, model_code, est))
    return recs


def candidates(recs: Any) -> dict[str, Any]:
    """``{name: estimator}`` from ``recommend``'s list, for ``evaluation.compare`` (fresh, unfitted clones)."""
    if isinstance(recs, Candidate):
        recs = [recs]
    if not isinstance(recs, (list, tuple)) or not recs or not all(isinstance(r, Candidate) for r in recs):
        raise TypeError("candidates needs the list that guide.recommend(X, y, cost_miss=..., cost_false_alarm=...) "
                        "returns.")
    return {r.name: clone(r.estimator) for r in recs}


def default_cv() -> RepeatedStratifiedKFold:
    """5-fold stratified CV repeated twice (random_state=42): 10 paired folds, the fewest a verdict is drawn
    from (``stats.MIN_FOLDS_FOR_VERDICT``)."""
    return RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=RANDOM_STATE)


@dataclass
class Evaluation:
    """What ``evaluate`` measured: ``summary`` (``evaluation.compare``'s table, cost included), ``folds`` (every
    fold's scores) and ``differences`` (each candidate minus the first, paired fold by fold, Holm-adjusted)."""

    summary: pd.DataFrame
    folds: pd.DataFrame
    differences: pd.DataFrame
    baseline: str


#: What ``evaluate`` judges, in this order: the cost of the decisions, the ranking, the probabilities.
JUDGED = ("cost_per_case", "average_precision", "brier_skill")


def evaluate(X: Any, y: Any, recs: Sequence[Candidate] | Mapping[str, Any], *, cost_miss: float | None = None,
             cost_false_alarm: float | None = None, cv: Any = None, n_jobs: int | None = None,
             progress: bool = True) -> Evaluation:
    """Every candidate on the same folds; each paired with the first (the start-here candidate).

    ``recs``: what ``recommend`` returned (or part of it), or your own ``{name: estimator}`` (a dict keeps its
    order: the first is the one the others are paired with), then with ``cost_miss`` and ``cost_false_alarm``.
    Runs ``evaluation.compare`` (average precision, ROC-AUC, Brier skill score, recall and precision at each
    candidate's own threshold), adds the cost per case of each fold's decisions from its confusion counts, and
    ``evaluation.difference`` on ``JUDGED`` against the first: the cost, which decides (``choose``), in a Holm
    family of its own (one row per candidate); average precision and the Brier skill score in a second family,
    describing what the choice does to ranking and probabilities.
    cv: None = ``default_cv()`` (10 paired folds; fewer give no verdict).
    """
    if isinstance(recs, Mapping):
        if cost_miss is None or cost_false_alarm is None:
            raise ValueError("With your own {name: estimator}, give the costs too: evaluate(X, y, models, "
                             "cost_miss=..., cost_false_alarm=...).")
        cost_miss, cost_false_alarm = _check_costs(cost_miss, cost_false_alarm)
        if not recs:
            raise TypeError("evaluate needs at least one candidate.")
        estimators, baseline = {str(k): clone(v) for k, v in recs.items()}, str(next(iter(recs)))
    else:
        recs = list(recs) if isinstance(recs, (list, tuple)) else recs
        if not isinstance(recs, list) or not recs or not all(isinstance(r, Candidate) for r in recs):
            raise TypeError("evaluate needs the list that guide.recommend(X, y, cost_miss=..., cost_false_alarm=...) "
                            "returns (or part of it), or a dict {name: estimator} with cost_miss and cost_false_alarm.")
        names = [r.name for r in recs]
        if len(set(names)) != len(names):
            raise ValueError(f"Candidate names must differ; got {names}.")
        costs = {_costs_of(r) for r in recs}
        if len(costs) != 1:
            raise ValueError(f"The candidates were built for different costs {sorted(costs)}; build them in one "
                             "recommend call so they are judged on the same cost.")
        built_for = costs.pop()
        if cost_miss is not None or cost_false_alarm is not None:
            asked = _check_costs(cost_miss, cost_false_alarm)
            if tuple(map(float, asked)) != built_for:
                raise ValueError(f"The candidates were built for costs {built_for}, not {asked}; leave the costs out "
                                 "or build the candidates with them.")
        cost_miss, cost_false_alarm = built_for
        estimators, baseline = candidates(recs), recs[0].name
    summary, folds = evaluation.compare(estimators, X, y, cv=default_cv() if cv is None else cv,
                                        metrics=["average_precision", "roc_auc", "brier_skill", "recall", "precision"],
                                        n_jobs=n_jobs, progress=progress, return_folds=True)
    folds = folds.assign(candidate=folds["candidate"].astype(str), metric=folds["metric"].astype(str))
    first = folds[folds["metric"] == "average_precision"].copy()
    first["metric"] = "cost_per_case"
    first["value"] = (cost_miss * first["fn"] + cost_false_alarm * first["fp"]) / first["n_test"]
    folds = pd.concat([first, folds], ignore_index=True)
    summary = evaluation.summarize(folds)
    if len(estimators) > 1:  # the cost decides: its own Holm family; ranking and probabilities are described apart
        differences = pd.concat([evaluation.difference(folds, baseline, JUDGED[0]),
                                 evaluation.difference(folds, baseline, list(JUDGED[1:]))], ignore_index=True)
    else:
        differences = pd.DataFrame()
    return Evaluation(summary, folds, differences, baseline)


def choose(ev: Evaluation) -> tuple[str, str]:
    """The one rule for picking a model from ``evaluate``'s result, stated before looking at the numbers:
    keep the start-here candidate unless another one is detectably cheaper (its paired cost difference has
    the verdict "better" after Holm's adjustment); among several such, the one with the lowest mean cost.
    Returns ``(name, why)``. A candidate that ranks or calibrates better but is not detectably cheaper does not
    replace it: the decision is what costs money.
    """
    if not isinstance(ev, Evaluation):
        raise TypeError("choose needs what guide.evaluate(X, y, recs) returns.")
    d = ev.differences
    if d.empty:
        return ev.baseline, "the only candidate"
    cheaper = d[(d["metric"] == "cost_per_case") & (d["verdict"] == "better")]
    if cheaper.empty:
        few = ""
        if {"metric", "candidate", "tp", "fn", "n_test", "n_train"} <= set(ev.folds.columns):
            cost = ev.folds[(ev.folds["metric"] == "cost_per_case") & (ev.folds["candidate"] == ev.baseline)]
            positives = int(round((cost["tp"] + cost["fn"]).sum() / _repeats(cost))) if len(cost) else 0
            if 0 < positives < 100:
                few = (f"; with {positives} positives, 10 folds detect only large differences, so the rule keeps "
                       "the start-here candidate almost by construction: read the intervals")
        return ev.baseline, ("no other candidate was detectably cheaper than the start-here candidate on the same "
                             "folds, so it stays" + few)
    best = cheaper.sort_values("difference").iloc[0]
    return str(best["candidate"]), (f"detectably cheaper than the start-here candidate by {-best['difference']:.3f} "
                                    f"per case (95% interval {-best['ci_high']:.3f} to {-best['ci_low']:.3f}, "
                                    f"Holm-adjusted p = {best['p_holm']:.3f})")


def _repeats(cost_folds: pd.DataFrame) -> int:
    """How many times the folds of ``cost_folds`` (one candidate) cover the data: every row is tested once a repeat."""
    row = cost_folds.iloc[0]
    return max(1, int(round(cost_folds["n_test"].sum() / (row["n_train"] + row["n_test"]))))


def _costs_of(rec: Candidate) -> tuple[float, float]:
    for line in rec.code.splitlines():
        if line.startswith("COST_MISS, COST_FALSE_ALARM = "):
            miss, fa = line.split("=", 1)[1].split("#")[0].split(",")
            return float(miss), float(fa)
    raise ValueError(f"Candidate {rec.name!r} has no COST_MISS line in its code; build it with guide.recommend.")


# --------------------------------------------------------------------------------- the article's rules
#: The practitioner article's "when to use what", in our words, with the profile condition we read it as
#: (the article gives numbers for rows and ratios only; "low to medium dimension", "separable", "overlap and
#: noise" and "massive" are our readings, written out here so they can be argued with: "overlap and noise" is
#: read as either one). ``cut`` is the overlap share read as "the classes overlap" (0.5 unless told).
ARTICLE_RULES = {
    "BalancedRandomForest: 1k-100k rows": ("BalancedRandomForest",
                                           lambda p, cut: 1_000 <= p["rows"] <= 100_000),
    "SMOTE: below 20:1, 50+ minority, <= 100 columns, overlap below the cut": (
        "SMOTE", lambda p, cut: p["imbalance_ratio"] < 20 and p["minority"] >= 50 and p["encoded_columns"] <= 100
        and p["overlap"] < cut),
    "under-sampling: 100:1 or worse, or 100k+ rows": (
        "random under-sampling", lambda p, cut: p["imbalance_ratio"] >= 100 or p["rows"] >= 100_000),
    "SMOTETomek / SMOTEENN (only SMOTETomek run): overlap at the cut or more, or outliers >= 5%": (
        "SMOTETomek", lambda p, cut: p["overlap"] >= cut or p["outlier"] >= 0.05),
    "EasyEnsemble: 100:1 or worse and 100k+ rows": (
        "EasyEnsemble", lambda p, cut: p["imbalance_ratio"] >= 100 and p["rows"] >= 100_000),
}
#: The grid's prior-corrected cells: the same resampling with the probabilities corrected back to the real
#: prevalence before the cost is counted (lesson 08), for the rules whose technique has one.
_PRIOR_CORRECTED = {"SMOTE": "smote_prior_corrected", "random under-sampling": "rus_prior_corrected"}
_SHORT = {"ranking": "ranking", "probability quality": "probabilities", "cost at 10:1": "cost"}
#: The grid datasets' profiles, written by ``benchmarks/evidence/profile_grid.py``.
PROFILES = "benchmarks/evidence/profiles.csv"


def grid_profiles() -> pd.DataFrame:
    """``profile`` of each of the grid's datasets (one row each), as committed with the grid."""
    from . import _files
    path = _files.path(PROFILES)
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: run  python benchmarks/evidence/profile_grid.py  in the course "
                                "folder (or reinstall the helpers).")
    return pd.read_csv(path, index_col="dataset")


def article_rules(profiles: pd.DataFrame | None = None, cut: float = RULES["high_overlap"]) -> pd.DataFrame:
    """Each of the article's rules as a hypothesis, measured on the grid's datasets that meet its condition.

    For each rule: the grid datasets that meet the condition (``ARTICLE_RULES``, with ``cut`` the overlap share
    read as "the classes overlap"), and on those datasets how the technique did against the same learner
    uncorrected (pooled over the five learners; for the balanced forest and EasyEnsemble, their plain twins of
    the same size): "better / worse of pairs" on ranking, probabilities and cost at 10:1, the other pairs showing
    no detectable difference or not judged. The cost is counted at the fixed threshold 1/11 on each model's own
    probabilities, so a resampled model's inflated probabilities count against it twice; "cost, corrected" is the
    grid's cell with the probabilities corrected back to the real prevalence first (lesson 08), where the grid has
    one. The table only counts: lesson 09 reads it.
    """
    from . import evidence
    profiles = grid_profiles() if profiles is None else profiles
    results, rows = _results(), []
    for rule, (technique, condition) in ARTICLE_RULES.items():
        learner, method = ARTICLE_TECHNIQUES[technique]
        met = [d for d, pr in profiles.iterrows() if condition(pr, cut)]
        learners = [learner] if learner else [g for g, *_ in LEARNERS.values()]
        row: dict[str, Any] = {"rule": rule, "datasets": len(met)}
        here = results[results["dataset"].isin(met)]
        for panel in ("ranking", "probability quality", "cost at 10:1"):
            row[_SHORT[panel]] = _pooled(evidence.outcomes(here, panel), learners, method)
        corrected = _PRIOR_CORRECTED.get(technique)
        row["cost, corrected"] = _pooled(evidence.outcomes(here, "cost at 10:1"), learners, corrected) \
            if corrected else "-"
        row["which"] = ", ".join(met) if met else "(none)"
        rows.append(row)
    out = pd.DataFrame(rows).set_index("rule")
    out.columns.name = "pairs better / worse"
    return out


def _pooled(outcomes: pd.Series, learners: Sequence[str], method: str) -> str:
    sub = outcomes[outcomes.index.get_level_values("learner").isin(list(learners))
                   & (outcomes.index.get_level_values("method") == method)]
    if sub.empty:
        return "-"
    c = sub.value_counts()
    return f"{int(c.get('better', 0))} / {int(c.get('worse', 0))} of {len(sub)}"


# ------------------------------------------------------------------------------------- a test set
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
