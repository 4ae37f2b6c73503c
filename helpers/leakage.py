"""Resampling in the wrong place, measured (lesson 07).

>>> from helpers import leakage
>>> sorted(leakage.METRICS)
['average_precision', 'balanced_accuracy', 'f1', 'roc_auc']

- ``protocols``: "resample, then cross-validate" (the mistake) against "resample inside the pipeline",
  each with its cross-validated estimate and its score on an untouched held-out set.
- ``resampled_test_scores``: the same fitted pipeline scored on the real test fold and on a resampled one.
Both use a fixed split (``random_state=42``) and cache their result, so the lesson's demo reuses the fits.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from imblearn.over_sampling import SMOTE
from imblearn.under_sampling import RandomUnderSampler
from sklearn.base import clone
from sklearn.ensemble import ExtraTreesClassifier
from sklearn.metrics import get_scorer
from sklearn.model_selection import StratifiedKFold, cross_validate, train_test_split

from . import datasets
from .guide import preprocessor
from .tuning import smote_pipeline

RANDOM_STATE = 42
#: Metrics reported by ``protocols``, by scikit-learn scorer name.
METRICS = ("roc_auc", "average_precision", "f1", "balanced_accuracy")
PROTOCOLS = ("resample, then cross-validate", "resample inside the pipeline")
TEST_SETS = ("real test fold", "SMOTE on the test fold", "undersampled test fold")


def fast_forest() -> ExtraTreesClassifier:
    """The model of the leakage demonstrations: 30 extremely randomised trees (a fast random forest)."""
    return ExtraTreesClassifier(n_estimators=30, random_state=RANDOM_STATE, n_jobs=2)


def _check_dataset(dataset: str) -> None:
    if dataset not in datasets.names():
        raise ValueError(f"Unknown dataset {dataset!r}; choose one of {datasets.names()}.")


def protocols(dataset: str = "satimage", test_size: float = 0.25) -> pd.DataFrame:
    """Leaky versus leakage-free evaluation of SMOTE + ``fast_forest`` on a shipped dataset.

    The data is split once into a training part and an untouched held-out part (stratified). Then:

    - *resample, then cross-validate*: SMOTE the whole training part, cross-validate the forest on
      the resampled rows (5 folds), fit it on them and score the held-out part;
    - *resample inside the pipeline*: cross-validate ``preprocessor -> SMOTE -> forest`` on the
      training part (SMOTE only ever sees the training folds), fit it and score the held-out part.

    Returns one row per protocol and metric: ``cv_mean``, ``cv_std`` (across the 5 folds),
    ``folds`` (the 5 fold scores), ``held_out`` and ``gap`` = cv_mean - held_out.

    >>> table = protocols("yeast")
    >>> table.shape
    (8, 7)
    """
    _check_dataset(dataset)
    if not 0.1 <= test_size <= 0.5:
        raise ValueError(f"test_size must be between 0.1 and 0.5; got {test_size!r}.")
    table = _protocols(dataset, float(test_size)).copy()  # a copy: editing it must not change the cache
    table["folds"] = table["folds"].map(list)
    return table


@lru_cache(maxsize=8)
def _protocols(dataset: str, test_size: float) -> pd.DataFrame:
    X, y = datasets.load(dataset)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=test_size, stratify=y, random_state=RANDOM_STATE)
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=RANDOM_STATE)
    prep = preprocessor(X_tr).fit(X_tr)
    X_res, y_res = SMOTE(random_state=RANDOM_STATE).fit_resample(prep.transform(X_tr), y_tr)
    leaky = cross_validate(fast_forest(), X_res, y_res, cv=cv, scoring=list(METRICS))
    leaky_model = fast_forest().fit(X_res, y_res)
    X_te_prepared = prep.transform(X_te)
    pipe = smote_pipeline(X_tr, fast_forest())
    clean = cross_validate(pipe, X_tr, y_tr, cv=cv, scoring=list(METRICS))
    pipe.fit(X_tr, y_tr)
    rows = []
    for protocol, cv_out, model, X_eval in ((PROTOCOLS[0], leaky, leaky_model, X_te_prepared),
                                            (PROTOCOLS[1], clean, pipe, X_te)):
        for metric in METRICS:
            folds = cv_out[f"test_{metric}"]
            held = float(get_scorer(metric)(model, X_eval, y_te))
            rows.append({"protocol": protocol, "metric": metric, "cv_mean": float(folds.mean()),
                         "cv_std": float(folds.std()), "folds": folds.round(4).tolist(), "held_out": held,
                         "gap": float(folds.mean()) - held})
    return pd.DataFrame(rows)


def _scores(model: Any, X: Any, y: Any) -> dict:
    return {m: float(get_scorer(m)(model, X, y)) for m in ("precision", "recall", *METRICS)}


def resampled_test_scores(dataset: str = "satimage", n_splits: int = 5) -> pd.DataFrame:
    """Score one leakage-free pipeline per fold on the real test fold and on a resampled copy of it.

    For each of ``n_splits`` stratified folds, ``preprocessor -> SMOTE -> fast_forest`` is fitted on
    the other folds and scored on (a) the test fold as it is, (b) the test fold after SMOTE, (c) the
    test fold after random undersampling. Returns one row per fold and test set, one column per metric.

    >>> table = resampled_test_scores("yeast", n_splits=2)
    >>> sorted(set(table["test set"])) == sorted(TEST_SETS)
    True
    """
    _check_dataset(dataset)
    if not isinstance(n_splits, int) or n_splits < 2:
        raise ValueError(f"n_splits must be a whole number of at least 2; got {n_splits!r}.")
    return _resampled_test_scores(dataset, n_splits).copy()  # a copy: editing it must not change the cache


@lru_cache(maxsize=8)
def _resampled_test_scores(dataset: str, n_splits: int) -> pd.DataFrame:
    X, y = datasets.load(dataset)
    rows = []
    cv = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=RANDOM_STATE)
    pipe = smote_pipeline(X, fast_forest())
    for fold, (train, test) in enumerate(cv.split(X, y)):
        model = clone(pipe).fit(X.iloc[train], y.iloc[train])
        X_te, y_te = X.iloc[test], y.iloc[test]
        prep = model[:-2]  # SMOTE interpolates in the prepared space, as the mistake usually does
        X_prep = prep.transform(X_te)
        resampled = {
            TEST_SETS[0]: (X_prep, y_te),
            TEST_SETS[1]: SMOTE(random_state=RANDOM_STATE).fit_resample(X_prep, y_te),
            TEST_SETS[2]: RandomUnderSampler(random_state=RANDOM_STATE).fit_resample(X_prep, y_te),
        }
        for name, (X_eval, y_eval) in resampled.items():
            rows.append({"fold": fold, "test set": name, "minority share": float(np.mean(y_eval)),
                         **_scores(model[-1], X_eval, y_eval)})
    return pd.DataFrame(rows)


def inflation_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Mean and fold std of each metric's change when the test fold is resampled (from ``resampled_test_scores``).

    >>> t = pd.DataFrame({"fold": [0, 0, 1, 1], "test set": ["real test fold", "x"] * 2, "f1": [0.5, 0.9, 0.4, 0.6]})
    >>> inflation_summary(t).round(2).to_dict("records")
    [{'test set': 'x', 'metric': 'f1', 'mean change': 0.3, 'std': 0.1}]
    """
    if not {"fold", "test set"} <= set(table.columns) or TEST_SETS[0] not in set(table["test set"]):
        raise ValueError("Pass the table returned by leakage.resampled_test_scores().")
    metrics = [c for c in table.columns if c not in ("fold", "test set", "minority share")]
    real = table[table["test set"] == TEST_SETS[0]].set_index("fold")[metrics]
    rows = []
    for name, part in table[table["test set"] != TEST_SETS[0]].groupby("test set", sort=False):
        change = part.set_index("fold")[metrics] - real
        rows += [{"test set": name, "metric": m, "mean change": float(change[m].mean()),
                  "std": float(change[m].std(ddof=0))} for m in metrics]
    return pd.DataFrame(rows)
